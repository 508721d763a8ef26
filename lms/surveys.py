"""Satisfaction surveys: who may answer, and the summary HR reads."""
import dataclasses
from collections import Counter

from django.utils.translation import gettext as _

from .models import Attendance, AttendanceStatus, SurveySubmission
from .models.sessions import RATING


def answer_refusal(page, session, user):
    """Why ``user`` may not answer ``page`` for ``session``, or ``None``:
    only people who attended, once each."""
    if session is None:
        return _("请通过培训课堂中的问卷链接填写（链接中须包含培训课堂）。")
    attended = Attendance.objects.filter(session=session, user=user, signed_in_at__isnull=False).exclude(
        status=AttendanceStatus.ABSENT
    ).exists()
    if not attended:
        return _("只有签到参加了本次培训的人员可以填写满意度调查。")
    if SurveySubmission.objects.filter(page=page, session=session, user=user).exists():
        return _("您已提交过本次培训的满意度调查，每人每次培训只能填写一次。")
    return None


@dataclasses.dataclass
class QuestionSummary:
    label: str
    field_type: str
    count: int
    mean: float = None
    distribution: list = None  # [(answer, count, percent)]
    texts: list = None


def summarise(page, sessions=None):
    """Per question: the mean and distribution of ratings, the counts of
    each choice, the free-text answers. ``sessions`` limits it."""
    submissions = SurveySubmission.objects.filter(page=page)
    if sessions is not None:
        submissions = submissions.filter(session__in=sessions)
    data = [s.form_data for s in submissions]
    summaries = []
    for field in page.get_form_fields():
        answers = [d.get(field.clean_name) for d in data if d.get(field.clean_name) not in (None, "", [])]
        summary = QuestionSummary(field.label, field.field_type, len(answers))
        if field.field_type == RATING:
            numbers = [int(a) for a in answers]
            summary.mean = round(sum(numbers) / len(numbers), 2) if numbers else None
            counts = Counter(numbers)
            summary.distribution = [
                (score, counts.get(score, 0), round(100 * counts.get(score, 0) / len(numbers)) if numbers else 0)
                for score in range(5, 0, -1)
            ]
        elif field.field_type in ("radio", "dropdown", "checkboxes", "multiselect", "checkbox"):
            flat = []
            for answer in answers:
                flat.extend(answer if isinstance(answer, list) else [answer])
            counts = Counter(str(a) for a in flat)
            total = sum(counts.values()) or 1
            summary.distribution = [(k, v, round(100 * v / total)) for k, v in counts.most_common()]
        else:
            summary.texts = [str(a) for a in answers]
        summaries.append(summary)
    return len(data), summaries


def rating_mean(submissions):
    """The mean of every rating answer in ``submissions`` (None if none)."""
    numbers = []
    for submission in submissions:
        fields = {f.clean_name for f in submission.page.specific.rating_fields()}
        numbers.extend(int(v) for k, v in submission.form_data.items() if k in fields and v not in (None, ""))
    return round(sum(numbers) / len(numbers), 2) if numbers else None
