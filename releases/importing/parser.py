"""Read a press release written in Markdown into a structured `ParsedRelease`.

Plain Python: text in, dataclasses out, no database. markdown-it-py splits the text into
top-level blocks (headings, paragraphs, lists ...) that keep their source lines, and each
block is then recognised by the conventions of Spanish and English press releases: headline,
summary points, embargo and release lines, dateline, body, background, contacts, links,
signature with social links, and a second language. A block that is not recognised stays
in the body exactly as written, so no text is ever lost; where a recognised section holds
something the parser cannot read, that text goes to the body too, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

from newsroom.text import folded as normalised
from releases.importing import dates
from releases.importing.blocks import (
    plain,
    split_blocks,
)
from releases.importing.contacts import PAIR_PATTERN, parse_contacts
from releases.importing.conventions import (
    GENERIC_CONTEXT,
    block_section,
    detect_language,
    is_end_marker,
    is_headline,
    is_language_marker,
    is_release_line,
    is_signature_intro,
    join_name_lines,
    link_entry,
    link_only_entries,
    signature_lines,
    summary_points_of,
    word_counts,
)
from releases.importing.front_matter import FrontMatter, FrontMatterError, read_front_matter, split_front_matter

LANGUAGES = ("es", "en")


class ParseError(ValueError):
    """The text cannot be read as a release; the message says why, in one line."""


# --- the result -----------------------------------------------------------------------------


@dataclass
class Link:
    label: str | None
    url: str


@dataclass
class IssuingOrganisation:
    name: str
    links: list = field(default_factory=list)


@dataclass
class Part:
    """One language version of a release."""

    language: str
    title: str = ""
    summary: list = field(default_factory=list)
    dateline_place: str | None = None
    date: date | None = None
    embargo_until: datetime | None = None
    embargo_unreadable: bool = False  # an embargo line was there but its time could not be read
    body: str = ""
    context_heading: str | None = None
    context: list = field(default_factory=list)  # items as plain text
    context_markdown: str = ""
    media_contacts: list = field(default_factory=list)
    links: list = field(default_factory=list)
    issuing_organisations: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def translation_json(self):
        return {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "context_heading": self.context_heading,
            "context": self.context,
        }


@dataclass
class ParsedRelease:
    source: str
    main: Part
    translations: dict = field(default_factory=dict)  # language -> Part
    warnings: list = field(default_factory=list)  # of the file as a whole
    front_matter: FrontMatter | None = None
    # The folder the files named in the front matter are read from (None for an upload).
    folder: Path | None = None
    # Names of the organisations the release mentions, once looked up in the directory
    # (directory.mentioned_organisation_names); None until then.
    mentioned_organisations: list | None = None
    # Every file the release was read from: this one, and those combine() adds.
    sources: list = field(default_factory=list)

    def __post_init__(self):
        self.sources = self.sources or [self.source]

    @property
    def language(self):
        return self.main.language

    def part(self, language):
        """The version in `language`, or None."""
        return self.main if self.main.language == language else self.translations.get(language)

    @property
    def all_warnings(self):
        found = list(self.warnings) + list(self.main.warnings)
        for part in self.translations.values():
            found.extend(part.warnings)
        return found

    def as_json(self):
        """The parse as the import command prints it (the shape is documented in the README)."""
        main = self.main
        return {
            "source": self.source,
            "language": main.language,
            "title": main.title,
            "summary": main.summary,
            "dateline_place": main.dateline_place,
            "date": main.date.isoformat() if main.date else None,
            "embargo_until": main.embargo_until.isoformat() if main.embargo_until else None,
            "body": main.body,
            "context_heading": main.context_heading,
            "context": main.context,
            "media_contacts": [
                {
                    "spokesperson": entry.spokesperson,
                    "press_contact": {
                        "name": entry.press_contact.name,
                        "organisation": entry.press_contact.organisation,
                        "phones": entry.press_contact.phones,
                        "emails": entry.press_contact.emails,
                    },
                }
                for entry in main.media_contacts
            ],
            "links": [{"label": link.label, "url": link.url} for link in main.links],
            "issuing_organisations": [
                {"name": organisation.name, "links": organisation.links} for organisation in main.issuing_organisations
            ],
            "translations": {language: part.translation_json() for language, part in self.translations.items()},
            "mentioned_organisations": self.mentioned_organisations or [],
            "front_matter": self.front_matter.as_json() if self.front_matter else None,
            "warnings": self.all_warnings,
        }


# --- reading one language version -----------------------------------------------------------


@dataclass
class _Options:
    default_zone: str
    phone_region: str


def _contact_text(block):
    return "\n".join(plain(token.children or [], breaks="\n", mailto=True) for token in block.inlines)


def _quote(text, limit=70):
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _reference_labels(source):
    """Labels of reference-style links in Markdown source: [text][label], [label][] and [label]."""
    full = [label for label in re.findall(r"\]\s*\[([^\]]*)\]", source) if label]
    return full + re.findall(r"\[([^\]]+)\](?![(\[:])", source)


def _signature_run(blocks, lower, upper):
    """Indexes of the signature (organisation names and their social links) ending at `upper`."""
    index = upper - 1
    while index >= lower and (blocks[index].kind in ("hr", "refs") or is_end_marker(blocks[index])):
        index -= 1
    run = []
    while index >= lower:
        block = blocks[index]
        if signature_lines(block) or is_signature_intro(block) or link_only_entries(block):
            run.insert(0, index)
            index -= 1
        else:
            break
    while run and not signature_lines(blocks[run[0]]) and not is_signature_intro(blocks[run[0]]):
        run.pop(0)
    if not any(signature_lines(blocks[i]) for i in run):
        return []
    return run


def parse_part(blocks, language, options):
    part = Part(language=language)
    consumed = set()
    body = {}  # block index -> the Markdown it contributes to the body
    n = len(blocks)

    def check_preamble(index):
        """True for a release or embargo line (now read), None for an embargo line that
        cannot be read (it stays in the body), False for anything else."""
        block = blocks[index]
        if is_release_line(block):
            return True
        if block.kind in ("paragraph", "heading") and len(block.lines) <= 3:
            try:
                moment = dates.parse_embargo(block.text(" "), language=language, default_zone=options.default_zone)
            except dates.EmbargoNotUnderstood:
                part.warnings.append(
                    _("The embargo line %(line)s could not be read; it was kept in the body.")
                    % {"line": _quote(block.text(" "))}
                )
                part.embargo_unreadable = True
                body[index] = block.source
                return None
            if moment is not None:
                part.embargo_until = moment
                return True
        return False

    # Headline, with release and embargo lines before or after it.
    index = 0
    while index < n and (blocks[index].kind in ("hr", "refs") or check_preamble(index) is not False):
        if blocks[index].kind == "hr" or index not in body:
            consumed.add(index)
        index += 1
    if index < n and is_headline(blocks[index]) and not block_section(blocks[index])[0]:
        part.title = " ".join(blocks[index].text(" ").split())
        consumed.add(index)
        index += 1
    else:
        first = blocks[index] if index < n else None
        if first is not None and first.kind == "paragraph" and len(first.lines) == 1 and len(first.text()) <= 200:
            part.title = " ".join(first.text(" ").split())
            consumed.add(index)
            index += 1
            part.warnings.append(_("No heading or bold line to take as the headline: the first line was used."))
        else:
            raise ParseError(_("No headline: start the release with a heading (# …) or a bold line."))
    # Summary points, possibly after more release or embargo lines.
    while index < n:
        preamble = check_preamble(index)
        if preamble:
            consumed.add(index)
        elif preamble is None:
            pass  # an unreadable embargo line, kept in the body
        elif (points := summary_points_of(blocks[index])) is not None:
            part.summary.extend(points)
            consumed.add(index)
        else:
            break
        index += 1
    body_start = index

    # The signature: at the end, or just before an end marker followed by contacts or links.
    ends = [n] + [i for i in range(n - 1, body_start, -1) if is_end_marker(blocks[i])]
    signature = []
    for end in ends:
        signature = _signature_run(blocks, body_start + 1, end)
        if signature:
            break

    # The dateline opens the first paragraph of the body.
    for index in range(body_start, min(body_start + 2, n)):
        block = blocks[index]
        if block.kind != "paragraph" or index in signature or index in body:
            continue
        found = dates.match_dateline(block.lines[0])
        if found:
            part.dateline_place, part.date, end = found
            first_line = block.lines[0][end:]
            rest = [first_line, *block.lines[1:]] if first_line.strip() else block.lines[1:]
            consumed.add(index)
            if rest:
                body[index] = "\n".join(rest).strip()
        break

    section = None
    context_sources, contact_texts, contact_blocks, leftovers = [], [], [], []
    link_labels_used = set()
    for index in range(body_start, n):
        if index in consumed or index in signature or index in body:
            continue
        block = blocks[index]
        if block.kind == "refs":
            continue  # decided at the end, once it is known which links used them
        if is_end_marker(block):
            consumed.add(index)
            section = None
            continue
        kind, title = block_section(block)
        if kind:
            section = kind
            consumed.add(index)
            if kind == "context":
                if part.context_heading is None:
                    part.context_heading = title
                if normalised(title) not in GENERIC_CONTEXT:
                    # “Acerca de la Red …” says what the background is about: keep those words.
                    context_sources.append(f"**{title}**")
                    part.context.append(title)
            continue
        if block.kind == "paragraph" and PAIR_PATTERN.match(block.text(" ")):
            contact_texts.append(_contact_text(block))
            contact_blocks.append(index)
            consumed.add(index)
            section = "contacts"
            continue
        if section == "context":
            context_sources.append(block.source)
            consumed.add(index)
            if block.kind == "list":
                part.context.extend(
                    " ".join(" ".join(plain(inline.children or [], breaks=" ") for inline in inlines).split())
                    for _lines, inlines in block.items()
                )
            elif block.kind != "hr":
                part.context.append(" ".join(block.text(" ").split()))
            continue
        if section == "contacts" and block.kind in ("paragraph", "list"):
            contact_texts.append(_contact_text(block))
            contact_blocks.append(index)
            consumed.add(index)
            continue
        if section == "links" and block.kind == "list":
            entries, others = [], []
            for lines, inlines in block.items():
                entry = link_entry([child for inline in inlines for child in (inline.children or [])])
                if entry:
                    entries.append(entry)
                else:
                    others.append("\n".join(lines).rstrip())
            if entries:
                part.links.extend(Link(label, url) for label, url in entries)
                link_labels_used.update(normalised(label) for label in _reference_labels(block.source))
                consumed.add(index)
                if others:
                    body[index] = "\n".join(others)
                    leftovers.extend(others)
                continue
        if section == "links":
            entries = link_only_entries(block)
            if entries:
                part.links.extend(Link(label, url) for label, url in entries)
                link_labels_used.update(normalised(label) for label in _reference_labels(block.source))
                consumed.add(index)
                continue
            if block.kind != "hr":
                leftovers.append(block.text(" "))
            section = None
        elif section == "contacts" and block.kind != "hr":
            section = None
        body[index] = block.source

    # Contacts: everything collected is read as one text, as pairs may span paragraphs.
    if contact_texts:
        part.media_contacts, not_understood = parse_contacts("\n\n".join(contact_texts), options.phone_region)
        for number, text in enumerate(not_understood, start=1):
            leftovers.append(text)
            # Keys order the body: these go right after the last block of the contacts.
            body[max(contact_blocks) + number / (len(not_understood) + 1)] = text

    # The signature: organisation names, each followed by its social links.
    for index in signature:
        block = blocks[index]
        consumed.add(index)
        if is_signature_intro(block):
            continue
        lines = signature_lines(block)
        if lines:
            names, urls = lines
            new = [IssuingOrganisation(name) for name in join_name_lines(names)]
            part.issuing_organisations.extend(new)
            if urls:
                new[-1].links.extend(urls)
            continue
        entries = link_only_entries(block)
        if entries and part.issuing_organisations:
            part.issuing_organisations[-1].links.extend(url for _label, url in entries)
        elif entries:
            body[index] = block.source

    # Reference definitions stay in the body unless only the links section used them.
    body_text = "\n".join(text for text in body.values())
    for index, block in enumerate(blocks):
        if block.kind != "refs":
            continue
        kept = []
        for line in block.lines:
            match = re.match(r"^\s{0,3}\[([^\]]+)\]:", line)
            label = normalised(match[1]) if match else None
            used_in_body = label is not None and re.search(r"\[" + re.escape(match[1]) + r"\]", body_text)
            if label is None or label not in link_labels_used or used_in_body:
                kept.append(line)
        if kept:
            body[index] = "\n".join(kept)

    for text in leftovers:
        part.warnings.append(_("Not understood, so kept in the body: %(text)s") % {"text": _quote(text)})
    # Body: what is left, in order, without rules at its edges.
    chunks = [body[key] for key in sorted(body) if body[key].strip()]
    while chunks and re.fullmatch(r"\s*(?:[-*_]\s*){3,}", chunks[-1]):
        chunks.pop()
    while chunks and re.fullmatch(r"\s*(?:[-*_]\s*){3,}", chunks[0]):
        chunks.pop(0)
    part.body = "\n\n".join(chunks).strip()
    part.context_markdown = "\n\n".join(context_sources).strip()
    return part


# --- two languages in one file ----------------------------------------------------------------


def split_languages(blocks):
    """[blocks] or [first language blocks, second language blocks] for a bilingual file.

    The second version starts at a headline (or a line such as “English version”) where the
    text before is clearly in one language and the text from there on clearly in the other.
    """
    counts = [word_counts(block.text(" ")) if block.kind != "refs" else (0, 0) for block in blocks]
    total_es, total_en = sum(c[0] for c in counts), sum(c[1] for c in counts)
    before_es = before_en = 0
    for index, block in enumerate(blocks):
        if index >= 2 and (is_language_marker(block) or (is_headline(block) and not block_section(block)[0])):
            after_es, after_en = total_es - before_es, total_en - before_en
            first = "es" if before_es >= before_en else "en"
            second = "es" if after_es >= after_en else "en"
            strong_before = max(before_es, before_en) >= 12 and max(before_es, before_en) >= 2 * min(
                before_es, before_en
            )
            strong_after = max(after_es, after_en) >= 12 and max(after_es, after_en) >= 2 * min(after_es, after_en)
            if first != second and strong_before and strong_after:
                rest = blocks[index + 1 :] if is_language_marker(block) else blocks[index:]
                return [blocks[:index], rest]
        before_es += counts[index][0]
        before_en += counts[index][1]
    return [blocks]


def merge_translation(main, other):
    """Fold the contacts, links and signatures of another language version into `main`.

    Both versions usually list the same people, links and organisations; what only the other
    version has is added. Organisations are paired by position (their names differ by language).
    """
    keys = {
        (tuple(sorted(email.lower() for email in entry.press_contact.emails)) or normalised(entry.press_contact.name))
        for entry in main.media_contacts
    }
    for entry in other.media_contacts:
        key = tuple(sorted(email.lower() for email in entry.press_contact.emails)) or normalised(
            entry.press_contact.name
        )
        if key not in keys:
            main.media_contacts.append(entry)
            keys.add(key)
    urls = {link.url for link in main.links}
    for link in other.links:
        if link.url not in urls:
            main.links.append(Link(None, link.url))
            urls.add(link.url)
    if len(other.issuing_organisations) == len(main.issuing_organisations):
        for mine, theirs in zip(main.issuing_organisations, other.issuing_organisations, strict=True):
            mine.links.extend(url for url in theirs.links if url not in mine.links)
    elif other.issuing_organisations and not main.issuing_organisations:
        main.issuing_organisations = [IssuingOrganisation(o.name, list(o.links)) for o in other.issuing_organisations]
    elif other.issuing_organisations:
        main.warnings.append(
            _(
                "The two language versions are signed by a different number of organisations; the %(language)s "
                "signature was not used."
            )
            % {"language": other.language}
        )
    if main.date is None:
        main.date = other.date
    elif other.date and other.date != main.date:
        main.warnings.append(_("The two language versions give different dates; the first one was used."))
    if main.embargo_until is None:
        main.embargo_until = other.embargo_until
    elif other.embargo_until and other.embargo_until != main.embargo_until:
        main.warnings.append(_("The two language versions give different embargoes; the first one was used."))


def parse_release(text, *, source="", language=None, default_zone="America/Mexico_City", phone_region="MX"):
    """Parse the text of one file into a ParsedRelease, or raise ParseError.

    `language` overrides the detected language of the (first) version; a second version in
    the file is then taken to be in the other language.
    """
    if not text.strip():
        raise ParseError(_("The file is empty."))
    try:
        front_source, text = split_front_matter(text)
        front_matter, front_warnings = (
            read_front_matter(front_source, default_zone=default_zone) if front_source is not None else (None, [])
        )
    except FrontMatterError as error:
        raise ParseError(str(error)) from None
    options = _Options(default_zone=default_zone, phone_region=phone_region)
    blocks = split_blocks(text)
    versions = split_languages(blocks)
    first_language = language or detect_language("\n".join(b.text(" ") for b in versions[0] if b.kind != "refs"))
    main = parse_part(versions[0], first_language, options)
    parsed = ParsedRelease(source=source, main=main, front_matter=front_matter, warnings=front_warnings)
    if len(versions) == 2:
        other_language = "en" if first_language == "es" else "es"
        other = parse_part(versions[1], other_language, options)
        merge_translation(main, other)
        parsed.translations[other_language] = other
    return parsed


def combine(main, other):
    """One ParsedRelease from two files that hold the same release in two languages."""
    if other.language == main.language or other.language in main.translations:
        raise ParseError(
            _("%(first)s and %(second)s are both in the same language.")
            % {"first": main.source, "second": other.source}
        )
    merge_translation(main.main, other.main)
    main.translations[other.language] = other.main
    main.warnings.extend(other.warnings)
    main.sources.extend(other.sources)
    # export_releases writes the front matter into the Spanish file only.
    if main.front_matter is None:
        main.front_matter, main.folder = other.front_matter, other.folder
    elif other.front_matter is not None and other.front_matter != main.front_matter:
        main.warnings.append(
            _("%(file)s has a front matter of its own; the one in %(main)s was used.")
            % {"file": other.source, "main": main.source}
        )
    return main
