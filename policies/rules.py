"""The read-and-acknowledge rules as plain functions, below the models.

The company's rule: every substantive revision of a policy is announced to
the employees in its scope, who must confirm that they have read it
("公司将及时修订并向全体员工发布制度内容和变动情况，确保员工了解和遵守相关规定").
An editorial revision (a typo fixed) asks nobody to read again. Each
confirmation has a due date, a number of days after the publication that
the policy sets; someone who joins the scope later gets as many days.

The functions take what they decide on (the page, the version, the day) as
arguments and touch no table of this app: the models, the services in
``policies.acknowledgements``, the reminders and the reports all ask here.
"""
import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import profile_of

from . import access

DEFAULT_ACKNOWLEDGEMENT_DAYS = 7


class RevisionKind(models.TextChoices):
    """Whether a publication asks the readers in scope to acknowledge it again."""

    SUBSTANTIVE = "substantive", _("实质性修订（需重新阅读确认）")
    EDITORIAL = "editorial", _("编辑性修订（如改错字，无需重新确认）")


class TaskStatus(models.TextChoices):
    """Where a person stands with one version they must acknowledge (see
    :func:`task_status` for the rule)."""

    PENDING = "pending", _("待确认")
    OVERDUE = "overdue", _("已逾期")
    ACKNOWLEDGED = "acknowledged", _("已确认")
    OUTDATED = "outdated", _("待重新确认（已确认旧版本）")


def task_status(version_number, due, acknowledged_numbers, today):
    """Where someone stands with the task to acknowledge version
    ``version_number`` (due on ``due``), given the version numbers of the same
    policy they have acknowledged.

    - acknowledged: they acknowledged this version or a later one;
    - overdue: not acknowledged and ``today`` is after the due date;
    - outdated: not yet due, and what they acknowledged is an older version;
    - pending: not yet due, nothing acknowledged."""
    numbers = list(acknowledged_numbers)
    if any(n >= version_number for n in numbers):
        return TaskStatus.ACKNOWLEDGED
    if today > due:
        return TaskStatus.OVERDUE
    if numbers:
        return TaskStatus.OUTDATED
    return TaskStatus.PENDING


def version_is_substantive(page, number):
    """The first version is always substantive; later ones as the editor chose."""
    return number == 1 or page.revision_kind != RevisionKind.EDITORIAL


def acknowledgement_due(page, published_on):
    """The last day to acknowledge a version published on ``published_on``."""
    days = page.acknowledgement_days or DEFAULT_ACKNOWLEDGEMENT_DAYS
    return published_on + datetime.timedelta(days=days)


def due_for_late_joiner(version, today):
    """Someone who joins the scope later gets as many days as everyone did."""
    published_on = timezone.localdate(version.published_at)
    days = (version.acknowledgement_due - published_on).days if version.acknowledgement_due else (
        DEFAULT_ACKNOWLEDGEMENT_DAYS
    )
    return max(version.acknowledgement_due or today, today + datetime.timedelta(days=max(days, 0)))


def must_acknowledge(user, policy):
    """Whether ``user`` is an employee who must acknowledge ``policy``: a
    policy that asks for acknowledgement (reference material does not), an
    active account with a profile, in the policy's scope, cleared for it."""
    return (
        getattr(policy, "requires_acknowledgement", True)
        and user.is_active
        and profile_of(user) is not None
        and access.in_scope(user, policy)
        and access.can_view(user, policy)
    )
