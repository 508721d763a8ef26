"""Read-and-acknowledge: assigning the tasks, recording acknowledgements,
and where each person stands.

Every substantive revision of a policy is announced to the employees in its
scope, who must confirm that they have read it (the rules, with the day
passed in, are in :mod:`policies.rules`). The views, signals and Celery
tasks only gather inputs and call the functions here.

- A substantive version creates one :class:`~policies.models.AcknowledgementTask`
  per employee in scope (:func:`assign_version`); someone who joins the
  scope later gets one too (:func:`assign_missing_tasks`). Both take an
  ``announce`` callable that records the announcement in the transaction
  (``policies.signals`` puts it in the outbox, ``people.outbox``).
- :func:`acknowledge` is the one place that writes an
  :class:`~policies.models.Acknowledgement`.
- :func:`~policies.rules.task_status` says pending / overdue / acknowledged /
  outdated; :func:`with_status` applies it to many tasks at once.
"""
import dataclasses
import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Confidentiality, profile_of

from . import access
from .models import Acknowledgement, AcknowledgementTask, PolicyPage, PolicyVersion
from .rules import TaskStatus, batch_confirmable, due_for_late_joiner, must_acknowledge, task_status

# ---- who ----------------------------------------------------------------------


def _policy_with_scope(policy_or_pk):
    pk = getattr(policy_or_pk, "pk", policy_or_pk)
    return PolicyPage.objects.prefetch_related("scope_departments", "scope_roles").get(pk=pk)


def employees_in_scope(policy):
    """Every employee who must acknowledge ``policy`` now.

    The database narrows the candidates; :func:`must_acknowledge` (the same
    rule as the page's access check) decides."""
    policy = _policy_with_scope(policy)
    users = get_user_model().objects.filter(is_active=True, profile__isnull=False).select_related("profile")
    departments = [d.pk for d in policy.scope_departments.all()]
    roles = [r.pk for r in policy.scope_roles.all()]
    if departments:
        users = users.filter(profile__department__in=departments)
    if roles:
        users = users.filter(profile__job_role__in=roles)
    if policy.confidentiality > Confidentiality.PUBLIC:
        users = users.filter(Q(is_superuser=True) | Q(profile__clearance__gte=policy.confidentiality))
    return [user for user in users.order_by("pk") if must_acknowledge(user, policy)]


# ---- assigning tasks -------------------------------------------------------------


def assign_version(version, today=None, announce=None):
    """Create the tasks for a version that has just been published; return
    how many were created. Withdrawn policies create none. An editorial
    version asks nobody to read again, but people it brings into the scope
    (a wider 适用范围, a lower 密级) get a task for the policy's current
    substantive version, as anyone joining the scope later does.
    Idempotent. ``announce(version_pk)``, when given, is called inside the
    transaction, for the version whose tasks were assigned: it records the
    announcement (``people.outbox``), which goes out once the transaction commits."""
    policy = _policy_with_scope(version.page_id)
    if policy.withdrawn:
        return 0
    if not version.substantive or version.acknowledgement_due is None:
        return _assign_to_newcomers(policy, today or timezone.localdate(), announce)
    tasks = [
        AcknowledgementTask(user=user, version=version, due=version.acknowledgement_due)
        for user in employees_in_scope(policy)
    ]
    before = AcknowledgementTask.objects.filter(version=version).count()
    AcknowledgementTask.objects.bulk_create(tasks, ignore_conflicts=True)
    created = AcknowledgementTask.objects.filter(version=version).count() - before
    _announce(announce, version.pk)
    return created


def _announce(announce, pk):
    """Call ``announce(pk)``, if given, in the transaction that assigned the
    tasks (it records the announcement; delivery waits for the commit)."""
    if announce is not None:
        announce(pk)


def _assign_to_newcomers(policy, today, announce=None):
    """Tasks for the current substantive version of ``policy`` for everyone
    now in its scope who has none (see :func:`assign_version`). Only the new
    tasks are announced: the others' announcements exist already (same
    dedupe key), so nothing is sent to them twice."""
    version = (
        PolicyVersion.objects.filter(page=policy, substantive=True, acknowledgement_due__isnull=False)
        .order_by("-number")
        .first()
    )
    if version is None:
        return 0
    have = set(AcknowledgementTask.objects.filter(version=version).values_list("user_id", flat=True))
    tasks = [
        AcknowledgementTask(user=user, version=version, due=due_for_late_joiner(version, today))
        for user in employees_in_scope(policy)
        if user.pk not in have
    ]
    if not tasks:
        return 0
    AcknowledgementTask.objects.bulk_create(tasks, ignore_conflicts=True)
    _announce(announce, version.pk)
    return len(tasks)


def current_substantive_versions():
    """The newest substantive version of every live, not withdrawn policy."""
    latest = {}
    versions = (
        PolicyVersion.objects.filter(
            substantive=True, page__live=True, page__withdrawn=False, acknowledgement_due__isnull=False
        )
        .select_related("page")
        .order_by("page_id", "number")
    )
    for version in versions:
        latest[version.page_id] = version
    return list(latest.values())


def assign_missing_tasks(user, today=None, announce=None):
    """Give ``user`` a task for the current substantive version of every
    policy now in their scope that they have none for (someone who joined a
    department, changed role or got a clearance). Returns the new tasks;
    ``announce(user_pk)``, when given, is called inside the transaction
    (see :func:`assign_version`)."""
    if not user.is_active or profile_of(user) is None:
        return []
    today = today or timezone.localdate()
    versions = current_substantive_versions()
    have = set(
        AcknowledgementTask.objects.filter(user=user, version__in=versions).values_list("version_id", flat=True)
    )
    policies = {
        p.pk: p
        for p in PolicyPage.objects.filter(pk__in=[v.page_id for v in versions]).prefetch_related(
            "scope_departments", "scope_roles"
        )
    }
    new = [
        AcknowledgementTask(user=user, version=v, due=due_for_late_joiner(v, today))
        for v in versions
        if v.pk not in have and must_acknowledge(user, policies[v.page_id])
    ]
    if not new:
        return []
    AcknowledgementTask.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        AcknowledgementTask.objects.filter(user=user, version__in=[t.version for t in new]).select_related(
            "version__page"
        )
    )
    _announce(announce, user.pk)
    return created


# ---- where people stand ------------------------------------------------------


def acknowledged_numbers(user_ids, page_ids):
    """{(user_id, page_id): [acknowledged version numbers]} in one query."""
    found = {}
    rows = Acknowledgement.objects.filter(user_id__in=user_ids, version__page_id__in=page_ids).values_list(
        "user_id", "version__page_id", "version__number"
    )
    for user_id, page_id, number in rows:
        found.setdefault((user_id, page_id), []).append(number)
    return found


def with_status(tasks, today):
    """Annotate each task with ``status`` (a TaskStatus) for ``today`` and
    ``batch`` (whether it may be confirmed from 我的待办 with others)."""
    tasks = list(tasks)
    numbers = acknowledged_numbers({t.user_id for t in tasks}, {t.version.page_id for t in tasks})
    for task in tasks:
        task.status = task_status(
            task.version.number, task.due, numbers.get((task.user_id, task.version.page_id), []), today
        )
        task.days_overdue = (today - task.due).days if task.status == TaskStatus.OVERDUE else 0
        task.batch = batch_confirmable(task.version.number, task.version.page.confidentiality)
    return tasks


def _open_task_rows(user, full=True, in_request=False):
    """``user``'s open tasks whose policy they may still read and are still
    in scope of, in a fixed number of queries however many there are: the
    tasks with their pages, the pages' scopes, and every page's view
    restrictions at once (not two queries per task). ``full=False`` leaves
    the pages' bodies unread (enough to count them). ``in_request``: ``user``
    is the request's user, on which the site's view restrictions are kept
    for the request's other lists (:func:`policies.access.prime_view_restrictions`)."""
    tasks = (
        AcknowledgementTask.objects.open()
        .filter(user=user)
        .select_related("version__page")
        .prefetch_related("version__page__scope_departments", "version__page__scope_roles")
        .order_by("due", "pk")
    )
    if full:
        tasks = tasks.select_related("version__page__category")
    else:
        tasks = tasks.defer("version__page__body", "version__page__change_summary")
    tasks = list(tasks)
    access.prime_view_restrictions((task.version.page for task in tasks), reader=user if in_request else None)
    return [t for t in tasks if must_acknowledge(user, t.version.page)]


def open_tasks(user, today=None):
    """``user``'s tasks still to do, oldest due first, with their status;
    only policies the user may still read and is still in scope of."""
    return with_status(_open_task_rows(user), today or timezone.localdate())


def acknowledge_many(user, task_ids, ip_address=None, now=None):
    """批量确认: acknowledge the open tasks ``task_ids`` of ``user`` that
    :func:`~policies.rules.batch_confirmable` allows, all or none (one
    transaction). Returns the number of acknowledgements created; tasks
    that are not the user's, not open or not batch-confirmable are skipped."""
    wanted = {int(pk) for pk in task_ids}
    now = now or timezone.now()
    created = 0
    with transaction.atomic():
        for task in _open_task_rows(user):
            page = task.version.page
            if task.pk not in wanted or not batch_confirmable(task.version.number, page.confidentiality):
                continue
            if acknowledge(user, page, task.version.number, ip_address=ip_address, now=now).kind == "created":
                created += 1
    return created


def open_task_count(user):
    """How many tasks :func:`open_tasks` would list (the header's badge,
    on every page): the same rule, a fixed number of queries (none when
    :func:`due_soonest` already read them for this request's user)."""
    rows = getattr(user, "_portal_open_ack_rows", None)
    return len(rows if rows is not None else _open_task_rows(user, full=False))


def badge_tasks(user):
    """The header's badge share for the request's ``user``, as a queryset
    the shell counts with the other apps' shares in one SELECT: the tasks
    :func:`open_tasks` lists, by the same rule written in SQL
    (:func:`policies.access.visible_filter` and
    :func:`policies.access.scope_filter`), no row read. ``None`` when the
    site has aliases, which the SQL form does not cover: then
    :func:`badge_count` counts the rows."""
    restrictions = access.site_restrictions(user)
    if restrictions is None:
        return None
    if not user.is_active or profile_of(user) is None:
        return AcknowledgementTask.objects.filter(pk__in=[0])  # must_acknowledge: an active employee with a profile
    policies = PolicyPage.objects.filter(
        Q(requires_acknowledgement=True) & access.scope_filter(user)
        & access.visible_filter(user, restrictions=restrictions))
    return AcknowledgementTask.objects.open().filter(user=user, version__page__in=policies)


def badge_count(user):
    """The badge's share when :func:`badge_tasks` cannot say (a site with
    aliases): :func:`open_task_count`, the rows kept on the request's user;
    otherwise 0 (the share is counted from :func:`badge_tasks`)."""
    if access.site_restrictions(user) is not None:
        return 0
    return len(_request_open_rows(user))


def due_soonest(user, today=None, limit=5):
    """The home page's 待办事项: ``user``'s ``limit`` open tasks due first,
    with their status, and how many there are in all. The rows are kept on
    the request's user so the header's badge (:func:`open_task_count`) does
    not read them again in the same request."""
    rows = _request_open_rows(user)
    return with_status(rows[:limit], today or timezone.localdate()), len(rows)


def _request_open_rows(user):
    """``user``'s open task rows, read once per request (kept on the request's user)."""
    rows = getattr(user, "_portal_open_ack_rows", None)
    if rows is None:
        rows = user._portal_open_ack_rows = _open_task_rows(user, full=False, in_request=True)
    return rows


def status_on_page(user, page, today=None):
    """What the policy page shows the reader: their open task (if any), or
    their latest acknowledgement of this policy."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return None
    rows = getattr(user, "_portal_open_ack_rows", None)
    if rows is not None:  # the header's badge read them in this request (badge_count)
        mine = [t for t in rows if t.version.page_id == page.pk]
        task = max(mine, key=lambda t: t.version.number) if mine else None
    else:
        task = (
            AcknowledgementTask.objects.open()
            .filter(user=user, version__page=page)
            .select_related("version")
            .order_by("-version__number")
            .first()
        )
    if task is not None and must_acknowledge(user, page):
        return {"task": with_status([task], today)[0], "acknowledgement": None}
    acknowledgement = (
        Acknowledgement.objects.filter(user=user, version__page=page)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    if acknowledgement is None:
        return None
    return {"task": None, "acknowledgement": acknowledgement}


# ---- acknowledging ---------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    """What happened when someone asked to acknowledge a version."""

    kind: str  # "created", "already", "stale", "not_required"
    current: PolicyVersion | None
    acknowledgement: Acknowledgement | None = None


def acknowledge(user, page, version_number, ip_address=None, now=None):
    """Record that ``user`` has read version ``version_number`` of ``page``.

    Only the current version can be acknowledged ("stale" otherwise), only by
    someone with a task for this policy ("not_required"); a second request
    changes nothing ("already")."""
    current = page.versions.order_by("-number").first()
    if current is None or version_number != current.number:
        return Outcome("stale", current)
    existing = Acknowledgement.objects.filter(user=user, version=current).first()
    if existing is not None:
        return Outcome("already", current, existing)
    if not AcknowledgementTask.objects.filter(
        user=user, version__page=page, version__number__lte=current.number
    ).exists():
        return Outcome("not_required", current)
    try:
        with transaction.atomic():
            acknowledgement = Acknowledgement.objects.create(
                user=user, version=current, acknowledged_at=now or timezone.now(), ip_address=ip_address
            )
    except IntegrityError:
        # The same person's second click won the race: theirs stands.
        return Outcome("already", current, Acknowledgement.objects.get(user=user, version=current))
    return Outcome("created", current, acknowledgement)


def client_ip(request):
    """The reader's IP address: ``REMOTE_ADDR``, unless settings say the
    portal sits behind trusted proxies (``PORTAL_TRUSTED_PROXY_COUNT``), in
    which case the address the outermost trusted proxy saw, taken from the
    right of ``X-Forwarded-For`` (entries to its left can be forged)."""
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def recent_acknowledgements(user, limit=20):
    """``user``'s latest acknowledgements, of policies they may still read."""
    found = (
        Acknowledgement.objects.filter(user=user)
        .select_related("version__page")
        .order_by("-acknowledged_at")[:limit]
    )
    return [a for a in found if access.can_view(user, a.version.page)]


def deletion_refusal(page):
    """Why ``page`` may not be deleted, or None: a policy that was published
    keeps its versions (the record of what was in force), and the
    acknowledgements (audit records) point at them."""
    count = Acknowledgement.objects.filter(version__page_id=page.pk).count()
    if count:
        return _("该制度已有 %(count)s 条阅读确认记录。阅读确认是审计凭证，必须与所确认的制度版本一起保留，"
                 "因此制度不能删除。不再适用的制度请取消发布（撤下），其版本与确认记录仍可查阅。") % {"count": count}
    if PolicyVersion.objects.filter(page_id=page.pk).exists():
        return _("该制度已发布过版本。各版本是曾经生效的制度记录，必须保留，因此制度不能删除。"
                 "不再适用的制度请取消发布（撤下），其版本仍可查阅。")
    return None
