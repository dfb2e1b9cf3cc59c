"""Text as it arrives from a word processor, an email or a website, made plain Markdown.

Before anything reads a release its text gets one shape: one kind of line ending, plain
spaces, pasted HTML read as the Markdown it stands for (`pasted_html`), HTML entities
(“&ndash;”) as their characters, the bullets of Word and Google Docs (“•”, Word's private-use
“”, “▪”, and a run of “–” lines) as Markdown list items, and rows of tab-separated cells as a
Markdown table, whose header row the contacts reader understands.
"""

import html
import re

from releases.importing.pasted_html import html_to_markdown

_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,5});")
# “•\tText”, “\uf0b7 Text”, “▪ Text”: a bullet a word processor wrote as a character.
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[•\uf0b7\uf0a7▪◦●‣∙·][ \t]+(?=\S)", re.MULTILINE)
# “- ENDS -”, “* FIN *”: an end marker, not a list item (which would join the list above it).
_END_AS_ITEM = re.compile(r"^([ \t]*)([-*+])(?=[ \t]+(?:ends?|fin|-?\s*30\s*-?)[\s\-–—*]*$)", re.I | re.M)
# “– Text”: a list only when two lines or more in a row start so (a lone one is a dash).
_DASH_ITEM = re.compile(r"^[ \t]*[–—][ \t]+(?=\S)")


def as_markdown(text):
    """The text with one kind of line ending, plain spaces, HTML read as Markdown, entities
    decoded, word-processor bullets as list items and tab-separated rows as tables."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    text = html_to_markdown(text)
    text = _ENTITY.sub(lambda match: html.unescape(match.group()), text)
    text = _BULLET.sub(lambda match: match["indent"].replace("\t", "    ") + "- ", text)
    text = _END_AS_ITEM.sub(r"\1\\\2", text)
    return "\n".join(_tables(_dash_items(text.split("\n"))))


def _dash_items(lines):
    dashed = [bool(_DASH_ITEM.match(line)) and not _is_end_marker(line) for line in lines]
    out = []
    for index, line in enumerate(lines):
        in_run = dashed[index] and ((index > 0 and dashed[index - 1]) or (index + 1 < len(lines) and dashed[index + 1]))
        out.append(_DASH_ITEM.sub("- ", line) if in_run else line)
    return out


def _is_end_marker(line):
    return bool(re.fullmatch(r"[\s–—-]*(?:fin|ends?)[\s–—-]*", line, re.IGNORECASE))


def _tables(lines):
    """Runs of two lines or more with the same number (two or more) of tab-separated cells, as
    a Markdown table; the first row is its header."""
    out, index = [], 0
    while index < len(lines):
        cells = _cells(lines[index])
        end = index + 1
        while cells and end < len(lines) and len(_cells(lines[end])) == len(cells):
            end += 1
        labelled = all(_cells(line)[0].endswith(":") for line in lines[index:end]) if cells else False
        if cells and end - index >= 2 and not labelled:  # “WHO:\tthe speakers” rows are not a table
            rows = [_cells(line) for line in lines[index:end]]
            out.append(_row(rows[0]))
            out.append("|" + "---|" * len(cells))
            out += [_row(row) for row in rows[1:]]
            index = end
            continue
        out.append(lines[index])
        index += 1
    return out


def _cells(line):
    if "\t" not in line.strip() or line.lstrip().startswith(("-", "*", "|", ">")) or re.match(r"\s*\d+[.)]", line):
        return []
    cells = [cell.strip() for cell in re.split(r"\t+", line.strip())]
    return cells if len(cells) >= 2 and all(cells) else []


def _row(cells):
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
