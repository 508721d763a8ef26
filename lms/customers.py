"""What a customer's trainee (客户学员, ``people.external``) may reach: the
courses they are enrolled in (lessons and their files), the sessions they
are invited to (and those sessions' surveys), and the final exams of their
courses. One rule, :func:`scope_of`, read by the views' querysets and by
the backstop :class:`lms.middleware.ExternalTraineeScopeMiddleware` and the
``before_serve_page`` hook, so that no page, template or export has to
remember it.

Everything else (the policy library, search, any policy page or PDF,
employees' data, reports, the admin) is closed to them: the middleware
refuses every URL not in :data:`OPEN_TO_EXTERNAL`.
"""
import dataclasses

from django.contrib.auth import get_user_model

from people.external import is_external

from .models import CourseLesson, CoursePage, Enrolment, TrainingSession

#: URL names an external trainee may open, each checked against the scope
#: where it names an object (see the middleware).
OPEN_TO_EXTERNAL = frozenset({
    "lms:my_learning", "lms:sessions", "lms:session", "lms:session_signin", "lms:certificate_pdf", "lms:certificate_verify",
    "lms:invitation_accept",
    "lms:needs_survey_reply",  # a customer contact's link: that survey's form only, judged by its token
    "logout", "login", "second_factor", "set_language", "my_notifications",
    "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
    "health", "health_live", "favicon",
    "wagtail_serve",  # pages: checked by the before_serve_page hook (lms.wagtail_hooks)
    "wagtaildocs_serve",  # documents: only those of their courses' lessons
    # Their courses' exams: the page script's autosave and submit, by the exam's id (see the middleware).
    "practical:exam_save", "practical:exam_submit",
})


@dataclasses.dataclass(frozen=True)
class Scope:
    """The ids an external trainee may reach."""

    course_ids: frozenset
    session_ids: frozenset
    page_ids: frozenset  # courses, their sessions' surveys, their courses' exams
    document_ids: frozenset


#: Where :func:`scope_of` keeps its answer on the user object (one request).
_CACHE = "_lms_customer_scope"


def scope_of(user):
    """The trainings ``user`` takes part in, as a :class:`Scope` (read once per user object)."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    course_ids = frozenset(Enrolment.objects.filter(user=user).values_list("course_id", flat=True))
    sessions = TrainingSession.objects.filter(invitees=user)
    session_ids = frozenset(sessions.values_list("pk", flat=True))
    survey_ids = {pk for pk in sessions.values_list("survey_id", flat=True) if pk}
    exam_ids = {
        pk for pk in CoursePage.objects.filter(pk__in=course_ids, exam_object_id__isnull=False)
        .values_list("exam_object_id", flat=True)
    }
    document_ids = frozenset(
        pk for pk in CourseLesson.objects.filter(page_id__in=course_ids).values_list("document_id", flat=True) if pk)
    scope = Scope(course_ids, session_ids, frozenset(course_ids | survey_ids | exam_ids), document_ids)
    setattr(user, _CACHE, scope)
    return scope


def reaches_page(user, page) -> bool:
    """Whether ``user`` may open ``page`` (any user: employees are not narrowed here)."""
    return not is_external(user) or page.pk in scope_of(user).page_ids


def visible_sessions(user, sessions=None):
    """``sessions`` (default: all) narrowed for an external trainee to those they are invited to."""
    sessions = TrainingSession.objects.all() if sessions is None else sessions
    if is_external(user):
        return sessions.filter(pk__in=scope_of(user).session_ids)
    return sessions


def visible_courses(user, courses=None):
    courses = CoursePage.objects.all() if courses is None else courses
    if is_external(user):
        return courses.filter(pk__in=scope_of(user).course_ids)
    return courses


def customers_trainees(organisation):
    """The users who are ``organisation``'s trainees."""
    return get_user_model().objects.filter(external_trainee__organisation=organisation)
