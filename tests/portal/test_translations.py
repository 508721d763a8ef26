"""The English catalogue is complete: every msgid (the Chinese source string)
has an English msgstr, none is fuzzy, placeholders survive translation, and
the compiled .mo matches the .po.

After `manage.py makemessages -l en ...` adds new strings, this fails and lists
them; `python locale/translate_todo.py` prints the same list.
"""
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
# Python %-conversions, including %% (a lone % in a translation breaks "%" formatting).
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"\{[^{}]*\}")


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def parse_po(path):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural,
    msgstr ({index: text}), flags, refs, line. Obsolete (#~) entries are skipped."""
    entries = []

    def new():
        return {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set(),
                "refs": [], "obsolete": False, "line": None}

    entry, field = new(), None

    def flush():
        nonlocal entry, field
        if entry["msgid"] is not None and not entry["obsolete"]:
            entries.append(entry)
        entry, field = new(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            if entry["msgid"] is not None:
                flush()
            entry["flags"].update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#:"):
            if entry["msgid"] is not None:
                flush()
            entry["refs"].extend(line[2:].split())
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unescape(match.group(3))
            if keyword in ("msgctxt", "msgid") and entry["msgid"] is not None and entry["msgstr"]:
                flush()  # a new entry started without a blank line
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = value
            else:
                field = (keyword, None)
                entry[keyword] = value
                if keyword in ("msgctxt", "msgid") and entry["line"] is None:
                    entry["line"] = number
            continue
        if line.startswith('"') and line.endswith('"') and field is not None:
            value = _unescape(line[1:-1])
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += value
            else:
                entry[field[0]] += value
            continue
        raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    flush()
    return entries


def _describe(entry):
    where = " ".join(entry["refs"][:3]) or f"django.po:{entry['line']}"
    return f"  {entry['msgid']!r}  ({where})"


@pytest.fixture(scope="module")
def entries():
    assert PO.exists(), f"{PO} is missing: run manage.py makemessages -l en"
    return parse_po(PO)


def _header(entries):
    return next((e for e in entries if e["msgid"] == "" and e["msgctxt"] is None), None)


def test_header_is_english_and_not_fuzzy(entries):
    header = _header(entries)
    assert header is not None, "django.po has no header entry"
    assert "fuzzy" not in header["flags"], "the django.po header is marked #, fuzzy: remove the flag"
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]


def test_every_message_is_translated_and_none_is_fuzzy(entries):
    messages = [e for e in entries if e is not _header(entries)]
    assert messages, "django.po has no messages"
    untranslated = [
        e for e in messages
        if not e["msgstr"] or any(not text for text in e["msgstr"].values())
        or (e["msgid_plural"] is not None and sorted(e["msgstr"]) != [0, 1])
    ]
    fuzzy = [e for e in messages if "fuzzy" in e["flags"]]
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} untranslated msgid(s) in {PO.relative_to(ROOT)}:")
        problems += [_describe(e) for e in untranslated]
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy msgid(s) (compilemessages ignores them; check the "
                        "translation and remove '#, fuzzy'):")
        problems += [_describe(e) for e in fuzzy]
    assert not problems, "\n".join(problems + ["Fill them in, then run: manage.py compilemessages --ignore=.venv "
                                               "(python locale/translate_todo.py lists them too)."])


def test_translations_keep_the_placeholders(entries):
    problems = []
    for e in entries:
        if not e["msgid"]:
            continue
        for flag, pattern in (("python-format", _PERCENT), ("python-brace-format", _BRACE)):
            if flag not in e["flags"]:
                continue
            for index, text in e["msgstr"].items():
                if not text:
                    continue
                source = e["msgid_plural"] if (e["msgid_plural"] is not None and index > 0) else e["msgid"]
                wanted, got = sorted(pattern.findall(source)), sorted(pattern.findall(text))
                if e["msgid_plural"] is not None:
                    # A plural form may leave out the number, but must not add placeholders.
                    ok = set(got) <= set(pattern.findall(e["msgid"]) + pattern.findall(e["msgid_plural"]))
                else:
                    ok = wanted == got
                if not ok:
                    problems.append(f"  {e['msgid']!r}: expects {wanted}, translation has {got}")
    assert not problems, "Translations with different placeholders:\n" + "\n".join(problems)


def test_compiled_catalogue_matches_the_po(entries):
    assert MO.exists(), f"{MO.relative_to(ROOT)} is missing: run manage.py compilemessages --ignore=.venv"
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for e in entries:
        if not e["msgid"] or "fuzzy" in e["flags"] or not all(e["msgstr"].values()):
            continue
        key = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"] is None:
            if catalog.get(key) != e["msgstr"][0]:
                stale.append(e)
        elif any(catalog.get((key, i)) != text for i, text in e["msgstr"].items()):
            stale.append(e)
    assert not stale, (f"{MO.relative_to(ROOT)} is out of date with django.po ({len(stale)} message(s)); "
                       "run manage.py compilemessages --ignore=.venv. First ones:\n"
                       + "\n".join(_describe(e) for e in stale[:20]))
