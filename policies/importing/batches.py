"""Import batches uploaded in the admin: stored files, a preview of what the
import would do with each detected document, and the import of the documents
HR adopted, each new draft submitted into the 制度发布审批 workflow."""
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportBatch, ImportBatchFile, PolicyPage
from .importer import CREATED, UPDATED, Importer
from .parsing import parse_files
from .reading import SUPPORTED_EXTENSIONS


def safe_name(name):
    """The file's own name, without any folder a browser may send."""
    return Path(name.replace("\\", "/")).name or "upload.txt"


def parse_uploads(files, splits=None):
    """Parse ``[(name, bytes)]`` as import_policies would; raises
    ``ImportFilesError`` naming every bad file. Touches no database.
    ``splits``: for each file (by index), the lines where HR split a document."""
    with tempfile.TemporaryDirectory() as folder:
        paths, at = [], {}
        for index, (name, data) in enumerate(files):
            directory = Path(folder) / str(index)  # two uploads may share a name
            directory.mkdir()
            path = directory / safe_name(name)
            path.write_bytes(data)
            paths.append(path)
            if splits and splits[index]:
                at[path] = splits[index]
        return parse_files(paths, at)


@transaction.atomic
def create_batch(uploads, user):
    """Store checked uploads (``[(name, bytes)]``) as a pending batch."""
    parse_uploads(uploads)  # refuses bad files before anything is stored
    batch = ImportBatch.objects.create(uploaded_by=user)
    ImportBatchFile.objects.bulk_create(
        ImportBatchFile(batch=batch, name=safe_name(name), data=data) for name, data in uploads
    )
    return batch


def batch_files(batch):
    """The batch's files parsed, with HR's splits; each ParsedFile carries its
    ImportBatchFile as ``batch_file``."""
    files = list(batch.files.all())
    parsed = parse_uploads([(f.name, bytes(f.data)) for f in files], [f.split_lines for f in files])
    for batch_file, parsed_file in zip(files, parsed, strict=True):
        parsed_file.batch_file = batch_file
    return parsed


class SplitError(ValueError):
    """A split HR asked for that cannot be done; the message says why."""


def split_candidates(document):
    """The lines where ``document`` may be split, as ``[(line number, text)]``:
    every line of its body but the first. A heading line becomes the second
    document's title; at any other line the second document starts with
    that line and gets a provisional title for HR to change."""
    numbers = [line.number for line in document.lines]
    return [
        (line.number, line.text.strip()) for line in document.lines[1:]
        # A part of a compilation: its lines are not the file's lines.
        if numbers.count(line.number) == 1 and line.number > document.first_line
    ]


@transaction.atomic
def split(batch, parsed_file, document, line_number):
    """Split ``document`` (detected in ``parsed_file`` of the pending
    ``batch``) at source line ``line_number``: that line becomes the title of
    a second document; both parts get their own identity, title and warnings
    on the next preview. Raises :class:`SplitError` saying why not."""
    batch_file = parsed_file.batch_file
    if batch.status != batch.Status.PENDING:
        raise SplitError(_("这一批已经导入，不能再拆分。"))
    if line_number not in dict(split_candidates(document)):
        raise SplitError(_("不能在第 %(line)s 行拆分《%(title)s》：请从列表中选择本篇第 %(first)s–%(last)s 行中"
                           "正文第一行之后的一行。") % {
            "line": line_number, "title": document.title, "first": document.first_line,
            "last": document.last_line,
        })
    lines = sorted({*batch_file.split_lines, line_number})
    before = len(parsed_file.documents)
    (after,) = parse_uploads([(batch_file.name, bytes(batch_file.data))], [lines])
    if len(after.documents) <= before:
        raise SplitError(_("在第 %(line)s 行拆分后，《%(title)s》的后一部分没有正文，没有拆分。") % {
            "line": line_number, "title": document.title,
        })
    batch_file.split_lines = lines
    batch_file.save(update_fields=["split_lines"])
    return next((d for d in after.documents if d.first_line == line_number), None)


@transaction.atomic
def unsplit(batch, parsed_file, document):
    """Undo HR's split that started ``document``: it goes back into the
    document before it."""
    batch_file = parsed_file.batch_file
    if batch.status != batch.Status.PENDING:
        raise SplitError(_("这一批已经导入，不能再修改。"))
    if document.first_line not in batch_file.split_lines:
        raise SplitError(_("《%(title)s》不是拆分出来的，无法撤销拆分。") % {"title": document.title})
    batch_file.split_lines = [n for n in batch_file.split_lines if n != document.first_line]
    batch_file.save(update_fields=["split_lines"])


def preview(batch):
    """What importing the batch would do, document by document (nothing written)."""
    return Importer(dry_run=True).plan(batch_files(batch))


def import_batch(batch, user, decisions, submit=()):
    """Import the adopted documents of ``batch`` as drafts and start the
    page's workflow (制度发布审批) for each new draft whose uid is in
    ``submit``. All in one transaction; returns the BatchResult."""
    parsed = batch_files(batch)
    with transaction.atomic():
        result = Importer(user=user, decisions=decisions, include_flagged=False).import_batch(parsed)
        rows = []
        for item in result.documents:
            submitted = False
            if item.uid in submit and item.action in (CREATED, UPDATED):
                submitted = submit_for_approval(item.page_id, user)
            rows.append({
                "uid": item.uid, "title": item.document.title, "action": item.action, "number": item.number,
                "page_id": item.page_id, "reason": item.reason, "summary": item.summary, "submitted": submitted,
            })
        batch.result = {"documents": rows}
        batch.status = ImportBatch.Status.IMPORTED
        batch.imported_at = timezone.now()
        batch.save(update_fields=["result", "status", "imported_at"])
    return result


def submit_for_approval(page_id, user):
    """Start the page's workflow on its latest revision, as 提交审批 in the
    editor does; False when it has none or one is already in progress."""
    page = PolicyPage.objects.get(pk=page_id)
    workflow = page.get_workflow()
    if workflow is None or page.workflow_in_progress:
        return False
    workflow.start(page, user)
    return True


__all__ = [
    "SUPPORTED_EXTENSIONS", "SplitError", "create_batch", "import_batch", "parse_uploads", "preview", "split",
    "split_candidates", "submit_for_approval", "unsplit",
]
