"""Wagtail wiring for assessments, and nothing else: the admin's snippets,
menus, URLs, bulk action, listing buttons, log actions and permission
policies (views and viewsets in :mod:`assessments.admin`), the HR reports'
menu items, the written-exam engine's answer to
:data:`assessments.proposals.WRITTEN_SCORE_HOOK`, and this app's sections of
我的待办 (see :mod:`people.inbox`)."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lms import customer_report, progress
from lms.evaluation import EXAM_RESULTS_HOOK
from people.audit import AUDIT_ACTIONS_HOOK
from people.inbox import (
    DEMO_CONTENT_HOOK,
    HOME_FIGURES_HOOK,
    HOME_LINKS_HOOK,
    HOME_PANELS_HOOK,
    INBOX_SECTION_HOOK,
    TASK_QUERYSETS_HOOK,
    HomeFigure,
    HomeLink,
    HomePanel,
    InboxSection,
    section_pages,
)
from people.security import SECOND_FACTOR_RULE_HOOK
from people.views import cannot_delete

from . import dashboard, demo, todo
from .admin import grades, marking, placement, practical, questions, reports
from .attempts import grading_written_score
from .corrections import CORRECTION_ACTION
from .decisions import CONFIRM_ACTION, FIELD_ABILITY_ACTION, PROPOSE_ACTION
from .models import (
    AttemptStatus,
    ExamAttempt,
    ExamIndexPage,
    GradeDecision,
    PayrollAPIToken,
    PlacementResult,
    PracticalExam,
)
from .models.payroll import QUALIFICATION_ACTION
from .proposals import WRITTEN_SCORE_HOOK
from .scoring import FINALISE_ACTION, RETAKE_ACTION, SUBMIT_ACTION
from .training_results import course_exam_results

# ---- the admin: snippets, menus, URLs (题库与考试、阅卷、定级与薪资、实操考核) ---------

register_permission_policy(GradeDecision, grades.RecordedDecisionPermissionPolicy(GradeDecision))
register_permission_policy(ExamAttempt, questions.RecordOnlyPermissionPolicy(ExamAttempt))
register_permission_policy(PlacementResult, questions.RecordOnlyPermissionPolicy(PlacementResult))

register_snippet(grades.GradesAndPayGroup)
register_snippet(questions.QuestionBankGroup)
register_snippet(practical.PracticalExamsGroup)

hooks.register("register_bulk_action", grades.ConfirmGradeDecisionsBulkAction)
hooks.register("register_snippet_listing_buttons", practical.exam_listing_buttons)
hooks.register("register_snippet_listing_buttons", grades.decision_listing_buttons)
hooks.register("register_admin_urls", grades.admin_urls)
hooks.register("register_snippet_listing_buttons", placement.placement_listing_buttons)
hooks.register("register_admin_urls", placement.admin_urls)
hooks.register("register_admin_urls", marking.admin_urls)
hooks.register("register_admin_urls", questions.admin_urls)
hooks.register("register_admin_urls", practical.admin_urls)
hooks.register("register_admin_menu_item", marking.menu_item)
hooks.register("register_admin_menu_item", questions.import_menu_item)


@hooks.register("register_log_actions")
def register_assessment_actions(actions):
    actions.register_action(PROPOSE_ACTION, _("提出定级"), _("系统根据考核成绩提出定级"))
    actions.register_action(CONFIRM_ACTION, _("确认定级"), _("人资确认定级结果"))
    actions.register_action(FIELD_ABILITY_ACTION, _("现场能力意见"), _("售后部经理填写定级的现场能力意见"))
    actions.register_action(SUBMIT_ACTION, _("提交实操评分"), _("考评人提交实操考核评分"))
    actions.register_action(FINALISE_ACTION, _("实操考核完成"), _("全部考评人提交，得出考核结果"))
    actions.register_action(RETAKE_ACTION, _("安排补考"), _("为不合格的实操考核安排补考"))
    actions.register_action(QUALIFICATION_ACTION, _("资格条件变更"), _("人员资格条件（学历、从业年限等）变更"))
    actions.register_action(CORRECTION_ACTION, _("成绩更正"), _("复核更正书面考试成绩"))


@hooks.register(AUDIT_ACTIONS_HOOK)
def hr_audit_actions():
    """The grade decisions and pay-relevant figures HR's audit report lists."""
    return [PROPOSE_ACTION, CONFIRM_ACTION, FIELD_ABILITY_ACTION, QUALIFICATION_ACTION, CORRECTION_ACTION]


# ---- HR reports (报表 › 职级与薪资花名册、培训人责任、委培人员补训费) ---------------------

hooks.register("register_reports_menu_item", reports.roster_menu_item)
hooks.register("register_reports_menu_item", reports.accountability_menu_item)
hooks.register("register_reports_menu_item", reports.dealer_fees_menu_item)


@hooks.register("register_admin_urls")
def register_hr_report_urls():
    return [path("assessments/reports/", include((reports.report_urls, "assessments_reports"),
                                                 namespace="assessments_reports"))]


# ---- the written score a grade proposal reads (see assessments.proposals) ----------

hooks.register(WRITTEN_SCORE_HOOK, grading_written_score)
hooks.register(EXAM_RESULTS_HOOK, course_exam_results)


# ---- the portal's shared pages (see people.inbox) ------------------------


@hooks.register(INBOX_SECTION_HOOK)
def exams_inbox_section(user, today):
    """我的待办: written exams under way (not handed in), exams the trainee's
    plan table calls for, and course exams still to pass."""
    courses = [row for row in progress.my_learning(user, today) if row["status"] != "completed"]
    exams_to_pass = [row for row in courses if row["course"].has_exam and not row["enrolment"].exam_passed_at]
    attempts = (ExamAttempt.objects.filter(user=user, status=AttemptStatus.IN_PROGRESS)
                .select_related("exam").order_by("deadline"))
    return InboxSection(key="exams", template="assessments/inbox/exams.html",
                        context={"attempts": attempts, "exams_to_pass": exams_to_pass,
                                 "exams_to_take": todo.exams_to_take(user)}, order=30)


@hooks.register(INBOX_SECTION_HOOK)
def practical_inbox_section(user, today):
    """我的待办: practical exams whose panel is waiting for this person's score sheet."""
    return InboxSection(key="practical", template="assessments/inbox/practical.html",
                        context={"practical_to_score": todo.practical_to_score(user)}, order=40)


@hooks.register(INBOX_SECTION_HOOK)
def marking_inbox_section(user, today):
    """我的待办: short answers waiting in the 阅卷 queue, for markers."""
    queue = todo.answers_to_mark(user)
    return InboxSection(key="marking", template="assessments/inbox/marking.html",
                        context={"marking_count": queue.count(), "marking_first": queue[:5]}, order=45)


@hooks.register(HOME_FIGURES_HOOK)
def assessment_home_figures(request):
    """HR's dashboard: marking and practical scoring under way."""
    if not request.user.has_perm(reports.REPORT_PERMISSION):
        return []
    figures = todo.assessment_figures()
    return [
        HomeFigure(_("待阅卷的简答题"), figures["to_mark"], reverse("assessments_marking"), order=30,
                   alerting=bool(figures["to_mark"])),
        HomeFigure(_("评分中的实操考核"), figures["scoring"], order=31),
    ]


@hooks.register(TASK_QUERYSETS_HOOK)
def assessment_task_querysets(user, today):
    return todo.task_querysets(user)


@hooks.register(HOME_PANELS_HOOK)
def my_results_home_panel(request, today):
    """Every reader's dashboard: their latest exam results and their grade."""
    centre = next(iter(section_pages(request, ExamIndexPage)), None)
    return HomePanel(key="results", title=_("我的成绩"), template="assessments/home/results.html",
                     context={**dashboard.my_results(request.user), "centre": centre},
                     url=centre.url if centre else "", url_label=_("考试中心"), order=40)


@hooks.register(HOME_LINKS_HOOK)
def exam_home_links(request):
    """The home page's cards for assessment: each exam centre (考试中心)."""
    return [HomeLink(title=index.title, url=index.url, intro=index.intro or _("在线考试、补考与成绩查询。"), order=40)
            for index in section_pages(request, ExamIndexPage)]


# ---- login security: payroll-token holders need the second factor (people.security) ----


@hooks.register(SECOND_FACTOR_RULE_HOOK)
def payroll_token_holders_need_a_second_factor(user):
    return PayrollAPIToken.objects.usable().filter(user=user).exists()


hooks.register(DEMO_CONTENT_HOOK, demo.add_demo_content)


# ---- deleting a practical exam that has score sheets -------------------------------


@hooks.register("before_delete_snippet")
def refuse_deleting_a_scored_practical_exam(request, instances):
    """A practical exam with submitted score sheets cannot be deleted (the
    sheets are write-once records that point at it): say why, and offer to
    close its scoring instead of a 500."""
    for exam in instances:
        if not isinstance(exam, PracticalExam):
            continue
        count = exam.score_sheets.count()
        if not count:
            continue
        reason = _("该实操考核已有 %(count)s 份评分表。评分表提交后是考核凭证，必须与考核一起保留，因此考核不能删除。"
                   "不再进行的考核请在编辑中关闭“开放评分”，已有成绩保留可查。") % {"count": count}
        viewset = exam.snippet_viewset
        return cannot_delete(request, str(exam), reason, [
            (_("编辑（关闭评分）"), reverse(viewset.get_url_name("edit"), args=[exam.pk])),
            (_("返回列表"), reverse(viewset.get_url_name("list"))),
        ])
    return None


@hooks.register(customer_report.EXAM_RESULTS_HOOK)
def customer_exam_results(users):
    """The final written-exam results of ``users``, for a customer's
    evaluation report (:mod:`lms.customer_report`)."""
    attempts = ExamAttempt.objects.filter(user__in=users, status=AttemptStatus.FINAL).select_related("exam")
    return [customer_report.ExamResult(a.user_id, a.exam.title, a.score, bool(a.passed), a.finalised_at)
            for a in attempts.order_by("finalised_at", "pk")]
