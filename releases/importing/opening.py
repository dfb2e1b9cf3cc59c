"""The top of a release: what stands above the headline, the headline, the summary, the dateline.

Above the headline organisations write labels (“COMUNICADO DE PRENSA”, “PRESS RELEASE /
COMUNICADO”, “Comunicado conjunto n.º 12”, “FOR IMMEDIATE RELEASE”), embargo lines, a date or
a dateline on a line of its own, a logo, and in the United States the press contact; none of
them is the headline. After the headline come the summary points (italic points or lines, a
subheadline, or plain bullets standing before the dateline), then the dateline, which opens
the first paragraph or stands on a line of its own.
"""

import re
from dataclasses import dataclass, field

from releases.importing import problems
from releases.importing.blocks import is_wrapped_in, plain, split_blocks
from releases.importing.dates import EmbargoNotUnderstood, PartialDate, match_dateline, read_embargo
from releases.importing.parsed import Part
from releases.importing.press_contacts import has_details
from releases.importing.sections import cut_heading, is_end_marker, section_heading
from releases.importing.vocabulary import DATE_LABELS, fold, heading_kind, is_label, words


@dataclass
class Opening:
    """What the top of a release holds besides the headline and summary (which go to the Part)."""

    embargoes: list = field(default_factory=list)  # of dates.EmbargoLine
    unreadable: list = field(default_factory=list)  # blocks of embargo lines that could not be read
    contacts: list = field(default_factory=list)  # paragraphs (lists of lines) of contacts above the headline
    kept: list = field(default_factory=list)  # blocks that go to the body as they are (a logo)
    place: str | None = None
    day: PartialDate | None = None
    body: list = field(default_factory=list)  # the blocks after the dateline, which is cut off them


def read_opening(blocks, part, language, subject=None):
    """Read the headline and summary into `part`; the rest of the top into an Opening.
    `subject`: an email's subject, the headline when the text has none of its own."""
    opening = Opening()
    index = _above_headline(blocks, part, opening, language)
    index = _headline(blocks, index, part, subject)
    index = _summary(blocks, index, part, opening, language)
    opening.body = _dateline(blocks[index:], opening)
    return opening


def _above_headline(blocks, part, opening, language):
    index = 0
    while index < len(blocks):
        block = blocks[index]
        pieces = cut_heading(block)
        if len(pieces) > 1 and section_heading(pieces[0])[0] == "contacts":
            opening.contacts += [piece.text_lines() for piece in pieces[1:]]  # “Contact: Dana Whitfield, …”
        elif _is_image(block):
            opening.kept.append(block)
        elif block.kind != "refs" and not _top_block(block, part, opening, language):
            break
        index += 1
    return index


def _top_block(block, part, opening, language):
    """Whether a block is only lines of the top (labels, embargo lines, dates, a contact), read into `opening`."""
    if block.kind == "hr":
        return True
    if block.kind not in ("paragraph", "heading") or len(block.lines) > 4:
        return False
    found = []
    for line in block.text_lines():
        try:
            read = _top_line(line, language)
        except EmbargoNotUnderstood:
            opening.unreadable.append(block)  # kept in the body, as written
            part.embargo_unreadable = True
            part.warnings.append(problems.embargo_unreadable(line))
            return True
        if read is None:
            return False  # a line that is none of these: the block is not part of the top
        found += read
    for kind, value in found:
        if kind == "embargo":
            opening.embargoes.append(value)
        elif kind == "dateline":
            opening.place, opening.day = value[0] or opening.place, value[1]
        elif kind == "contact":
            opening.contacts.append([value])
    return True


def _top_line(line, language):
    """[(kind, value)] of what a line of the top holds, or None: "FOR IMMEDIATE RELEASE",
    "For Immediate Release: May 6, 2025", "News release – embargoed until 00:01 on 7 July 2025",
    "Media Contact: Tanya Brooks | …". Raises EmbargoNotUnderstood."""
    embargo = read_embargo(line, language=language)
    if embargo is not None:
        return [("embargo", embargo)]
    if is_label(line):
        return []
    dateline = dateline_alone(line)
    if dateline:
        return [("dateline", dateline)]
    label, colon, rest = line.partition(":")
    if colon and rest.strip() and (is_label(label) or fold(label) in DATE_LABELS):
        return _top_line(rest.strip(), language)  # "For Immediate Release: May 6, 2025", "Issued: 12 May 2025"
    if colon and heading_kind(label) == "contacts" and has_details(rest):
        return [("contact", rest.strip())]
    pieces = re.split(r"\s+[–—|]\s+|\s+-\s+", line)
    if len(pieces) == 1:
        return None
    read = [_top_line(piece, language) for piece in pieces]
    return None if None in read else [found for piece in read for found in piece]


def dateline_alone(line):
    """(place, date, end) of a line that is only a dateline with its date (“Rosario, 12 de mayo de 2025”)."""
    found = match_dateline(line)
    return found if found and found[1] and found[2] >= len(line.rstrip()) else None


def _is_image(block):
    children = [c for c in (block.inlines[0].children or []) if c.type != "softbreak"] if block.inlines else []
    return block.kind == "paragraph" and bool(children) and all(child.type == "image" for child in children)


def is_headline(block):
    if block.kind == "heading":
        return bool(block.text(" ").strip()) and not is_end_marker(block)
    if block.kind == "paragraph" and len(block.lines) <= 2 and block.inlines:
        return is_wrapped_in(block.inlines[0].children or [], "strong_open")
    return False


def _headline(blocks, index, part, subject):
    block = blocks[index] if index < len(blocks) else None
    if block is not None and is_headline(block) and not section_heading(block)[0]:
        part.title = " ".join(block.text(" ").split())
    elif _is_plain_headline(block) and (subject is None or _similar(block.text(" "), subject)):
        part.title = " ".join(block.text(" ").split())
        if subject is None:
            part.warnings.append(problems.first_line_as_headline())
    elif subject:
        part.title = subject
        part.warnings.append(problems.subject_as_headline())
        return index  # the block is not the headline: it is read as what it is
    else:
        raise problems.no_headline()
    return index + 1


def _is_plain_headline(block):
    """A line of its own, short enough for a headline, that is not a dateline opening the text."""
    if block is None or block.kind != "paragraph" or len(block.lines) != 1 or len(block.text()) > 200:
        return False
    found = match_dateline(block.lines[0])
    return not (found and found[1] and found[2] < len(block.lines[0].rstrip()))


def _similar(text, subject):
    """Whether a line says what the email's subject says (most of the subject's words)."""
    mine, theirs = set(words(text)), set(words(subject))
    return bool(theirs) and len(mine & theirs) >= len(theirs) / 2


def _summary(blocks, index, part, opening, language):
    start = index
    while index < len(blocks):
        block = blocks[index]
        points = summary_points(block)
        if points is not None:
            part.summary.extend(points)
        elif index == start and (
            _is_subheadline(block, headline=blocks[start - 1]) or _is_standfirst(blocks, index, language)
        ):
            part.summary.append(" ".join(block.text(" ").split()))
        elif block.kind == "list" and index + 1 < len(blocks) and _opens_with_dateline(blocks[index + 1]):
            part.summary.extend(" ".join(" ".join(plain(i.children or []) for i in inlines).split())
                                for _lines, inlines in block.items())  # fmt: skip
        elif not _top_block(block, part, opening, language):
            break
        index += 1
    return index


def _is_subheadline(block, headline):
    """A heading right under the headline, or a bold line under a headline that is a heading."""
    if block.kind == "heading":
        return len(block.text(" ").split()) >= 4
    bold = block.kind == "paragraph" and block.inlines and is_wrapped_in(block.inlines[0].children or [], "strong_open")
    return bool(bold) and headline.kind == "heading" and len(block.text(" ").split()) <= 40


def _is_standfirst(blocks, index, language):
    """A plain line under the headline that stands apart from the text: the dateline, or a line
    of the top (an embargo), comes after it (“Charity network says support must not end”)."""
    block, following = blocks[index], blocks[index + 1] if index + 1 < len(blocks) else None
    if block.kind != "paragraph" or len(block.lines) != 1 or following is None or match_dateline(block.lines[0]):
        return False
    if not 4 <= len(block.text(" ").split()) <= 40:
        return False
    if _opens_with_dateline(following):
        return True
    top = Opening()
    read = _top_block(following, Part(language=language), top, language)
    return read and bool(top.embargoes or top.day) and not top.contacts


def summary_points(block):
    """The points of an all-italic list or paragraph, else None."""
    if block.kind == "list":
        points = []
        for _lines, inlines in block.items():
            if len(inlines) != 1 or not is_wrapped_in(inlines[0].children or [], "em_open"):
                return None
            points.append(" ".join(plain(inlines[0].children, breaks=" ").split()))
        return points or None
    if block.kind == "paragraph" and block.inlines and is_wrapped_in(block.inlines[0].children or [], "em_open"):
        return [" ".join(block.text(breaks=" ").split())]
    return None


def _opens_with_dateline(block):
    found = block.kind == "paragraph" and match_dateline(block.lines[0])
    return bool(found and found[1])


def _dateline(blocks, opening):
    """The blocks of the body, the dateline that opens the first one read into `opening`.

    When the top already gave the date, a place alone opens the text too (“Durban – …”), and
    a place given again before a colon (“Chennai: …”) is cut off.
    """
    if not blocks or blocks[0].kind != "paragraph":
        return blocks
    first = blocks[0].lines[0]
    found = match_dateline(first)
    if found:
        place, day, end = found
        opening.place, opening.day = place or opening.place, day or opening.day
    elif opening.day is not None and (match := _PLACE_ALONE.match(first)):
        if opening.place is None or fold(match["place"]) == fold(opening.place):
            opening.place, end = opening.place or match["place"], match.end()
        else:
            return blocks
    else:
        return blocks
    rest = "\n".join([first[end:], *blocks[0].lines[1:]]).strip()
    return [*split_blocks(rest), *blocks[1:]] if rest else blocks[1:]


_PLACE_ALONE = re.compile(r"^(?P<place>[A-ZÁÉÍÓÚ][\w’'.]+(?: [A-ZÁÉÍÓÚ][\w’'.]+){0,2})(?:\s+[–—]\s+|:\s+)")


def closing_dateline(sections, opening):
    """A dateline written at the end, under the text (“Temuco, 8 de julio de 2025.”), when the
    top gave none: read, and taken out of the body."""
    body = [section for section in sections if section.kind == "body" and section.blocks]
    if opening.day is not None or not body:
        return
    last = body[-1].blocks[-1]
    found = dateline_alone(last.text(" ")) if last.kind == "paragraph" and len(last.lines) == 1 else None
    if found:
        opening.place, opening.day = found[0], found[1]
        body[-1].blocks.pop()
