"""The background section: “Contexto”, “Antecedentes”, “Notes to editors”, “About X” …

Its items are the section's list items and paragraphs, as plain text. Notes numbered in one
paragraph (“1. … 2. …” with no blank lines for Markdown to see a list) are split at their
numbers, and a paragraph that carries on a note (it starts in lower case) joins it. The
Markdown is kept for the database; a heading that says what the background is about
(“Acerca de la Red …”) stays in it, in bold, so that two “About” sections stay apart.
"""

import re

from releases.importing.blocks import plain
from releases.importing.vocabulary import BACKGROUND_HEADINGS, fold

_NUMBERED = re.compile(r"^\s*\(?\d{1,2}[.)]\s+")


def read_background(sections):
    """(heading, items, markdown) of the background sections, in order."""
    heading, items, sources = None, [], []
    for section in sections:
        heading = heading or section.heading
        if section.heading and fold(section.heading) not in BACKGROUND_HEADINGS:
            sources.append(f"**{section.heading}**")
        for block in section.blocks:
            if block.kind in ("hr", "refs"):
                continue
            sources.append(block.source)
            for item in _items(block):
                if items and item[:1].islower() and block.kind == "paragraph":
                    items[-1] = f"{items[-1]} {item}"
                else:
                    items.append(item)
    return heading, items, "\n\n".join(sources).strip()


def _items(block):
    if block.kind == "list":
        return [_one_line(" ".join(plain(inline.children or [], breaks=" ") for inline in inlines))
                for _lines, inlines in block.items()]  # fmt: skip
    lines = block.text_lines() if block.kind == "paragraph" else [block.text(" ")]
    if len(lines) > 1 and _NUMBERED.match(lines[0]):
        notes = []
        for line in lines:
            if _NUMBERED.match(line) or not notes:
                notes.append(_NUMBERED.sub("", line))
            else:
                notes[-1] = f"{notes[-1]} {line}"
        return [_one_line(note) for note in notes]
    return [_one_line(" ".join(lines))] if any(lines) else []


def _one_line(text):
    return " ".join(text.split())
