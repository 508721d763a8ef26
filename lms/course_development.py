"""Developing a course step by step (客户培训日常管理制度 五(二)) and
re-evaluating it periodically (五(三)).

HR starts the project and records the steps (``lms.change_coursedevelopment``),
so does the course's owner or a member of its team; the trial lecture's
reviewers (the team, HR, the training-management department, the trainer
pool) leave comments; only the training-management department files the course
(``lms.file_coursedevelopment``). Steps are taken in order, none skipped."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from . import rules
from .models import CourseDevelopment, DevelopmentStage, DevelopmentStep, TrialReview, in_trainer_pool

MANAGE = "lms.change_coursedevelopment"
FILE = "lms.file_coursedevelopment"
SEE = "lms.view_coursedevelopment"


def in_team(development, user):
    return user.pk is not None and (development.owner_id == user.pk
                                    or development.team.filter(pk=user.pk).exists())


def may_see(development, user):
    return user.has_perm(SEE) or user.has_perm(FILE) or in_team(development, user)


def may_record(development, user):
    """Whether ``user`` may record the next step (filing: the training-management department only)."""
    step = development.next_stage
    if step is None:
        return False
    if step == DevelopmentStage.FILED:
        return user.has_perm(FILE)
    return user.has_perm(MANAGE) or in_team(development, user)


def may_comment(development, user):
    """The trial lecture's reviewers (相关专家、培训师资和业务骨干: the team, HR,
    the training-management department and the trainer pool's members)
    comment while the trial lecture is the step under way or just done."""
    if development.stage not in (DevelopmentStage.MATERIALS, DevelopmentStage.TRIAL) or not user.is_authenticated:
        return False
    return (user.has_perm(SEE) or user.has_perm(FILE) or in_team(development, user)
            or in_trainer_pool(user))


def step_refusal(development, stage):
    """Why ``stage`` cannot be recorded now (``None``: it can)."""
    expected = development.next_stage
    if expected is None:
        return _("该课程已归档，开发流程已完成。")
    if stage != expected:
        return _("课程开发须按顺序进行：下一步是「%(next)s」，不能直接记录「%(step)s」。") % {
            "next": expected.label, "step": DevelopmentStage(stage).label}
    if stage == DevelopmentStage.PROJECT and not development.team.exists():
        return _("立项须先确定课程开发小组成员。")
    if stage == DevelopmentStage.TRIAL and not development.reviews.exists():
        return _("内部试讲与评审须至少有一位评审人的评审意见。")
    return None


@transaction.atomic
def record_step(development, by, stage, note="", files=(), on=None):
    """Record ``stage`` as done by ``by`` on ``on`` with ``files`` (uploaded
    files, kept as Wagtail documents). Filing sets the filing date."""
    stage = DevelopmentStage(stage)
    if development.filed:
        raise ValidationError(_("该课程已归档，开发流程已完成。"))
    if not may_record(development, by):
        raise PermissionDenied(_("提交培训管理部门归档须由培训管理部门确认。") if stage == DevelopmentStage.FILED
                               else _("只有课程负责人、开发小组成员或人资部可以记录课程开发步骤。"))
    refusal = step_refusal(development, stage)
    if refusal:
        raise ValidationError(refusal)
    on = on or timezone.localdate()
    step = DevelopmentStep.objects.create(development=development, stage=stage, completed_on=on, by=by,
                                          note=note)
    Document = get_document_model()
    for upload in files:
        document = Document(title=f"{development.course.title} · {stage.label} · {upload.name}",
                            file=upload, uploaded_by_user=by)
        document.save()
        step.documents.add(document)
    development.stage = stage
    if stage == DevelopmentStage.FILED:
        development.filed_on = development.last_evaluated_on = on
    development.save()
    log(development, "lms.course.step", user=by, data={"stage": stage.value})
    return step


@transaction.atomic
def add_review(development, reviewer, comments, score=None):
    """A reviewer's comments on the trial lecture."""
    comments = (comments or "").strip()
    if not comments:
        raise ValidationError(_("请填写评审意见。"))
    if development.stage not in (DevelopmentStage.MATERIALS, DevelopmentStage.TRIAL):
        raise ValidationError(_("只有在内部试讲与评审阶段可以提交评审意见。"))
    if not may_comment(development, reviewer):
        raise PermissionDenied(_("试讲评审由开发小组、人资部、培训管理部门或师资库成员提出。"))
    review = TrialReview.objects.create(development=development, reviewer=reviewer, comments=comments,
                                        score=score)
    log(development, "lms.course.review", user=reviewer)
    return review


@transaction.atomic
def record_reevaluation(development, by, note="", on=None):
    """The periodic evaluation of a filed course is done (五(三))."""
    if not development.filed:
        raise ValidationError(_("只有已归档的课程需要定期评估。"))
    if not (by.has_perm(MANAGE) or in_team(development, by)):
        raise PermissionDenied(_("只有课程负责人、开发小组成员或人资部可以记录课程评估。"))
    on = on or timezone.localdate()
    DevelopmentStep.objects.create(development=development, stage=DevelopmentStage.FILED, completed_on=on, by=by,
                                   note=_("定期评估：%s") % note if note else _("定期评估"))
    development.last_evaluated_on = on
    development.save(update_fields=["last_evaluated_on"])
    log(development, "lms.course.reevaluate", user=by)


def start(course, owner=None, team=()):
    """The development record of ``course`` (created, not yet started, when missing)."""
    development, _created = CourseDevelopment.objects.get_or_create(course=course, defaults={"owner": owner})
    if owner is not None and development.owner_id is None:
        development.owner = owner
        development.save(update_fields=["owner"])
    if team:
        development.team.add(*team)
    return development


def due_for_reevaluation(today, months):
    """Filed courses whose periodic evaluation is due on or before ``today``."""
    return [d for d in CourseDevelopment.objects.filter(stage=rules.FILED).select_related("course", "owner")
            if d.reevaluation_due(months) and d.reevaluation_due(months) <= today]
