"""The knowledge measure of a training's evaluation (002 七): the final
results of the course's exam for the session's trainees, reported to
:mod:`lms.evaluation` through its ``lms_training_exam_results`` hook
(registered in :mod:`assessments.wagtail_hooks`)."""
from django.contrib.contenttypes.models import ContentType

from lms.evaluation import ExamResult

from .models import AttemptStatus, ExamAttempt, ExamPage


def course_exam_results(session, trainees):
    """Each trainee's best final attempt at the session's course exam
    (one query; none when the course has no written exam)."""
    course = session.course
    if course is None or not course.has_exam or not trainees:
        return []
    if course.exam_content_type_id != ContentType.objects.get_for_model(ExamPage).pk:
        return []
    best = {}
    attempts = (ExamAttempt.objects.filter(exam_id=course.exam_object_id, user__in=trainees,
                                           status=AttemptStatus.FINAL, score__isnull=False)
                .select_related("exam").order_by("user_id", "-score", "-pk"))
    for attempt in attempts:
        best.setdefault(attempt.user_id, attempt)
    return [ExamResult(user_id=a.user_id, exam=a.exam.title, score=a.score, passed=bool(a.passed))
            for a in best.values()]
