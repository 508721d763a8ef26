"""What waits on a person in the policies' approval workflow (我的待办):
the revisions at a step they may act on (部门审核, 批准), only of policies
their clearance reaches. Queries do not grow with the number of tasks."""
from wagtail.models import TaskState

from . import access
from .models import AcknowledgementTask, PolicyPage


def _reviewable_states(user):
    return TaskState.objects.reviewable_by(user).filter(status=TaskState.STATUS_IN_PROGRESS)


def reviews_waiting(user):
    """``[{"policy", "task_state"}]``: the policies whose revision waits for
    ``user``'s decision, oldest first."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("wagtailadmin.access_admin"):
        return []
    states = list(_reviewable_states(user).select_related("task", "workflow_state__requested_by")
                  .order_by("started_at"))
    pages = PolicyPage.objects.in_bulk([int(s.workflow_state.object_id) for s in states])
    clearance = access.user_clearance(user)
    rows = []
    for state in states:
        policy = pages.get(int(state.workflow_state.object_id))
        if policy is not None and policy.confidentiality <= clearance:
            rows.append({"policy": policy, "task_state": state})
    return rows


def review_count(user):
    """The number of :func:`reviews_waiting`, for the header's badge (no
    query for those who cannot reach the admin, where reviews are done)."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("wagtailadmin.access_admin"):
        return 0
    states = _reviewable_states(user)
    ids = [int(object_id) for object_id in states.values_list("workflow_state__object_id", flat=True)]
    if not ids:
        return 0
    return PolicyPage.objects.filter(pk__in=ids, confidentiality__lte=access.user_clearance(user)).count()


def compliance_figures(today):
    """HR's dashboard: tasks of the versions in force, how many are done,
    how many overdue (three counts)."""
    tasks = AcknowledgementTask.objects.filter(version__page__live=True, version__page__withdrawn=False) \
        .latest_substantive()
    total = tasks.count()
    still_open = AcknowledgementTask.objects.open()
    return {"total": total, "open": still_open.count(), "overdue": still_open.filter(due__lt=today).count()}
