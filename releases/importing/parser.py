"""Read a press release written in Markdown (or pasted HTML) into a structured `ParsedRelease`.

Plain Python: text in, dataclasses out, no database. The text is made plain Markdown, split
into top-level blocks (markdown-it-py), split into two languages when it holds both, and each
version is read from top to bottom, one step per part of a release:

1. the top (`opening`): labels, embargo lines, the headline, the summary, the dateline;
2. the sections after it (`sections`): the body, then background, contacts, links, signature;
3. each section by its own reader (`background`, `press_contacts`, `links`, `signature`);
4. the dates, completed and put in their time zones (`dates`, `zones`).

Nothing is dropped: a block no step recognises stays in the body as written, and text a
reader cannot place goes to the body with a warning naming it (`problems`).
"""

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from releases.importing import problems
from releases.importing.background import read_background
from releases.importing.bilingual import detect_language, merge_translation, split_languages
from releases.importing.blocks import split_blocks
from releases.importing.dates import complete
from releases.importing.envelope import split_envelope
from releases.importing.front_matter_reading import FrontMatterError, read_front_matter, split_front_matter
from releases.importing.links import read_links, reference_labels, unused_definitions
from releases.importing.opening import closing_dateline, read_opening
from releases.importing.parsed import (  # noqa: F401  (the parser's results, imported from here by callers)
    IssuingOrganisation,
    Link,
    MediaContactEntry,
    ParsedRelease,
    Part,
    PressContact,
)
from releases.importing.pasted_text import as_markdown
from releases.importing.press_contacts import read_contacts
from releases.importing.problems import ParseError
from releases.importing.sections import split_sections
from releases.importing.signature import organisation, read_signature
from releases.importing.vocabulary import fold
from releases.importing.zones import disagrees, format_offset


def parse_release(text, *, source="", language=None, default_zone="America/Mexico_City", phone_region="MX"):
    """Parse the text of one file into a ParsedRelease, or raise ParseError.

    `language` overrides the detected language of the (first) version; a second version in
    the file is then taken to be in the other language. `default_zone` is the zone of a time
    that names none. `phone_region` is accepted for the callers' sake: phone numbers are
    read by their shape, whatever their country, and kept as written.
    """
    if not text.strip():
        raise problems.empty_file()
    front_matter, text, warnings = _front_matter(text, default_zone)
    envelope, text = split_envelope(as_markdown(text))
    if envelope is not None:
        warnings.append(problems.envelope_left_out(envelope.lines))
    versions = split_languages(split_blocks(text))
    first_language = language or detect_language(_plain(versions[0]))
    main = read_part(versions[0], first_language, default_zone, subject=envelope.subject if envelope else None)
    parsed = ParsedRelease(source=source, main=main, front_matter=front_matter, warnings=warnings)
    parsed.envelope = envelope.lines if envelope else []
    if len(versions) == 2:
        other_language = detect_language(_plain(versions[1]), other_than=first_language)
        other = read_part(versions[1], other_language, default_zone)
        merge_translation(main, other)
        parsed.translations[other_language] = other
    else:
        # "Red del Agua / Water Network" in a file with one language: the second name has no place.
        main.warnings += [problems.second_name_unused(o.alternative_name) for o in main.issuing_organisations
                          if o.alternative_name]  # fmt: skip
    return parsed


def _plain(blocks):
    return "\n".join(block.text(" ") for block in blocks if block.kind != "refs")


def _front_matter(text, default_zone):
    """(FrontMatter or None, the text after it, its warnings)."""
    try:
        source, text = split_front_matter(text)
        front_matter, warnings = (
            read_front_matter(source, default_zone=default_zone) if source is not None else (None, [])
        )
    except FrontMatterError as error:
        raise ParseError(str(error)) from None
    return front_matter, text, [problems.FieldWarning(warning, "front_matter") for warning in warnings]


def read_part(blocks, language, default_zone, subject=None):
    """One language version of a release, read from top to bottom; `subject`: an email's
    subject, the headline when the text has none."""
    part = Part(language=language)
    opening = read_opening(blocks, part, language, subject=subject)
    sections = split_sections(opening.body)
    closing_dateline(sections, opening)
    of_kind = {kind: [s for s in sections if s.kind == kind] for kind in ("background", "signature")}

    # The signature first: its names tell organisations from people in the contacts.
    part.issuing_organisations, signature_left, warnings = read_signature(_blocks(of_kind["signature"]))
    part.warnings += warnings
    issuing = {fold(organisation.name) for organisation in part.issuing_organisations}
    part.context_heading, part.context, part.context_markdown = read_background(of_kind["background"])
    part.media_contacts, top_left, warnings = read_contacts(opening.contacts, issuing)
    part.warnings += warnings

    # The body: what no step took, in the order written, with what the readers left at their place.
    body = [block.source for block in opening.unreadable + opening.kept] + top_left
    used_by_links = set()
    for section in sections:
        body += _read_section(section, part, issuing, used_by_links)
    body += signature_left + _office_signs(part)
    _refs_to_body(body, used_by_links)
    part.body = "\n\n".join(_without_edge_rules([chunk for chunk in body if chunk]))
    _settle_times(part, opening, default_zone)
    return part


def _office_signs(part):
    """A press office's block naming its institution and website (“Dirección de Comunicación /
    Universidad … / Tel. … / https://…”) signs for that institution when nobody else signs.
    Other websites written with a contact are not a contact's: they stay in the body, with a
    warning."""
    left = []
    for entry in part.media_contacts:
        contact = entry.press_contact
        if contact.urls and contact.is_office and contact.organisation and not part.issuing_organisations:
            part.issuing_organisations.append(replace(organisation(contact.organisation), links=contact.urls))
        elif contact.urls:
            left.append(" ".join(contact.urls))
            part.warnings.append(problems.not_a_contact(left[-1]))
        contact.urls = []
    return left


def _blocks(sections):
    return [block for section in sections for block in section.blocks]


def _read_section(section, part, issuing, used_by_links):
    """What a section gives the body (Markdown, or a refs block decided at the end), reading
    contacts and links into `part` on the way."""
    if section.kind == "body":
        if section.unsure:
            part.warnings += [problems.not_placed(block.text(" ") or block.source) for block in section.blocks]
        return _as_written(section.blocks)
    if section.kind == "refs":
        return section.blocks
    if section.kind == "contacts":
        entries, leftovers, warnings = read_contacts([block.text_lines() for block in section.blocks], issuing)
        part.media_contacts += entries
    elif section.kind == "links":
        links, leftovers, warnings = read_links(section.blocks)
        part.links += links
        for block in section.blocks:
            used_by_links.update(reference_labels(block.source))
    else:
        return []  # background and signature were read as a whole
    part.warnings += warnings
    return leftovers


def _as_written(blocks):
    """The blocks' Markdown, those written with no blank line between them kept together (a
    paragraph and the list under it)."""
    chunks = []
    for index, block in enumerate(blocks):
        if index and block.follows(blocks[index - 1]):
            chunks[-1] += "\n" + block.source
        else:
            chunks.append(block.source)
    return chunks


def _refs_to_body(body, used_by_links):
    """Reference definitions stay in the body unless only the links section used them; they
    are decided last (they wait in `body` as blocks), once every link is known."""
    text = "\n\n".join(chunk for chunk in body if isinstance(chunk, str))
    for index, chunk in enumerate(body):
        if not isinstance(chunk, str):
            body[index] = "\n".join(unused_definitions(chunk, used_by_links, text))


def _without_edge_rules(chunks):
    def is_rule(chunk):
        return not chunk.strip(" -–—*_\n")

    while chunks and is_rule(chunks[-1]):
        chunks.pop()
    while chunks and is_rule(chunks[0]):
        chunks.pop(0)
    return chunks


def _settle_times(part, opening, zone_name):
    """The date and embargo, their years completed (from each other, else from today) and
    the embargo in its zone (else the newsroom's), with a warning for each guess."""
    default_zone = ZoneInfo(zone_name)
    known = [d for d in [opening.day, *(e.day for e in opening.embargoes)] if d is not None and d.year]
    reference = date(*known[0]) if known else datetime.now(default_zone).date()
    if opening.day is not None:
        part.date = complete(opening.day, reference)
        if opening.day.year is None and part.date:
            part.warnings.append(problems.year_assumed("date", part.date.year))
    part.dateline_place = opening.place
    if not opening.embargoes:
        return
    embargo = opening.embargoes[0]
    part.embargo_until = embargo.moment(part.date or reference, default_zone)
    if embargo.day.year is None:
        part.warnings.append(problems.year_assumed("embargo_until", part.embargo_until.year))
    if embargo.zone is None:
        part.warnings.append(problems.zone_assumed(zone_name))
    elif disagrees(embargo.zone, part.embargo_until):
        offset = format_offset(part.embargo_until)
        part.warnings.append(problems.zone_disagrees(embargo.zone.written, embargo.zone.name, offset))


def combine(main, other):
    """One ParsedRelease from two files that hold the same release in two languages."""
    if other.language == main.language or other.language in main.translations:
        raise problems.same_language(main.source, other.source)
    merge_translation(main.main, other.main)
    main.translations[other.language] = other.main
    main.warnings.extend(other.warnings)
    main.sources.extend(other.sources)
    # export_releases writes the front matter into the Spanish file only.
    if main.front_matter is None:
        main.front_matter, main.folder = other.front_matter, other.folder
    elif other.front_matter is not None and other.front_matter != main.front_matter:
        main.warnings.append(problems.front_matter_twice(other.source, main.source))
    return main
