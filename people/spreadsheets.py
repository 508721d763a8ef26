"""The header row of an uploaded spreadsheet (.xlsx or .csv), shared by the
apps that take one: the question bank and the customer-trainee import.

Both read row 1 as titles, map each to a column key, and refuse the file at
第 1 行 naming every unknown title and every missing required column, so
HR fixes the header in one go.
"""

from django.utils.translation import gettext as _


def header_columns(header, titles, required):
    """``({key: column index}, [error messages])`` for a header row.

    ``titles`` maps a stripped title to its key (looked up as written, then
    lower-cased, so ``Email`` matches ``email``); ``required`` is a
    sequence of ``(key, label)`` pairs the file must have. Empty header cells
    are ignored; a repeated title keeps its last column.
    """
    columns, unknown = {}, []
    for index, title in enumerate(header):
        title = str(title).strip() if title is not None else ""
        if not title:
            continue
        key = titles.get(title, titles.get(title.lower()))
        if key is None:
            unknown.append(title)
        else:
            columns[key] = index
    errors = []
    if unknown:
        errors.append(_("第 1 行（表头）：无法识别的列：%(cols)s。") % {"cols": "、".join(unknown)})
    missing = [label for key, label in required if key not in columns]
    if missing:
        errors.append(_("第 1 行（表头）：缺少列：%(cols)s。") % {"cols": "、".join(missing)})
    return columns, errors
