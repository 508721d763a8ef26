"""What the parser returns: the documents found in a file, each with a
title and a body of blocks for :class:`policies.blocks.PolicyBodyBlock`; and
the error that refuses a file."""
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .identity import fingerprint, identity_key


class ImportFileError(Exception):
    """A file that cannot be imported. ``line`` is 1-based (a paragraph
    number for Word files) or None when the problem is the whole file."""

    def __init__(self, path, message, line=None, unit=None):
        self.path = Path(path)
        self.line = line
        self.message = message
        self.unit = unit
        super().__init__(str(self))

    def __str__(self):
        name = self.path.name
        if self.line is None:
            return _("%(file)s：%(message)s") % {"file": name, "message": self.message}
        where = self.unit or (_("第 %(line)s 行") % {"line": self.line})
        return _("%(file)s %(where)s：%(message)s") % {
            "file": name, "where": where, "message": self.message,
        }



@dataclass
class Block:
    kind: str  # chapter | article | item | paragraph
    title: str = ""
    text: str = ""

    def value(self):
        if self.kind == "chapter":
            return {"title": self.title}
        if self.kind == "item":
            return {"title": self.title, "text": self.text}
        return {"text": self.text}


@dataclass
class ParsedDocument:
    title: str
    position: int  # 1-based, in its file
    first_line: int
    blocks: list
    effective_date: datetime.date | None = None  # stated in the document, never guessed
    confidentiality: int = 0
    warnings: list = field(default_factory=list)  # triage.Finding, each with its line
    raw_title: str = ""
    lines: list = field(default_factory=list)  # the source lines (reading.Line) of the document
    stated_number: str = ""  # 文件编号 in the text
    version_label: str = ""  # 版本 in the text
    effective_note: str = ""  # the words that state the effective date ("自发布之日起执行")
    approvals: dict = field(default_factory=dict)  # drafted_by/_on, reviewed_by/_on, approved_by/_on
    scope_text: str = ""  # 适用范围 as written
    traditional: bool = False

    @property
    def key(self):
        """The document's identity (see :mod:`.identity`)."""
        return identity_key(self.title, self.stated_number)

    @property
    def fingerprint(self):
        return fingerprint(self.title, self.plain_text())

    @property
    def last_line(self):
        return max((line.number for line in self.lines), default=self.first_line)

    def findings(self, *kinds):
        return [w for w in self.warnings if getattr(w, "kind", None) in kinds]

    def stream(self):
        """The body as a StreamField value: [(block type, value), …]."""
        return [(block.kind, block.value()) for block in self.blocks]

    def count(self, kind):
        return sum(1 for block in self.blocks if block.kind == kind)

    def plain_text(self):
        parts = []
        for block in self.blocks:
            parts.extend(part for part in (block.title, block.text) if part)
        return "\n".join(parts)


@dataclass
class ParsedFile:
    path: Path
    key: str
    documents: list
    stated_date: datetime.date | None = None
    warnings: list = field(default_factory=list)  # about the file, not one document
