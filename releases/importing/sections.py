"""Where the body ends, and which closing part each block after it belongs to.

After the dateline a release is read block by block. The body runs until the first block
that opens the closing parts: an end marker (“-30-”, “###”, “FIN”, “ENDS”), a heading such as
“Notes to editors”, “Contacto de prensa” or “Más información”, a “for interviews with …” line,
a sign-off (“Atentamente,”, “Issued by”, “— Organisation”, “SOURCE Organisation”), or the
signature the release ends with. From there each block goes to the section the last heading
opened while it fits it: a background section ends at the first block that is a contact, a
list of links or the closing signature. What fits no section stays in the body, marked
`unsure` so that the reader is told.
"""

import re
from dataclasses import dataclass, field

from releases.importing.blocks import is_wrapped_in, split_blocks, with_urls
from releases.importing.links import link_entries
from releases.importing.press_contacts import has_details, is_organisation
from releases.importing.signature import is_url, opens_signature, signature_line
from releases.importing.vocabulary import (
    CONTACT_LEAD_IN,
    heading_kind,
    interview_pair,
    is_about_heading,
    is_spokespeople_heading,
)

END_MARKER = re.compile(r"^[\s\-–—*_#\\]*(?:-?\s*30\s*-?|fin|ends?|#\s*\\?#\s*\\?#)[\s\-–—*_#\\]*$", re.IGNORECASE)
# "**Media contact:** Owen Price …", "About X: X is …": a heading and its text on one line.
_LABELLED = re.compile(r"^\s*(?P<open>\*\*|__)?(?P<label>[^:*_\n]{2,80}?)\s*:\s*(?P=open)?\s*(?P<rest>\S.*)$")
_OPENED_BY_HEADINGS = ("background", "contacts", "links", "more")


@dataclass
class Section:
    kind: str  # "body", "background", "contacts", "links", "signature", "more" (links or contacts), "refs"
    heading: str | None = None
    blocks: list = field(default_factory=list)
    unsure: bool = False  # body text found among the closing parts: the reader is told


@dataclass
class Role:
    """What a block is, judged by itself."""

    kind: str  # end, rule, refs, heading, pair, sign-off, contact, links, names, text
    section: str | None = None  # the section a heading (or a labelled link) opens
    title: str | None = None
    organisation: bool = False  # names: an organisation's, surely (an organisation's word, or a link)


def is_end_marker(block):
    return len(block.lines) == 1 and block.kind in ("paragraph", "heading", "list") and END_MARKER.match(block.lines[0])


def section_heading(block):
    """(kind, title) for a block written as a heading of a closing part, else (None, None).

    A heading of any level, or a one-line paragraph that is bold, ends with a colon, is in
    capitals or is exactly such a heading (“Notes to editors”, “Sobre la Plataforma …”).
    """
    if block.kind == "heading":
        title, marked = block.text(" ").strip(" :*_"), True
    elif block.kind == "paragraph" and len(block.lines) == 1 and block.inlines:
        text = block.text(" ")
        title = text.strip(" :*_")
        marked = is_wrapped_in(block.inlines[0].children or [], "strong_open") or text.endswith(":")
        if len(text) > 100 or not (marked or text.isupper() or heading_kind(title) or is_about_heading(title)):
            return None, None
    else:
        return None, None
    kind = heading_kind(title, marked)
    return (kind, title) if kind in _OPENED_BY_HEADINGS else (None, None)


def cut_heading(block):
    """A paragraph that opens with a heading line (“Contacto de prensa:” then the contact, “About
    X: X is …”) as two blocks: the heading, and what follows it."""
    if block.kind != "paragraph" or not block.lines:
        return [block]
    first, rest = block.lines[0], block.lines[1:]
    match = _LABELLED.match(first)
    plain = first.strip(" *_#:")
    marked = first.lstrip().startswith(("**", "__", "#")) or first.rstrip().endswith(":")
    if not (heading_kind(plain, marked) or (match and heading_kind(match["label"]))):
        return [block]  # the common case, decided without parsing again
    heading = split_blocks(first)
    if rest and heading and section_heading(heading[0])[0]:
        return [heading[0], *split_blocks("\n".join(rest))]
    if match and heading_kind(match["label"]) in _OPENED_BY_HEADINGS and not _only_a_link(match["rest"], rest):
        label = split_blocks(match["label"] + ":")
        return [*label, *split_blocks("\n".join([match["rest"], *rest]))]
    return [block]


def _only_a_link(text, rest):
    """“Más información: https://…” is a link with its label, not a heading."""
    found = split_blocks(text)
    return not rest and len(found) == 1 and link_entries(found[0]) is not None


def is_rule(block):
    """A rule, or a paragraph of a dash or stars alone (“—”, “* * *”), written as one."""
    return block.kind == "hr" or (block.kind == "paragraph" and not block.source.strip(" -–—*_\n"))


def role_of(block):
    if block.kind == "refs" or is_rule(block):
        return Role("refs" if block.kind == "refs" else "rule")
    if is_end_marker(block):
        return Role("end")
    kind, title = section_heading(block)
    if kind:
        return Role("heading", kind, title)
    if block.kind == "heading":
        return Role("heading")
    lines = block.text_lines()
    if block.kind not in ("paragraph", "list") or not lines:
        return Role("text")
    if interview_pair(" ".join(lines)) or is_spokespeople_heading(lines[0]):
        return Role("pair")
    if block.kind == "paragraph" and opens_signature(lines[0]):
        return Role("sign-off")
    if any(has_details(line) for line in lines) and all(len(line.split()) <= 30 for line in lines):
        # “For more information or to arrange an interview contact …”, “Prensa FUTSP: Name – phone”
        # open the contacts.
        return Role("contact", "contacts" if _opens_contacts(lines[0]) else None)
    entries = link_entries(block)
    if entries:
        label = entries[0][0] or ""
        return Role("links", "links" if heading_kind(label) in ("links", "more") else None)
    lines = [with_urls(line) for line in block.line_tokens()]
    if all(signature_line(line, first=not index) for index, line in enumerate(lines)):
        return Role("names", organisation=any(is_url(line) or is_organisation(line) for line in lines))
    return Role("text")


def _opens_contacts(line):
    label = _LABELLED.match(line)
    first_words = label["label"].split()[:3] if label else []
    leads = [" ".join(first_words[:size]) for size in range(len(first_words), 0, -1)]
    return bool(CONTACT_LEAD_IN.match(line)) or any(heading_kind(lead) == "contacts" for lead in leads)


def split_sections(blocks):
    """The blocks after the dateline as sections, in order; the first is the body."""
    blocks = [piece for block in blocks for piece in cut_heading(block)]
    roles = [role_of(block) for block in blocks]
    signature = range(*_closing_signature(roles))
    sections = [Section("body")]
    closing = False  # whether the body has ended
    for index, (block, role) in enumerate(zip(blocks, roles, strict=True)):
        if role.kind == "refs":
            sections.append(Section("refs", blocks=[block]))
            continue
        if role.kind == "end" or (role.kind == "heading" and role.section):
            closing = True
            sections.append(Section(role.section or "after", heading=role.title))
            continue
        if index in signature and role.kind in ("names", "links", "sign-off"):
            kind = "signature"
        elif role.kind in ("pair", "sign-off") or role.section:
            closing = True
            kind = {"pair": "contacts", "sign-off": "signature"}.get(role.kind, role.section)
        elif not closing or role.kind == "heading":
            kind = "body"  # a heading of the body's own ("## Lo que pedimos") opens more body
        elif role.kind == "rule":
            continue  # rules between the closing parts are layout
        else:
            kind = _FITS.get(sections[-1].kind, {}).get(role.kind, sections[-1].kind)
        _place(sections, kind, block, new=bool(role.section))
    return _contacts_together(sections)


def _contacts_together(sections):
    """Contacts sections one after the other are one (“X is available for interview.” then
    “Media contact: …”): a phrase naming a spokesperson reaches the contact under it."""
    merged = []
    for section in sections:
        if merged and section.kind == merged[-1].kind == "contacts":
            merged[-1].blocks += section.blocks
        else:
            merged.append(section)
    return merged


def _closing_signature(roles):
    """(start, stop) of the signature that ends the release: names and links at the very end,
    else just above the contacts that end it (“Red …\nhttps://…” then “Contacto: …”); (0, 0)
    when there is none."""
    end = len(roles)
    while end and roles[end - 1].kind in ("end", "rule", "refs"):
        end -= 1
    start = _names_before(roles, end)
    if start < end:
        return start, len(roles)
    contacts = _closing_contacts(roles, end)
    start = _names_before(roles, contacts)
    surely = all(role.organisation for role in roles[start:contacts] if role.kind == "names")
    return (start, contacts) if start < contacts and surely else (0, 0)


def _names_before(roles, end):
    """Where the run of names, links and sign-offs ending at `end` starts (its leading links left out)."""
    start = end
    while start and roles[start - 1].kind in ("names", "links", "sign-off"):
        start -= 1
    while start < end and roles[start].kind == "links":
        start += 1  # links before the names belong to what precedes them
    return start


def _closing_contacts(roles, end):
    """Where the contacts that end the release begin (nothing but contacts after them), or 0."""
    start = end
    while start and (roles[start - 1].kind in ("contact", "pair", "rule") or roles[start - 1].section == "contacts"):
        start -= 1
    opens = start < end and (roles[start].section == "contacts" or roles[start].kind == "pair")
    return start if opens else 0


# The section a block goes to, by the section it follows and what it is. "unsure": body, with a warning.
_FITS = {
    "background": {"contact": "contacts", "links": "links"},
    "contacts": {"contact": "contacts", "names": "contacts", "links": "links", "text": "unsure"},
    "links": {"contact": "contacts"},
    "signature": {"contact": "contacts", "names": "signature", "links": "signature", "text": "unsure"},
    "more": {"contact": "contacts", "links": "links", "names": "contacts", "text": "unsure"},
    "after": {"contact": "contacts", "links": "links", "names": "signature", "text": "unsure"},
}


def _place(sections, kind, block, *, new=False):
    current = sections[-1]
    if current.kind == "more" and not current.blocks and kind in ("contacts", "links"):
        current.kind = kind  # "Más información" holds what its first block is
        new = False
    if kind in ("after", "more"):
        kind = "unsure"  # no reader takes a block there: it stays in the body, and the reader is told
    if kind == "unsure":
        if not (current.kind == "body" and current.unsure):
            sections.append(Section("body", unsure=True))
    elif new or sections[-1].kind != kind:
        sections.append(Section(kind))
    sections[-1].blocks.append(block)
