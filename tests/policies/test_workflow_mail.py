"""Wagtail's workflow emails (a revision submitted to a step, approved,
rejected) and its comment emails name the page: they go only to people the
clearance rule (``policies.access``) lets see the policy, as published and
as the revision under review has it. Everyone else hears nothing."""
import pytest
from django.core import mail
from wagtail.models import WorkflowState

from people.models import Confidentiality
from people.permissions import POLICY_APPROVERS
from policies import top_secret
from policies.admin.workflow_mail import cleared_send_notification
from tests.factories import make_policy, make_user

pytestmark = pytest.mark.django_db

TITLE = "核心配方保密规定ZQJ"


@pytest.fixture
def people(db):
    class People:
        editor = make_user("wm_editor", clearance=3, groups=["制度编辑"], email="editor@example.com")
        cleared = make_user("wm_cleared", clearance=3, groups=["部门审核"], email="cleared@example.com")
        low = make_user("wm_low", clearance=2, groups=["部门审核"], email="low@example.com")
        public = make_user("wm_public", clearance=0, groups=["部门审核"], email="public@example.com")
        approver = make_user("wm_approver", clearance=3, groups=[POLICY_APPROVERS], email="approver@example.com")
        low_approver = make_user("wm_low_approver", clearance=1, groups=[POLICY_APPROVERS], email="la@example.com")

    return People


def told():
    """{address: [subject + body of each email to it]}."""
    found = {}
    for message in mail.outbox:
        for address in message.to:
            found.setdefault(address, []).append(message.subject + message.body)
    return found


def named_in(address):
    return any(TITLE in text for text in told().get(address, []))


def current_task_state(page):
    return WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS).current_task_state


def test_a_top_secret_submission_is_told_only_to_cleared_reviewers(people):
    page = make_policy(title=TITLE, publish=False, confidentiality=Confidentiality.TOP_SECRET)
    top_secret.name_reader(page, people.editor, people.approver)
    page.save_revision(user=people.editor)
    mail.outbox.clear()
    page.get_workflow().start(page, people.editor)

    assert named_in("cleared@example.com"), told()
    for address in ("low@example.com", "public@example.com", "la@example.com"):
        assert address not in told()
    assert all(TITLE not in text for address, texts in told().items() if address != "cleared@example.com"
               for text in texts)

    # the approval step: only the cleared approver, never the 秘密-cleared one
    mail.outbox.clear()
    state = current_task_state(page)
    state.task.specific.on_action(state.specific, people.cleared, "approve")
    assert named_in("approver@example.com")
    assert "la@example.com" not in told() and "low@example.com" not in told()


def test_a_draft_that_raises_the_level_is_told_as_the_draft_has_it(people):
    page = make_policy(title="公开的旧标题", confidentiality=Confidentiality.PUBLIC)
    page.title, page.confidentiality = TITLE, Confidentiality.CONFIDENTIAL
    page.save_revision(user=people.editor)
    mail.outbox.clear()
    page.get_workflow().start(page, people.editor)
    assert named_in("cleared@example.com") and named_in("low@example.com")  # both cleared for 机密
    assert "public@example.com" not in told()  # cleared for the published 公开 page, not for the draft


def test_approval_and_rejection_mail_reach_the_submitter_only_if_cleared(people):
    submitter = make_user("wm_submitter", clearance=3, groups=["制度编辑"], email="submitter@example.com")
    page = make_policy(title=TITLE, publish=False, confidentiality=Confidentiality.CONFIDENTIAL)
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    submitter.profile.clearance = Confidentiality.SECRET  # cleared no longer
    submitter.profile.save()
    mail.outbox.clear()
    state = current_task_state(page)
    state.task.specific.on_action(state.specific, people.cleared, "reject")
    assert "submitter@example.com" not in told()

    other = make_policy(title=TITLE + "二", publish=False, confidentiality=Confidentiality.CONFIDENTIAL)
    other.save_revision(user=people.editor)
    other.get_workflow().start(other, people.editor)
    mail.outbox.clear()
    state = current_task_state(other)
    state.task.specific.on_action(state.specific, people.cleared, "reject")
    assert named_in("editor@example.com")


def test_a_public_policy_is_told_to_every_reviewer(people):
    page = make_policy(title=TITLE, publish=False)
    page.save_revision(user=people.editor)
    mail.outbox.clear()
    page.get_workflow().start(page, people.editor)
    for address in ("cleared@example.com", "low@example.com", "public@example.com"):
        assert named_in(address), told()


def test_comment_mail_goes_only_to_cleared_subscribers(people):
    page = make_policy(title=TITLE, confidentiality=Confidentiality.CONFIDENTIAL)
    mail.outbox.clear()
    cleared_send_notification([people.cleared, people.public], "updated_comments", {
        "page": page, "editor": people.editor, "new_comments": [], "resolved_comments": [],
        "deleted_comments": [], "replied_comments": []})
    assert "public@example.com" not in told()
    assert "cleared@example.com" in told()
