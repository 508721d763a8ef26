"""Official PDF copies: the right Chinese in the right font, the right marks
on every page, only for readers with clearance, and rendered once per version."""
import datetime
import re
from io import BytesIO
from unittest import mock
from urllib.parse import unquote

import pytest
from celery.result import AsyncResult
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client, TestCase, override_settings
from pypdf import PdfReader

from people.models import Confidentiality
from policies import pdf, tasks
from tests.factories import make_policy, make_user, publish_new_version

FRESH_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

FIRST_ARTICLE = "为了规范公司培训管理工作，提高员工素质，结合公司实际，制定本制度。"
# Enough text for a few pages, so that "every page" means something.
LONG_PARTS = [
    ("chapter", "总则"),
    ("article", FIRST_ARTICLE),
    ("article", "本制度适用于公司全体员工。\n（一）新员工入职培训；\n（二）在岗轮训。"),
    ("chapter", "培训计划"),
    ("item", "月度计划", "各部门于每月25日前向人资部提交下月培训需求申请表。"),
] + [
    ("article", "培训主管机构负责制定年度、月度和临时培训计划，报总经理批准后实施，"
                "并对培训效果进行评估、记录和归档。" * 4)
    for _ in range(14)
]


def pages_text(content):
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


def embedded_fonts(content):
    """BaseFont name → whether its font program is embedded, over all pages."""
    fonts = {}
    for page in PdfReader(BytesIO(content)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                descriptor = descendant.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                fonts[str(descendant["/BaseFont"])] = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    return fonts


def filename_of(response):
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    match = re.search(r"filename\*=utf-8''([^;]+)", disposition, re.I)
    return unquote(match.group(1)) if match else re.search(r'filename="([^"]+)"', disposition).group(1)


@override_settings(STORAGES=FRESH_STORAGE)
class OfficialCopyTests(TestCase):
    """Three renders shared by the class: the current and the superseded
    version of a public policy, and a reader's copy of a 秘密 policy."""

    @classmethod
    def setUpTestData(cls):
        cache.clear()
        page = make_policy(
            title="培训管理制度",
            document_number="PX-培训-001",
            parts=LONG_PARTS[:3],
            drafted_by="王常务", drafted_on=datetime.date(2025, 12, 1),
            reviewed_by="赵经理", reviewed_on=datetime.date(2025, 12, 10),
            approved_by="钱董事长", approved_on=datetime.date(2025, 12, 20),
        )
        cls.page = publish_new_version(
            page, "增加培训计划一章", version_label="A/1",
            effective_date=datetime.date(2026, 3, 1), parts=LONG_PARTS,
        )
        secret = make_policy(
            title="售后备件价格管理办法",
            document_number="SH-008",
            confidentiality=Confidentiality.SECRET,
            parts=[("chapter", "总则"), ("article", "备件价格按成本价上浮核定，仅限相关人员知悉。")],
        )
        reader = make_user("pdf_reader", first_name="三", last_name="张")
        cleared = make_user("pdf_cleared", clearance=Confidentiality.SECRET, first_name="四", last_name="李")

        def fetch(user, url):
            client = Client()
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return {"content": response.content, "headers": dict(response.items())}

        cls.current = fetch(reader, cls.page.url + "pdf/")
        cls.superseded = fetch(reader, cls.page.url + "versions/1/pdf/")
        cls.secret = fetch(cleared, secret.url + "pdf/")
        cls.secret_page_pk = secret.pk
        cls.stored = default_storage.listdir(f"policy-pdf/{cls.page.pk}")[1]
        cls.stored_secret = (
            default_storage.listdir(f"policy-pdf/{secret.pk}")[1]
            if default_storage.exists(f"policy-pdf/{secret.pk}") else []
        )

    def test_current_copy_reads_as_the_right_chinese(self):
        texts = pages_text(self.current["content"])
        first = texts[0]
        self.assertIn("培训管理制度", first)
        self.assertIn("文件编号：PX-培训-001", first)
        self.assertIn("第一条 " + FIRST_ARTICLE, first.replace("\n", ""))
        self.assertIn("第二章 培训计划", first)
        self.assertIn("一、月度计划", first)
        self.assertIn("第十六条", "".join(texts))  # articles are numbered through the document

    def test_every_page_has_the_header_and_page_x_of_y(self):
        texts = pages_text(self.current["content"])
        self.assertGreaterEqual(len(texts), 2)
        for number, text in enumerate(texts, start=1):
            self.assertIn("文件编号：PX-培训-001", text)
            self.assertIn("版本号：A/1", text)
            self.assertIn("生效日期：2026-03-01", text)
            self.assertIn(f"第 {number} 页 / 共 {len(texts)} 页", text)

    def test_copy_carries_the_approval_record_and_revision_history(self):
        text = re.sub(r"\s+", " ", "".join(pages_text(self.current["content"])))
        self.assertIn("审批记录", text)
        self.assertIn("制定 王常务 2025-12-01", text)
        self.assertIn("审核 赵经理 2025-12-10", text)
        self.assertIn("批准 钱董事长 2025-12-20", text)
        self.assertIn("文件制修订记录", text)
        self.assertIn("增加培训计划一章", text)

    def test_copy_embeds_a_simplified_chinese_font(self):
        fonts = embedded_fonts(self.current["content"])
        cjk = {name for name in fonts if re.search(r"Noto.?(Serif|Sans).?CJK", name, re.I)}
        self.assertTrue(cjk, fonts)
        for name in cjk:
            self.assertTrue(fonts[name], f"{name} is not embedded")
            self.assertRegex(name, r"(?i)CJK.?SC", "a Simplified Chinese face")
        for name in fonts:
            self.assertNotRegex(name, r"(?i)CJK.?(JP|KR|TC|HK)", "no Japanese/Korean/Traditional face")

    def test_current_version_is_stamped_controlled_on_every_page(self):
        for text in pages_text(self.current["content"]):
            self.assertIn("受控文件", text)
            self.assertNotIn("已作废", text)

    def test_superseded_version_is_marked_void_on_every_page(self):
        texts = pages_text(self.superseded["content"])
        self.assertIn("本文件第 1 版已被第 2 版替代", texts[0])
        for text in texts:
            self.assertIn("已作废 / 非受控", text)
            self.assertIn("版本号：A/0", text)
            self.assertNotIn("受控文件", text)

    def test_secret_copy_carries_the_readers_name_and_time_on_every_page(self):
        texts = pages_text(self.secret["content"])
        for text in texts:
            self.assertRegex(text, r"李四 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}")
            self.assertIn("密级：秘密", text)
        self.assertIn("备件价格按成本价上浮核定", "".join(texts))

    def test_secret_copies_are_neither_stored_nor_cached_by_browsers(self):
        self.assertEqual(self.stored_secret, [])
        self.assertIn("no-store", self.secret["headers"]["Cache-Control"])
        self.assertEqual(len(self.stored), 2)  # the two versions of the public policy

    def test_response_is_an_inline_pdf_named_after_document_number_and_version(self):
        for copy, number in ((self.current, 2), (self.superseded, 1)):
            self.assertEqual(copy["headers"]["Content-Type"], "application/pdf")
            self.assertTrue(copy["content"].startswith(b"%PDF-"))
            response = {"Content-Disposition": copy["headers"]["Content-Disposition"]}
            self.assertEqual(filename_of(response), f"PX-培训-001-v{number}.pdf")
        # Non-ASCII names go in RFC 5987 form (filename*=utf-8''…).
        self.assertIn("filename*=utf-8''PX-%E5%9F%B9%E8%AE%AD-001-v2.pdf", self.current["headers"]["Content-Disposition"])


# ---- behaviour over several requests ------------------------------------


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    settings.STORAGES = FRESH_STORAGE
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def count_renders():
    with mock.patch.object(pdf, "render_pdf", wraps=pdf.render_pdf) as render:
        yield render


@pytest.fixture
def secret_policy(db):
    return make_policy(
        title="售后备件价格管理办法",
        document_number="SH-009",
        confidentiality=Confidentiality.SECRET,
        parts=[("article", "备件底价仅限相关人员知悉。")],
    )


@pytest.mark.django_db
def test_second_request_for_the_same_version_does_not_render_again(employee, login, count_renders):
    page = make_policy(title="客户投诉处理办法", document_number="KH-001")
    client = login(employee)
    first = client.get(page.url + "pdf/")
    second = client.get(page.url + "pdf/")
    by_number = client.get(page.url + "versions/1/pdf/")
    assert first.status_code == second.status_code == by_number.status_code == 200
    assert count_renders.call_count == 1
    assert first.content == second.content == by_number.content


@pytest.mark.django_db
def test_render_task_is_idempotent(count_renders):
    page = make_policy(title="客户投诉处理办法", document_number="KH-002")
    version = page.current_version
    names = {tasks.render_policy_pdf.delay(version.pk).get() for _ in range(2)}
    assert names == {pdf.official_copy_name(version)}
    assert count_renders.call_count == 1


@pytest.mark.django_db
def test_publishing_a_new_version_makes_the_old_copy_say_superseded(employee, login):
    page = make_policy(title="客户投诉处理办法", document_number="KH-003")
    client = login(employee)
    before = "".join(pages_text(client.get(page.url + "versions/1/pdf/").content))
    assert "受控文件" in before
    publish_new_version(page, "补充投诉时限", version_label="A/1")
    after = "".join(pages_text(client.get(page.url + "versions/1/pdf/").content))
    assert "已作废 / 非受控" in after and "受控文件" not in after


@pytest.mark.django_db
def test_secret_copy_is_rendered_for_every_download(secret_policy, login, count_renders):
    reader = make_user("pdf_cleared2", clearance=Confidentiality.SECRET)
    client = login(reader)
    for _ in range(2):
        assert client.get(secret_policy.url + "pdf/").status_code == 200
    assert count_renders.call_count == 2
    assert count_renders.call_args.kwargs["reader"] == reader


@pytest.mark.django_db
def test_watermark_time_is_shanghai_time(secret_policy):
    reader = make_user("pdf_cleared3", clearance=Confidentiality.SECRET, first_name="五", last_name="王")
    now = datetime.datetime(2026, 3, 1, 17, 30, tzinfo=datetime.UTC)
    context = pdf.pdf_context(secret_policy.current_version, reader=reader, now=now)
    assert context["watermark"] == "王五 · 2026-03-02 01:30"


@pytest.mark.django_db
def test_no_pdf_for_a_reader_without_clearance(secret_policy, employee, login, count_renders):
    client = login(employee)
    for url in (secret_policy.url + "pdf/", secret_policy.url + "versions/1/pdf/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.get("Content-Type") != "application/pdf"
    assert count_renders.call_count == 0


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(secret_policy, client, count_renders):
    public = make_policy(title="客户投诉处理办法", document_number="KH-004")
    for url in (secret_policy.url + "pdf/", public.url + "pdf/", public.url + "versions/1/pdf/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert count_renders.call_count == 0


@pytest.mark.django_db
def test_unknown_version_is_404(employee, login):
    page = make_policy(title="客户投诉处理办法", document_number="KH-005")
    assert login(employee).get(page.url + "versions/9/pdf/").status_code == 404


@pytest.mark.django_db
def test_answers_202_while_a_worker_is_still_rendering(employee, login, count_renders, monkeypatch):
    page = make_policy(title="客户投诉处理办法", document_number="KH-006")
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0)
    with mock.patch.object(tasks.render_policy_pdf, "delay", return_value=AsyncResult("queued")) as delay:
        response = login(employee).get(page.url + "pdf/")
    assert delay.call_count == 1
    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "正在生成，请稍后刷新" in body and 'http-equiv="refresh"' in body
    assert count_renders.call_count == 0


@pytest.mark.django_db
def test_policy_and_version_pages_link_to_their_pdf(employee, login):
    page = make_policy(title="客户投诉处理办法", document_number="KH-007")
    client = login(employee)
    assert f'href="{page.url}pdf/"' in client.get(page.url).content.decode()
    version_page = client.get(page.url + "versions/1/").content.decode()
    assert f'href="{page.url}versions/1/pdf/"' in version_page
    assert "下载正式文本（PDF）" in version_page


def test_page_counters_follow_the_translation_order():
    content = pdf.css_content("Page {page} of {pages}", page="counter(page)", pages="counter(pages)")
    assert content == '"Page " counter(page) " of " counter(pages)'
    assert pdf.css_content("共 {pages} 页，第 {page} 页", page="counter(page)", pages="counter(pages)") == (
        '"共 " counter(pages) " 页，第 " counter(page) " 页"'
    )
    assert pdf.css_string('a"b</style>') == '"a\\"b\\3c /style\\3e "'
