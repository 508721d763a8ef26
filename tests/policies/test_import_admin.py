"""管理 › 导入制度: upload, see every detected document with its warnings,
adopt, rename or skip each, and import the adopted ones as drafts submitted
into the 制度发布审批 workflow."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import WorkflowState

from policies.models import ImportBatch, PolicyPage, PolicyVersion
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TEXT = (
    "值班管理规定\n第一条本规定适用于生产部全体员工。\n第二条值班人员须按时交接。\n\n"
    "安全检查办法\n第一条安全检查每月一次。\n第二条发现隐患立即整改。\n\n"
    "口腔医院业务部管理制度\n一、业务部负责患者回访。\n二、做好登记。\n"
)


@pytest.fixture
def editor(db):
    return make_user("import_editor", groups=["制度编辑"], first_name="编辑", last_name="叶")


def upload(client, *files):
    return client.post(reverse("policies_import:upload"), {"files": list(files)})


def text_file(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def test_an_editor_uploads_reviews_and_imports_the_adopted_documents(editor, login):
    client = login(editor)
    response = upload(client, text_file("rules.txt", TEXT))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("policies_import:batch", args=[batch.pk])
    assert not PolicyPage.objects.exists()  # uploading writes no policy

    review = client.get(response.url).content.decode()
    for shown in ("值班管理规定", "安全检查办法", "口腔医院业务部管理制度", "生产部全体员工", "其他单位或行业",
                  "第 9 行", "以发布日期为准", "原文无编号，系统生成"):
        assert shown in review
    # The clinic's text is preselected for skipping.
    assert 'name="doc-2-action" value="skip" checked' in review

    response = client.post(reverse("policies_import:batch", args=[batch.pk]), {
        "doc-0-action": "adopt", "doc-0-title": "生产值班管理规定", "doc-0-submit": "on",
        "doc-1-action": "adopt", "doc-1-title": "安全检查办法",
        "doc-2-action": "skip", "doc-2-submit": "on",
    })
    assert response.status_code == 302
    titles = sorted(PolicyPage.objects.values_list("title", flat=True))
    assert titles == ["安全检查办法", "生产值班管理规定"]
    in_workflow = {
        page.title for page in PolicyPage.objects.all()
        if WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).exists()
    }
    assert in_workflow == {"生产值班管理规定"}  # the other one stays a draft
    assert not PolicyPage.objects.filter(live=True).exists()
    assert not PolicyVersion.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    result = client.get(response.url).content.decode()
    assert "已提交审批" in result and "生产值班管理规定" in result


def test_a_bad_upload_is_refused_naming_the_file_and_nothing_is_stored(editor, login):
    client = login(editor)
    response = upload(client, text_file("good.txt", TEXT), SimpleUploadedFile("old.txt", "值班规定".encode("gbk")))
    html = response.content.decode()
    assert response.status_code == 200 and "old.txt" in html and "GBK" in html
    assert not ImportBatch.objects.exists() and not PolicyPage.objects.exists()


def test_only_people_who_may_import_see_the_screen(login):
    response = login(make_user("plain_employee", is_staff=True)).get(reverse("policies_import:upload"))
    assert response.status_code in (302, 403)
    assert not ImportBatch.objects.exists()


def test_the_batch_list_costs_a_fixed_number_of_queries(editor, login, django_assert_max_num_queries):
    client = login(editor)
    for n in range(5):
        upload(client, text_file(f"r{n}.txt", TEXT))
    with django_assert_max_num_queries(30):
        response = client.get(reverse("policies_import:upload"))
    assert response.content.decode().count("r4.txt") == 1


def test_two_parts_of_one_regulation_are_merged_into_one_page(editor, login):
    client = login(editor)
    parts = "值班管理规定\n第一条值班人员须按时交接。\n\n交接班补充规定\n第二条交接须签字。\n"
    upload(client, text_file("parts.txt", parts))
    batch = ImportBatch.objects.get()
    assert 'name="doc-1-action" value="merge"' in client.get(reverse("policies_import:batch", args=[batch.pk])).content.decode()
    client.post(reverse("policies_import:batch", args=[batch.pk]), {"doc-0-action": "adopt", "doc-1-action": "merge"})
    (page,) = PolicyPage.objects.all()
    assert page.title == "值班管理规定"
    assert [p["text"] for p in page.numbered_body() if p["type"] == "article"] == ["值班人员须按时交接。", "交接须签字。"]
