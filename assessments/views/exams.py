"""The trainee's exam views, routed from :class:`assessments.models.ExamPage`
by dotted path (``start/``, ``attempt/<id>/``, ``…/save/``, ``…/submit/``,
``…/result/``; see :func:`people.routing.route_view`); the page script's
autosave and submit also by plain URLs (:func:`autosave_by_id`,
:func:`submit_by_id`, :mod:`assessments.urls`).

Thin: they check who is asking, gather inputs and call the engine in
:mod:`assessments.attempts` (which reads the server's clock). An attempt is
only ever found among the requester's own attempts of this exam; anyone
else's is a 404. Nothing sent to the trainee is built from the question
snapshots directly: pages and JSON use :func:`attempts.public_paper` and
:func:`attempts.review`, which leave out right answers unless the exam's
review options allow them.
"""
import functools
import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people.inbox import leaves_tasks_unchanged
from people.outage import DATABASE_ERRORS, log_outage, unavailable_response

from .. import attempts as engine
from ..models import AttemptStatus, ExamAttempt, ExamNotReady


def check_access(request, page):
    """Login required, and the page's own privacy settings (a routed view
    does not get Wagtail's check for free). Returns a response to send
    instead, or None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise PermissionDenied(_("您无权参加此考试。"))
    return None


def _attempt_for(request, page, attempt_id):
    try:
        return ExamAttempt.objects.select_related("exam").get(pk=attempt_id, exam=page, user=request.user)
    except ExamAttempt.DoesNotExist:
        raise Http404(_("找不到这次作答。")) from None


def _urls(page, attempt):
    """The attempt's URLs; ``attempt`` is an attempt or its id."""
    base = f"{page.url}attempt/{getattr(attempt, 'pk', attempt)}/"
    return {"take": base, "save": f"{base}save/", "submit": f"{base}submit/", "result": f"{base}result/"}


def _script_urls(page, attempt):
    """Where the page's script autosaves and hands in: the plain URLs
    (:func:`autosave_by_id`, :func:`submit_by_id`), not the page's routes."""
    ids = {"exam_id": page.pk, "attempt_id": attempt.pk}
    return {"save": reverse("practical:exam_save", kwargs=ids), "submit": reverse("practical:exam_submit", kwargs=ids)}


def _wants_json(request):
    return (request.content_type == "application/json"
            or "application/json" in request.headers.get("Accept", ""))


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M:%S") if moment else ""


def overview(request, page):
    now = engine.clock()
    mine = list(ExamAttempt.objects.filter(exam=page, user=request.user).with_effective_result().order_by("number"))
    mine = [engine.expire_if_due(a, now=now) for a in mine]
    current = next((a for a in mine if a.is_in_progress), None)
    refusal, is_retake = (None, False) if current else engine.start_refusal(page, mine, now)
    rows = [{
        "attempt": a,
        "urls": _urls(page, a),
        "show_marks": engine.review_allowed(page.review_marks, a, now) and a.status == AttemptStatus.FINAL,
    } for a in mine]
    context = page.get_context(request)
    context.update(attempts=rows, current=current, refusal=refusal, is_retake=is_retake,
                   current_urls=_urls(page, current) if current else None)
    return TemplateResponse(request, "assessments/exam_page.html", context)


def start(request, page):
    if request.method != "POST":
        return redirect(page.url)
    try:
        attempt = engine.start_attempt(page, request.user)
    except (engine.AttemptRefused, ExamNotReady) as error:
        messages.error(request, str(getattr(error, "message", "") or error))
        return redirect(page.url)
    return redirect(_urls(page, attempt)["take"])


def take(request, page, attempt_id):
    attempt = engine.expire_if_due(_attempt_for(request, page, attempt_id))
    urls = _urls(page, attempt)
    if not attempt.is_in_progress:
        return redirect(urls["result"])
    now = engine.clock()
    saved = engine.saved_responses(attempt)
    paper = engine.public_paper(attempt)
    for question in paper:
        response = saved.get(question["key"])
        question["response"] = response
        question["chosen"] = response if isinstance(response, list) else ([] if response is None else [response])
        if question["type"] == "true_false" and response is not None:
            question["chosen"] = ["true" if response else "false"]
    context = page.get_context(request)
    remaining = attempt.remaining_seconds(now)
    context.update(attempt=attempt, paper=paper, urls=urls, remaining=remaining,
                   remaining_display=f"{remaining // 3600}:{remaining % 3600 // 60:02d}:{remaining % 60:02d}"
                   if remaining >= 3600 else f"{remaining // 60:02d}:{remaining % 60:02d}", exam_config={
        **_script_urls(page, attempt), "result": urls["result"], "seq": attempt.seq,
        "remaining": remaining,
        "text": {"saved": _("已保存"), "saving": _("正在保存…"), "retrying": _("保存失败，正在重试"),
                 "stale": _("另一个窗口已保存了更新的答案，请刷新页面"), "closed": _("考试已交卷"),
                 "confirm": _("交卷后不能再修改答案，确定交卷吗？"), "timeUp": _("时间到，正在交卷…")},
    })
    return TemplateResponse(request, "assessments/exam_attempt.html", context)


def _json_body(request):
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def answers_kept_on_outage(view):
    """Autosave and submit: if the database fails under them, tell the
    trainee that the answers saved so far are kept (the page keeps the rest and
    retries) and to try again, as JSON for the page's script, else as the 503
    page with a way back to the paper (when the exam's page is at hand).
    Nothing of the failed request is stored."""

    @functools.wraps(view)
    def wrapper(request, exam, attempt_id, **kwargs):
        try:
            return view(request, exam, attempt_id, **kwargs)
        except DATABASE_ERRORS as error:
            log_outage(request, error)
            return unavailable_response(
                request,
                message=_("系统暂时无法连接数据库，本次操作没有完成。已保存的答案不会丢失，"
                          "本页上的作答仍在您的浏览器中，请稍后重试。"),
                back_url=None if isinstance(exam, int) else f"{exam.url}attempt/{attempt_id}/",
                extra={"retry": True},
            )

    return wrapper


def _privacy_checked(request):
    """For the script's endpoints outside Wagtail's routing
    (:mod:`assessments.urls`): the check Wagtail's routing and
    :func:`check_access` make, run on the locked attempt's exam. The locked
    read says whether the exam or an ancestor has view restrictions at all
    (``exam_may_be_restricted``); only then are they read and applied."""

    def check(locked):
        if getattr(locked, "exam_may_be_restricted", False):
            for restriction in locked.exam.get_view_restrictions():
                if not restriction.accept_request(request):
                    raise PermissionDenied(_("您无权参加此考试。"))

    return check


@answers_kept_on_outage
def autosave(request, exam, attempt_id, check=None):
    """POST JSON ``{"seq": n, "answers": {"q1": …}}``. Only ``seq`` and
    ``answers`` are read: any time the client sends is ignored. ``exam`` is
    the routed page, or the exam's id from the page script's URL
    (:func:`autosave_by_id`)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data = _json_body(request)
    if data is None:
        return JsonResponse({"status": "invalid", "error": _("请求格式无效。")}, status=400)
    try:
        # The requester's own attempt of this exam, read and locked in one statement.
        attempt = engine.save_answers(attempt_id, data.get("answers"), data.get("seq"), exam=exam,
                                      user=request.user, check=check)
    except ExamAttempt.DoesNotExist:
        raise Http404(_("找不到这次作答。")) from None
    except engine.AttemptClosed as closed:
        return JsonResponse({"status": "closed", "message": _("考试已交卷，答案未保存。"),
                             "result_url": _urls(closed.attempt.exam, attempt_id)["result"]}, status=410)
    except engine.StaleSave as stale:
        return JsonResponse({"status": "stale", "message": stale.message, "seq": stale.attempt.seq,
                             "remaining_seconds": stale.attempt.remaining_seconds(engine.clock())}, status=409)
    except engine.InvalidAnswer as error:
        return JsonResponse({"status": "invalid", "error": error.message}, status=400)
    return JsonResponse({"status": "saved", "seq": attempt.seq, "saved_at": _local(attempt.last_saved_at),
                         "remaining_seconds": attempt.remaining_seconds(engine.clock())})


def _form_answers(request, attempt):
    answers = {}
    for question in attempt.questions:
        name = f"answer-{question['key']}"
        if question["type"] == "multiple":
            answers[question["key"]] = request.POST.getlist(name)
        else:
            answers[question["key"]] = request.POST.get(name)
    return answers


@answers_kept_on_outage
def submit(request, exam, attempt_id, check=None):
    """Hand in (a form post without JavaScript, or JSON from the page's
    script). Submitting twice returns what the first submit produced.
    ``exam`` as for :func:`autosave`."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = None if isinstance(exam, int) else exam
    if request.content_type == "application/json":
        data = _json_body(request) or {}
        answers, seq = data.get("answers"), data.get("seq")
    else:
        # A form names its answers by the paper's questions: read the paper first.
        paper = _attempt_for(request, exam, attempt_id)
        page = paper.exam
        answers, seq = _form_answers(request, paper), request.POST.get("seq")
    try:
        # The requester's own attempt of this exam, read and locked in one statement.
        attempt, changed = engine.submit_attempt(attempt_id, answers=answers or None, seq=seq,
                                                 exam=exam, user=request.user, check=check)
    except ExamAttempt.DoesNotExist:
        raise Http404(_("找不到这次作答。")) from None
    except engine.InvalidAnswer as error:
        if _wants_json(request):
            return JsonResponse({"status": "invalid", "error": error.message}, status=400)
        messages.error(request, error.message)
        return redirect(_urls(page, attempt_id)["take"])
    urls = _urls(attempt.exam, attempt_id)
    if _wants_json(request):
        return JsonResponse({"status": attempt.status, "submitted": True, "changed": changed,
                             "result_url": urls["result"]})
    if not changed:
        messages.info(request, _("本次作答已经交卷，以下是交卷结果。"))
    return redirect(urls["result"])


# ---- the page script's endpoints, outside Wagtail's routing -------------------
# The autosave and the submit are most of an exam's requests. Served from plain
# URLs (assessments.urls: my/exams/<exam id>/attempts/<attempt id>/save/ and
# submit/) they skip the page's routing (the site, a query per level of the
# page tree, the view restrictions) and keep its checks: the login and the
# portal-wide rules (middleware: employees only, the customer trainee's scope
# by the exam's id, the second factor, CSRF), the attempt found only among the
# requester's own of this exam, the exam published, and its privacy settings
# (_privacy_checked), all with the attempt's locked read. The page-routed
# …/save/ and …/submit/ stay for the form post without JavaScript.


@leaves_tasks_unchanged
def autosave_by_id(request, exam_id, attempt_id):
    return autosave(request, exam_id, attempt_id, check=_privacy_checked(request))


def submit_by_id(request, exam_id, attempt_id):
    return submit(request, exam_id, attempt_id, check=_privacy_checked(request))


def result(request, page, attempt_id):
    attempt = engine.expire_if_due(_attempt_for(request, page, attempt_id))
    urls = _urls(page, attempt)
    if attempt.is_in_progress:
        return redirect(urls["take"])
    now = engine.clock()
    show_marks = engine.review_allowed(page.review_marks, attempt, now)
    show_answers = engine.review_allowed(page.review_answers, attempt, now)
    context = page.get_context(request)
    context.update(attempt=attempt, urls=urls, show_marks=show_marks, show_answers=show_answers,
                   rows=engine.review(attempt, show_marks=show_marks, show_answers=show_answers),
                   history=attempt.score_history() if show_marks else [])
    return TemplateResponse(request, "assessments/exam_result.html", context)
