"""Training archives 培训档案: the catalogue (filtered by project and date),
an archive's records, its files, and loans 借阅 (request, approve or reject,
return). The rules are :mod:`lms.archives`'; every check is made here on
the server, for every request."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import archives
from ..models import ArchiveItem, ArchiveLoan, CoursePage, LoanStatus, TrainingArchive
from . import error_text


def _browsing(user):
    if not archives.may_browse(user):
        raise PermissionDenied(_("您没有查阅培训档案的权限。"))


def _date_or_none(value):
    try:
        return archives._date(value, "") if value else None
    except ValidationError:
        return None


@login_required
def archive_list(request):
    _browsing(request.user)
    project = (request.GET.get("project") or "").strip()
    date_from, date_to = _date_or_none(request.GET.get("from")), _date_or_none(request.GET.get("to"))
    found = archives.archives(project=project, date_from=date_from, date_to=date_to)[:200]
    return TemplateResponse(request, "lms/archives/list.html", {
        "archives": found, "project": project, "date_from": date_from, "date_to": date_to,
        "projects": CoursePage.objects.filter(sessions__archive__isnull=False).distinct().order_by("title"),
        "my_loans": ArchiveLoan.objects.filter(borrower=request.user).select_related("archive__session", "item")[:20],
        "may_approve": request.user.has_perm(archives.APPROVE),
    })


@login_required
def archive_detail(request, pk):
    _browsing(request.user)
    archive = get_object_or_404(TrainingArchive.objects.select_related("session__course", "session__trainer",
                                                                        "session__survey"), pk=pk)
    user, today = request.user, timezone.localdate()
    full = archives.may_see_records(user, archive, today)
    context = {"archive": archive, "session": archive.session, "full": full, "today": today,
               "may_borrow": user.has_perm(archives.BORROW), "may_approve": user.has_perm(archives.APPROVE),
               "loans": archive.loans.select_related("borrower", "item", "decided_by", "archive__session"),
               "my_loans": archive.loans.filter(borrower=user).select_related("item", "decided_by",
                                                                               "archive__session")}
    if full:
        context.update(archives.records(archive))
    else:
        items = list(archive.items.select_related("document").order_by("kind", "sort_order", "pk"))
        open_items = {loan.item_id for loan in archives.open_loans(user, archive, today)}
        context["items"] = items
        context["open_items"] = open_items
    if not (full or user.has_perm(archives.APPROVE)):
        context["loans"] = context["my_loans"]
    return TemplateResponse(request, "lms/archives/detail.html", context)


@login_required
def archive_item_file(request, pk):
    """An item's file, for those it is open to (see :func:`lms.archives.may_open_item`)."""
    item = get_object_or_404(ArchiveItem.objects.select_related("archive", "document"), pk=pk)
    if not archives.may_open_item(request.user, item):
        raise PermissionDenied(_("该材料须经借阅审批后在借阅期内查看。"))
    document = item.document
    return FileResponse(document.file.open("rb"), filename=document.filename,
                        as_attachment=item.kind != "photo")


@login_required
@require_POST
def loan_request(request, pk):
    archive = get_object_or_404(TrainingArchive, pk=pk)
    item = None
    if request.POST.get("item"):
        item = ArchiveItem.objects.filter(pk=request.POST["item"], archive=archive).first()
        if item is None:
            messages.error(request, _("所选材料不属于该档案。"))
            return redirect("lms:archive", archive.pk)
    try:
        archives.request_loan(archive, request.user, reason=request.POST.get("reason"),
                              starts_on=request.POST.get("starts_on"), ends_on=request.POST.get("ends_on"), item=item)
        messages.success(request, _("借阅申请已提交，待审批。"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("lms:archive", archive.pk)


@login_required
def loan_list(request):
    """The approvers' list of loans: requests waiting first, then those out and overdue."""
    if not request.user.has_perm(archives.APPROVE):
        raise PermissionDenied(_("您没有审批档案借阅的权限。"))
    today = timezone.localdate()
    loans = ArchiveLoan.objects.select_related("borrower", "archive__session", "item", "decided_by")
    return TemplateResponse(request, "lms/archives/loans.html", {
        "waiting": archives.loans_to_approve(request.user),
        "out": loans.filter(status=LoanStatus.APPROVED).order_by("ends_on", "pk"),
        "closed": loans.exclude(status__in=[LoanStatus.APPROVED, LoanStatus.REQUESTED])[:50],
        "today": today,
    })


@login_required
@require_POST
def loan_action(request, pk, action):
    loan = get_object_or_404(ArchiveLoan.objects.select_related("archive"), pk=pk)
    try:
        if action in ("approve", "reject"):
            archives.decide(loan, request.user, approve=action == "approve", note=request.POST.get("note", ""))
            messages.success(request, _("已批准借阅。") if action == "approve" else _("已驳回借阅申请。"))
        elif action == "return":
            archives.return_loan(loan, request.user)
            messages.success(request, _("已归还，借阅结束。"))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, error_text(error))
    target = request.POST.get("next")
    if target == "loans" and request.user.has_perm(archives.APPROVE):
        return redirect("lms:archive_loans")
    return redirect("lms:archive", loan.archive_id)
