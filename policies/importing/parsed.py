"""What the parser returns: the documents found in a file, each with a
title and a body of blocks for :class:`policies.blocks.PolicyBodyBlock`; and
the error that refuses a file."""
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _


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
    effective_date: datetime.date | None = None  # stated in the document
    confidentiality: int = 0
    warnings: list = field(default_factory=list)

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
