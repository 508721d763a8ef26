"""The training period after a promotion or transfer (晋升/调岗培训期): the
person is told of it, hands in a work summary near its end, and HR
(``lms.review_postchangetraining``) or the new department's head reviews it
before the formal appointment. The period's length is data
(:class:`lms.models.TrainingSettings`); the rules are :mod:`lms.rules`."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people.models import person_name
from people.permissions import users_with_perm

from . import rules
from .models import PostChangeTraining, ReviewResult
from .notifying import notify_user

REVIEW = "lms.review_postchangetraining"


def announce(record):
    """Tell the person when their training period runs and when the summary
    is due (run when HR records the promotion or transfer)."""
    notify_user(record.person, key=f"lms-postchange-start:{record.pk}",
                title=_("%(kind)s培训期：%(start)s 至 %(end)s，期满提交工作总结") % {
                    "kind": record.get_kind_display(), "start": record.starts_on.isoformat(),
                    "end": record.ends_on.isoformat()},
                url=record.get_absolute_url())


def reviewers(record):
    """Who may review the summary: the new department's head and HR."""
    people = {user.pk: user for user in users_with_perm(REVIEW, include_superusers=False)}
    if record.to_department_id and record.to_department.head_id:
        people.setdefault(record.to_department.head_id, record.to_department.head)
    return [user for pk, user in people.items() if pk != record.person_id]


def can_review(record, user):
    if user.pk == record.person_id:
        return False
    head = record.to_department.head_id if record.to_department_id else None
    return user.has_perm(REVIEW) or (head is not None and head == user.pk)


def awaiting_review_by(user):
    """Summaries handed in and not yet reviewed that ``user`` may review."""
    pending = PostChangeTraining.objects.filter(summary_submitted_at__isnull=False, reviewed_at__isnull=True).exclude(
        person=user).select_related("person", "to_department")
    if user.has_perm(REVIEW):
        return pending
    return pending.filter(to_department__head=user)


def submit_summary(record, user, text, today=None, now=None):
    """The person hands in the work summary near the end of the period."""
    today = today or timezone.localdate()
    if user.pk != record.person_id:
        raise PermissionDenied(_("只能由本人提交工作总结。"))
    if record.reviewed_at:
        raise ValidationError(_("工作总结已审核，不能再修改。"))
    opens = rules.summary_window_opens(record.ends_on)
    if today < opens:
        raise ValidationError(_("培训期于 %(end)s 结束，%(opens)s 起方可提交工作总结。") % {
            "end": record.ends_on.isoformat(), "opens": opens.isoformat()})
    if not text.strip():
        raise ValidationError(_("工作总结不能为空。"))
    record.summary, record.summary_submitted_at = text, now or timezone.now()
    record.save()
    log(record, "lms.postchange.summary", user=user)
    for reviewer in reviewers(record):
        notify_user(reviewer, key=f"lms-postchange-summary:{record.pk}:{reviewer.pk}",
                    title=_("请审核%(name)s的%(kind)s工作总结") % {
                        "name": person_name(record.person), "kind": record.get_kind_display()},
                    url=record.get_absolute_url())


def review(record, user, result, note="", now=None):
    """HR or the new department's head records the review's conclusion."""
    if not can_review(record, user):
        raise PermissionDenied(_("工作总结须由人资部或新部门负责人审核。"))
    if not record.summary_submitted_at:
        raise ValidationError(_("尚未提交工作总结。"))
    if record.reviewed_at:
        raise ValidationError(_("工作总结已审核。"))
    if result not in ReviewResult.values:
        raise ValidationError(_("请选择审核结论。"))
    record.reviewer, record.reviewed_at = user, now or timezone.now()
    record.review_result, record.review_note = result, note
    record.save()
    log(record, "lms.postchange.review", user=user)
    notify_user(record.person, key=f"lms-postchange-reviewed:{record.pk}",
                title=_("工作总结已审核：%s") % record.get_review_result_display(), body=note,
                url=record.get_absolute_url())
