"""管理 › 导入制度: HR splits a detected document in two at the line it
chooses; each part gets its own identity, title and warnings, and the split
can be undone. Refused splits say why and change nothing."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policies.importing import parse_text
from policies.importing.batches import preview, split_candidates
from policies.models import ImportBatch, PolicyPage
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Two rules run together: the second's heading (line 4) is not a title line.
TEXT = (
    "值班管理规定\n第一条本规定适用于生产部全体员工。\n第二条值班人员须按时交接。\n"
    "安全检查要点\n第一条安全检查每月一次。\n第二条发现隐患立即整改。\n"
)


@pytest.fixture
def client_and_batch(db, login):
    client = login(make_user("split_editor", groups=["制度编辑"]))
    client.post(reverse("policies_import:upload"), {
        "files": [SimpleUploadedFile("rules.txt", TEXT.encode("utf-8"), content_type="text/plain")],
    })
    return client, ImportBatch.objects.get()


def split(client, batch, row, line):
    return client.post(reverse("policies_import:split", args=[batch.pk]), {
        "split": str(row), f"doc-{row}-split-line": str(line),
    }, follow=True)


def test_every_line_after_the_first_body_line_is_offered_for_a_split():
    (document,) = parse_text(TEXT).documents
    assert split_candidates(document) == [
        (3, "第二条值班人员须按时交接。"), (4, "安全检查要点"), (5, "第一条安全检查每月一次。"), (6, "第二条发现隐患立即整改。"),
    ]


def test_a_split_at_a_sentence_keeps_the_line_and_asks_hr_for_a_title():
    first, second = parse_text(TEXT, "rules.txt", split_at=[3]).documents
    assert first.title == "值班管理规定" and [b.text for b in first.blocks] == ["本规定适用于生产部全体员工。"]
    assert second.title == "值班管理规定（续）" and second.first_line == 3
    assert second.blocks[0].text == "值班人员须按时交接。"  # the line stays in the body
    (untitled,) = second.findings("untitled")
    assert untitled.line == 3 and "请改成它自己的标题" in str(untitled)


def test_splitting_gives_two_documents_with_their_own_identity_title_and_warnings(client_and_batch):
    client, batch = client_and_batch
    (before,) = [item.document for item in preview(batch)]
    assert before.count("article") == 2 and before.findings("order")  # 第二条之后又出现第一条
    page = client.get(reverse("policies_import:batch", args=[batch.pk])).content.decode()
    assert "拆分为两篇" in page and "第 4 行：安全检查要点" in page

    response = split(client, batch, 0, 4)
    assert "已在第 4 行把《值班管理规定》拆分为两篇（后一篇为《安全检查要点》）" in response.content.decode()
    first, second = [item.document for item in preview(batch)]
    assert (first.title, second.title) == ("值班管理规定", "安全检查要点")
    assert (first.first_line, first.last_line, second.first_line, second.last_line) == (1, 3, 4, 6)
    assert first.count("article") == second.count("article") == 2
    assert not first.warnings and not second.warnings  # recomputed: the restart is gone
    assert first.key != second.key and first.fingerprint != before.fingerprint
    assert "撤销拆分" in response.content.decode()

    client.post(reverse("policies_import:batch", args=[batch.pk]), {
        "doc-0-action": "adopt", "doc-0-title": "值班管理规定",
        "doc-1-action": "adopt", "doc-1-title": "安全检查要点",
    })
    assert set(PolicyPage.objects.values_list("title", flat=True)) == {"安全检查要点", "值班管理规定"}


@pytest.mark.parametrize(("line", "reason"), [
    (2, "不能在第 2 行拆分"),  # the first body line: the first part would be empty
    (99, "不能在第 99 行拆分"),  # not in the document
    ("", "请选择《值班管理规定》从哪一行拆分"),
])
def test_a_split_that_cannot_be_done_says_why_and_changes_nothing(client_and_batch, line, reason):
    client, batch = client_and_batch
    response = split(client, batch, 0, line)
    assert reason in response.content.decode()
    assert batch.files.get().split_lines == []
    assert len(preview(batch)) == 1


def test_an_unknown_row_is_refused(client_and_batch):
    client, batch = client_and_batch
    response = split(client, batch, 7, 4)
    assert "没有找到要拆分的制度" in response.content.decode()
    assert batch.files.get().split_lines == []


def test_a_split_is_undone_back_into_the_document_before(client_and_batch):
    client, batch = client_and_batch
    split(client, batch, 0, 4)
    response = client.post(reverse("policies_import:split", args=[batch.pk]), {"unsplit": "1"}, follow=True)
    assert "已撤销拆分：《安全检查要点》并回上一篇" in response.content.decode()
    assert batch.files.get().split_lines == []
    assert [item.document.title for item in preview(batch)] == ["值班管理规定"]


def test_a_document_that_was_not_split_cannot_be_unsplit(client_and_batch):
    client, batch = client_and_batch
    response = client.post(reverse("policies_import:split", args=[batch.pk]), {"unsplit": "0"}, follow=True)
    assert "不是拆分出来的" in response.content.decode()


def test_an_imported_batch_cannot_be_split(client_and_batch):
    client, batch = client_and_batch
    batch.status = ImportBatch.Status.IMPORTED
    batch.save()
    response = split(client, batch, 0, 4)
    assert "这一批已经导入，不能再拆分" in response.content.decode()
    assert batch.files.get().split_lines == []


def test_only_people_who_may_import_can_split(client_and_batch, login):
    _client, batch = client_and_batch
    other = login(make_user("split_outsider", is_staff=True))
    response = other.post(reverse("policies_import:split", args=[batch.pk]), {"split": "0", "doc-0-split-line": "4"})
    assert response.status_code in (302, 403)
    assert batch.files.get().split_lines == []


def test_a_split_that_leaves_the_second_part_without_text_is_refused(db, login):
    client = login(make_user("split_editor_2", groups=["制度编辑"]))
    text = "值班管理规定\n第一条值班须交接。\n第二条值班须记录。\n附则\n"
    client.post(reverse("policies_import:upload"), {
        "files": [SimpleUploadedFile("duty.txt", text.encode("utf-8"), content_type="text/plain")],
    })
    batch = ImportBatch.objects.get()
    response = split(client, batch, 0, 4)
    assert "后一部分没有正文，没有拆分" in response.content.decode()
    assert batch.files.get().split_lines == []
    # A GET on the split address changes nothing either.
    assert client.get(reverse("policies_import:split", args=[batch.pk])).status_code == 302
