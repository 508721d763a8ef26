"""The policy app's models, one module per subject: the regulation documents
(:mod:`.documents`) and read-and-acknowledge (:mod:`.acknowledgement`)."""
from ..rules import RevisionKind, TaskStatus
from .acknowledgement import (
    AbstractAcknowledgement,
    Acknowledgement,
    AcknowledgementTask,
    AcknowledgementTaskQuerySet,
)
from .documents import PolicyCategory, PolicyIndexPage, PolicyPage, PolicyPageForm, PolicyStatus, PolicyVersion

__all__ = [
    "AbstractAcknowledgement", "Acknowledgement", "AcknowledgementTask", "AcknowledgementTaskQuerySet",
    "PolicyCategory", "PolicyIndexPage", "PolicyPage", "PolicyPageForm", "PolicyStatus", "PolicyVersion",
    "RevisionKind", "TaskStatus",
]
