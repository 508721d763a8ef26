"""管理 › 导入制度: HR uploads .txt/.docx files, sees every detected document
(title, number, scope, dates, structure counts, warnings with their line,
what the import would do), adopts, renames or skips each, and imports the
adopted ones as drafts submitted into the 制度发布审批 workflow.

Thin views over :mod:`policies.importing.batches`."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from ..importing import ACTIONS, AMBIGUOUS, DUPLICATE, SKIPPED, ImportFilesError, proposed_skip
from ..importing.batches import (
    SUPPORTED_EXTENSIONS,
    SplitError,
    create_batch,
    import_batch,
    preview,
    split,
    split_candidates,
    unsplit,
)
from ..importing.reading import max_bytes
from ..models import ImportBatch, PolicyPage

IMPORT_PERMISSION = "policies.import_policies"


def may_import(user):
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


def _check(request):
    if not may_import(request.user):
        raise PermissionDenied(_("您没有导入制度的权限。"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("制度文件（.txt UTF-8 文本或 .docx，可多选）"),
        widget=MultipleFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if upload.size > max_bytes():
                raise forms.ValidationError(_("%(name)s 超过导入上限，请拆分后再上传。") % {"name": upload.name})
        return files


def upload_view(request):
    """The upload form and the recent batches."""
    _check(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        uploads = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
        try:
            batch = create_batch(uploads, request.user)
        except ImportFilesError as refused:
            errors = [str(error) for error in refused.errors]
        else:
            return redirect("policies_import:batch", pk=batch.pk)
    batches = ImportBatch.objects.select_related("uploaded_by").prefetch_related("files")[:20]
    return TemplateResponse(request, "policies/admin/import_upload.html", {
        "form": form, "errors": errors, "batches": batches,
    })


def _labels():
    return {
        "created": _("新建草稿"), "updated": _("新修订草稿"), "unchanged": _("未变"), "duplicate": _("重复"),
        "ambiguous": _("无法确定"), "skipped": _("跳过"), "merged": _("并入上一篇"),
    }


def _rows(plan):
    rows = []
    for index, item in enumerate(plan):
        document = item.document
        flagged = proposed_skip(document.warnings)
        rows.append({
            "index": index,
            "uid": item.uid,
            "file": item.parsed.path.name,
            "document": document,
            "action": item.action,
            "action_label": _labels()[item.action],
            "reason": item.reason,
            "number": document.stated_number or item.number,
            "number_stated": bool(document.stated_number),
            "adopt": item.action not in (SKIPPED, DUPLICATE, AMBIGUOUS) and not flagged,
            "can_adopt": item.action not in (DUPLICATE, AMBIGUOUS),
            "can_merge": index > 0 and plan[index - 1].parsed is item.parsed,
            "split_candidates": split_candidates(document),
            "was_split": document.first_line in item.parsed.batch_file.split_lines,
            "counts": {kind: document.count(kind) for kind in ("chapter", "article", "item")},
        })
    return rows


def batch_view(request, pk):
    """A pending batch: the documents with the choices; an imported batch:
    what was done."""
    _check(request)
    batch = get_object_or_404(ImportBatch.objects.prefetch_related("files"), pk=pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        rows = batch.result.get("documents", [])
        pages = PolicyPage.objects.in_bulk([row["page_id"] for row in rows if row.get("page_id")])
        labels = _labels()
        for row in rows:
            row["page"] = pages.get(row.get("page_id"))
            row["action_label"] = labels.get(row["action"], row["action"])
        return TemplateResponse(request, "policies/admin/import_result.html", {"batch": batch, "rows": rows})
    plan = preview(batch)
    rows = _rows(plan)
    if request.method == "POST":
        decisions, submit = {}, set()
        for row in rows:
            action = request.POST.get(f"doc-{row['index']}-action", "skip")
            title = request.POST.get(f"doc-{row['index']}-title", "").strip()
            if action == "merge" and row["can_merge"]:
                decision = "merge"
            else:
                decision = "adopt" if action == "adopt" and row["can_adopt"] else "skip"
            decisions[row["uid"]] = {
                "action": decision,
                "title": title if title and title != row["document"].title else "",
            }
            if request.POST.get(f"doc-{row['index']}-submit") == "on":
                submit.add(row["uid"])
        try:
            result = import_batch(batch, request.user, decisions, submit=submit)
        except Exception as error:  # the batch is one transaction: nothing was written
            messages.error(request, _("导入失败，没有写入任何内容：%(error)s") % {"error": error})
            return redirect("policies_import:batch", pk=batch.pk)
        messages.success(request, _("已导入：新建 %(created)s 篇、修订 %(updated)s 篇草稿，跳过 %(skipped)s 篇。") % {
            "created": result.count("created"), "updated": result.count("updated"),
            "skipped": result.count(SKIPPED),
        })
        return redirect("policies_import:batch", pk=batch.pk)
    counts = {action: sum(1 for row in rows if row["action"] == action) for action in ACTIONS}
    return TemplateResponse(request, "policies/admin/import_batch.html", {
        "batch": batch, "rows": rows, "counts": counts,
    })


def split_view(request, pk):
    """POST only, from the batch screen: split a detected document at the line
    HR chose (``split`` = its row, ``doc-N-split-line``), or undo a split
    (``unsplit`` = the row of the second part). Back to the batch either way."""
    _check(request)
    batch = get_object_or_404(ImportBatch.objects.prefetch_related("files"), pk=pk)
    if request.method != "POST":
        return redirect("policies_import:batch", pk=batch.pk)
    if batch.status != ImportBatch.Status.PENDING:
        messages.error(request, _("这一批已经导入，不能再拆分。"))
        return redirect("policies_import:batch", pk=batch.pk)
    plan = preview(batch)
    undo = "unsplit" in request.POST
    try:
        index = int(request.POST.get("unsplit" if undo else "split", ""))
        item = plan[index]
        if index < 0:
            raise IndexError(index)
    except (ValueError, IndexError):
        messages.error(request, _("没有找到要拆分的制度，请刷新页面后重试。"))
        return redirect("policies_import:batch", pk=batch.pk)
    document = item.document
    try:
        if undo:
            unsplit(batch, item.parsed, document)
            messages.success(request, _("已撤销拆分：《%(title)s》并回上一篇。") % {"title": document.title})
        else:
            raw = request.POST.get(f"doc-{index}-split-line", "")
            try:
                line = int(raw)
            except ValueError:
                raise SplitError(_("请选择《%(title)s》从哪一行拆分。") % {"title": document.title}) from None
            second = split(batch, item.parsed, document, line)
            messages.success(request, _("已在第 %(line)s 行把《%(title)s》拆分为两篇%(second)s，请核对两篇的标题和警告。") % {
                "line": line, "title": document.title,
                "second": _("（后一篇为《%(title)s》）") % {"title": second.title} if second else "",
            })
    except SplitError as refused:
        messages.error(request, str(refused))
    return redirect("policies_import:batch", pk=batch.pk)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)
