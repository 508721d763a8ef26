"""Import batches uploaded in the admin: stored files, a preview of what the
import would do with each detected document, and the import of the documents
HR adopted, each new draft submitted into the 制度发布审批 workflow."""
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ..models import ImportBatch, ImportBatchFile, PolicyPage
from .importer import CREATED, UPDATED, Importer
from .parsing import parse_files
from .reading import SUPPORTED_EXTENSIONS


def safe_name(name):
    """The file's own name, without any folder a browser may send."""
    return Path(name.replace("\\", "/")).name or "upload.txt"


def parse_uploads(files):
    """Parse ``[(name, bytes)]`` as import_policies would; raises
    ``ImportFilesError`` naming every bad file. Touches no database."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, (name, data) in enumerate(files):
            directory = Path(folder) / str(index)  # two uploads may share a name
            directory.mkdir()
            path = directory / safe_name(name)
            path.write_bytes(data)
            paths.append(path)
        return parse_files(paths)


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
    return parse_uploads([(f.name, bytes(f.data)) for f in batch.files.all()])


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


__all__ = ["SUPPORTED_EXTENSIONS", "create_batch", "import_batch", "parse_uploads", "preview", "submit_for_approval"]
