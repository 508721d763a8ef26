"""Assessments data: the versioned grade and pay scheme HR publishes, and the
grade decisions recorded against it.

The rules themselves live in :mod:`assessments.rules` as plain functions;
a :class:`GradingScheme` is their data, edited in the Wagtail admin as a
snippet with drafts and revisions. Publishing a scheme is HR's confirmation:
until then it applies to nobody. The scheme in force on a day is the newest
published scheme whose effective date is on or before that day.
"""
import dataclasses

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin

from ..terms.qualification import Qualification
from ..terms.scheme import NoSchemeInForce, SchemeError, SchemeRules
from ..terms.vocabulary import Education, Grade, Position, Track

RANKED_GRADE_CHOICES = [(g.value, g.label) for g in Grade if g != Grade.RESERVE]
RANKED_POSITION_CHOICES = [(p.value, p.label) for p in Position if p != Position.RESERVE]


def _money_block(label, help_text=""):
    return blocks.DecimalBlock(label=label, help_text=help_text, min_value=0, max_digits=10,
                               decimal_places=2)


class GradeBandBlock(blocks.StructBlock):
    lower_bound = blocks.DecimalBlock(label=_("最低分（含）"), min_value=0, max_value=100,
                                      max_digits=5, decimal_places=2)
    grade = blocks.ChoiceBlock(choices=RANKED_GRADE_CHOICES, label=_("职级"))

    class Meta:
        icon = "order"
        label = _("分数段")


class QualificationBlock(blocks.StructBlock):
    position = blocks.ChoiceBlock(choices=RANKED_POSITION_CHOICES, label=_("职位"))
    min_education = blocks.ChoiceBlock(choices=Education.choices, label=_("最低学历"))
    min_years = blocks.DecimalBlock(label=_("最少从业年限"), min_value=0, max_digits=4,
                                    decimal_places=1, default=0)
    min_product_series = blocks.IntegerBlock(label=_("最少熟练产品系列数"), min_value=0, default=0)
    alt_education = blocks.ChoiceBlock(
        choices=Education.choices, label=_("替代学历"), required=False,
        help_text=_("学历未达最低要求时，具备此学历（及以下条件）也可视为满足，例如技工：初中 + 维修资质证书 + 1 年经验。"),
    )
    alt_requires_certificate = blocks.BooleanBlock(label=_("替代条件须持维修资质证书"), required=False)
    alt_min_years = blocks.DecimalBlock(label=_("替代条件最少从业年限"), min_value=0, max_digits=4,
                                        decimal_places=1, required=False)

    class Meta:
        icon = "user"
        label = _("资格条件")


class PayRowBlock(blocks.StructBlock):
    grade = blocks.ChoiceBlock(choices=RANKED_GRADE_CHOICES, label=_("职级"))
    full_time_total = _money_block(_("专职：月薪总额"), _("岗位工资与绩效工资按下方占比拆分。"))
    full_time_travel_supplement = _money_block(
        _("专职：出差补贴（元/天）"), _("在公司差旅标准之上另加；技工按公司标准执行，填 0。"))
    reserve_allowance = _money_block(_("生产储备：技术津贴（元/月）"))
    reserve_travel_basis = _money_block(_("生产储备：出差月薪基数"), _("按 基数 ÷ 月计薪天数 × 出差天数 计算。"))
    reserve_travel_subsidy = _money_block(_("生产储备：出差补贴（元/天）"))

    class Meta:
        icon = "form"
        label = _("薪资标准")


class PenaltyBandBlock(blocks.StructBlock):
    min_rate = blocks.DecimalBlock(label=_("不合格率达到（%，含）"), min_value=0, max_value=100,
                                   max_digits=5, decimal_places=2)
    amount = _money_block(_("处罚金额（元）"))

    class Meta:
        icon = "warning"
        label = _("处罚档次")


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ACTIVE = "active", _("已启用")


class GradingSchemeQuerySet(models.QuerySet):
    def active(self):
        """Published (HR-confirmed) schemes, whatever their effective date."""
        return self.filter(live=True)

    def in_force_on(self, day):
        """Active schemes effective on ``day``, the one that applies first."""
        return self.active().filter(effective_date__lte=day).order_by(
            "-effective_date", "-last_published_at", "-pk"
        )

    def active_on(self, day):
        """The scheme that applies on ``day``, or None."""
        return self.in_force_on(day).first()

    def in_force(self, day):
        """The scheme that applies on ``day``; :class:`NoSchemeInForce` if none does."""
        scheme = self.active_on(day)
        if scheme is None:
            raise NoSchemeInForce(_("%(day)s 没有已生效的定级与薪资方案。") % {"day": day.isoformat()})
        return scheme

    def rules_on(self, day=None):
        """The :class:`SchemeRules` in force on ``day`` (default: today in the
        project's time zone); :class:`NoSchemeInForce` if no scheme applies."""
        return self.in_force(day or timezone.localdate()).to_rules()


class GradingScheme(DraftStateMixin, RevisionMixin, models.Model):
    """定职定级与薪资方案: one published version of the grade and pay rules.

    A new policy revision means a new scheme (copy the current one, change
    the numbers, give it a later effective date, publish). A scheme that
    recorded decisions already refer to cannot have its rules changed, so
    every past decision can be reproduced from it."""

    name = models.CharField(_("方案名称"), max_length=120, default="售后人员定职定级与薪资方案")
    version_label = models.CharField(_("版本号"), max_length=40, unique=True)
    effective_date = models.DateField(_("生效日期"), db_index=True)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("依据的制度版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grading_schemes",
        help_text=_("导入或发布《售后服务人员培训管理办法》后，在此关联对应的制度版本。"),
    )
    source_document = models.CharField(
        _("依据文件"), max_length=200, default="售后服务人员培训管理办法",
        help_text=_("制度文件名称，未关联制度版本时也须填写。"),
    )
    change_summary = models.TextField(_("修订说明"), blank=True)

    pass_mark = models.DecimalField(
        _("合格线（分）"), max_digits=5, decimal_places=2, default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("书面考试与实操考核均须达到此分数，否则为储备。"),
    )
    bands = StreamField(
        [("band", GradeBandBlock())],
        verbose_name=_("定级分数段"),
        help_text=_("按最低分从低到高排列；每段从本段最低分（含）到下一段最低分（不含），最高段到 100 分。"
                    "平均分低于最低分数段为储备。"),
    )
    qualifications = StreamField(
        [("position", QualificationBlock())],
        verbose_name=_("资格条件（C原则）"),
        help_text=_("分数对应的职级高于本人资格条件时，封顶为其符合条件的最高职位的最高级别。"),
    )
    pay_table = StreamField([("row", PayRowBlock())], verbose_name=_("职级薪资表"))
    position_share = models.DecimalField(
        _("岗位工资占比（%）"), max_digits=5, decimal_places=2, default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("专职月薪 = 岗位工资（此比例）+ 绩效工资（其余部分）。"),
    )
    working_days = models.PositiveSmallIntegerField(
        _("月计薪天数"), default=22, validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("生产储备出差工资 = 出差月薪基数 ÷ 月计薪天数 × 出差天数。"),
    )
    penalty_bands = StreamField(
        [("band", PenaltyBandBlock())], verbose_name=_("培训人处罚档次"), blank=True,
        help_text=_("同一机种或培训内容的受训人员不合格率达到最低一档即追究主导培训人责任。"),
    )
    dealer_daily_fee = models.DecimalField(
        _("委培人员补训费（元/天）"), max_digits=10, decimal_places=2, default=200,
        validators=[MinValueValidator(0)],
        help_text=_("办事处/经销商委培人员不合格而坚持继续培训时收取。"),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认（发布）人"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认（发布）时间"), null=True, blank=True, editable=False)

    # A new scheme is a draft until HR publishes it (DraftStateMixin defaults to live).
    live = models.BooleanField(verbose_name=_("已启用"), default=False, editable=False)

    objects = GradingSchemeQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            ["name", "version_label", "effective_date", "policy_version", "source_document", "change_summary"],
            heading=_("方案信息"),
        ),
        MultiFieldPanel(["pass_mark", "bands"], heading=_("考核与定级")),
        FieldPanel("qualifications"),
        MultiFieldPanel(["position_share", "working_days", "pay_table"], heading=_("职级与薪资")),
        MultiFieldPanel(["penalty_bands", "dealer_daily_fee"], heading=_("培训责任与委培收费")),
    ]

    class Meta:
        ordering = ["-effective_date", "-pk"]
        verbose_name = _("定级与薪资方案")
        verbose_name_plural = _("定级与薪资方案")

    def __str__(self):
        return f"{self.name}（{self.version_label}，{self.effective_date} 起）"

    @property
    def status(self):
        return SchemeStatus.ACTIVE if self.live else SchemeStatus.DRAFT

    def get_status_display(self):
        return self.status.label

    # -- rules --------------------------------------------------------------

    def rules_data(self):
        """The scheme as plain data, the shape :meth:`SchemeRules.from_dict` reads."""
        def rows(stream):
            # Raw values, so that even corrupt stored data becomes a validation message, not a crash.
            return [dict(item.get("value") or {}) for item in (stream.raw_data if stream else [])]

        return {
            "label": str(self),
            "scheme_id": self.pk,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "pass_mark": self.pass_mark,
            "position_share": self.position_share,
            "working_days": self.working_days,
            "dealer_daily_fee": self.dealer_daily_fee,
            "bands": rows(self.bands),
            "qualifications": rows(self.qualifications),
            "pay_table": rows(self.pay_table),
            "penalty_bands": rows(self.penalty_bands),
        }

    def to_rules(self):
        """This scheme as a validated :class:`~assessments.terms.scheme.SchemeRules`
        (raises :class:`~assessments.terms.scheme.SchemeError` if it is invalid)."""
        return SchemeRules.from_dict(self.rules_data())

    def clean(self):
        super().clean()
        try:
            rules = self.to_rules()
        except SchemeError as error:
            # One message per field: a StreamField shows a single error for the whole stream.
            raise ValidationError({field: "；".join(messages) for field, messages in error.errors.items()}) from error
        if self.pk and self.decisions.exists():
            stored = type(self).objects.get(pk=self.pk)
            if _comparable(stored.to_rules()) != _comparable(rules) or stored.effective_date != self.effective_date:
                raise ValidationError(_(
                    "已有定级记录使用本方案，不能再修改其规则或生效日期；"
                    "请复制本方案，修改后以新的版本号和生效日期发布。"
                ))

    # -- revisions ------------------------------------------------------------

    def save_revision(self, user=None, *args, **kwargs):
        if user is not None and self.created_by_id is None:
            # Also in the revision's content, or publishing it would blank the field again.
            self.created_by = user
            type(self).objects.filter(pk=self.pk, created_by__isnull=True).update(created_by=user)
        return super().save_revision(user, *args, **kwargs)

    def publish(self, revision, user=None, *args, **kwargs):
        """Publishing is HR's confirmation: record who and when."""
        result = super().publish(revision, user, *args, **kwargs)
        published = type(self).objects.filter(pk=self.pk, live=True, live_revision=revision)
        confirmer = user or revision.user
        now = timezone.now()
        if published.update(confirmed_by=confirmer, confirmed_at=now):
            self.confirmed_by, self.confirmed_at = confirmer, now
        return result


def _comparable(rules):
    """The rules without their identity, compared by value (80 == 80.00)."""
    return dataclasses.replace(rules, label="", scheme_id=None, effective_date=None)


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认")


class GradeDecisionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=DecisionStatus.CONFIRMED)

    def proposed(self):
        return self.filter(status=DecisionStatus.PROPOSED)

    def history_of(self, person):
        """A person's grade history: their confirmed decisions, oldest first."""
        return self.confirmed().filter(person=person).order_by("confirmed_at", "pk")


class GradeDecision(models.Model):
    """定职定级记录: a grade proposed from a trainee's written and practical
    results under one scheme, and HR's confirmation of it.

    Everything the decision was made from is stored (scores, qualifications,
    the scheme and a snapshot of its rules), so
    :func:`assessments.rules.grades.reproduce` gives the same grade years
    later. Only confirmed decisions count for pay; create and confirm them
    with :func:`assessments.decisions.record_decision` and
    :func:`assessments.decisions.confirm`."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.PROTECT,
        related_name="grade_decisions",
    )
    track = models.CharField(_("薪资类别"), max_length=30, choices=Track.choices, default=Track.FULL_TIME)
    written_score = models.DecimalField(_("书面考试成绩"), max_digits=7, decimal_places=4)
    practical_score = models.DecimalField(_("实操考核成绩"), max_digits=7, decimal_places=4)
    education = models.CharField(_("学历"), max_length=30, choices=Education.choices)
    product_series = models.PositiveSmallIntegerField(_("熟练产品系列数"))
    years_experience = models.DecimalField(_("从业年限"), max_digits=5, decimal_places=2)
    repair_certificate = models.BooleanField(_("持有维修资质证书"), default=False)

    score = models.DecimalField(_("平均分"), max_digits=9, decimal_places=5)
    band_grade = models.CharField(_("按分数的职级"), max_length=30, choices=Grade.choices)
    proposed_grade = models.CharField(_("定级结果"), max_length=30, choices=Grade.choices)
    reasons = models.JSONField(_("定级理由"), default=list)
    scheme = models.ForeignKey(
        GradingScheme, verbose_name=_("所用方案"), on_delete=models.PROTECT, related_name="decisions",
    )
    rules = models.JSONField(_("方案规则快照"), default=dict, editable=False)
    note = models.TextField(_("备注"), blank=True)
    field_ability_note = models.TextField(
        _("售后部现场能力意见"), blank=True, editable=False,
        help_text=_("售后部根据考核结果与出差安装/维修机器的实际能力提出定级意见。"))
    field_ability_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("意见填写人（售后部经理）"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+")
    field_ability_at = models.DateTimeField(_("意见填写时间"), null=True, blank=True, editable=False)

    status = models.CharField(_("状态"), max_length=20, choices=DecisionStatus.choices,
                              default=DecisionStatus.PROPOSED, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    objects = GradeDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("定级记录")
        verbose_name_plural = _("定级记录")
        permissions = [("confirm_gradedecision", _("可以确认定级结果")),
                       ("note_field_ability", _("可以填写定级的现场能力意见（售后部经理）"))]
        indexes = [models.Index(fields=["person", "status", "confirmed_at"], name="grade_decision_history")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(confirmed_at__isnull=False),
                name="grade_decision_confirmed_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_proposed_grade_display()}（{self.get_status_display()}）"

    @property
    def qualification(self):
        return Qualification(self.education, self.product_series, self.years_experience,
                             self.repair_certificate)

    def scheme_rules(self):
        """The rules exactly as they were when this decision was made."""
        return SchemeRules.from_dict(self.rules)

