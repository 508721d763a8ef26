"""The written part of a grade 定职定级的书面成绩 (售后服务人员培训管理办法
五.3.D.1): only the grading written exam 定级书面考卷, set by 技术部/工程部
and organised by 人资部/售后部, counts; a 补考 replaces a failed attempt.
A course quiz 课程测验 or the placement test 摸底考试 never counts.

A plain function over plain records (:class:`WrittenSitting`), so it is
tested without a database; :func:`assessments.attempts.grading_written_score`
gathers the sittings."""
from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

GRADING = "grading"
RETAKE = "retake"


@dataclasses.dataclass(frozen=True)
class WrittenSitting:
    """One final written attempt: the exam's purpose, whether the attempt is
    a retake (an attempt marked 补考 on the same page, or any attempt of an
    exam whose purpose is 补考), the verdict, the score and when it became final."""

    purpose: str
    score: Decimal
    passed: bool
    finalised_at: datetime.datetime
    is_retake: bool = False
    attempt_id: int | None = None


def grading_written_result(sittings):
    """The sitting that is the written part of a grade, or None.

    Sittings of other purposes are ignored. In the order they became final:
    the first grading sitting stands; a retake replaces the standing one
    only if that one failed (a passed paper is not retaken); a new grading
    sitting (a later grading round) replaces whatever stood."""
    standing = None
    for sitting in sorted((s for s in sittings if s.purpose in (GRADING, RETAKE)),
                          key=lambda s: s.finalised_at):
        retake = sitting.is_retake or sitting.purpose == RETAKE
        if standing is None or not retake or not standing.passed:
            standing = sitting
    return standing
