"""Contacts written as a table: one person a row, the header row saying which cell is which.

Word and Google Docs exports and websites list press contacts as a table (“Nombre | Cargo |
Teléfono | Correo”, “Name | Designation | Email | Phone”), in Markdown or as tab-separated
rows (`pasted_text` makes those Markdown). Each row becomes a line the contacts reader knows
(“Name, role, organisation, Tel. phone, Cel. mobile, email”); a table whose header it does not
recognise is read row by row as written.
"""

import re

from releases.importing.vocabulary import CONTACT_COLUMNS, fold

_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_ORDER = ("name", "role", "organisation", "phone", "mobile", "email")
_LABELS = {"phone": "Tel. ", "mobile": "Cel. "}


def is_table(lines):
    return len(lines) >= 2 and all(line.strip().startswith("|") for line in lines) and any(map(_RULE.match, lines))


def cells(line):
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]


def table_lines(lines):
    """The rows of a table of contacts as lines for the contacts reader (header and rule left out)."""
    rows = [cells(line) for line in lines if not _RULE.match(line.strip())]
    columns = [CONTACT_COLUMNS.get(fold(cell)) for cell in rows[0]] if rows else []
    if sum(column is not None for column in columns) < 2 or not {"name", "email"} & set(columns):
        return [" | ".join(cell for cell in row if cell) for row in rows]
    out = []
    for row in rows[1:]:
        values = {}
        for column, cell in zip(columns, row, strict=False):
            if column and cell:
                values.setdefault(column, []).append(_LABELS.get(column, "") + cell)
        out.append(", ".join(value for column in _ORDER for value in values.get(column, [])))
    return out
