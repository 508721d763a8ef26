#!/usr/bin/env python3
"""What still needs an English translation in locale/en/LC_MESSAGES/django.po.

The msgids are the Chinese source strings; English is the translation. Procedure
after engineers add strings (run from the project root, standard library only):

    .venv/bin/python locale/translate_todo.py --refresh     # makemessages, then list the gaps
    .venv/bin/python locale/translate_todo.py --json > /tmp/todo.json
    # fill in /tmp/todo.json: "msgid": "English"; plurals: ["one", "many"].
    # Keep %(name)s, %s, %d, %%, {name} and HTML tags exactly; a fuzzy entry's
    # old guess is pre-filled as "suggestion" -- check it.
    .venv/bin/python locale/translate_todo.py --apply /tmp/todo.json   # writes the .po, compilemessages
    .venv/bin/python -m pytest -q -p no:cacheprovider tests/portal/test_translations.py

Without options it prints the untranslated and fuzzy msgids with where they are
used, and exits 1 if there are any (0 when the catalogue is complete).
"""
import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MAKEMESSAGES = ["makemessages", "-l", "en", "--ignore=.venv", "--ignore=node_modules", "--no-obsolete", "--no-location"]

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def _quote(text):
    """A .po string; multi-line strings split after each \\n, as gettext writes them."""
    if "\n" not in text[:-1]:
        return f'"{_escape(text)}"'
    pieces = re.findall(r"[^\n]*\n|[^\n]+$", text)
    return '""\n' + "\n".join(f'"{_escape(piece)}"' for piece in pieces)


def parse_block(block):
    """One .po entry (text between blank lines) as a dict, or None for no entry."""
    entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "flags": [], "refs": [],
             "obsolete": False}
    field = None
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
        elif line.startswith("#:"):
            entry["refs"] += line[2:].split()
        elif line.startswith("#") or not line:
            continue
        elif _KEYWORD.match(line):
            keyword, index, value = _KEYWORD.match(line).groups()
            value = _unescape(value)
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = value
            else:
                field = (keyword, None)
                entry[keyword] = value
        elif line.startswith('"') and field:
            value = _unescape(line[1:-1])
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += value
            else:
                entry[field[0]] += value
        else:
            raise SystemExit(f"cannot parse line in django.po: {line!r}")
    if entry["msgid"] is None or entry["obsolete"]:
        return None
    return entry


def blocks(text):
    return re.split(r"\n[ \t]*\n", text.strip("\n"))


def key(entry):
    return entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"


def todo(path):
    """(entry, reason) for each message lacking a usable translation."""
    found = []
    for block in blocks(path.read_text(encoding="utf-8")):
        entry = parse_block(block)
        if entry is None or (entry["msgid"] == "" and entry["msgctxt"] is None):
            continue
        if "fuzzy" in entry["flags"]:
            found.append((entry, "fuzzy"))
        elif not entry["msgstr"] or not all(entry["msgstr"].values()):
            found.append((entry, "untranslated"))
    return found


def apply(path, translations):
    """Write translations (msgid -> str, or [singular, plural]) into the .po."""
    done, unknown = set(), set(translations)
    out = []
    for block in blocks(path.read_text(encoding="utf-8")):
        entry = parse_block(block)
        value = translations.get(key(entry)) if entry else None
        if isinstance(value, dict):
            value = value.get("translation")
        if entry is None or not value or (isinstance(value, list) and not any(value)):
            out.append(block)  # not in the file, or left blank: keep as it is
            continue
        unknown.discard(key(entry))
        plural = entry["msgid_plural"] is not None
        if plural != isinstance(value, list) or (plural and (len(value) != 2 or not all(value))):
            raise SystemExit(f"{entry['msgid']!r}: give {'[singular, plural]' if plural else 'a string'}")
        lines, in_msgstr = [], False
        for line in block.splitlines():
            stripped = line.strip()
            if stripped.startswith("msgstr"):
                in_msgstr = True
                continue
            if in_msgstr and stripped.startswith('"'):
                continue
            in_msgstr = False
            if stripped.startswith("#|"):
                continue  # previous msgid of a fuzzy match
            if stripped.startswith("#,"):
                flags = [f.strip() for f in stripped[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if flags:
                    lines.append("#, " + ", ".join(flags))
                continue
            lines.append(line)
        if plural:
            lines += [f"msgstr[{i}] {_quote(text)}" for i, text in enumerate(value)]
        else:
            lines.append(f"msgstr {_quote(value)}")
        out.append("\n".join(lines))
        done.add(key(entry))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return done, unknown


def manage(*args):
    # manage.py defaults to production settings; catalogue work is development.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.dev")}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--po", type=Path, default=PO, help="catalogue (default: %(default)s)")
    parser.add_argument("--refresh", action="store_true", help="run makemessages first to pick up new strings")
    parser.add_argument("--json", action="store_true", help="print the missing msgids as a JSON object to fill in")
    parser.add_argument("--apply", type=Path, metavar="FILE.json", help="write translations from FILE.json, then compile")
    parser.add_argument("--no-compile", action="store_true", help="with --apply: skip compilemessages")
    args = parser.parse_args()

    if args.refresh:
        manage(*MAKEMESSAGES)
    if args.apply:
        translations = json.loads(args.apply.read_text(encoding="utf-8"))
        done, unknown = apply(args.po, translations)
        print(f"wrote {len(done)} translation(s) into {args.po}")
        for msgid in sorted(unknown):
            print(f"  not in the catalogue (or left empty): {msgid!r}", file=sys.stderr)
        if not args.no_compile:
            manage("compilemessages", "--ignore=.venv")

    missing = todo(args.po)
    if args.json:
        stub = {}
        for entry, reason in missing:
            blank = ["", ""] if entry["msgid_plural"] is not None else ""
            if reason == "fuzzy":
                old = [entry["msgstr"].get(0, ""), entry["msgstr"].get(1, "")] if isinstance(blank, list) else entry["msgstr"].get(0, "")
                stub[key(entry)] = {"translation": blank, "suggestion": old}
            else:
                stub[key(entry)] = blank
        print(json.dumps(stub, ensure_ascii=False, indent=1))
    elif not args.apply or missing:
        for entry, reason in missing:
            where = " ".join(entry["refs"][:3])
            plural = f"  [plural: {entry['msgid_plural']!r}]" if entry["msgid_plural"] is not None else ""
            print(f"{reason:12} {entry['msgid']!r}{plural}  ({where})")
        print(f"{len(missing)} message(s) need a translation in {args.po}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
