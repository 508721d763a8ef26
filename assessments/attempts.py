"""The written-exam attempt engine: start, autosave, submit, time-out, marking.

Every function that depends on time takes ``now=`` (default: :func:`clock`);
views pass nothing, tests pass the time. The server's clock is the only one
that counts: ``started_at`` and ``deadline`` are set here, and nothing the
client sends about time is read.

Concurrency: every change to an attempt happens inside
``transaction.atomic()`` after locking the attempt row with
``select_for_update()`` (a no-op on SQLite, whose writers are serialised
anyway), and moves it through ``in_progress → marking → final`` only
forwards. A second submit, a second tab or a late autosave finds the attempt
already closed and changes nothing.

Autosaves carry a client sequence number; the attempt stores the newest one
accepted. A post whose number is not greater is stale (:class:`StaleSave`)
and is refused unchanged, so a delayed or repeated request can never
overwrite newer answers.

Marking: single choice and true/false score all or nothing; multiple choice
scores all or nothing too (every correct option and no other, no partial
credit); fill-in scores when the answer matches one of the accepted answers
after :func:`~assessments.models.questions.normalise_text_answer`. Short
answers go to the marking queue; an attempt's score is final when every
short answer is marked. What a final score sets off is
:func:`assessments.outcomes.attempt_became_final`, called once, inside the
transaction that makes the score final.
"""
import hashlib
import random
import secrets
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.routing import restriction_may_apply

from .models import (
    GRADING_PURPOSES,
    AttemptStatus,
    CloseReason,
    ExamAnswer,
    ExamAttempt,
    QuestionType,
    ReviewWhen,
)
from .models.questions import normalise_text_answer
from .outcomes import attempt_became_final
from .rules.written import WrittenSitting, grading_written_result

CENT = Decimal("0.01")
MAX_TEXT_ANSWER = {QuestionType.FILL_IN: 500, QuestionType.SHORT_ANSWER: 5000}


def clock():
    """The server's time. Views call the engine without ``now=``, so this is
    what they use; tests pass ``now=`` or patch this function."""
    return timezone.now()


class AttemptError(Exception):
    def __init__(self, message="", attempt=None):
        super().__init__(message)
        self.message = str(message)
        self.attempt = attempt


class AttemptRefused(AttemptError):
    """The person may not start (another) attempt now."""


class AttemptClosed(AttemptError):
    """The attempt accepts no more answers (submitted, or past its deadline)."""


class StaleSave(AttemptError):
    """An autosave whose sequence number is not newer than the last accepted one."""


class InvalidAnswer(AttemptError):
    """An answer that does not fit its question (unknown key or option)."""


class MarkingError(AttemptError):
    """A mark that cannot be recorded."""


# ---- building the paper ---------------------------------------------------------


def _option_key(seed, question_id, index):
    """An opaque per-attempt key for an option: says nothing about order or correctness."""
    digest = hashlib.sha256(f"{seed}:{question_id}:{index}".encode()).hexdigest()
    return "o" + digest[:10]


def build_paper(exam, seed):
    """The paper for an attempt with ``seed``: snapshots of the drawn questions
    in the order shown, options with opaque keys and (if the exam says so)
    shuffled. Reproducible: the same exam settings, bank and seed give the
    same paper."""
    rng = random.Random(seed)
    drawn = list(exam.draw_questions(rng))
    if exam.shuffle_questions:
        rng.shuffle(drawn)
    paper = []
    for position, (question, points) in enumerate(drawn, start=1):
        snap = question.snapshot(points=points)
        snap["key"] = f"q{position}"
        options = [dict(option, key=_option_key(seed, question.pk, index))
                   for index, option in enumerate(snap["options"])]
        if exam.shuffle_options:
            rng.shuffle(options)
        snap["options"] = options
        paper.append(snap)
    return paper


# ---- who may start ----------------------------------------------------------------


def start_refusal(exam, previous, now):
    """Why a person with ``previous`` attempts (all of theirs for ``exam``)
    may not start one at ``now``, or None; and whether it would be a retake
    (补考). Rule: ``attempts_allowed`` regular attempts, then up to
    ``retakes_allowed`` retakes, each only after every earlier attempt has a
    final score and none passed."""
    if exam.opens_at and now < exam.opens_at:
        return _("考试尚未开放，开放时间：%(at)s。") % {
            "at": timezone.localtime(exam.opens_at).strftime("%Y-%m-%d %H:%M")}, False
    if exam.is_closed(now):
        return _("考试已结束。"), False
    if any(a.status == AttemptStatus.FINAL and a.passed_in_force for a in previous):
        return _("您已通过本次考试。"), False
    used = len(previous)
    if used < exam.attempts_allowed:
        return None, False
    if used >= exam.attempts_allowed + exam.retakes_allowed:
        return _("考试次数已用完（正考 %(regular)s 次，补考 %(retakes)s 次）。") % {
            "regular": exam.attempts_allowed, "retakes": exam.retakes_allowed}, False
    if any(a.status != AttemptStatus.FINAL for a in previous):
        return _("上次考试尚未评定成绩，成绩评定后才能补考。"), False
    return None, True


def _lock(attempt_id, exam=None, user=None, check=None, with_exam=True):
    """The attempt, its row locked until the transaction ends. Given the
    ``exam`` (and ``user``), only that exam's (and that person's) attempt is
    found (else ``ExamAttempt.DoesNotExist``) and the exam already at hand is
    attached instead of joined in.

    ``exam`` may also be the exam's id (a URL outside Wagtail's routing,
    :mod:`assessments.urls`): then only a published exam's attempt is found,
    the exam's page is read with it unless ``with_exam`` is false (an
    autosave needs none of its ~50 columns; ``attempt.exam`` is then read
    if something asks), and ``exam_may_be_restricted`` says whether its
    privacy settings (or an ancestor's) need checking
    (:func:`people.routing.restriction_may_apply`), all in the one locked
    read. ``check(locked)``, if given, runs before anything changes and may
    raise to refuse (the transaction is rolled back)."""
    if exam is None:
        locked = ExamAttempt.objects.select_for_update(of=("self",)).select_related("exam").get(pk=attempt_id)
    elif isinstance(exam, int):
        mine = ExamAttempt.objects.select_for_update(of=("self",))
        if with_exam:
            mine = mine.select_related("exam")
        # exam__live joins the exam's wagtailcore_page row (the first join of
        # that table, so named after it), whose path the restriction check reads.
        locked = (mine.filter(pk=attempt_id, exam_id=exam, user=user, exam__live=True)
                  .annotate(exam_may_be_restricted=restriction_may_apply('"wagtailcore_page"."path"')).get())
    else:
        mine = {"exam": exam} if user is None else {"exam": exam, "user": user}
        locked = ExamAttempt.objects.select_for_update().get(pk=attempt_id, **mine)
        locked.exam = exam
    if check is not None:
        check(locked)
    return locked


def start_attempt(exam, user, *, now=None):
    """Start an attempt, or return the one ``user`` already has in progress
    (a reload, a second tab, a double click all land on the same attempt).

    Raises :class:`AttemptRefused` with the reason, or
    :class:`~assessments.models.ExamNotReady` if no paper can be drawn."""
    now = now or clock()
    with transaction.atomic():
        current = ExamAttempt.objects.filter(exam=exam, user=user, status=AttemptStatus.IN_PROGRESS).first()
        if current is not None:
            current = expire_if_due(current, now=now)
            if current.is_in_progress:
                return current
        previous = list(ExamAttempt.objects.filter(exam=exam, user=user).with_effective_result())
        refusal, is_retake = start_refusal(exam, previous, now)
        if refusal:
            raise AttemptRefused(refusal)
        seed = secrets.randbits(48)
        paper = build_paper(exam, seed)
        try:
            with transaction.atomic():
                return ExamAttempt.objects.create(
                    exam=exam, user=user, number=len(previous) + 1, is_retake=is_retake,
                    status=AttemptStatus.IN_PROGRESS, started_at=now, deadline=exam.deadline_for(now),
                    seed=seed, questions=paper, max_points=sum(Decimal(q["points"]) for q in paper),
                )
        except IntegrityError:
            pass
    # Another request started one at the same moment: that one is the attempt.
    current = ExamAttempt.objects.filter(exam=exam, user=user, status=AttemptStatus.IN_PROGRESS).first()
    if current is None:
        raise AttemptRefused(_("无法开始考试，请刷新页面后重试。"))
    return current


# ---- answers ----------------------------------------------------------------------


def clean_response(question, raw):
    """``raw`` (from JSON or a form) as stored for ``question`` (a snapshot);
    None means unanswered. Raises :class:`InvalidAnswer`."""
    if raw is None or raw == "" or raw == []:
        return None
    qtype = question["type"]
    keys = [o["key"] for o in question["options"]]
    if qtype == QuestionType.SINGLE:
        if not isinstance(raw, str) or raw not in keys:
            raise InvalidAnswer(_("第 %(key)s 题的选项无效。") % {"key": question["key"][1:]})
        return raw
    if qtype == QuestionType.MULTIPLE:
        values = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(v, str) and v in keys for v in values):
            raise InvalidAnswer(_("第 %(key)s 题的选项无效。") % {"key": question["key"][1:]})
        return [k for k in keys if k in set(values)]
    if qtype == QuestionType.TRUE_FALSE:
        if raw in (True, "true", "1", 1):
            return True
        if raw in (False, "false", "0", 0):
            return False
        raise InvalidAnswer(_("第 %(key)s 题只能回答“正确”或“错误”。") % {"key": question["key"][1:]})
    if not isinstance(raw, str):
        raise InvalidAnswer(_("第 %(key)s 题的答案应为文字。") % {"key": question["key"][1:]})
    limit = MAX_TEXT_ANSWER.get(qtype, 500)
    if len(raw) > limit:
        raise InvalidAnswer(_("第 %(key)s 题的答案不能超过 %(n)s 个字。") % {"key": question["key"][1:], "n": limit})
    return raw


def _cleaned(attempt, answers):
    """``answers`` ({key: raw}) checked against the paper: {key: response}."""
    questions = attempt.question_map()
    cleaned = {}
    for key, raw in answers.items():
        if key not in questions:
            raise InvalidAnswer(_("试卷中没有题号 %(key)s。") % {"key": key})
        cleaned[key] = clean_response(questions[key], raw)
    return cleaned


def _store(attempt, answers, seq, now):
    cleaned = _cleaned(attempt, answers)
    # One upsert for the whole batch (INSERT … ON CONFLICT (attempt, key) DO
    # UPDATE), not a savepoint, a select and a write per answer.
    ExamAnswer.objects.bulk_create(
        [ExamAnswer(attempt=attempt, key=key, response=value, seq=seq, saved_at=now) for key, value in cleaned.items()],
        update_conflicts=True, unique_fields=["attempt", "key"], update_fields=["response", "seq", "saved_at"],
    )
    attempt.seq = seq
    attempt.last_saved_at = now
    attempt.save(update_fields=["seq", "last_saved_at"])


def _as_seq(seq):
    try:
        number = int(seq)
    except (TypeError, ValueError):
        raise InvalidAnswer(_("缺少保存序号。")) from None
    if number < 1 or isinstance(seq, bool):
        raise InvalidAnswer(_("保存序号无效。"))
    return number


def save_answers(attempt, answers, seq, *, now=None, exam=None, user=None, check=None):
    """Autosave: store ``answers`` ({key: response}, one question or the
    whole paper) under client sequence number ``seq``.

    ``attempt`` is an attempt or its id; with ``exam`` and ``user`` (the
    views pass the page or its id and the requester) only their attempt is
    found, in the same locked read (``ExamAttempt.DoesNotExist`` otherwise);
    ``check`` as for :func:`_lock`.

    Raises :class:`StaleSave` if ``seq`` is not newer than the last accepted
    one (nothing changes), :class:`AttemptClosed` if the attempt is no longer
    in progress — past its deadline it is closed now, with the answers saved
    before — and :class:`InvalidAnswer`. Returns the locked, updated attempt."""
    now = now or clock()
    seq = _as_seq(seq)
    if not isinstance(answers, dict):
        raise InvalidAnswer(_("答案格式无效。"))
    with transaction.atomic():
        locked = _lock(getattr(attempt, "pk", attempt), exam, user, check, with_exam=False)
        outcome = None
        if locked.status == AttemptStatus.IN_PROGRESS and now >= locked.deadline:
            _close(locked, now, CloseReason.TIMED_OUT)
        if locked.status != AttemptStatus.IN_PROGRESS:
            outcome = AttemptClosed(_("考试已交卷，答案未保存。"), locked)
        elif seq <= locked.seq:
            outcome = StaleSave(_("已有更新的答案保存，本次保存被忽略。"), locked)
        else:
            _store(locked, answers, seq, now)
    if outcome is not None:
        raise outcome
    return locked


def saved_responses(attempt):
    """{key: response} of what the attempt has saved."""
    return {a.key: a.response for a in attempt.answers.all()}


# ---- closing and marking -------------------------------------------------------


def _points(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def objective_points(question, response):
    """Points for an objective answer (see the module docstring for the rules)."""
    full = _points(question["points"])
    if response is None:
        return Decimal("0.00")
    qtype = question["type"]
    if qtype == QuestionType.SINGLE:
        right = [o["key"] for o in question["options"] if o["correct"]]
        return full if [response] == right else Decimal("0.00")
    if qtype == QuestionType.MULTIPLE:
        right = {o["key"] for o in question["options"] if o["correct"]}
        return full if set(response) == right else Decimal("0.00")
    if qtype == QuestionType.TRUE_FALSE:
        return full if response is question["true_false_answer"] else Decimal("0.00")
    if qtype == QuestionType.FILL_IN:
        accepted = {normalise_text_answer(a) for a in question["accepted_answers"]}
        return full if normalise_text_answer(response) in accepted else Decimal("0.00")
    raise ValueError(qtype)


def _close(attempt, now, reason, *, last_save=None):
    """Close a locked in-progress attempt: mark what can be marked, queue the
    short answers, finalise if nothing is left to mark. Only answers already
    saved count (a timed-out attempt keeps what was saved before its
    deadline), and ``last_save`` (``(cleaned answers, seq)``, the submit's
    own) with them.

    Statements, whatever the number of answers: one read of the saved
    answers, one upsert (the last save's responses, every question's points,
    a row for each unanswered question), one update of the attempt (closed,
    and final when nothing is left to mark). The attempt's row is locked, so
    no autosave writes between the read and the upsert."""
    saved = {a.key: a for a in attempt.answers.all()}
    fields = ["points", "needs_marking"]
    if last_save is not None:
        cleaned, seq = last_save
        for key, value in cleaned.items():
            answer = saved.get(key) or ExamAnswer(attempt=attempt, key=key)
            answer.response, answer.seq, answer.saved_at = value, seq, now
            saved[key] = answer
        attempt.seq, attempt.last_saved_at = seq, now
        fields = ["response", "seq", "saved_at", *fields]
    marked = []
    for question in attempt.questions:
        answer = saved.get(question["key"]) or ExamAnswer(attempt=attempt, key=question["key"])
        if question["type"] == QuestionType.SHORT_ANSWER:
            blank = not (answer.response or "").strip()
            answer.needs_marking = not blank
            answer.points = Decimal("0.00") if blank else None
        else:
            answer.points = objective_points(question, answer.response)
        # Rows read above go back through the same upsert as the new ones
        # (without their id: Django would split the batch in two statements).
        answer.pk = None
        marked.append(answer)
    # One statement: the saved answers get their points, the unanswered
    # questions a row of their own (their response and save time untouched
    # unless this submit carried them).
    ExamAnswer.objects.bulk_create(marked, update_conflicts=True, unique_fields=["attempt", "key"],
                                   update_fields=fields)
    attempt.status = AttemptStatus.MARKING
    attempt.close_reason = reason
    attempt.submitted_at = now if reason == CloseReason.SUBMITTED else min(now, attempt.deadline)
    closed = ["status", "close_reason", "submitted_at"]
    if last_save is not None:
        closed += ["seq", "last_saved_at"]
    if _score(attempt, marked, now):
        closed += ["points", "score", "passed", "finalised_at"]
    attempt.save(update_fields=closed)
    if attempt.status == AttemptStatus.FINAL:
        attempt_became_final(attempt)


def _score(attempt, answers, now):
    """If every one of ``answers`` (all the attempt's) has its points, set
    the attempt's points, score and pass, make it final and say True."""
    if any(a.points is None for a in answers):
        return False
    attempt.points = sum((a.points for a in answers), Decimal("0.00"))
    attempt.score = (attempt.points * 100 / attempt.max_points).quantize(CENT, rounding=ROUND_HALF_UP) \
        if attempt.max_points else Decimal("0.00")
    attempt.passed = attempt.score >= attempt.exam.pass_mark
    attempt.status = AttemptStatus.FINAL
    attempt.finalised_at = now
    # The result in force is this one: a correction needs a final score
    # (assessments.corrections), so none exists yet; what a final score sets
    # off reads it without asking for corrections.
    attempt.effective_score, attempt.effective_passed = attempt.score, attempt.passed
    return True


def _finalise_if_marked(attempt, now):
    if not _score(attempt, list(attempt.answers.all()), now):
        return False
    attempt.save(update_fields=["points", "score", "passed", "status", "finalised_at"])
    attempt_became_final(attempt)
    return True


def submit_attempt(attempt, *, answers=None, seq=None, now=None, exam=None, user=None, check=None):
    """Hand the attempt in, exactly once. ``answers``/``seq``, if given, are a
    last save (ignored if stale or after the deadline). ``attempt``, ``exam``
    ``user`` and ``check`` as for :func:`save_answers`. Returns ``(attempt,
    changed)``: a second submit returns the attempt as it already is and
    ``changed`` False.

    Exactly once: the attempt's row is locked (``SELECT … FOR UPDATE``)
    and only an attempt still in progress is closed, so of two submits at
    once the second waits for the first and then finds it closed."""
    now = now or clock()
    with transaction.atomic():
        locked = _lock(getattr(attempt, "pk", attempt), exam, user, check)
        if locked.status != AttemptStatus.IN_PROGRESS:
            return locked, False
        if now >= locked.deadline:
            _close(locked, now, CloseReason.TIMED_OUT)
            return locked, True
        last_save = None
        if answers:
            if not isinstance(answers, dict):
                raise InvalidAnswer(_("答案格式无效。"))
            number = _as_seq(seq)
            if number > locked.seq:
                last_save = (_cleaned(locked, answers), number)
        _close(locked, now, CloseReason.SUBMITTED, last_save=last_save)
        return locked, True


def expire_if_due(attempt, *, now=None):
    """If ``attempt`` is in progress and past its deadline, close it now (with
    the answers saved before the deadline). Returns the attempt as it is."""
    now = now or clock()
    if attempt.status != AttemptStatus.IN_PROGRESS or now < attempt.deadline:
        return attempt
    with transaction.atomic():
        locked = _lock(attempt.pk)
        if locked.status == AttemptStatus.IN_PROGRESS and now >= locked.deadline:
            _close(locked, now, CloseReason.TIMED_OUT)
    return locked


def close_expired_attempts(*, now=None):
    """Close every in-progress attempt past its deadline (abandoned ones).
    Returns how many were closed."""
    now = now or clock()
    closed = 0
    due = ExamAttempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lte=now)
    for attempt in due.order_by("deadline", "pk"):
        if expire_if_due(attempt, now=now).status != AttemptStatus.IN_PROGRESS:
            closed += 1
    return closed


def marking_queue():
    """Short answers waiting for a marker, oldest submission first."""
    return (ExamAnswer.objects.filter(needs_marking=True, points__isnull=True,
                                      attempt__status=AttemptStatus.MARKING)
            .select_related("attempt__exam", "attempt__user").order_by("attempt__submitted_at", "attempt_id", "pk"))


def mark_answer(answer, points, marker, *, comment="", now=None):
    """A marker scores a short answer (0 to the question's points, two
    decimals). Records who and when; once every short answer of the attempt
    is marked, the attempt's score is final. A final score is not re-marked."""
    now = now or clock()
    if marker is None:
        raise MarkingError(_("阅卷须记录阅卷人。"))
    try:
        value = Decimal(str(points).strip())
    except (InvalidOperation, ValueError):
        raise MarkingError(_("得分必须是数字。")) from None
    if not value.is_finite() or value != value.quantize(CENT):
        raise MarkingError(_("得分必须是数字，最多两位小数。"))
    with transaction.atomic():
        attempt = _lock(answer.attempt_id)
        answer = ExamAnswer.objects.select_for_update().get(pk=answer.pk)
        if not answer.needs_marking:
            raise MarkingError(_("这道题不需要人工阅卷。"), attempt)
        if attempt.status != AttemptStatus.MARKING:
            raise MarkingError(_("该考卷的成绩已评定，不能再修改。"), attempt)
        if answer.marked_at is not None:
            raise MarkingError(_("这道题已有阅卷人评分，不能覆盖；如需更正，请在成绩评定后提交复核更正。"), attempt)
        question = attempt.question_map()[answer.key]
        full = _points(question["points"])
        if value < 0 or value > full:
            raise MarkingError(_("得分须在 0 到 %(full)s 之间。") % {"full": full}, attempt)
        answer.points = value
        answer.marked_by = marker
        answer.marked_at = now
        answer.marker_comment = comment
        answer.save(update_fields=["points", "marked_by", "marked_at", "marker_comment"])
        _finalise_if_marked(attempt, now)
    return answer


# ---- what the trainee may see ------------------------------------------------


def review_allowed(when, attempt, now):
    """Whether a review option (:class:`~assessments.models.ReviewWhen`) lets
    the trainee see it for ``attempt`` at ``now``. Never while in progress;
    "after close" needs the exam to have a close time that has passed."""
    if attempt.status == AttemptStatus.IN_PROGRESS or when == ReviewWhen.NEVER:
        return False
    if when == ReviewWhen.AFTER_SUBMIT:
        return True
    return attempt.exam.is_closed(now)


def public_paper(attempt):
    """The paper as the trainee sees it: text, points, option keys and texts.
    No correct flags, accepted or reference answers, explanations or ids."""
    labels = dict(QuestionType.choices)
    return [
        {
            "key": q["key"],
            "number": index,
            "type": q["type"],
            "type_label": str(labels.get(q["type"], "")),
            "text": q["text"],
            "points": q["points"],
            "options": [{"key": o["key"], "text": o["text"]} for o in q["options"]],
        }
        for index, q in enumerate(attempt.questions, start=1)
    ]


def _display(question, response):
    if response is None:
        return ""
    if question["type"] in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        chosen = response if isinstance(response, list) else [response]
        return "；".join(o["text"] for o in question["options"] if o["key"] in chosen)
    if question["type"] == QuestionType.TRUE_FALSE:
        return _("正确") if response else _("错误")
    return str(response)


def correct_answer_text(question):
    if question["type"] in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return "；".join(o["text"] for o in question["options"] if o["correct"])
    if question["type"] == QuestionType.TRUE_FALSE:
        return _("正确") if question["true_false_answer"] else _("错误")
    if question["type"] == QuestionType.FILL_IN:
        return " / ".join(question["accepted_answers"])
    return question["reference_answer"]


def review(attempt, *, show_marks, show_answers):
    """Rows for the result page: each question with the trainee's answer, and
    only what the review options allow (points and comments; right answers
    and explanations)."""
    answers = {a.key: a for a in attempt.answers.all()}
    corrected = {}
    if show_marks:  # a re-marked answer shows its corrected points (成绩更正)
        for correction in attempt.corrections.filter(answer__isnull=False).order_by("corrected_at", "pk"):
            corrected[correction.answer_id] = correction.points_after
    rows = []
    for row, question in zip(public_paper(attempt), attempt.questions, strict=True):
        answer = answers.get(question["key"])
        row["response"] = _display(question, answer.response if answer else None)
        if show_marks:
            row["earned"] = corrected.get(answer.pk, answer.points) if answer else None
            row["comment"] = answer.marker_comment if answer else ""
        if show_answers:
            row["correct"] = correct_answer_text(question)
            row["explanation"] = question["explanation"]
        rows.append(row)
    return rows


# ---- results other flows need ----------------------------------------------------


def grading_written_score(person):
    """The written part of ``person``'s grade (0–100, Decimal), or None: the
    standing sitting of the grading written exam 定级书面考试, a 补考
    replacing a failed one (:func:`assessments.rules.written.grading_written_result`).
    Course quizzes and placement tests never count. This is the ``written``
    input of :func:`assessments.decisions.record_decision`, reported to
    :mod:`assessments.proposals` through the ``assessments_written_score`` hook."""
    rows = (ExamAttempt.objects.filter(user=person, status=AttemptStatus.FINAL, exam__purpose__in=GRADING_PURPOSES)
            .with_effective_result()
            .values_list("pk", "exam__purpose", "effective_score", "effective_passed", "finalised_at", "is_retake"))
    standing = grading_written_result(
        WrittenSitting(purpose=purpose, score=score, passed=bool(passed), finalised_at=finalised_at,
                       is_retake=is_retake, attempt_id=pk)
        for pk, purpose, score, passed, finalised_at, is_retake in rows)
    return standing.score if standing else None
