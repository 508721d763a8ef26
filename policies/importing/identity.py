"""A document's identity, from the document itself and never from its
position in a file: its own 文件编号 when the text states one, otherwise its
normalised title; a fingerprint of its content tells two documents with the
same title apart and says whether a re-imported text changed.

Pure functions: the importer records both on the page (``import_key``,
``import_fingerprint``) and matches the next import against them."""
import hashlib
import re

from ..segment import to_simplified

DOCUMENT_NUMBER_PREFIX = "ZD"


def title_key(title):
    """"業務部 管理制度（範文）" and "业务部管理制度" → "业务部管理制度"."""
    text = to_simplified(title or "")
    text = re.sub(r"[\s\u3000_—\-–·.。,，:：;；\"“”'‘’《》【】\[\]]", "", text)
    text = re.sub(r"(?:范文|模板)$", "", text)
    return text.lower()


def identity_key(title, stated_number=""):
    """``no:<文件编号>`` for a numbered document, else ``title:<key>``."""
    if stated_number:
        return f"no:{stated_number.strip().upper()}"
    return f"title:{title_key(title)}"


def fingerprint(title, text):
    """A short hash of the document's words: blank space, line endings and
    the Traditional/Simplified form do not count."""
    content = re.sub(r"\s+", "", to_simplified(f"{title}\n{text}"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


def generated_number(key, content_fingerprint):
    """文件编号 for a document that states none: derived from its identity
    and first content, so the same document gets the same number in every
    database, and never from its position."""
    digest = hashlib.sha1(f"{key}\n{content_fingerprint}".encode()).hexdigest()[:6].upper()
    return f"{DOCUMENT_NUMBER_PREFIX}-{digest}"
