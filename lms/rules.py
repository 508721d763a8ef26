"""The company's training rules as plain functions.

Lead times, due days, the sign-in window and attendance statuses change when
HR publishes a revision of the training-management system, so their numbers
are data (:class:`lms.models.TrainingSettings`, per-session fields) and the
functions here take them, and the day or the time, as explicit arguments:
they are testable without a request, a page or a clock. They import nothing
from the app: the models validate with them, the services decide with them.
"""
import calendar
import datetime

from django.utils.translation import gettext as _

ANNUAL, SPECIAL, MONTHLY, TEMPORARY = "annual", "special", "monthly", "temporary"

# The defaults of the company's training-management system in force (培训管理制度):
#: a monthly plan goes for approval at least 10 days before it starts,
DEFAULT_MONTHLY_LEAD_DAYS = 10
#: a temporary plan at least 7 days before;
DEFAULT_TEMPORARY_LEAD_DAYS = 7
#: departments hand in next month's training needs (培训需求申请表) by the 25th
#: (another of the company's documents uses the 8th: it is a setting);
DEFAULT_NEEDS_DUE_DAY = 25
#: after a promotion or transfer, three months of training in the new post.
DEFAULT_POST_CHANGE_MONTHS = 3
#: a filed course is re-evaluated every twelve months (客户培训日常管理制度 五(三));
DEFAULT_COURSE_REEVALUATION_MONTHS = 12
#: a trainer enters the pool with at least 80 in the trial lecture and the case analysis.
DEFAULT_TRAINER_PASS_SCORE = 80


# ---- training plans -----------------------------------------------------


def required_lead_days(kind, *, monthly_days=DEFAULT_MONTHLY_LEAD_DAYS,
                       temporary_days=DEFAULT_TEMPORARY_LEAD_DAYS):
    """How many days before its start a plan of ``kind`` must be submitted
    (``None``: no rule, as for the annual plan)."""
    if kind == MONTHLY:
        return monthly_days
    if kind == TEMPORARY:
        return temporary_days
    return None


def lead_time_error(kind, starts_on, submitted_on, **days):
    """The reason a plan of ``kind`` starting ``starts_on`` cannot be
    submitted on ``submitted_on``, or ``None`` when it is in time."""
    needed = required_lead_days(kind, **days)
    if needed is None or starts_on is None or submitted_on is None:
        return None
    ahead = (starts_on - submitted_on).days
    if ahead >= needed:
        return None
    label = _("月度培训计划") if kind == MONTHLY else _("临时培训计划")
    return _(
        "%(label)s须至少提前 %(needed)d 天报批：开始日期 %(start)s，提交日期 %(submitted)s，"
        "仅提前 %(ahead)d 天。"
    ) % {
        "label": label, "needed": needed, "ahead": ahead,
        "start": starts_on.isoformat(), "submitted": submitted_on.isoformat(),
    }


def line_days(starts_on, ends_on=None, month=None):
    """The first and last day of a plan line's training time: its dates
    (one day when only the start is known), or the whole ``month`` when the
    line is only planned to the month (an annual plan's 3 月). ``(None,
    None)`` when neither is given."""
    if starts_on is not None:
        return starts_on, ends_on or starts_on
    if month is not None:
        first = month.replace(day=1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return None, None


def plan_lead_time_error(kind, line_starts, plan_starts_on, submitted_on, **days):
    """The lead-time rule of a plan with course lines: it runs to the first
    training, the earliest of ``line_starts`` (the plan's own start when it
    has no dated line yet); see :func:`lead_time_error`."""
    starts = [day for day in line_starts if day is not None]
    return lead_time_error(kind, min(starts) if starts else plan_starts_on, submitted_on, **days)


def add_months(day, months):
    """``day`` plus ``months`` calendar months, clamped to the month's end
    (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return add_months(month_start(day), 1)


def needs_request_due(month, due_day=DEFAULT_NEEDS_DUE_DAY):
    """The last day to submit the training-needs request (培训需求申请表) for
    ``month`` (any day in it): day ``due_day`` of the month before, or that
    month's last day if it is shorter."""
    previous = add_months(month_start(month), -1)
    last = calendar.monthrange(previous.year, previous.month)[1]
    return previous.replace(day=min(due_day, last))


def needs_reminder_due(today, due_day=DEFAULT_NEEDS_DUE_DAY, days_before=3):
    """Whether ``today`` is a day to remind departments about next month's
    request: from ``days_before`` days ahead of the due day until it (and
    every day after it, while the request is missing)."""
    due = needs_request_due(next_month(today), due_day)
    return today >= due - datetime.timedelta(days=days_before), due


def post_change_period(starts_on, months=DEFAULT_POST_CHANGE_MONTHS):
    """The training period in a new post after a promotion or transfer."""
    return starts_on, add_months(starts_on, months)


def summary_window_opens(ends_on, days_before=14):
    """The work summary may be submitted from this day (near the period's end)."""
    return ends_on - datetime.timedelta(days=days_before)


# ---- sessions and attendance ---------------------------------------------


def signin_window(starts_at, ends_at, opens_minutes_before=15):
    """When the sign-in link or QR code works: a little before the start
    until the end of the session."""
    return starts_at - datetime.timedelta(minutes=opens_minutes_before), ends_at


def signin_open(now, starts_at, ends_at, opens_minutes_before=15):
    opens, closes = signin_window(starts_at, ends_at, opens_minutes_before)
    return opens <= now <= closes


PRESENT, LATE, LEFT_EARLY, ABSENT = "present", "late", "left_early", "absent"
#: 请假: excused by HR or the trainer, with a reason; never computed from times.
LEAVE = "leave"
#: The statuses a customer's contact is told of (002 六: lateness and absence).
REPORTED_TO_CUSTOMER = (LATE, LEFT_EARLY, ABSENT)


def attendance_status(signed_in_at, signed_out_at, starts_at, ends_at, late_after_minutes=5,
                      early_before_minutes=10):
    """present / late / left_early / absent from the sign-in and sign-out
    times. Late counts before leaving early (someone both late and early is
    recorded as late: the first rule broken)."""
    if signed_in_at is None:
        return ABSENT
    if signed_in_at > starts_at + datetime.timedelta(minutes=late_after_minutes):
        return LATE
    if signed_out_at is not None and signed_out_at < ends_at - datetime.timedelta(minutes=early_before_minutes):
        return LEFT_EARLY
    return PRESENT


# ---- courses ----------------------------------------------------------------


def policy_lesson_complete(read_number, required_number):
    """A policy-reading lesson is complete when the version read is the
    newest substantive one, or later (an editorial fix does not reopen it)."""
    if read_number is None:
        return False
    if required_number is None:
        return True
    return read_number >= required_number



# ---- course development and re-evaluation (客户培训日常管理制度 五(二)(三)) ------

#: The steps of developing a course, in order; the last one files it.
DEVELOPMENT_STEPS = ("project", "research", "outline", "materials", "trial", "revision", "filed")
FILED = "filed"


def next_development_step(current):
    """The step after ``current`` (``None`` when the course is filed)."""
    if current not in DEVELOPMENT_STEPS:
        return DEVELOPMENT_STEPS[0]
    index = DEVELOPMENT_STEPS.index(current)
    return DEVELOPMENT_STEPS[index + 1] if index + 1 < len(DEVELOPMENT_STEPS) else None


def reevaluation_due(last_evaluated_on, months=DEFAULT_COURSE_REEVALUATION_MONTHS):
    """The day a filed course last evaluated (or filed) on ``last_evaluated_on`` is due again."""
    return add_months(last_evaluated_on, months) if last_evaluated_on else None


# ---- the trainer pool (客户培训日常管理制度 四) ------------------------------------


def admission_refusal(trial_score, case_score, pass_score=DEFAULT_TRAINER_PASS_SCORE):
    """Why a candidate with these scores may not enter the pool (``None``: admitted)."""
    if trial_score is None or case_score is None:
        return _("入库须记录试讲评分与教学案例分析评分。")
    low = [label for label, score in ((_("试讲"), trial_score), (_("教学案例分析"), case_score))
           if score < pass_score]
    if low:
        return _("%(items)s评分低于入库合格分 %(pass)s，不能入库。") % {"items": "、".join(low), "pass": pass_score}
    return None
