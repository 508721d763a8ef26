"""Admin wiring for the LMS: a 培训管理 menu of snippets (plans, needs
requests, assignments, sessions, the trainer pool …), links to the
front-end pages HR and trainers use, and the survey results."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.inbox import HOME_LINKS_HOOK, INBOX_SECTION_HOOK, HomeLink, InboxSection

from . import admin_views, progress, roles
from .models import (
    Certificate,
    CourseAssignment,
    CourseIndexPage,
    PostChangeTraining,
    Trainer,
    TrainingNeedsRequest,
    TrainingPlan,
    TrainingSession,
)


class TrainingPlanViewSet(SnippetViewSet):
    model = TrainingPlan
    icon = "calendar"
    menu_label = _("培训计划")
    list_display = ["title", "kind", "department", "starts_on", "status"]
    list_filter = ["kind", "status", "department"]


class NeedsRequestViewSet(SnippetViewSet):
    model = TrainingNeedsRequest
    icon = "form"
    list_display = ["department", "month", "participants", "submitted_on", "late"]
    list_filter = ["department"]


class AssignmentViewSet(SnippetViewSet):
    model = CourseAssignment
    icon = "group"
    list_display = ["course", "due_date", "note", "created_at"]


class PostChangeViewSet(SnippetViewSet):
    model = PostChangeTraining
    icon = "user"
    list_display = ["person", "kind", "to_department", "starts_on", "ends_on", "review_result"]
    list_filter = ["kind", "review_result"]


class SessionViewSet(SnippetViewSet):
    model = TrainingSession
    icon = "date"
    list_display = ["title", "trainer", "starts_at", "location"]


class TrainerViewSet(SnippetViewSet):
    model = Trainer
    icon = "user"
    menu_label = _("师资库")
    list_display = ["name", "status", "specialities", "average_rating", "results_summary", "admitted_on"]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = ["user", "status", "specialities", "trial_lecture_on", "trial_lecture_score",
                           "admitted_on", "last_appraised_on", "appraisal_note", "removed_reason"]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    list_display = ["code", "holder_name", "course_title", "issued_at"]
    search_fields = ["code", "holder_name", "course_title"]


class TrainingGroup(SnippetViewSetGroup):
    menu_label = _("培训管理")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (TrainingPlanViewSet, NeedsRequestViewSet, AssignmentViewSet, PostChangeViewSet, SessionViewSet,
             TrainerViewSet, CertificateViewSet)


register_snippet(TrainingGroup)


@hooks.register("after_create_snippet")
def apply_new_assignment(request, instance):
    """An assignment saved in the admin enrols the people it reaches."""
    if isinstance(instance, CourseAssignment):
        if instance.assigned_by_id is None:
            instance.assigned_by = request.user
            instance.save(update_fields=["assigned_by"])
        instance.apply()


@hooks.register("after_edit_snippet")
def apply_edited_assignment(request, instance):
    if isinstance(instance, CourseAssignment):
        instance.apply()


@hooks.register("register_log_actions")
def register_lms_log_actions(actions):
    actions.register_action("lms.plan.submit", _("提交培训计划"), _("提交培训计划报批"))
    actions.register_action("lms.plan.approve", _("批准培训计划"), _("总经理批准培训计划"))
    actions.register_action("lms.plan.reject", _("退回培训计划"), _("总经理退回培训计划"))
    actions.register_action("lms.postchange.summary", _("提交工作总结"), _("提交晋升/调岗工作总结"))
    actions.register_action("lms.postchange.review", _("审核工作总结"), _("审核晋升/调岗工作总结"))


@hooks.register("register_admin_urls")
def register_survey_urls():
    return [
        path("lms/surveys/", admin_views.survey_index, name="lms_survey_index"),
        path("lms/surveys/<int:page_id>/", admin_views.survey_summary, name="lms_survey_summary"),
        path("lms/surveys/<int:page_id>/csv/", admin_views.survey_csv, name="lms_survey_csv"),
    ]


class HROnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_hr(request.user)


@hooks.register("register_admin_menu_item")
def survey_menu_item():
    return HROnlyMenuItem(_("问卷统计"), reverse("lms_survey_index"), icon_name="list-ul", order=251)


@hooks.register("register_admin_menu_item")
def plan_tables_menu_item():
    return HROnlyMenuItem(_("培训计划表"), reverse("lms:plan_tables"), icon_name="table", order=252)


# ---- the portal's shared pages (see people.inbox) ------------------------


@hooks.register(INBOX_SECTION_HOOK)
def courses_inbox_section(user, today):
    """我的待办: courses not yet completed, due soonest first."""
    courses = [row for row in progress.my_learning(user, today) if row["status"] != "completed"]
    return InboxSection(key="courses", template="lms/inbox/courses.html", context={"courses": courses}, order=20)


@hooks.register(HOME_LINKS_HOOK)
def learning_home_links(request):
    """The home page's cards for training: the reader's own learning, then each course catalogue."""
    links = [HomeLink(title=_("我的学习"), url=reverse("lms:my_learning"),
                      intro=_("待完成的课程、培训课堂、培训计划表与结业证书。"), order=30)]
    links += [HomeLink(title=index.title, url=index.url, intro=index.intro, order=31)
              for index in CourseIndexPage.objects.live()]
    return links
