"""Regulation documents (制度) as versioned Wagtail pages: the library, the
policy pages, their categories and their published versions."""
import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, route
from wagtail.fields import StreamField
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from people.models import Confidentiality, Department, JobRole
from people.routing import ViewRestrictionsReadOnce, route_view

from .. import access
from ..blocks import PolicyBodyBlock
from ..numbering import number_blocks
from ..reading import reading
from ..rules import RevisionKind
from ..segment import to_simplified


class PolicyStatus(models.TextChoices):
    IN_FORCE = "in_force", _("现行有效")
    UPCOMING = "upcoming", _("待生效")
    WITHDRAWN = "withdrawn", _("已废止")


@register_snippet
class PolicyCategory(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    slug = models.SlugField(_("代码"), max_length=100, unique=True, allow_unicode=True)
    sort_order = models.IntegerField(_("排序"), default=0)

    panels = ["name", "slug", "sort_order"]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("制度类别")
        verbose_name_plural = _("制度类别")

    def __str__(self):
        return self.name


class PolicyIndexPage(Page):
    """A library of policies, grouped by category, filterable by category,
    owner department and status. Shows only what the reader may see."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["policies.PolicyPage"]

    class Meta:
        verbose_name = _("制度库")

    #: Policies per page of the listing.
    page_size = 50

    def visible_policies(self, user, request=None, category="", department="", status=""):
        """The live policies under this library that ``user`` may read, in
        listing order, filtered by category slug, owner department code and
        status. The database narrows by the filters and the reader's
        clearance; :func:`policies.access.can_view` decides. Bodies stay
        unread: a listing shows the document's identity only."""
        policies = (
            PolicyPage.objects.live()
            .child_of(self)
            .filter(confidentiality__lte=access.max_visible_level(user))
            .defer("body", "change_summary")
            .select_related("category", "owner_department")
            .order_by("category__sort_order", "category__name", "document_number")
        )
        if category:
            policies = policies.filter(category__slug=category)
        if department:
            policies = policies.filter(owner_department__code=department)
        if status:
            policies = policies.filter(_status_filter(status))
        policies = list(policies)
        # Only a 秘密-or-above policy's scope decides (access.cleared): the
        # others' scopes stay unread (most of a listing, all of it for a
        # reader without clearance).
        prefetch_related_objects([p for p in policies if p.confidentiality > Confidentiality.PUBLIC],
                                 "scope_departments", "scope_roles")
        primed = access.prime_view_restrictions(policies, reader=user if request is not None else None)
        return [p for p in primed if access.can_view(user, p, request)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        selected = {key: request.GET.get(key, "") for key in ("category", "department", "status")}
        policies = self.visible_policies(request.user, request, **selected)
        page = Paginator(policies, self.page_size).get_page(request.GET.get("p"))
        groups = {}
        for policy in page:
            groups.setdefault(policy.category, []).append(policy)
        query = request.GET.copy()
        query.pop("p", None)
        context.update(
            groups=list(groups.items()),
            policy_count=len(policies),
            page_obj=page,
            page_query=query.urlencode(),
            categories=PolicyCategory.objects.all(),
            departments=Department.objects.all(),
            statuses=PolicyStatus.choices,
            selected=selected,
        )
        return context


def _status_filter(status):
    """The database's form of :attr:`PolicyPage.status` (unknown: nothing)."""
    today = timezone.localdate()
    if status == PolicyStatus.WITHDRAWN:
        return models.Q(withdrawn=True)
    if status == PolicyStatus.UPCOMING:
        return models.Q(withdrawn=False, effective_date__gt=today)
    if status == PolicyStatus.IN_FORCE:
        return models.Q(withdrawn=False) & (models.Q(effective_date__lte=today) | models.Q(effective_date__isnull=True))
    return models.Q(pk__in=[])


class PolicyPageForm(WagtailAdminPageForm):
    """The editor's form: a policy that has been published before cannot get a
    new version without a new change summary (修订说明)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        # Each new revision starts as substantive: an editor picks "editorial"
        # every time, it is never inherited from the last publication.
        if page.pk and page.live and not page.has_unpublished_changes:
            self.initial["revision_kind"] = RevisionKind.SUBSTANTIVE

    def clean(self):
        cleaned = super().clean()
        page = self.instance
        if page.pk and page.first_published_at:
            summary = (cleaned.get("change_summary") or "").strip()
            previous = page.versions.order_by("-number").first()
            if not summary or (previous and summary == previous.change_summary.strip()):
                self.add_error(
                    "change_summary", _("本制度已发布过，新版本必须填写新的修订说明。")
                )
        return cleaned


class PolicyPage(ViewRestrictionsReadOnce, RoutablePageMixin, Page):
    """One regulation document. Every publication is a version (see
    :class:`PolicyVersion`); readers can list, open and compare them."""

    document_number = models.CharField(_("文件编号"), max_length=60, unique=True)
    version_label = models.CharField(_("版本号"), max_length=30, default="A/0")
    effective_date = models.DateField(
        _("生效日期"), null=True, blank=True, default=datetime.date.today,
        help_text=_("留空表示以发布日期为准。"),
    )
    category = models.ForeignKey(
        PolicyCategory,
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="policies",
    )
    owner_department = models.ForeignKey(
        Department,
        verbose_name=_("归口部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_policies",
    )
    scope_departments = ParentalManyToManyField(
        Department, verbose_name=_("适用部门"), blank=True, related_name="+",
        help_text=_("留空表示适用于全体部门。"),
    )
    scope_roles = ParentalManyToManyField(
        JobRole, verbose_name=_("适用岗位"), blank=True, related_name="+",
        help_text=_("留空表示适用于全体岗位。"),
    )
    confidentiality = models.IntegerField(
        _("密级"), choices=Confidentiality.choices, default=Confidentiality.PUBLIC
    )
    drafted_by = models.CharField(_("制定人"), max_length=60, blank=True)
    drafted_on = models.DateField(_("制定日期"), null=True, blank=True)
    reviewed_by = models.CharField(_("审核人"), max_length=60, blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    approved_by = models.CharField(_("批准人"), max_length=60, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    change_summary = models.TextField(
        _("修订说明"), blank=True, help_text=_("首次发布之后的每一版都必须填写本次修订的内容。")
    )
    withdrawn = models.BooleanField(_("已废止"), default=False)
    revision_kind = models.CharField(
        _("修订类型"), max_length=20, choices=RevisionKind.choices, default=RevisionKind.SUBSTANTIVE,
        help_text=_("实质性修订发布后，适用范围内的员工须重新阅读并确认；首次发布总是实质性的。"),
    )
    acknowledgement_days = models.PositiveSmallIntegerField(
        _("确认期限（天）"), default=7, validators=[MinValueValidator(1)],
        help_text=_("实质性修订发布后，员工须在此天数内阅读并确认。"),
    )
    requires_acknowledgement = models.BooleanField(
        _("需要阅读确认"), default=True,
        help_text=_("制度发布后，适用范围内的员工须阅读确认；参考资料可关闭。"),
    )
    body = StreamField(PolicyBodyBlock(), verbose_name=_("正文"), blank=True)
    # Written by the importer (policies.importing): the document's identity
    # (its own 文件编号, else its normalised title), the fingerprint of the
    # text last imported, and what HR should check (guesses and their reasons).
    import_key = models.CharField(_("导入标识"), max_length=200, blank=True, db_index=True, editable=False)
    import_fingerprint = models.CharField(_("导入内容指纹"), max_length=64, blank=True, editable=False)
    import_notes = models.TextField(
        _("导入说明"), blank=True, help_text=_("导入时识别的信息、推测的理由和警告，供核对。"),
    )

    search_fields = Page.search_fields + [
        index.SearchField("document_number", boost=2),
        index.AutocompleteField("document_number"),
        index.SearchField("body"),
        index.FilterField("confidentiality"),
        index.FilterField("category"),
        index.FilterField("owner_department"),
        index.FilterField("withdrawn"),
        index.FilterField("effective_date"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(["document_number", "version_label", "effective_date"]),
                FieldRowPanel(["category", "owner_department", "confidentiality"]),
                FieldPanel("scope_departments", widget=forms.CheckboxSelectMultiple),
                FieldPanel("scope_roles", widget=forms.CheckboxSelectMultiple),
                "withdrawn",
            ],
            heading=_("文件信息"),
        ),
        "change_summary",
        FieldRowPanel(
            ["requires_acknowledgement", "revision_kind", "acknowledgement_days"], heading=_("阅读确认")
        ),
        "body",
        MultiFieldPanel(
            [
                FieldRowPanel(["drafted_by", "drafted_on"]),
                FieldRowPanel(["reviewed_by", "reviewed_on"]),
                FieldRowPanel(["approved_by", "approved_on"]),
            ],
            heading=_("审批记录（纸质文件）"),
        ),
        "import_notes",
    ]

    base_form_class = PolicyPageForm
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("制度")
        verbose_name_plural = _("制度")

    def permissions_for_user(self, user):
        """Nothing may be done in the admin with a policy above the user's
        clearance (see ``access.ClearedPagePermissionTester``)."""
        return access.ClearedPagePermissionTester(user, self)

    def __str__(self):
        return f"{self.document_number} {self.title}"

    # ---- rules ---------------------------------------------------------

    def clean(self):
        super().clean()
        # A future effective date schedules the publication for that day
        # (publish_scheduled, run by Celery beat, makes it live).
        if self.effective_date and self.effective_date > timezone.localdate() and not self.go_live_at:
            self.go_live_at = timezone.make_aware(
                datetime.datetime.combine(self.effective_date, datetime.time.min)
            )

    @property
    def scheduled_revision(self):
        """An approved revision waiting for its effective date, if any."""
        return self.revisions.filter(approved_go_live_at__isnull=False).order_by("-created_at").first()

    @property
    def status(self):
        if self.withdrawn:
            return PolicyStatus.WITHDRAWN
        if self.effective_date and self.effective_date > timezone.localdate():
            return PolicyStatus.UPCOMING
        return PolicyStatus.IN_FORCE

    def get_status_display(self):
        return PolicyStatus(self.status).label

    def get_confidentiality_display(self):
        """The 密级's name, as Django's generated method gives it, without
        translating every level's name to look one up (Django hashes all the
        lazy labels on each call; the listing asks twice a row)."""
        try:
            return str(Confidentiality(self.confidentiality).label)
        except ValueError:
            return self.confidentiality

    def numbered_body(self):
        """The body with generated numbers and anchors, in reading order."""
        return number_blocks(self.body)

    def body_text(self):
        """Plain text of the whole document, for search, diff and export."""
        return "\n".join(part["plain"] for part in self.numbered_body())

    @cached_property
    def is_traditional(self):
        """Written in Traditional characters: the page keeps the original and
        offers a Simplified reading (the 简/繁 switch)."""
        sample = (self.title + self.body_text())[:2000]
        changed = sum(1 for a, b in zip(sample, to_simplified(sample), strict=False) if a != b)
        return changed >= max(5, len(sample) // 50)

    @cached_property
    def current_version(self):
        return self.versions.order_by("-number").first()

    def get_version(self, number):
        try:
            return self.versions.select_related("revision").get(number=number)
        except PolicyVersion.DoesNotExist:
            raise Http404(_("没有这个版本。")) from None

    # ---- access --------------------------------------------------------

    def check_access(self, request, restrictions=True):
        """Raise (or redirect to login, or ask for the password) unless the
        reader may see this policy.

        RoutablePageMixin routes (versions, compare, PDFs, acknowledge) all
        pass through ``serve``, which checks the page's Wagtail view
        restrictions itself rather than trusting the caller to have done so,
        then the 密级. Admin previews (``serve_preview``) check the 密级 only:
        view restrictions are for the public site, as in Wagtail, and the people
        taking part in a revision's review may preview it (see
        ``access.cleared_for_review``)."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if restrictions:
            for restriction in access.view_restrictions(self):
                if restriction.accept_request(request):
                    continue
                if restriction.restriction_type == PageViewRestriction.PASSWORD:
                    return self.password_required(request, restriction)
                raise PermissionDenied(_("此制度仅限指定人员阅读。"))
        allowed = access.cleared if restrictions else access.cleared_for_review
        if not allowed(request.user, self):
            raise PermissionDenied(_("您没有阅读此密级文件的权限。"))
        return None

    def password_required(self, request, restriction):
        """Wagtail's password form for a password-protected policy."""
        form = PasswordViewRestrictionForm(
            instance=restriction, initial={"return_url": request.get_full_path()}
        )
        action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, self.id])
        response = self.serve_password_required_response(request, form, action_url)
        add_never_cache_headers(response)
        return response

    def serve(self, request, *args, **kwargs):
        denied = self.check_access(request)
        if denied:
            return denied
        return super().serve(request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        denied = self.check_access(request, restrictions=False)
        if denied:
            return denied
        return super().serve_preview(request, mode_name)

    # ---- routes --------------------------------------------------------
    # Each route but the page itself is served by a view in policies.views,
    # named by its dotted path (see people.routing): the views import the
    # models, never the reverse. ``serve`` has checked access before any.

    @path("")
    def current(self, request):
        # The published text is rendered once per revision (policies.reading);
        # a preview shows a draft whose live_revision_id is not its own.
        cacheable = self.live and not getattr(request, "is_preview", False)
        text = reading(self, request.GET.get("script", ""), self.live_revision_id if cacheable else None)
        # The scope, read once: the acknowledgement state and the facts both show it.
        prefetch_related_objects([self], "scope_departments", "scope_roles")
        script = "hans" if request.GET.get("script") == "hans" and text.traditional else ""
        return self.render(request, context_overrides={"version": self.current_version, "script": script,
                                                       "reading": text})

    @path("versions/")
    def version_list(self, request):
        return route_view("policies.views.versions.version_list")(request, self)

    @path("versions/<int:number>/")
    def version_detail(self, request, number):
        return route_view("policies.views.versions.version_detail")(request, self, number)

    @path("acknowledge/")
    def acknowledge(self, request):
        """POST only: the reader confirms having read the current version."""
        return route_view("policies.views.acknowledgement.acknowledge")(request, self)

    @path("pdf/")
    def current_pdf(self, request):
        return route_view("policies.views.pdf.current_pdf")(request, self)

    @path("versions/<int:number>/pdf/")
    def version_pdf(self, request, number):
        return route_view("policies.views.pdf.version_pdf")(request, self, number)

    @route(r"^compare/(\d+)/(\d+)/$")
    def compare(self, request, a, b):
        return route_view("policies.views.versions.compare")(request, self, int(a), int(b))


class PolicyVersion(models.Model):
    """A published version of a policy: created each time a revision goes live.

    Numbers are 1-based and never reused. The approval record is taken from
    the workflow that approved the revision, or from the page's paper record
    for documents imported with one."""

    page = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版次"))
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=255)
    version_label = models.CharField(_("版本号"), max_length=30)
    effective_date = models.DateField(_("生效日期"))
    change_summary = models.TextField(_("修订说明"), blank=True)
    drafted_by = models.CharField(_("制定人"), max_length=60, blank=True)
    drafted_on = models.DateField(_("制定日期"), null=True, blank=True)
    reviewed_by = models.CharField(_("审核人"), max_length=60, blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    approved_by = models.CharField(_("批准人"), max_length=60, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approval_note = models.CharField(_("审批备注"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("发布人"),
    )
    substantive = models.BooleanField(
        _("实质性修订"), default=True, help_text=_("实质性修订须由适用范围内的员工阅读确认。")
    )
    acknowledgement_due = models.DateField(_("确认截止日期"), null=True, blank=True)

    class Meta:
        ordering = ["page", "number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="policy_version_number_unique"),
            models.UniqueConstraint(fields=["revision"], name="policy_version_revision_unique"),
        ]
        verbose_name = _("制度版本")
        verbose_name_plural = _("制度版本")

    def __str__(self):
        return f"{self.page.document_number} 第{self.number}版 ({self.version_label})"

    def as_page(self):
        """The page exactly as it was published in this version."""
        return self.revision.as_object()

    def get_url(self, request=None):
        return self.page.get_url(request) + f"versions/{self.number}/"

    @property
    def is_current(self):
        return self.page.current_version.pk == self.pk
