"""Training archives 培训档案 and their loans 借阅. Who may do what is a
permission (see :mod:`lms.models.archives`); the rules are here, the views
and the overdue reminder (:func:`lms.tasks.remind_overdue_loans`) call them.
Time comes in as ``today=`` / ``now=``."""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log

from people.models import person_name

from .evaluation import EXAM_RESULTS_HOOK, trainees
from .models import ArchiveItem, ArchiveLoan, LoanStatus, PlanLine, Trainer, TrainingArchive
from .surveys import summarise

VIEW = "lms.view_trainingarchive"
BORROW = "lms.borrow_trainingarchive"
APPROVE = "lms.approve_archiveloan"
#: The longest loan a request may ask for.
MAX_LOAN_DAYS = 90


def may_view(user):
    return user.has_perm(VIEW)


def may_browse(user):
    """Who sees the archives' catalogue: viewers, and borrowers (to ask for a loan)."""
    return user.has_perm(VIEW) or user.has_perm(BORROW)


def open_loans(user, archive, today=None):
    """``user``'s loans of ``archive`` that grant access today."""
    today = today or timezone.localdate()
    return ArchiveLoan.objects.filter(archive=archive, borrower=user, status=LoanStatus.APPROVED,
                                      starts_on__lte=today, ends_on__gte=today)


def may_see_records(user, archive, today=None):
    """The whole archive's records and files: viewers, or a borrower with
    an approved whole-archive loan running today."""
    return may_view(user) or open_loans(user, archive, today).filter(item__isnull=True).exists()


def may_open_item(user, item, today=None):
    """One item's file: viewers, or a borrower whose approved loan of the
    item (or of the whole archive) runs today. A request not yet approved,
    rejected, returned or out of its period opens nothing."""
    if may_view(user):
        return True
    return open_loans(user, item.archive, today).filter(Q(item=item) | Q(item__isnull=True)).exists()


def archive_for_document(document):
    """The archive item a Wagtail document belongs to, or None."""
    return ArchiveItem.objects.filter(document=document).select_related("archive").first()


def archives(project=None, date_from=None, date_to=None):
    """The catalogue, newest training first, filtered by project (course
    page id, or a title's words) and the training's date."""
    found = TrainingArchive.objects.select_related("session__course", "session__trainer").order_by(
        "-session__starts_at", "-pk")
    if project:
        found = found.filter(session__course_id=project) if str(project).isdigit() else found.filter(
            Q(session__course__title__icontains=project) | Q(session__title__icontains=project))
    if date_from:
        found = found.filter(session__starts_at__date__gte=date_from)
    if date_to:
        found = found.filter(session__starts_at__date__lte=date_to)
    return found


def records(archive):
    """Every record of the training, gathered by query from where it lives:
    plans (with their approval and their course lines), the trainer's file, the register, the
    survey answers, the exam results, the evaluation reports sent, and the
    uploaded items."""
    session = archive.session
    people = trainees(session)
    names = {p.pk: person_name(p) for p in people}
    survey_count, questions = (summarise(session.survey, sessions=[session]) if session.survey_id else (0, []))
    exams = [{"name": names.get(r.user_id, "—"), "exam": r.exam, "score": r.score, "passed": r.passed}
             for fn in hooks.get_hooks(EXAM_RESULTS_HOOK) for r in fn(session, people)]
    return {
        "plans": list(archive.plans.select_related("decided_by", "department").prefetch_related(
            Prefetch("lines", queryset=PlanLine.objects.select_related("course").order_by("sort_order", "pk")))
            .order_by("starts_on")),
        "trainer": (Trainer.objects.filter(user_id=session.trainer_id).prefetch_related("appraisals").first()
                    if session.trainer_id else None),
        "attendances": list(session.attendances.select_related("user").order_by("user__username")),
        "survey_count": survey_count,
        "survey_questions": questions,
        "exams": exams,
        "reports": list(session.evaluation_sends.select_related("sent_by")),
        "items": list(archive.items.select_related("document").order_by("kind", "sort_order", "pk")),
    }


# ---- loans ----------------------------------------------------------------------------


def _date(value, label):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise ValidationError(_("请填写有效的%(label)s（如 2026-12-01）。") % {"label": label}) from None


@transaction.atomic
def request_loan(archive, borrower, *, reason, starts_on, ends_on, item=None, today=None, now=None):
    """A borrower asks for the archive (or one item) for a period, saying why."""
    today = today or timezone.localdate()
    if not borrower.has_perm(BORROW):
        raise PermissionDenied(_("您没有借阅培训档案的权限，请联系人资部。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写借阅事由。"))
    starts_on, ends_on = _date(starts_on, _("借阅开始日期")), _date(ends_on, _("应归还日期"))
    if starts_on < today:
        raise ValidationError(_("借阅开始日期不能早于今天。"))
    if ends_on < starts_on:
        raise ValidationError(_("应归还日期不能早于借阅开始日期。"))
    if (ends_on - starts_on).days + 1 > MAX_LOAN_DAYS:
        raise ValidationError(_("借阅期限最长 %(days)s 天。") % {"days": MAX_LOAN_DAYS})
    if item is not None and item.archive_id != archive.pk:
        raise ValidationError(_("所选材料不属于该档案。"))
    pending = ArchiveLoan.objects.filter(archive=archive, item=item, borrower=borrower,
                                         status__in=[LoanStatus.REQUESTED, LoanStatus.APPROVED])
    if pending.exists():
        raise ValidationError(_("您已有该档案（材料）的借阅申请或借阅中的记录，请勿重复申请。"))
    loan = ArchiveLoan.objects.create(archive=archive, item=item, borrower=borrower, reason=reason,
                                      starts_on=starts_on, ends_on=ends_on, requested_at=now or timezone.now())
    log(loan, "lms.loan.request", user=borrower)
    return loan


def _locked(loan):
    return ArchiveLoan.objects.select_for_update().get(pk=loan.pk)


@transaction.atomic
def decide(loan, by, *, approve, note="", now=None):
    """An approver approves or rejects a pending request (not their own)."""
    if not by.has_perm(APPROVE):
        raise PermissionDenied(_("您没有审批档案借阅的权限。"))
    loan = _locked(loan)
    if loan.borrower_id == by.pk:
        raise ValidationError(_("不能审批本人的借阅申请。"))
    if loan.status != LoanStatus.REQUESTED:
        raise ValidationError(_("该申请已处理（%(status)s），不能再次审批。") % {"status": loan.get_status_display()})
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError(_("驳回时请填写审批意见。"))
    loan.status = LoanStatus.APPROVED if approve else LoanStatus.REJECTED
    loan.decided_by, loan.decided_at, loan.decision_note = by, now or timezone.now(), note
    loan.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    log(loan, "lms.loan.approve" if approve else "lms.loan.reject", user=by)
    return loan


@transaction.atomic
def return_loan(loan, by, now=None):
    """The loan is returned (the borrower hands it back, or an approver
    records it): it closes and opens nothing any more."""
    if by.pk != loan.borrower_id and not by.has_perm(APPROVE):
        raise PermissionDenied(_("只有借阅人或档案审批人可以办理归还。"))
    loan = _locked(loan)
    if loan.status != LoanStatus.APPROVED:
        raise ValidationError(_("只有借阅中的档案可以归还。"))
    loan.status, loan.returned_at, loan.returned_to = LoanStatus.RETURNED, now or timezone.now(), by
    loan.save(update_fields=["status", "returned_at", "returned_to"])
    log(loan, "lms.loan.return", user=by)
    return loan


def overdue_loans(today):
    return (ArchiveLoan.objects.filter(status=LoanStatus.APPROVED, ends_on__lt=today)
            .select_related("borrower", "decided_by", "archive__session").order_by("ends_on", "pk"))


def loans_to_approve(user):
    if not user.has_perm(APPROVE):
        return ArchiveLoan.objects.none()
    return (ArchiveLoan.objects.filter(status=LoanStatus.REQUESTED).exclude(borrower=user)
            .select_related("borrower", "archive__session", "item").order_by("requested_at", "pk"))
