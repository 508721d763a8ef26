"""The policy app's models, one module per subject: the regulation documents
(:mod:`.documents`), read-and-acknowledge (:mod:`.acknowledgement`), the
绝密 readership and copy register (:mod:`.top_secret`) and the admin's
import batches (:mod:`.importing`)."""
from ..rules import RevisionKind, TaskStatus
from .acknowledgement import (
    AbstractAcknowledgement,
    Acknowledgement,
    AcknowledgementTask,
    AcknowledgementTaskQuerySet,
)
from .documents import PolicyCategory, PolicyIndexPage, PolicyPage, PolicyPageForm, PolicyStatus, PolicyVersion
from .importing import ImportBatch, ImportBatchFile
from .top_secret import TopSecretCopy, TopSecretReader

__all__ = [
    "AbstractAcknowledgement", "Acknowledgement", "AcknowledgementTask", "AcknowledgementTaskQuerySet",
    "ImportBatch", "ImportBatchFile",
    "PolicyCategory", "PolicyIndexPage", "PolicyPage", "PolicyPageForm", "PolicyStatus", "PolicyVersion",
    "RevisionKind", "TaskStatus", "TopSecretCopy", "TopSecretReader",
]
