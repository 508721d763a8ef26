"""The policy app's models, one module per subject: the regulation documents
(:mod:`.documents`), read-and-acknowledge (:mod:`.acknowledgement`) and the
绝密 readership and copy register (:mod:`.top_secret`)."""
from ..rules import RevisionKind, TaskStatus
from .acknowledgement import (
    AbstractAcknowledgement,
    Acknowledgement,
    AcknowledgementTask,
    AcknowledgementTaskQuerySet,
)
from .documents import PolicyCategory, PolicyIndexPage, PolicyPage, PolicyPageForm, PolicyStatus, PolicyVersion
from .top_secret import TopSecretCopy, TopSecretReader

__all__ = [
    "AbstractAcknowledgement", "Acknowledgement", "AcknowledgementTask", "AcknowledgementTaskQuerySet",
    "PolicyCategory", "PolicyIndexPage", "PolicyPage", "PolicyPageForm", "PolicyStatus", "PolicyVersion",
    "RevisionKind", "TaskStatus", "TopSecretCopy", "TopSecretReader",
]
