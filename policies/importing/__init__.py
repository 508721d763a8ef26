"""Importing regulation documents (制度) from pasted web text and Word files.

Two halves, used by ``manage.py import_policies``:

* **The parser** (pure, no database): :func:`parse_file` reads one ``.txt``
  (UTF-8) or ``.docx`` file and returns a :class:`ParsedFile` holding the
  documents found in it, each with a title and a body of blocks for
  :class:`policies.blocks.PolicyBodyBlock`. In order:

  1. :mod:`.reading`: the file's lines, or a clear refusal;
  2. :mod:`.cleaning`: web-page furniture out (上传人, 第1页, 下载, 温馨提示,
     ads, stock sentences such as "希望对大家有所帮助") line by line, and the
     page chunks some sites cut a text into joined again;
  3. :mod:`.splitting`: the file cut into documents at title lines (…制度,
     …办法, …规定 …), at titles glued to the start of a line after an ad
     block, and inside "(通用N篇)" compilations; a repeated title before the
     body is dropped;
  4. :mod:`.structure`: chapters 第X章, articles 第X条, numbered items 一、/1.
     (with a short title when there is one) and, inside their text
     (:mod:`.clauses`), numbered clauses (一)/1./(1)/a) each on its own line;
  5. :mod:`.metadata`: what a document states about itself (文件编号, 版本,
     生效/实施日期, 制定/审核/批准, 适用范围, 密级), and guesses of its
     category and owner department, each with its reason;
  6. :mod:`.triage`: warnings with their line (furniture, mojibake,
     truncated, no structure, another organisation, sentence collection).

  :mod:`.parsing` runs them (:func:`parse_file`, :func:`parse_text`,
  :func:`parse_files`); :mod:`.text` holds what they all read text with.

* **The importer** (:mod:`.importer`): each document is matched to its page
  by its identity (:mod:`.identity`: its own 文件编号, else its normalised
  title with a content fingerprint), never by its position; new and changed
  documents become drafts (a changed one gets one new revision with a change
  summary from the redline); ``publish=True`` publishes through the
  workflow's publication path. All files are parsed (validated) before
  anything is written, and the batch is one transaction.

Override points: ``metadata.CATEGORY_RULES`` and ``metadata.DEPARTMENT_RULES``
(keyword guesses), ``metadata.DEPARTMENT_ALIASES`` / ``ROLE_ALIASES`` (scope),
``triage.OTHER_TRADES`` (what is not this company's), :meth:`Importer.page_fields`.
"""
from .identity import fingerprint, generated_number, identity_key, title_key
from .importer import (
    ACTIONS,
    AMBIGUOUS,
    CREATED,
    DUPLICATE,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    BatchResult,
    DocumentResult,
    Importer,
    change_summary,
    document_uid,
    import_files,
)
from .parsed import Block, ImportFileError, ParsedDocument, ParsedFile
from .parsing import ImportFilesError, file_key, parse_file, parse_files, parse_text
from .triage import KINDS, SKIP_KINDS, Finding, proposed_skip

__all__ = [
    "ACTIONS", "AMBIGUOUS", "CREATED", "DUPLICATE", "KINDS", "SKIPPED", "SKIP_KINDS", "UNCHANGED", "UPDATED",
    "BatchResult", "Block", "DocumentResult", "Finding", "ImportFileError", "ImportFilesError", "Importer",
    "ParsedDocument", "ParsedFile", "change_summary", "document_uid", "file_key", "fingerprint",
    "generated_number", "identity_key", "import_files", "parse_file", "parse_files", "parse_text",
    "proposed_skip", "title_key",
]
