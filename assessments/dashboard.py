"""The home page's 我的成绩: the reader's latest written exams (with the
score only where the exam lets them see it, as on its result page), their
practical exams once the panel has finished, and their confirmed grade.
A fixed number of queries, however long the reader's history."""
from .attempts import clock, review_allowed
from .models import AttemptStatus, ExamAttempt, GradeDecision, PracticalExam


def my_results(user, limit=4, now=None):
    """``{"attempts", "practical", "grade"}`` for ``user``: each attempt
    carries ``show_score`` and ``result_url``."""
    now = now or clock()
    attempts = list(
        ExamAttempt.objects.filter(user=user, status__in=[AttemptStatus.MARKING, AttemptStatus.FINAL])
        .select_related("exam")
        .defer("questions")
        .order_by("-submitted_at", "-pk")[:limit]
    )
    for attempt in attempts:
        attempt.show_score = attempt.status == AttemptStatus.FINAL and review_allowed(
            attempt.exam.review_marks, attempt, now)
        attempt.result_url = f"{attempt.exam.url}attempt/{attempt.pk}/result/"
    practical = list(
        PracticalExam.objects.filter(trainee=user, finalised_at__isnull=False)
        .order_by("-finalised_at", "-pk")[:limit]
    )
    grade = GradeDecision.objects.confirmed().filter(person=user).order_by("-confirmed_at", "-pk").first()
    return {"attempts": attempts, "practical": practical, "grade": grade}
