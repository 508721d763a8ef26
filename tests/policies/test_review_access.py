"""The people who review and approve a confidential policy can open it in the
admin while it waits for them, even outside its scope; nobody else can."""
import pytest
from wagtail.models import WorkflowState

from people.models import Confidentiality
from tests.factories import DepartmentFactory, make_scoped_policy, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_review(db):
    after_sales = DepartmentFactory(code="after-sales", name="售后部")
    office = DepartmentFactory(code="office", name="总经办")
    drafter = make_user("chain_drafter", clearance=2, department=after_sales, groups=["制度编辑"])
    policy = make_scoped_policy(departments=[after_sales], title="售后内部结算价管理",
                                confidentiality=Confidentiality.CONFIDENTIAL)
    policy.change_summary = "第二版"
    policy.save_revision(user=drafter)
    policy.get_workflow().start(policy, drafter)
    return {
        "policy": policy,
        "approver": make_user("chain_approver", clearance=3, department=office, groups=["批准"]),
        "reviewer": make_user("chain_reviewer", clearance=2, department=office, groups=["部门审核"]),
        "low_reviewer": make_user("chain_low", clearance=1, department=after_sales, groups=["部门审核"]),
        "drafter": drafter,
    }


def approve_current_step(policy, user):
    state = WorkflowState.objects.for_instance(policy).get(status=WorkflowState.STATUS_IN_PROGRESS)
    state.current_task_state.specific.task.specific.on_action(state.current_task_state, user, "approve")


def test_the_reviewer_of_the_current_step_opens_the_policy_outside_its_scope(under_review, login):
    p = under_review
    response = login(p["reviewer"]).get(f"/admin/pages/{p['policy'].pk}/edit/")
    assert response.status_code == 200
    assert login(p["drafter"]).get(f"/admin/pages/{p['policy'].pk}/edit/").status_code == 200


def test_the_approver_waits_for_his_step_then_opens_it(under_review, login):
    p = under_review
    url = f"/admin/pages/{p['policy'].pk}/edit/"
    refused = login(p["approver"]).get(url)
    assert refused.status_code == 403 and "您没有阅读此密级文件的权限。" in refused.content.decode()
    approve_current_step(p["policy"], p["reviewer"])
    assert login(p["approver"]).get(url).status_code == 200


def test_a_reviewer_without_the_clearance_is_still_refused(under_review, login):
    p = under_review
    response = login(p["low_reviewer"]).get(f"/admin/pages/{p['policy'].pk}/edit/")
    assert response.status_code == 403
    assert "返回首页" in response.content.decode()


def test_taking_part_in_review_does_not_open_the_published_page_to_readers(under_review, login):
    p = under_review
    assert login(p["reviewer"]).get(p["policy"].url).status_code == 403
