"""Wagtail's workflow and comment emails, told only to those cleared.

Wagtail emails a page's title (and its admin link) when a revision is
submitted to a workflow (to every member of the step's groups, and to the
superusers), when it is approved or rejected (to the person who submitted
it), and when comments change (to the page's subscribers). Its recipients
come from group membership, not from our clearance rule: a 部门审核 member
cleared for 机密 would be told the title of a 绝密 policy.

Here each of those notifications goes only to people
:func:`policies.access.cleared_for_review` lets see the policy, both as it
is published and as the revision under review has it (a draft may raise
the 密级 or rename the page). Pages other than policies carry no 密级 and
are told as Wagtail tells them. :func:`register` (``PoliciesConfig.ready``)
puts the cleared notifiers in place of Wagtail's, under Wagtail's own
``dispatch_uid`` s, whichever app is ready first.
"""
import logging

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
    send_notification,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .. import access

logger = logging.getLogger(__name__)


def _versions(obj):
    """The policy as published and as its latest revision has it (None for
    anything that carries no 密级)."""
    page = getattr(obj, "specific", obj)
    if not hasattr(page, "confidentiality"):
        return None
    versions = [page]
    latest = page.get_latest_revision_as_object() if hasattr(page, "get_latest_revision_as_object") else None
    if latest is not None:
        versions.append(latest)
    return versions


def may_be_told(user, obj, versions=None, task=None):
    """Whether a notification naming ``obj`` may go to ``user``: cleared for
    the policy (or taking part in its review), or, for the notice of a step
    being started, able to act on that step ``task``."""
    versions = versions if versions is not None else _versions(obj)
    if versions is None:
        return True
    return all(access.cleared_for_review(user, version)
               or (task is not None and access.acts_on_task(user, version, task)) for version in versions)


def cleared_recipients(users, obj, task=None):
    """``users`` less those who may not be told about ``obj``."""
    versions = _versions(obj)
    users = list(users)
    if versions is None:
        return users
    kept = [user for user in users if may_be_told(user, obj, versions, task)]
    if len(kept) < len(users):
        logger.info("workflow mail about page %s withheld from %d uncleared recipient(s)",
                    obj.pk, len(users) - len(kept))
    return kept


class ClearedRecipientsMixin:
    """Narrows a Wagtail notifier's recipients by the clearance rule."""

    def get_valid_recipients(self, instance, **kwargs):
        if isinstance(instance, TaskState):
            state, task = instance.workflow_state, instance.task
        else:
            state, task = instance, None
        return set(cleared_recipients(super().get_valid_recipients(instance, **kwargs), state.content_object, task))


class ClearedTaskSubmissionNotifier(ClearedRecipientsMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class ClearedWorkflowSubmissionNotifier(ClearedRecipientsMixin, WorkflowStateSubmissionEmailNotifier):
    pass


class ClearedWorkflowApprovalNotifier(ClearedRecipientsMixin, WorkflowStateApprovalEmailNotifier):
    pass


class ClearedWorkflowRejectionNotifier(ClearedRecipientsMixin, WorkflowStateRejectionEmailNotifier):
    pass


def cleared_send_notification(recipient_users, notification, extra_context):
    """Wagtail's ``send_notification`` (comment emails), to cleared users only."""
    page = extra_context.get("page")
    if page is not None:
        recipient_users = cleared_recipients(recipient_users, page)
    return send_notification(recipient_users, notification, extra_context)


#: (signal, sender, Wagtail's dispatch_uid, our notifier)
NOTIFIERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification", ClearedTaskSubmissionNotifier()),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification",
     ClearedWorkflowSubmissionNotifier()),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification",
     ClearedWorkflowRejectionNotifier()),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification",
     ClearedWorkflowApprovalNotifier()),
)


def register():
    """Put the cleared notifiers in the place of Wagtail's. Wagtail connects
    its own under the same ``dispatch_uid`` (ignored once ours is there, or
    disconnected here if it came first). The comment emails are sent by the
    page edit view through the ``send_notification`` it imported: the one
    seam Wagtail offers, replaced on that module."""
    from wagtail.admin.views.pages import edit  # Wagtail's admin views load only once the apps are ready

    for signal, sender, uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(notifier, sender=sender, dispatch_uid=uid)
    edit.send_notification = cleared_send_notification
