"""What a final written-exam score sets off: one service, in one order.

When an attempt's score becomes final (handed in with nothing to mark, timed
out, or its last short answer marked), the attempt engine
(:mod:`assessments.attempts`) calls :func:`attempt_became_final` once, inside
its transaction. It acts in this order:

1. a placement test 摸底考试 records the placement result and sets the
   trainee's plan level (:func:`assessments.placement_results.record_placement`);
   a grading written exam 定级书面考试 or its 补考 may complete a grade
   proposal 定级 once the practical result is in
   (:func:`assessments.proposals.propose_grade_if_ready`); a course quiz
   课程测验 never touches a grade;
2. the courses that end with this exam learn how the trainee did: a pass
   completes the course once its lessons are done (``lms``).

To make a final score do something more, add the step here.

A correction 成绩更正 (:mod:`assessments.corrections`) changes the result in
force without touching the attempt: :func:`result_corrected` runs the same
steps on the corrected result (the placement is worked out again, a grade is
proposed again for HR to confirm, a corrected pass completes the course).
"""
from django.contrib.contenttypes.models import ContentType

from lms.models import Enrolment
from lms.progress import record_exam_result

from .models import ExamPage
from .placement_results import correct_written_part, record_placement
from .proposals import propose_grade_if_ready


def attempt_became_final(attempt):
    """Act on ``attempt``'s final score (see the module docstring for the order)."""
    now = attempt.finalised_at
    if attempt.exam.is_placement:
        record_placement(attempt, now=now)
    elif attempt.exam.counts_for_grade:
        propose_grade_if_ready(attempt.user, now=now)
    record_course_results(attempt)


def result_corrected(attempt, *, now=None):
    """Act on ``attempt``'s corrected result (the latest correction's)."""
    score, _passed = attempt.result_in_force()
    if attempt.exam.is_placement:
        correct_written_part(attempt, score, now=now)
    elif attempt.exam.counts_for_grade:
        propose_grade_if_ready(attempt.user, now=now)
    record_course_results(attempt, now=now)


def record_course_results(attempt, *, now=None):
    """Tell the courses that end with ``attempt``'s exam (``CoursePage.exam``)
    how the trainee did (the result in force): a pass completes the course
    once its lessons are done."""
    _score, passed = attempt.result_in_force()
    enrolments = Enrolment.objects.filter(
        user_id=attempt.user_id,  # the id: the person need not be read for this
        course__exam_content_type=ContentType.objects.get_for_model(ExamPage),
        course__exam_object_id=attempt.exam_id,
    )
    for enrolment in enrolments:
        record_exam_result(enrolment, bool(passed), now=now or attempt.finalised_at)
