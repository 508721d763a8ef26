"""Publishing goes through the company's chain: 部门审核 → 批准."""
import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from policies.models import PolicyPage, PolicyVersion
from tests.factories import make_policy, make_user, publish_new_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "editor": make_user("editor_t", clearance=1, groups=["制度编辑"], first_name="编辑", last_name="叶"),
        "reviewer": make_user("reviewer_t", clearance=2, groups=["部门审核"], first_name="审核", last_name="任"),
        "approver": make_user("approver_t", clearance=3, groups=["批准"], first_name="董事长", last_name="白"),
    }


def approve_current_task(page, user):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    task_state.specific.task.specific.on_action(task_state, user, "approve")
    return task_state


def test_policies_use_the_review_then_approve_workflow():
    page = make_policy(publish=False)
    workflow = page.get_workflow()
    assert workflow is not None
    assert [t.name for t in workflow.tasks] == ["部门审核", "批准"]


def test_draft_goes_live_only_after_review_and_approval(people):
    page = make_policy(publish=False, title="安全生产管理规定")
    revision = page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    page.refresh_from_db()
    assert not page.live

    reviewed = approve_current_task(page, people["reviewer"])
    assert reviewed.task.name == "部门审核"
    page.refresh_from_db()
    assert not page.live, "review alone must not publish"
    assert not PolicyVersion.objects.filter(page=page).exists()

    approved = approve_current_task(page, people["approver"])
    assert approved.task.name == "批准"
    page.refresh_from_db()
    assert page.live and page.live_revision_id == revision.pk

    version = PolicyVersion.objects.get(page=page)
    assert version.number == 1
    assert version.drafted_by == "叶编辑"
    assert version.reviewed_by == "任审核"
    assert version.approved_by == "白董事长"
    assert version.approved_on is not None


def test_reviewer_cannot_approve_the_approvers_step(people):
    page = make_policy(publish=False)
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    approve_current_task(page, people["reviewer"])
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task = state.current_task_state.task.specific
    assert task.name == "批准"
    assert not task.user_can_access_editor(page, people["reviewer"]) or not task.get_actions(page, people["reviewer"])


def test_rejection_at_review_keeps_the_page_unpublished(people):
    page = make_policy(publish=False)
    page.save_revision(user=people["editor"])
    page.get_workflow().start(page, people["editor"])
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    state.current_task_state.specific.task.specific.on_action(state.current_task_state, people["reviewer"], "reject")
    page.refresh_from_db()
    assert not page.live
    assert TaskState.objects.filter(status=TaskState.STATUS_REJECTED).count() == 1


def test_editor_submits_through_the_admin_and_cannot_publish(people, login):
    page = make_policy(title="考勤管理制度")
    client = login(people["editor"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_second_version_needs_a_new_change_summary_in_the_admin_form(people):
    page = make_policy(title="考勤管理制度")
    form_class = PolicyPage.get_edit_handler().get_form_class()
    data = {
        "title": page.title, "slug": page.slug, "document_number": page.document_number,
        "version_label": "A/1", "effective_date": "2026-01-01", "confidentiality": 0,
        "change_summary": "", "body-count": 0,
    }
    form = form_class(data, instance=page, for_user=people["editor"], parent_page=page.get_parent())
    assert not form.is_valid()
    assert "修订说明" in str(form.errors["change_summary"])


def test_each_publication_is_one_more_version_with_its_summary(people):
    page = make_policy()
    page = publish_new_version(page, "调整培训时长", parts=[("article", "培训时长为三个月。")])
    page = publish_new_version(page, "明确考核方式", parts=[("article", "培训时长为三个月，期满考核。")])
    numbers = list(page.versions.values_list("number", "change_summary"))
    assert numbers == [(1, ""), (2, "调整培训时长"), (3, "明确考核方式")]


def test_republishing_the_same_revision_makes_no_new_version():
    page = make_policy()
    page.live_revision.publish()
    assert page.versions.count() == 1
