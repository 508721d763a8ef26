"""The question bank 题库: categories and questions.

Questions are Wagtail snippets with revisions (:class:`RevisionMixin`): every
save in the admin keeps a revision, so who changed a question and how is on
record. Past attempts never read a question again: an attempt stores a
snapshot of each question as it was drawn (:meth:`Question.snapshot`), so
editing or deleting a question changes no one's paper, marks or review.
"""
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import RevisionMixin


class QuestionCategory(models.Model):
    """题目分类 (电气基础, 机械结构 …), edited by the technical departments.
    The initial list comes from the after-sales training rules (see
    :mod:`assessments.question_categories`)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("题目分类")
        verbose_name_plural = _("题目分类")

    def __str__(self):
        return self.name


class QuestionType(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "true_false", _("判断题")
    FILL_IN = "fill_in", _("填空题")
    SHORT_ANSWER = "short_answer", _("简答题")


CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)


def normalise_text_answer(value):
    """How fill-in answers are compared: full-width and half-width forms alike
    (NFKC), case and surrounding or repeated spaces ignored."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return " ".join(text.split()).casefold()


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("选项内容"), max_length=500)
    correct = blocks.BooleanBlock(label=_("正确答案"), required=False)

    class Meta:
        icon = "radio-empty"
        label = _("选项")


class Question(RevisionMixin, models.Model):
    category = models.ForeignKey(QuestionCategory, verbose_name=_("分类"), on_delete=models.PROTECT,
                                 related_name="questions")
    qtype = models.CharField(_("题型"), max_length=20, choices=QuestionType.choices, default=QuestionType.SINGLE)
    text = models.TextField(_("题干"))
    options = StreamField([("option", OptionBlock())], verbose_name=_("选项"), blank=True,
                          help_text=_("单选题、多选题的选项；勾选正确答案。"))
    true_false_answer = models.BooleanField(_("判断题答案"), null=True, blank=True,
                                            help_text=_("判断题：题干所述是否正确。"))
    accepted_answers = models.TextField(
        _("填空题可接受答案"), blank=True,
        help_text=_("每行一个可接受的答案；比较时忽略大小写、全角半角和多余空格。"))
    reference_answer = models.TextField(_("参考答案/评分要点"), blank=True,
                                        help_text=_("简答题由阅卷人对照评分要点给分。"))
    explanation = models.TextField(_("解析"), blank=True, help_text=_("允许查看答案时显示给考生。"))
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2, default=Decimal("1"),
                                 validators=[MinValueValidator(Decimal("0.01"))])
    active = models.BooleanField(_("可用"), default=True, help_text=_("停用的题目不再被抽取或选入试卷。"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    panels = [
        FieldRowPanel(["category", "qtype", "points"]),
        FieldPanel("text"),
        MultiFieldPanel(["options", "true_false_answer", "accepted_answers", "reference_answer"],
                        heading=_("答案")),
        FieldPanel("explanation"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["category__sort_order", "pk"]
        verbose_name = _("题目")
        verbose_name_plural = _("题库")

    def __str__(self):
        text = " ".join(self.text.split())
        return f"[{self.get_qtype_display()}] {text[:40]}{'…' if len(text) > 40 else ''}"

    # ---- answers -------------------------------------------------------------

    def option_list(self):
        """The options as ``[{"text": …, "correct": bool}]``, in the author's order."""
        return [{"text": block.value["text"], "correct": bool(block.value["correct"])}
                for block in self.options if block.block_type == "option"]

    def accepted_list(self):
        return [line.strip() for line in self.accepted_answers.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        options = self.option_list() if self.qtype in CHOICE_TYPES else []
        correct = [o for o in options if o["correct"]]
        if self.qtype in CHOICE_TYPES:
            if len(options) < 2:
                raise ValidationError({"options": _("选择题至少需要两个选项。")})
            if len({normalise_text_answer(o["text"]) for o in options}) != len(options):
                raise ValidationError({"options": _("选项内容不能重复。")})
        if self.qtype == QuestionType.SINGLE and len(correct) != 1:
            raise ValidationError({"options": _("单选题必须恰好有一个正确选项。")})
        if self.qtype == QuestionType.MULTIPLE and not correct:
            raise ValidationError({"options": _("多选题至少需要一个正确选项。")})
        if self.qtype == QuestionType.TRUE_FALSE and self.true_false_answer is None:
            raise ValidationError({"true_false_answer": _("判断题须指定答案（正确或错误）。")})
        if self.qtype == QuestionType.FILL_IN and not self.accepted_list():
            raise ValidationError({"accepted_answers": _("填空题至少需要一个可接受的答案。")})

    def snapshot(self, points=None):
        """The question as drawn into an attempt: everything marking and review
        need, so the attempt never reads this row again. ``points`` overrides
        the question's own (an exam may weight it)."""
        return {
            "question_id": self.pk,
            "revision_id": self.latest_revision_id,
            "type": self.qtype,
            "category": self.category.name if self.category_id else "",
            "text": self.text,
            "options": self.option_list() if self.qtype in CHOICE_TYPES else [],
            "true_false_answer": self.true_false_answer if self.qtype == QuestionType.TRUE_FALSE else None,
            "accepted_answers": self.accepted_list() if self.qtype == QuestionType.FILL_IN else [],
            "reference_answer": self.reference_answer,
            "explanation": self.explanation,
            "points": str(points if points is not None else self.points),
        }
