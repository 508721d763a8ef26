"""The after-sales training's other records (售后服务人员培训管理办法 四, 五.3.C):
a trainee's "cannot reach this stage's goal" entry and the 售后部经理's
handling opinion (with written feedback to a dealer's office), the copies of
a production-reserve trainee's table filed to 售后部 and 人资部, the 早会
morning meetings with their follow-ups, and 售后部's annual training plan for
each office/dealer with the results sent back. Every change goes through
:mod:`lms.aftersales`."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from people.models import Department, person_name

from .plan_tables import PlanItem, TraineePlanTable


class HandlingOpinion(models.TextChoices):
    """What happens to a trainee who cannot reach a goal or fails an assessment."""

    CONTINUE = "continue", _("继续培训")
    RESERVE = "reserve", _("作为储备")
    DEMOTE = "demote", _("下放为员工")


class GoalShortfall(models.Model):
    """受训人记录"无法达到本阶段培训目标", and the 售后部经理's handling opinion.
    For an office/dealer trainee the written feedback to the office is
    recorded with when and to whom it was sent."""

    table = models.ForeignKey(TraineePlanTable, verbose_name=_("培训计划表"), on_delete=models.PROTECT,
                              related_name="shortfalls")
    item = models.ForeignKey(PlanItem, verbose_name=_("培训阶段"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("受训人说明"))
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    opinion = models.CharField(_("处理意见"), max_length=20, choices=HandlingOpinion.choices, blank=True)
    opinion_note = models.TextField(_("处理说明"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人（售后部经理）"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    office_feedback = models.TextField(_("给办事处/经销商的书面反馈"), blank=True)
    feedback_sent_to = models.CharField(_("反馈发送至"), max_length=254, blank=True)
    feedback_sent_at = models.DateTimeField(_("反馈发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("无法达到培训目标记录")
        verbose_name_plural = _("无法达到培训目标记录")
        permissions = [("handle_goalshortfall", _("可以对无法达到培训目标的受训人提出处理意见"))]

    def __str__(self):
        return f"{person_name(self.table.trainee)} · {self.item}"

    @property
    def handled(self):
        return self.handled_at is not None


class PlanTableCopy(models.Model):
    """生产储备售后人员考核完成后，完整资料影印一份给售后部/人资部存档: the
    filed copy, a snapshot of the table's rows and events."""

    table = models.ForeignKey(TraineePlanTable, verbose_name=_("培训计划表"), on_delete=models.PROTECT,
                              related_name="filed_copies")
    department = models.ForeignKey(Department, verbose_name=_("存档部门"), on_delete=models.PROTECT,
                                   related_name="+")
    snapshot = models.JSONField(_("完整资料"), default=dict)
    filed_at = models.DateTimeField(_("存档时间"), default=timezone.now)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("培训计划表存档副本")
        verbose_name_plural = _("培训计划表存档副本")
        constraints = [models.UniqueConstraint(fields=["table", "department"], name="lms_plantablecopy_once")]

    def __str__(self):
        return f"{self.table} → {self.department}"


class MorningMeeting(ClusterableModel):
    """早会: during training the 售后部经理 holds morning meetings; the date,
    attendees, remarks and problems raised, each problem followed up by the
    responsible department head."""

    held_on = models.DateField(_("日期"), default=timezone.localdate)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("主持人（售后部经理）"),
                                on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("参会人员"), blank=True,
                                       related_name="morning_meetings")
    remarks = models.TextField(_("会议内容"), blank=True)

    panels = [FieldRowPanel(["held_on", "held_by"]), FieldPanel("attendees"), "remarks",
              InlinePanel("problems", heading=_("提出的问题与跟进"), label=_("问题"))]

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("早会记录")
        verbose_name_plural = _("早会记录")

    def __str__(self):
        return _("%(day)s 早会") % {"day": self.held_on}


class MeetingProblem(Orderable):
    meeting = ParentalKey(MorningMeeting, on_delete=models.CASCADE, related_name="problems")
    problem = models.TextField(_("问题"))
    department = models.ForeignKey(Department, verbose_name=_("负责部门"), on_delete=models.PROTECT,
                                   related_name="+")
    follow_up = models.TextField(_("跟进情况（部门负责人）"), blank=True)
    closed_on = models.DateField(_("解决日期"), null=True, blank=True)

    panels = ["problem", FieldRowPanel(["department", "closed_on"]), "follow_up"]

    class Meta(Orderable.Meta):
        verbose_name = _("早会问题")
        verbose_name_plural = _("早会问题")

    def __str__(self):
        return self.problem[:40]


class DealerTrainingPlan(ClusterableModel):
    """售后部为各办事处/经销商制定的年度培训计划, and the assessment results
    and recommendations sent back to the office."""

    year = models.PositiveSmallIntegerField(_("年度"))
    sponsor = models.CharField(_("办事处/经销商"), max_length=200)
    sponsor_email = models.EmailField(_("办事处/经销商邮箱"), blank=True)
    content = models.TextField(_("年度培训计划"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("制定人（售后部）"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldRowPanel(["year", "sponsor", "sponsor_email"]), "content", "made_by",
              InlinePanel("results", heading=_("考核结果与建议"), label=_("结果反馈"))]

    class Meta:
        ordering = ["-year", "sponsor"]
        verbose_name = _("办事处/经销商年度培训计划")
        verbose_name_plural = _("办事处/经销商年度培训计划")
        constraints = [models.UniqueConstraint(fields=["year", "sponsor"], name="lms_dealerplan_year_once")]

    def __str__(self):
        return f"{self.year} · {self.sponsor}"


class DealerResult(Orderable):
    plan = ParentalKey(DealerTrainingPlan, on_delete=models.CASCADE, related_name="results")
    trainee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受训人"), on_delete=models.PROTECT,
                                related_name="+")
    results = models.TextField(_("考核结果"))
    recommendations = models.TextField(_("建议"), blank=True)
    sent_at = models.DateTimeField(_("反馈发送时间"), null=True, blank=True, editable=False)
    sent_to = models.CharField(_("反馈发送至"), max_length=254, blank=True, editable=False)

    panels = ["trainee", "results", "recommendations"]

    class Meta(Orderable.Meta):
        verbose_name = _("考核结果反馈")
        verbose_name_plural = _("考核结果反馈")

    def __str__(self):
        return f"{self.plan} · {person_name(self.trainee)}"
