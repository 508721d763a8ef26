"""The 客户培训 menu of the admin (HR): customer organisations with their
trainees, invitations and the evaluation reports sent; and the actions on
an organisation: invite a trainee by email, create trainees from an .xlsx,
send the evaluation report."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.models import CustomerOrganisation, ExternalTrainee, TraineeInvitation, person_name

from .. import customer_accounts, customer_report
from ..models import CustomerReport

INVITE = "people.add_traineeinvitation"
ADD_TRAINEES = "people.add_externaltrainee"


class CustomerOrganisationViewSet(SnippetViewSet):
    model = CustomerOrganisation
    icon = "globe"
    menu_label = gettext_lazy("客户单位")
    list_display = ["name", "contact_name", "contact_email", "contact_phone",
                    Column("trainee_total", label=gettext_lazy("学员人数"))]
    search_fields = ["name", "contact_name"]
    inspect_view_enabled = True
    inspect_view_fields = ["name", "contact_name", "contact_email", "contact_phone", "note"]

    def get_queryset(self, request):
        """Counted in the listing's own query (one per page, not one per row)."""
        return CustomerOrganisation.objects.annotate(trainee_total=Count("trainees"))


class ExternalTraineeViewSet(SnippetViewSet):
    model = ExternalTrainee
    icon = "user"
    menu_label = gettext_lazy("客户学员")
    list_display = ["name", "email", "organisation", "position", "phone"]
    list_filter = ["organisation"]

    def get_queryset(self, request):
        return ExternalTrainee.objects.select_related("user", "organisation")
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]


class TraineeInvitationViewSet(SnippetViewSet):
    model = TraineeInvitation
    icon = "mail"
    menu_label = gettext_lazy("学员邀请")
    list_display = ["full_name", "email", "organisation", "state", "created_at", "expires_at"]
    list_filter = ["organisation"]

    def get_queryset(self, request):
        return TraineeInvitation.objects.select_related("organisation")


class CustomerReportViewSet(SnippetViewSet):
    model = CustomerReport
    icon = "doc-full"
    menu_label = gettext_lazy("评估报告发送记录")
    list_display = ["organisation", "sent_to", "trainees", "sent_by", "sent_at"]
    list_filter = ["organisation"]

    def get_queryset(self, request):
        return CustomerReport.objects.select_related("organisation", "sent_by")


class CustomerTrainingGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("客户培训")
    menu_icon = "globe"
    menu_order = 253
    items = (CustomerOrganisationViewSet, ExternalTraineeViewSet, TraineeInvitationViewSet, CustomerReportViewSet)


def listing_buttons(snippet, user, next_url=None):
    """邀请学员 / 批量导入 / 评估报告 on a customer organisation."""
    if not isinstance(snippet, CustomerOrganisation):
        return
    if user.has_perm(INVITE):
        yield ListingButton(_("邀请学员"), reverse("lms_customer_invite", args=[snippet.pk]), icon_name="mail",
                            priority=30)
    if user.has_perm(ADD_TRAINEES) and user.has_perm(INVITE):
        yield ListingButton(_("批量导入学员"), reverse("lms_customer_import", args=[snippet.pk]),
                            icon_name="upload", priority=31)
    if user.has_perm(customer_report.SEND):
        yield ListingButton(_("评估报告"), reverse("lms_customer_report", args=[snippet.pk]), icon_name="doc-full",
                            priority=32)


# ---- the actions ----------------------------------------------------------------------


class InviteForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("姓名"), max_length=100)
    email = forms.EmailField(label=gettext_lazy("邮箱"))
    phone = forms.CharField(label=gettext_lazy("电话"), max_length=40, required=False)
    position = forms.CharField(label=gettext_lazy("职务"), max_length=100, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("学员名单（.xlsx）"),
                           help_text=gettext_lazy("第一行为表头：姓名、邮箱、电话、职务（电话、职务可空）。"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("请上传 .xlsx 文件。"))
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("文件不能超过 2 MB。"))
        return upload


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("客户培训仅限培训主管部门（人资部）操作。"))


def invite(request, pk):
    _require(request, INVITE)
    organisation = get_object_or_404(CustomerOrganisation, pk=pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = customer_accounts.invite(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已向 %(email)s 发送邀请，链接 %(days)d 天内有效。") % {
                "email": invitation.email, "days": customer_accounts.INVITATION_DAYS})
            return redirect("wagtailsnippets_people_traineeinvitation:list")
    return TemplateResponse(request, "lms/admin/customer_form.html", {
        "organisation": organisation, "form": form, "title": _("邀请学员"), "multipart": False})


def import_trainees(request, pk):
    _require(request, ADD_TRAINEES)
    _require(request, INVITE)
    organisation = get_object_or_404(CustomerOrganisation, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            created = customer_accounts.import_trainees(organisation, form.cleaned_data["file"].read(),
                                                        by=request.user)
        except customer_accounts.ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(request, _("已导入 %(n)d 名学员，并向每人发送了设置密码的邀请。") % {"n": len(created)})
            return redirect("wagtailsnippets_people_externaltrainee:list")
    return TemplateResponse(request, "lms/admin/customer_form.html", {
        "organisation": organisation, "form": form, "title": _("批量导入学员"), "multipart": True,
        "errors": errors}, status=400 if errors else 200)


def report(request, pk):
    """The evaluation report: preview (GET), the PDF (``?pdf=1``), send (POST)."""
    _require(request, customer_report.SEND)
    organisation = get_object_or_404(CustomerOrganisation, pk=pk)
    if request.GET.get("pdf"):
        now = timezone.now()
        response = HttpResponse(customer_report.report_pdf(organisation, now), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            False, customer_report.filename(organisation, now))
        return response
    if request.method == "POST":
        try:
            record = customer_report.send(organisation, by=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("评估报告已发送至 %(email)s。") % {"email": record.sent_to})
            return redirect("wagtailsnippets_lms_customerreport:list")
    rows = customer_report.build(organisation)
    return TemplateResponse(request, "lms/admin/customer_report.html", {
        "organisation": organisation, "rows": rows,
        "sent": CustomerReport.objects.filter(organisation=organisation).select_related("sent_by")[:10],
        "person_name": person_name})


def admin_urls():
    return [
        path("lms/customers/<int:pk>/invite/", invite, name="lms_customer_invite"),
        path("lms/customers/<int:pk>/import/", import_trainees, name="lms_customer_import"),
        path("lms/customers/<int:pk>/report/", report, name="lms_customer_report"),
    ]
