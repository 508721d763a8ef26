"""HR compliance figures for read-and-acknowledge: who was asked to
acknowledge a version, who did, who is late, per department and over time.

Plain functions over tasks and acknowledgements with the day passed in; the
admin report views (``policies.admin.reports``) only call them.
"""
import datetime

from django.utils import timezone

from people.models import person_name, profile_of
from people.reports import can_open

from . import access
from .models import Acknowledgement, AcknowledgementTask
from .rules import TaskStatus, task_status

#: Held by the 人资部 group (data migration ``policies.0002_publication_workflow``).
REPORT_PERMISSION = "policies.view_compliance_report"


# ---- who may see ------------------------------------------------------------


def can_view_reports(user):
    """HR only: whoever holds the report permission (the 人资部 group does)."""
    return can_open(user, REPORT_PERMISSION)


def can_view_policy_report(user, page):
    """A report names a policy and its readers: it needs the clearance for the
    policy's 密级 (whatever the HR member's own department)."""
    return can_view_reports(user) and access.user_clearance(user) >= page.confidentiality


# ---- figures ----------------------------------------------------------------


def rows_for_tasks(tasks, today):
    """One row per task: the task's person, their department, status on
    ``today`` and the acknowledgement that covers it (the earliest of this
    version or a later one), if any."""
    tasks = list(tasks)
    acknowledgements = {}
    found = Acknowledgement.objects.filter(
        user_id__in={t.user_id for t in tasks},
        version__page_id__in={t.version.page_id for t in tasks},
    ).select_related("version").order_by("acknowledged_at")
    for ack in found:
        acknowledgements.setdefault((ack.user_id, ack.version.page_id), []).append(ack)
    rows = []
    for task in tasks:
        mine = acknowledgements.get((task.user_id, task.version.page_id), [])
        status = task_status(task.version.number, task.due, [a.version.number for a in mine], today)
        covering = next((a for a in mine if a.version.number >= task.version.number), None)
        profile = profile_of(task.user)
        department = profile.department if profile and profile.department_id else None
        rows.append(
            {
                "task": task,
                "user": task.user,
                "name": person_name(task.user),
                "username": task.user.get_username(),
                "employee_no": profile.employee_no if profile else "",
                "department": department.name if department else "",
                "department_id": department.pk if department else None,
                "job_role": str(profile.job_role) if profile and profile.job_role_id else "",
                "status": status,
                "status_label": TaskStatus(status).label,
                "due": task.due,
                "acknowledged_at": timezone.localtime(covering.acknowledged_at) if covering else None,
                "acknowledged_on": timezone.localdate(covering.acknowledged_at) if covering else None,
                "acknowledged_version": covering.version.number if covering else None,
                "ip_address": covering.ip_address if covering else "",
            }
        )
    return rows


def summarize(rows):
    """Counts of a set of rows: in scope, acknowledged, pending (including
    those who acknowledged an older version), overdue, and the rate."""
    total = len(rows)
    acknowledged = sum(1 for r in rows if r["status"] == TaskStatus.ACKNOWLEDGED)
    overdue = sum(1 for r in rows if r["status"] == TaskStatus.OVERDUE)
    pending = total - acknowledged - overdue
    return {
        "total": total,
        "acknowledged": acknowledged,
        "pending": pending,
        "overdue": overdue,
        "outdated": sum(1 for r in rows if r["status"] == TaskStatus.OUTDATED),
        "rate": f"{acknowledged * 100 / total:.1f}%" if total else "—",
    }


def version_rows(version, today):
    tasks = (
        AcknowledgementTask.objects.filter(version=version)
        .select_related("user__profile__department", "user__profile__job_role", "version")
        .order_by("user__profile__department__name", "user__username")
    )
    return rows_for_tasks(tasks, today)


def by_department(rows, no_department_label):
    """Per department (alphabetical, people without one last): summary counts."""
    groups = {}
    for row in rows:
        groups.setdefault(row["department"] or "", []).append(row)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))
    return [{"department": name or str(no_department_label), **summarize(group)} for name, group in ordered]


def stats_for_versions(versions, today):
    """Attach ``summarize`` figures to each version (two queries in all)."""
    versions = list(versions)
    tasks = AcknowledgementTask.objects.filter(version__in=versions).select_related("version")
    by_version = {}
    for row in rows_for_tasks_light(tasks, today):
        by_version.setdefault(row["version_id"], []).append(row)
    for version in versions:
        for key, value in summarize(by_version.get(version.pk, [])).items():
            setattr(version, key, value)
    return versions


def rows_for_tasks_light(tasks, today):
    """Statuses only (for the overview): no people's details."""
    tasks = list(tasks)
    numbers = {}
    for user_id, page_id, number in Acknowledgement.objects.filter(
        user_id__in={t.user_id for t in tasks}, version__page_id__in={t.version.page_id for t in tasks}
    ).values_list("user_id", "version__page_id", "version__number"):
        numbers.setdefault((user_id, page_id), []).append(number)
    return [
        {
            "version_id": t.version_id,
            "status": task_status(t.version.number, t.due, numbers.get((t.user_id, t.version.page_id), []), today),
        }
        for t in tasks
    ]


# ---- over time ---------------------------------------------------------------


def cumulative_series(start, end, acknowledged_on):
    """[(day, how many had acknowledged by the end of that day)] for every
    day from ``start`` to ``end`` inclusive."""
    if end < start:
        end = start
    per_day = {}
    for day in acknowledged_on:
        per_day[day] = per_day.get(day, 0) + 1
    running = sum(n for day, n in per_day.items() if day < start)
    series = []
    day = start
    while day <= end:
        running += per_day.get(day, 0)
        series.append((day, running))
        day += datetime.timedelta(days=1)
    return series


def chart(series, total, due=None, width=640, height=220, pad=36):
    """Geometry for an inline SVG chart of ``series`` against ``total`` (the
    template draws it; no script, no CDN): one bar per day, the cumulative
    count, and a line through the tops of the bars.

    Each day has a slot of equal width and its point sits in the middle, so
    a series of one day (the day of publication) still draws a bar rather
    than a line of a single point, which draws nothing."""
    slots = max(len(series), 1)
    top = max(total, max((n for _, n in series), default=0), 1)
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    slot = inner_w / slots
    bar_width = round(max(min(slot * 0.7, 48), 1), 1)

    def x(i):
        return round(pad + slot * (i + 0.5), 1)

    def y(n):
        return round(height - pad - inner_h * n / top, 1)

    points = " ".join(f"{x(i)},{y(n)}" for i, (_, n) in enumerate(series))
    bars = [
        {"day": day, "count": n, "x": round(x(i) - bar_width / 2, 1), "y": y(n),
         "width": bar_width, "height": round(inner_h * n / top, 1), "cx": x(i)}
        for i, (day, n) in enumerate(series)
    ]
    start = series[0][0] if series else None
    due_x = None
    if due and start and series[0][0] <= due <= series[-1][0]:
        due_x = x((due - start).days)
    return {
        "width": width,
        "height": height,
        "pad": pad,
        "points": points,
        "bars": bars,
        "total_y": y(total),
        "zero_y": y(0),
        "left": pad,
        "right": width - pad,
        "middle": round(width / 2, 1),
        "due_x": due_x,
        "start": series[0][0] if series else None,
        "end": series[-1][0] if series else None,
        "last": series[-1][1] if series else 0,
        "total": total,
        "series": series,
    }


def version_chart(version, rows, today):
    published_on = timezone.localdate(version.published_at)
    days = [r["acknowledged_on"] for r in rows if r["acknowledged_on"]]
    end = max([today, *days]) if days else today
    return chart(cumulative_series(published_on, end, days), len(rows), version.acknowledgement_due)
