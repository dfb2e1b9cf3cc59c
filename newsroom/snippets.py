"""Snippets of a text around the words searched for, as safe HTML with <mark> elements.

Nothing here knows about releases: `highlight` cuts and marks plain text (the Python twin of
PostgreSQL's ts_headline, for databases without one), and `marked_snippet` turns ts_headline's
output into HTML. Both escape everything but their own <mark> elements.
"""

import functools
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom.markdown import markdown_to_text
from newsroom.text import without_accents_or_case

# ts_headline marks matches with these private-use characters, which never reach the page:
# the snippet is escaped as text first and only then are the markers turned into <mark>.
START_MARK, STOP_MARK = "\ue000", "\ue001"
_MARKED = re.compile(f"{START_MARK}([^{START_MARK}{STOP_MARK}]*){STOP_MARK}")
SNIPPET_CHARACTERS = 220
# What may make Markdown of a headline differ from its plain text: characters that mark up or
# escape anywhere in a line (and those the HTML parser replaces), and the starts of lines that
# open a block (list item, heading, setext underline). A headline with none of them is its own
# text, so it skips the renderer: a tenth of a millisecond per result, two on a page.
_MARKDOWN = re.compile(r"[\\`*_\[\]<>&|~\x00-\x08\x0b-\x1f\x7f]|^[ \t]*(?:[-+=#]|\d+[.)])", re.MULTILINE)


# Snippets kept by their headline, in each process, the most recently used (about 2 MB): a
# function of the headline alone, so never stale, and a results page asked again (or after any
# change to the newsroom, which empties every other store) renders no Markdown. A page has 20.
SNIPPETS_KEPT = 4096


@functools.lru_cache(maxsize=SNIPPETS_KEPT)
def marked_snippet(headline):
    """ts_headline's output (Markdown with match markers) as safe HTML with <mark> elements.

    Rendering a headline that holds Markdown costs a quarter of a millisecond; on the benchmark's
    results pages, nine of twenty do (of 3,200 real ones, 28%): about 3 ms a page, half of what
    Django spends on a page whose cards are kept."""
    plain = headline if _MARKDOWN.search(headline) is None else markdown_to_text(headline)
    text = escape(" ".join(plain.split()))
    html = _MARKED.sub(r"<mark>\1</mark>", text)
    return mark_safe(html.replace(START_MARK, "").replace(STOP_MARK, ""))  # noqa: S308 - escaped just above


class _FoldTable(dict):
    """A str.translate() table folding each character as search does, filled as they are met."""

    def __missing__(self, code):
        folded = without_accents_or_case(chr(code))
        if len(folded) != 1:
            _UNEVEN.add(chr(code))  # before the table holds it: another thread may read both
        self[code] = folded
        return folded


_FOLD = _FoldTable()
# The characters met so far that fold to more or fewer than one ("ß" -> "ss").
_UNEVEN = set()


def _folded_with_positions(text):
    """The folded text, and for each of its characters the index of the original character."""
    folded = text.translate(_FOLD)  # every character of the text is in _FOLD from here on
    if len(folded) == len(text) and _UNEVEN.isdisjoint(text):
        return folded, range(len(text))  # one character for one: the usual case, and fast
    positions = []
    for index, character in enumerate(text):
        positions += [index] * len(_FOLD[ord(character)])
    return folded, positions


def markdown_around(source, terms, length=SNIPPET_CHARACTERS):
    """The plain text of the part of Markdown `source` that highlight() shows for `terms`
    (MarkdownBlocks.around(), for a text read once)."""
    return MarkdownBlocks(source).around(terms, length)


class MarkdownBlocks:
    """A Markdown text split at blank lines, each block's plain text made once, when first needed:
    kept with a release (releases/search/), its snippets for other words cost no rendering."""

    def __init__(self, source):
        self.blocks = (source or "").split("\n\n")
        self.source = source if len(self.blocks) < 4 else None  # read whole only when short
        self._folded = [None] * len(self.blocks)
        self._texts = {}

    def around(self, terms, length=SNIPPET_CHARACTERS):
        """The plain text of the part that highlight() shows for `terms`.

        Making the text of a whole release costs a millisecond or two, and a results page has
        twenty: this makes only the blocks from `length` characters of text before the first
        block holding a term to `length` characters after it, or from the start when none holds
        one. highlight() shows at most `length` characters, a third of them before the first
        match, so its snippet of this text and of the whole text are the same (a block is
        rendered apart from its neighbours: a reference link defined in another block, or a code
        fence holding a blank line, may read differently).
        """
        if len(self.blocks) < 4:  # too short to be worth cutting
            return self._text(None)
        holds = (n for n in range(len(self.blocks)) if any(term in self._folded_block(n) for term in terms))
        first = next(holds, 0)
        before, after = [], [self._text(first)]
        for n in range(first - 1, -1, -1):
            if sum(map(len, before)) >= length:
                break
            before.insert(0, self._text(n))
        for n in range(first + 1, len(self.blocks)):
            if sum(map(len, after[1:])) >= length:
                break
            after.append(self._text(n))
        return " ".join(before + after)

    def _folded_block(self, n):
        if self._folded[n] is None:
            self._folded[n] = self.blocks[n].translate(_FOLD)
        return self._folded[n]

    def _text(self, n):
        """The plain text of block `n`, or of the whole source (None)."""
        found = self._texts.get(n)
        if found is None:
            found = markdown_to_text(self.source) if n is None else _text(self.blocks[n])
            self._texts[n] = found
        return found


def _text(markdown):
    return " ".join(markdown_to_text(markdown).split())


class Highlightable:
    """Plain text as highlight() reads it (spaces tidied, and folded), made once for the
    snippets of any words."""

    __slots__ = ("folded", "positions", "text")

    def __init__(self, text):
        self.text = " ".join((text or "").split())
        self.folded, self.positions = _folded_with_positions(self.text)


def highlight(text, terms, length=SNIPPET_CHARACTERS):
    """A snippet of plain `text` (or a Highlightable) around the first of `terms` (folded words),
    with every term in <mark>.

    Terms are found in the folded text, so "mexico" marks "México" as written.
    """
    prepared = text if isinstance(text, Highlightable) else Highlightable(text)
    text, folded, positions = prepared.text, prepared.folded, prepared.positions
    if not text:
        return mark_safe("")
    matches = []
    for term in terms:
        matches += [(m.start(), m.end()) for m in re.finditer(re.escape(term), folded)]
    spans = sorted((positions[start], positions[end - 1] + 1) for start, end in matches)
    first = spans[0][0] if spans else 0
    # Some words before the first match, unless the whole text fits anyway.
    start = max(0, min(first - length // 3, len(text) - length))
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces += [escape(text[cursor:span_start]), f"<mark>{escape(text[span_start:span_end])}</mark>"]
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    html = ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 - every piece of text was escaped above
