"""绝密: only the people named on the policy read it (naming and removal
are logged on the policy), and every PDF copy is a grant for one person and
one copy, numbered in a register and printed on the copy."""
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader
from wagtail.models import PageLogEntry

from people.models import Confidentiality, person_name
from people.permissions import POLICY_APPROVERS
from policies import access, top_secret
from policies.models import TopSecretCopy
from tests.factories import make_policy, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    class World:
        approver = make_user("ts_approver", clearance=3, groups=[POLICY_APPROVERS], first_name="总", last_name="王")
        named = make_user("ts_named", clearance=3, first_name="四", last_name="李")
        unnamed = make_user("ts_unnamed", clearance=3)
        policy = make_policy(title="核心配方管理规定", document_number="JM-001",
                             confidentiality=Confidentiality.TOP_SECRET,
                             parts=[("article", "配方仅限总经理指定人员查阅。")])

    top_secret.name_reader(World.policy, World.named, World.approver)
    return World


def pdf_text(response):
    return "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


def test_a_top_secret_cleared_reader_not_named_is_refused(world, login):
    assert login(world.unnamed).get(world.policy.url).status_code == 403
    assert login(world.unnamed).get(world.policy.url + "pdf/").status_code == 403
    assert not access.can_view(world.unnamed, world.policy)
    page = login(world.named).get(world.policy.url)
    assert page.status_code == 200 and "配方仅限总经理指定人员查阅" in page.content.decode()


def test_an_unnamed_reader_does_not_find_it_in_the_library_either(world, login):
    html = login(world.unnamed).get(world.policy.get_parent().url).content.decode()
    assert "核心配方管理规定" not in html
    assert "核心配方管理规定" in login(world.named).get(world.policy.get_parent().url).content.decode()


def test_naming_and_removal_are_logged_on_the_policy(world, login):
    top_secret.name_reader(world.policy, world.unnamed, world.approver)
    assert login(world.unnamed).get(world.policy.url).status_code == 200
    assert top_secret.remove_reader(world.policy, world.unnamed, world.approver)
    assert login(world.unnamed).get(world.policy.url).status_code == 403
    entries = PageLogEntry.objects.filter(page=world.policy, action__startswith="policies.top_secret_")
    assert [(e.action, e.data["reader"], e.user_id) for e in entries.order_by("pk")] == [
        (top_secret.NAMED, "李四", world.approver.pk),
        (top_secret.NAMED, person_name(world.unnamed), world.approver.pk),
        (top_secret.REMOVED, person_name(world.unnamed), world.approver.pk),
    ]


def test_only_the_naming_authority_names_readers_and_grants_copies(world):
    with pytest.raises(PermissionDenied):
        top_secret.name_reader(world.policy, world.unnamed, world.named)
    with pytest.raises(PermissionDenied):
        top_secret.grant_copy(world.policy, world.named, world.named)
    with pytest.raises(ValidationError):
        top_secret.grant_copy(world.policy, world.unnamed, world.approver)  # not named: no copy
    assert not TopSecretCopy.objects.exists()


def test_a_second_pdf_without_new_approval_is_refused(world, login):
    reader = login(world.named)
    refused = reader.get(world.policy.url + "pdf/")
    assert refused.status_code == 403 and "须事先批准" in refused.content.decode()

    top_secret.grant_copy(world.policy, world.named, world.approver, reason="年度审计")
    first = reader.get(world.policy.url + "pdf/")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    text = pdf_text(first)
    assert "李四" in text and "第 1 份" in text

    second = reader.get(world.policy.url + "pdf/")
    assert second.status_code == 403 and "须事先批准" in second.content.decode()

    top_secret.grant_copy(world.policy, world.named, world.approver)
    third = reader.get(world.policy.url + "versions/1/pdf/")
    assert third.status_code == 200 and "第 2 份" in pdf_text(third)

    register = list(TopSecretCopy.objects.order_by("copy_number").values_list(
        "copy_number", "reader__username", "granted_by__username", "version_number", "reason"))
    assert register == [(1, "ts_named", "ts_approver", 1, "年度审计"), (2, "ts_named", "ts_approver", 1, "")]
    assert TopSecretCopy.objects.filter(issued_at__isnull=True).count() == 0
    issued = PageLogEntry.objects.filter(page=world.policy, action=top_secret.ISSUED).count()
    assert issued == 2


def test_a_copy_that_fails_to_render_uses_no_grant(world, login, monkeypatch):
    top_secret.grant_copy(world.policy, world.named, world.approver)
    monkeypatch.setattr("policies.views.pdf.reader_copy", lambda *a, **k: (_ for _ in ()).throw(OSError("font")))
    client = login(world.named)
    client.raise_request_exception = False
    assert client.get(world.policy.url + "pdf/").status_code == 500
    assert TopSecretCopy.objects.get().issued_at is None


def test_the_approver_grants_a_copy_in_the_admin(world, login):
    admin = login(world.approver)
    response = admin.post("/admin/snippets/policies/topsecretcopy/add/",
                          {"policy": world.policy.pk, "reader": world.named.pk, "reason": "外审"})
    html = response.content.decode()
    errors = html[html.find("error-message"):][:300]
    assert response.status_code == 302, errors[:20]
    grant = TopSecretCopy.objects.get()
    assert (grant.copy_number, grant.granted_by, grant.reason) == (1, world.approver, "外审")
    refused = admin.post("/admin/snippets/policies/topsecretcopy/add/",
                         {"policy": world.policy.pk, "reader": world.unnamed.pk, "reason": ""})
    assert refused.status_code == 200 and TopSecretCopy.objects.count() == 1
