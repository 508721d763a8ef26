"""What follows a publication, in order: the revision becomes a numbered
PolicyVersion, the people in scope get their acknowledgement tasks, and the
announcement is queued once it is all committed. Also: someone who joins a
policy's scope gets the tasks everyone in it already has."""
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import TaskState
from wagtail.signals import page_published

from people import outbox
from people.models import Profile, person_name

from . import acknowledgements
from .models import PolicyPage, PolicyVersion
from .rules import acknowledgement_due, version_is_substantive
from .tasks import announce_policy_version, announce_tasks_to_user


def announce_version_later(version_pk):
    """Record the announcement of a version in the outbox (same transaction)."""
    outbox.enqueue(announce_policy_version.name, version_pk)


def announce_to_user_later(user_pk):
    """Record the announcement of someone's new tasks in the outbox."""
    outbox.enqueue(announce_tasks_to_user.name, user_pk)


def approval_record(page, revision):
    """Who drafted, reviewed and approved this revision, from its workflow.

    Falls back to the page's paper record (imported documents) for any step
    the workflow did not record."""
    record = {
        "drafted_by": page.drafted_by, "drafted_on": page.drafted_on,
        "reviewed_by": page.reviewed_by, "reviewed_on": page.reviewed_on,
        "approved_by": page.approved_by, "approved_on": page.approved_on,
    }
    state = page.workflow_states.order_by("-created_at").first()
    if state is None:
        if revision.user_id and not record["drafted_by"]:
            record["drafted_by"] = person_name(revision.user)
            record["drafted_on"] = timezone.localdate(revision.created_at)
        return record
    record["drafted_by"] = person_name(state.requested_by)
    record["drafted_on"] = timezone.localdate(state.created_at)
    approved = (
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED)
        .select_related("task", "finished_by")
        .order_by("finished_at")
    )
    for task_state in approved:
        step = "approved" if "批准" in task_state.task.name else "reviewed"
        record[f"{step}_by"] = person_name(task_state.finished_by)
        record[f"{step}_on"] = timezone.localdate(task_state.finished_at)
    return record


@receiver(page_published, sender=PolicyPage)
def record_policy_version(sender, instance, revision, **kwargs):
    """Create the version for a revision that has just gone live (not for one
    merely scheduled). Idempotent: a revision is one version, whatever repeats."""
    page = instance
    if page.live_revision_id != revision.pk:
        return
    with transaction.atomic():
        # Lock the page row so that two publications cannot take one number.
        PolicyPage.objects.select_for_update().filter(pk=page.pk).first()
        if PolicyVersion.objects.filter(revision=revision).exists():
            return
        number = (page.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        published_at = timezone.now()
        substantive = version_is_substantive(page, number)
        version = PolicyVersion.objects.create(
            page=page,
            number=number,
            revision=revision,
            title=page.title,
            version_label=page.version_label,
            effective_date=page.effective_date or timezone.localdate(published_at),
            change_summary=page.change_summary,
            published_at=published_at,
            published_by=revision.user,
            substantive=substantive,
            acknowledgement_due=(
                acknowledgement_due(page, timezone.localdate(published_at))
                if substantive else None
            ),
            **approval_record(page, revision),
        )
        acknowledgements.assign_version(version, announce=announce_version_later)


@receiver(post_save, sender=Profile)
def assign_tasks_on_joining_scope(sender, instance, raw=False, **kwargs):
    """Someone who joins a policy's scope (new employee, new department or
    role, higher clearance) gets the tasks everyone in scope already has."""
    if raw:
        return
    with transaction.atomic():
        acknowledgements.assign_missing_tasks(instance.user, announce=announce_to_user_later)
