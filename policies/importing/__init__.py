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
  5. :mod:`.metadata`: the date and 密级 a document states, and guesses of its
     category and owner department.

  :mod:`.parsing` runs them (:func:`parse_file`, :func:`parse_text`,
  :func:`parse_files`); :mod:`.text` holds what they all read text with.

* **The importer** (:mod:`.importer`): :func:`import_files` creates one
  ``PolicyPage`` per document under the policy library and publishes it, or
  publishes a new version when the text changed since the last import, or
  leaves it alone. All files are parsed (validated) before anything is
  written: one bad file means nothing is imported. Each file is then
  imported in its own transaction.

Override points: ``metadata.CATEGORY_RULES`` and ``metadata.DEPARTMENT_RULES``
(keyword guesses), ``parsing.document_number`` (numbering scheme),
:meth:`Importer.page_fields` (fields of new pages).
"""
from .importer import (
    CREATED,
    DEFAULT_EFFECTIVE_DATE,
    UNCHANGED,
    UPDATED,
    DocumentResult,
    FileResult,
    Importer,
    import_files,
)
from .parsed import Block, ImportFileError, ParsedDocument, ParsedFile
from .parsing import ImportFilesError, document_number, file_key, parse_file, parse_files, parse_text

__all__ = [
    "CREATED", "DEFAULT_EFFECTIVE_DATE", "UNCHANGED", "UPDATED", "Block", "DocumentResult", "FileResult",
    "ImportFileError", "ImportFilesError", "Importer", "ParsedDocument", "ParsedFile", "document_number",
    "file_key", "import_files", "parse_file", "parse_files", "parse_text",
]
