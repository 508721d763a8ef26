"""Admin wiring for the LMS: the 培训管理 menu of snippets
(:mod:`lms.admin.viewsets`), the survey results (:mod:`lms.admin.surveys`),
links to the front-end pages HR uses, the training permissions in
设置 › 用户组, and the LMS's parts of the portal's shared pages and demo
(see :mod:`people.inbox`)."""
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

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

from . import (
    archives,
    customers,
    dashboard,
    demo,
    demo_archives,
    evaluation,
    needs_surveys,
    post_change,
    progress,
    todo,
    traineeship,
)
from .admin import customers as customer_admin
from .admin import surveys
from .admin.archives import EvaluationArchiveGroup
from .admin.viewsets import TrainingGroup
from .enrolling import apply_assignment
from .models import CourseAssignment, CourseIndexPage, PostChangeTraining, TraineePlanTable

register_snippet(TrainingGroup)
register_snippet(customer_admin.CustomerTrainingGroup)
hooks.register("register_snippet_listing_buttons", customer_admin.listing_buttons)
hooks.register("register_admin_urls", customer_admin.admin_urls)


@hooks.register("before_serve_page")
def keep_external_trainees_in_scope(page, request, serve_args, serve_kwargs):
    """The page half of the customer-trainee backstop (the URL half is
    :class:`lms.middleware.ExternalTraineeScopeMiddleware`): a customer's
    trainee opens only the pages of their trainings; the home page takes
    them to 我的学习."""
    if customers.reaches_page(request.user, page):
        return None
    if page.is_site_root():
        return redirect("lms:my_learning")
    raise PermissionDenied(_("客户学员只能访问本人参加的培训。"))


@hooks.register("after_create_snippet")
def apply_new_assignment(request, instance):
    """An assignment saved in the admin enrols the people it reaches."""
    if isinstance(instance, CourseAssignment):
        if instance.assigned_by_id is None:
            instance.assigned_by = request.user
            instance.save(update_fields=["assigned_by"])
        apply_assignment(instance)


@hooks.register("after_edit_snippet")
def apply_edited_assignment(request, instance):
    if isinstance(instance, CourseAssignment):
        apply_assignment(instance)


@hooks.register("after_create_snippet")
def announce_post_change_training(request, instance):
    """A promotion or transfer recorded in the admin tells the person of the
    training period."""
    if isinstance(instance, PostChangeTraining):
        post_change.announce(instance)


@hooks.register("register_log_actions")
def register_lms_log_actions(actions):
    actions.register_action("lms.plan.edit", _("修改培训计划"), _("修改培训计划及课程明细"))
    actions.register_action("lms.plan.submit", _("提交培训计划"), _("提交培训计划报批"))
    actions.register_action("lms.plan.approve", _("批准培训计划"), _("总经理批准培训计划"))
    actions.register_action("lms.plan.reject", _("退回培训计划"), _("管理层退回培训计划"))
    actions.register_action("lms.plan.review", _("审核培训计划"), _("培训管理部门审核通过培训计划"))
    actions.register_action("lms.plan.return", _("退回培训计划"), _("培训管理部门退回培训计划"))
    actions.register_action("lms.needs_survey.send", _("发出需求调研"), _("发出培训需求调研"))
    actions.register_action("lms.needs_survey.answer", _("回答需求调研"), _("回答培训需求调研"))
    actions.register_action("lms.needs_survey.close", _("结束需求调研"), _("结束培训需求调研"))
    actions.register_action("lms.course.step", _("课程开发步骤"), _("记录课程开发步骤"))
    actions.register_action("lms.course.review", _("试讲评审"), _("提交试讲评审意见"))
    actions.register_action("lms.course.reevaluate", _("课程评估"), _("记录课程定期评估"))
    for kind, label in (("trial", _("入库评估")), ("appraisal", _("定期考核")), ("commendation", _("表彰奖励")),
                        ("coaching", _("辅导改进")), ("removal", _("退出师资库"))):
        actions.register_action(f"lms.trainer.{kind}", label, label)
    actions.register_action("lms.postchange.summary", _("提交工作总结"), _("提交晋升/调岗工作总结"))
    actions.register_action("lms.postchange.review", _("审核工作总结"), _("审核晋升/调岗工作总结"))
    actions.register_action("lms.customer.report", _("发送客户评估报告"), _("向客户联系人发送培训评估报告"))


@hooks.register("register_permissions")
def training_permissions():
    """The permissions of the plan tables and the survey answers, which have
    no snippet of their own, to grant in 设置 › 用户组 (the snippets'
    permissions are listed by their viewsets)."""
    return Permission.objects.filter(content_type__app_label="lms", codename__in=[
        "add_traineeplantable", "change_traineeplantable", "view_traineeplantable", "approve_traineeplantable",
        "view_surveysubmission",
    ])


@hooks.register("register_admin_urls")
def register_survey_urls():
    return [
        path("lms/surveys/", surveys.survey_index, name="lms_survey_index"),
        path("lms/surveys/<int:page_id>/", surveys.survey_summary, name="lms_survey_summary"),
        path("lms/surveys/<int:page_id>/csv/", surveys.survey_csv, name="lms_survey_csv"),
    ]


class PermissionMenuItem(MenuItem):
    """A menu item shown to those who hold ``permission``."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def survey_menu_item():
    return PermissionMenuItem(_("问卷统计"), reverse("lms_survey_index"), icon_name="list-ul", order=251,
                              permission=surveys.READ_ANSWERS)


@hooks.register("register_admin_menu_item")
def plan_tables_menu_item():
    return PermissionMenuItem(_("培训计划表"), reverse("lms:plan_tables"), icon_name="table", order=252,
                              permission=traineeship.DRAW_UP)


# ---- the portal's shared pages and demo (see people.inbox) ------------------------


@hooks.register(INBOX_SECTION_HOOK)
def courses_inbox_section(user, today):
    """我的待办: courses not yet completed, due soonest first."""
    courses = [row for row in progress.my_learning(user, today) if row["status"] != "completed"]
    return InboxSection(key="courses", template="lms/inbox/courses.html", context={"courses": courses}, order=20)


@hooks.register(INBOX_SECTION_HOOK)
def plan_table_inbox_section(user, today):
    """我的待办: plan-table entries to sign or write, tables and training plans to approve."""
    return InboxSection(key="plan-tables", template="lms/inbox/plan_tables.html", context={
        "entries_to_sign": todo.entries_to_sign(user), "entries_to_write": todo.entries_to_write(user, today),
        "tables_to_approve": todo.tables_to_approve(user), "plans_to_approve": todo.plans_to_approve(user),
        "plans_to_review": todo.plans_to_review(user), "plans_returned": todo.plans_returned(user),
        "needs_surveys": needs_surveys.surveys_to_answer(user, today),
    }, order=15)


@hooks.register(HOME_FIGURES_HOOK)
def training_home_figures(request):
    """HR's dashboard: the trainees and courses (for those who see every plan table)."""
    if not request.user.has_perm(traineeship.SEE_ALL):
        return []
    figures = todo.training_figures(timezone.localdate())
    tables = reverse("lms:plan_tables")
    return [
        HomeFigure(_("培训中的受训人员"), figures["in_training"], tables, order=20),
        HomeFigure(_("待常务副总审批的计划表"), figures["awaiting_approval"], tables, order=21),
        HomeFigure(_("逾期未完成的课程"), figures["overdue_courses"], order=22,
                   alerting=bool(figures["overdue_courses"])),
    ]


@hooks.register(TASK_QUERYSETS_HOOK)
def training_task_querysets(user, today):
    return todo.task_querysets(user, today)


hooks.register(DEMO_CONTENT_HOOK, demo.add_demo_content)


@hooks.register(HOME_PANELS_HOOK)
def my_courses_home_panel(request, today):
    """Every reader's dashboard: their courses with progress, and their plan table if they have one."""
    rows, total, completed = dashboard.my_courses(request.user, today)
    return HomePanel(key="courses", title=_("我的课程"), template="lms/home/courses.html", context={
        "rows": rows, "total": total, "completed": completed,
        "plan_table": TraineePlanTable.objects.filter(trainee=request.user).only("pk", "status").first(),
        "catalogue": next(iter(section_pages(request, CourseIndexPage)), None),
    }, url=reverse("lms:my_learning"), url_label=_("我的学习"), order=30)


@hooks.register(HOME_LINKS_HOOK)
def learning_home_links(request):
    """The home page's cards for training: the reader's own learning, then each course catalogue."""
    links = [HomeLink(title=_("我的学习"), url=reverse("lms:my_learning"),
                      intro=_("待完成的课程、培训课堂、培训计划表与结业证书。"), order=30)]
    links += [HomeLink(title=index.title, url=index.url, intro=index.intro, order=31)
              for index in section_pages(request, CourseIndexPage)]
    return links


# ---- evaluation and archives (002 七、八) ---------------------------------------------

register_snippet(EvaluationArchiveGroup)


@hooks.register("register_log_actions")
def register_archive_log_actions(actions):
    actions.register_action("lms.evaluation.send", _("发送培训评估报告"), _("发送培训评估报告"))
    actions.register_action("lms.impact.add", _("填报业务影响指标"), _("在评估页面填报业务影响指标"))
    actions.register_action("lms.impact.edit", _("修改业务影响指标"), _("在评估页面修改业务影响指标"))
    actions.register_action("lms.impact.delete", _("删除业务影响指标"), _("在评估页面删除业务影响指标"))
    actions.register_action("lms.loan.request", _("申请借阅档案"), _("申请借阅培训档案"))
    actions.register_action("lms.loan.approve", _("批准借阅"), _("批准培训档案借阅"))
    actions.register_action("lms.loan.reject", _("驳回借阅"), _("驳回培训档案借阅"))
    actions.register_action("lms.loan.return", _("归还档案"), _("归还借阅的培训档案"))


@hooks.register("register_permissions")
def archive_permissions():
    """Who may view, borrow and approve loans of the archives, and send
    evaluation reports: granted to groups in 设置 › 用户组."""
    return Permission.objects.filter(content_type__app_label="lms", codename__in=[
        "borrow_trainingarchive", "approve_archiveloan", "send_evaluationreport", "view_archiveloan",
    ])


@hooks.register("before_serve_document")
def guard_archive_documents(document, request):
    """A document filed in a training archive is served only to those it is
    open to (viewers, or a borrower with an approved loan in its period),
    whatever the link used."""
    item = archives.archive_for_document(document)
    if item is not None and not archives.may_open_item(request.user, item):
        raise PermissionDenied(_("该材料须经借阅审批后在借阅期内查看。"))


@hooks.register(INBOX_SECTION_HOOK)
def archive_inbox_section(user, today):
    """我的待办: loans to approve (approvers) and skill observations to score (observers)."""
    return InboxSection(key="archives", template="lms/inbox/archives.html", context={
        "loans_to_approve": archives.loans_to_approve(user),
        "observations_to_score": evaluation.observations_to_score(user),
        "overdue_loans": archives.overdue_loans(today).filter(borrower=user),
    }, order=16)


@hooks.register(TASK_QUERYSETS_HOOK)
def archive_task_querysets(user, today):
    querysets = {"observations": evaluation.observations_to_score(user),
                 "overdue": archives.overdue_loans(today).filter(borrower=user)}
    if user.has_perm(archives.APPROVE):
        querysets["loans"] = archives.loans_to_approve(user)
    return querysets


@hooks.register("register_admin_menu_item")
def archives_menu_item():
    return PermissionMenuItem(_("培训档案查阅"), reverse("lms:archives"), icon_name="folder-open-1", order=254,
                              permission=archives.VIEW)


hooks.register(DEMO_CONTENT_HOOK, demo_archives.add_demo_content)


@hooks.register(HOME_LINKS_HOOK)
def archives_home_link(request):
    """The archives' card, for those who view or may borrow them."""
    if not archives.may_browse(request.user):
        return []
    return [HomeLink(title=_("培训档案"), url=reverse("lms:archives"),
                     intro=_("按培训项目和日期查阅培训档案；申请借阅、审批与归还。"), order=36)]
