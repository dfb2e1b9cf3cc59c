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

import phonenumbers
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from newsroom.text import folded as normalised
from releases.importing import dates

_md = MarkdownIt("commonmark", {"html": False})
# Keep URLs as written: markdown-it would percent-encode them for HTML output.
_md.normalizeLink = lambda url: url
_md.normalizeLinkText = lambda url: url

LANGUAGES = ("es", "en")


class ParseError(ValueError):
    """The text cannot be read as a release; the message says why, in one line."""


# --- the result -----------------------------------------------------------------------------


@dataclass
class PressContact:
    name: str
    organisation: str | None = None
    phones: list = field(default_factory=list)  # as written
    emails: list = field(default_factory=list)
    mobiles: list = field(default_factory=list)  # those of `phones` labelled as mobile numbers
    role: str = ""


@dataclass
class MediaContactEntry:
    spokesperson: str | None
    press_contact: PressContact
    spokesperson_role: str = ""


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
            "warnings": self.all_warnings,
        }


# --- text helpers -----------------------------------------------------------------------------


ES_WORDS = {
    "de",
    "la",
    "que",
    "el",
    "en",
    "y",
    "los",
    "del",
    "las",
    "por",
    "un",
    "una",
    "para",
    "con",
    "se",
    "su",
    "al",
    "lo",
    "como",
    "más",
    "pero",
    "sus",
    "le",
    "ya",
    "este",
    "porque",
    "esta",
    "entre",
    "cuando",
    "muy",
    "sin",
    "sobre",
    "también",
    "hasta",
    "hay",
    "donde",
    "quien",
    "desde",
    "todo",
    "nos",
    "durante",
    "todos",
    "uno",
    "les",
    "ni",
    "contra",
    "otros",
    "ese",
    "eso",
    "ante",
    "ellos",
    "esto",
    "antes",
    "algunos",
    "unos",
    "otro",
    "otras",
    "otra",
    "él",
    "tanto",
    "esa",
    "estos",
    "mucho",
    "quienes",
    "nada",
    "muchos",
    "cual",
    "poco",
    "ella",
    "estas",
    "algunas",
    "algo",
    "nosotros",
    "es",
    "son",
    "fue",
    "ha",
    "han",
    "será",
    "están",
    "dijo",
}
EN_WORDS = {
    "the",
    "of",
    "and",
    "to",
    "in",
    "that",
    "is",
    "for",
    "on",
    "with",
    "as",
    "by",
    "are",
    "was",
    "this",
    "it",
    "from",
    "at",
    "be",
    "an",
    "has",
    "have",
    "had",
    "which",
    "their",
    "its",
    "were",
    "will",
    "not",
    "but",
    "or",
    "they",
    "been",
    "we",
    "our",
    "who",
    "said",
    "would",
    "after",
    "into",
    "than",
    "these",
    "those",
    "there",
    "about",
    "more",
    "also",
    "can",
    "could",
    "should",
}


def word_counts(text):
    words = re.findall(r"[^\W\d_]+", text.lower())
    return sum(word in ES_WORDS for word in words), sum(word in EN_WORDS for word in words)


def detect_language(text):
    spanish, english = word_counts(text)
    return "en" if english > spanish else "es"


URL_PATTERN = re.compile(r"(?<![\w/@])(?:https?://|www\.)[^\s<>\"\[\]]+", re.IGNORECASE)
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text):
    """Undo Markdown backslash escapes: `GobAbierto\\_MX` -> `GobAbierto_MX`."""
    return _ESCAPED.sub(r"\1", text)


def clean_url(url):
    url = unescape(url.strip().strip("<>").strip("“”\"'‘’«»"))
    # Trailing punctuation belongs to the sentence, unless it closes a parenthesis in the URL.
    while url and url[-1] in ".,;:!?'\"»”’)":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _same_url(text, url):
    def bare(value):
        value = clean_url(value).lower()
        value = re.sub(r"^(?:https?://)?(?:www\.)?", "", value)
        return value.rstrip("/")

    return bare(text) == bare(url)


# --- blocks -----------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # heading, paragraph, list, hr, refs (reference definitions), other
    lines: list
    start: int
    tokens: list = field(default_factory=list)
    level: int = 0

    @property
    def source(self):
        return "\n".join(self.lines).strip("\n")

    @property
    def inlines(self):
        return [token for token in self.tokens if token.type == "inline"]

    def text(self, breaks="\n"):
        return "\n".join(plain(token.children or [], breaks=breaks) for token in self.inlines).strip()

    def items(self):
        """A list's items as [(source lines, [inline tokens])]."""
        items, depth, current = [], 0, None
        for token in self.tokens:
            if token.type == "list_item_open" and depth == 1:
                current = (token.map, [])
            if current is not None and token.type == "inline" and token.level == 3:
                current[1].append(token)
            depth += token.nesting
            if token.type == "list_item_close" and depth == 1 and current is not None:
                (start, end), inlines = current
                items.append((self.all_lines[start - self.start : end - self.start], inlines))
                current = None
        return items


def plain(children, breaks="\n", mailto=False):
    """Inline tokens as plain text: formatting dropped, link text kept, breaks as `breaks`."""
    out, link = [], None
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            out.append(child.content)
            if link is not None:
                link.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(breaks)
        elif kind == "image":
            out.append(child.content)
        elif kind == "link_open":
            link = [child.attrs.get("href", "")]
        elif kind == "link_close" and link is not None:
            href, text = link[0], "".join(link[1:])
            if mailto and href.lower().startswith("mailto:") and href[7:].lower() not in text.lower():
                out.append(f" {href[7:]}")
            link = None
    return "".join(out)


def inline_lines(children):
    """Inline tokens split at line breaks."""
    lines, current = [], []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append(current)
            current = []
        else:
            current.append(child)
    lines.append(current)
    return [line for line in lines if line]


def links_in(children):
    """[(link text or None, URL as written)] for the links and bare URLs among inline tokens."""
    found, link = [], None
    for child in children:
        if child.type == "link_open":
            link = [child.attrs.get("href", ""), ""]
        elif child.type == "link_close" and link is not None:
            if not link[0].lower().startswith("mailto:"):
                found.append((unescape(link[1]), clean_url(link[0])))
            link = None
        elif child.type in ("text", "code_inline"):
            if link is not None:
                link[1] += child.content
            else:
                found.extend((None, clean_url(match.group())) for match in URL_PATTERN.finditer(child.content))
    return found


def is_wrapped_in(children, opener):
    """Whether the inline tokens are one run of emphasis (`em_open`) or bold (`strong_open`)."""
    tokens = [child for child in children if not (child.type == "text" and not child.content.strip())]
    if len(tokens) < 3 or tokens[0].type != opener or tokens[-1].type != opener.replace("open", "close"):
        return False
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == opener:
            depth += 1
        elif token.type == opener.replace("open", "close"):
            depth -= 1
            if depth == 0 and index != len(tokens) - 1:
                return False
    return True


_BLOCK_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "hr": "hr",
}


def split_blocks(text):
    """Top-level blocks with their source lines, in order, and the reference definitions."""
    env = {}
    tokens = _md.parse(text, env)
    lines = text.split("\n")
    covered = [False] * len(lines)
    blocks = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0 or token.nesting == -1 or token.map is None:
            index += 1
            continue
        last = index
        if token.nesting == 1:
            depth = 0
            for last in range(index, len(tokens)):
                depth += tokens[last].nesting
                if depth == 0:
                    break
        start, end = token.map
        block = Block(
            kind=_BLOCK_KINDS.get(token.type, "other"),
            lines=lines[start:end],
            start=start,
            tokens=tokens[index : last + 1],
            level=int(token.tag[1]) if token.type == "heading_open" else 0,
        )
        block.all_lines = lines[start:end]
        while block.lines and not block.lines[-1].strip():
            block.lines = block.lines[:-1]
        blocks.append(block)
        for number in range(start, end):
            covered[number] = True
        index = last + 1
    # Lines markdown-it consumed without a block: reference definitions ("[1]: https://…").
    run = []
    for number, line in enumerate([*lines, ""]):
        if number < len(lines) and not covered[number] and line.strip():
            run.append(number)
        elif run:
            block = Block(kind="refs", lines=[lines[n] for n in run], start=run[0])
            block.all_lines = block.lines
            blocks.append(block)
            run = []
    blocks.sort(key=lambda block: block.start)
    return blocks, env.get("references", {})


# --- recognising blocks -----------------------------------------------------------------------

CONTEXT_HEADINGS = {
    "contexto", "antecedentes", "notas para editores", "nota para editores", "notas a editores",
    "notas para los editores", "notas para periodistas", "nota para periodistas", "notas para editoras y editores",
    "background", "context", "notes to editors", "note to editors", "notes for editors", "editor s notes",
    "editors notes", "notes for journalists",
}  # fmt: skip
CONTACT_HEADINGS = {
    "contacto", "contactos", "contacto de prensa", "contactos de prensa", "contacto para medios",
    "contactos para medios", "contacto con medios", "contacto de medios", "atencion a medios", "prensa",
    "para mas informacion", "informes", "media contact", "media contacts", "press contact", "press contacts",
    "contact", "contacts", "media enquiries", "media inquiries", "for more information", "press", "media",
}  # fmt: skip
LINK_HEADINGS = {
    "ligas y materiales de interes", "ligas de interes", "ligas", "enlaces", "enlaces de interes",
    "materiales de interes", "ligas y recursos", "recursos", "referencias", "links", "further reading",
    "useful links", "links and resources", "resources", "references", "related links",
}  # fmt: skip
GENERIC_CONTEXT = CONTEXT_HEADINGS
SIGNATURE_INTROS = {
    "atentamente", "firman", "firmantes", "suscriben", "signed", "signed by", "signatories", "sincerely",
    "siguenos", "siguenos en", "siguenos en redes", "siguenos en redes sociales", "redes sociales",
    "follow us", "follow us on", "follow us on social media",
}  # fmt: skip
LANGUAGE_MARKERS = {
    "english", "english version", "in english", "english translation", "version en ingles", "ingles",
    "espanol", "version en espanol", "en espanol", "spanish", "spanish version", "in spanish",
}  # fmt: skip
END_MARKER = re.compile(r"^[\s\-–—*_#]*(?:-?\s*30\s*-?|fin|ends?|#\s*#\s*#)[\s\-–—*_#]*$", re.IGNORECASE)
FUNCTION_WORDS = {
    "de", "del", "la", "las", "el", "los", "para", "por", "en", "y", "e", "a", "al", "con", "sobre",
    "of", "the", "for", "and", "in", "on", "to", "at",
}  # fmt: skip


def section_kind(title):
    """ "context", "contacts", "links" or None for a heading; “Contacto / Contact” counts too."""
    for piece in re.split(r"\s+[/|·]\s+", title):
        name = normalised(piece)
        if name in CONTEXT_HEADINGS or name.startswith(("acerca de ", "acerca del ", "about ")):
            return "context"
        if name in CONTACT_HEADINGS:
            return "contacts"
        if name in LINK_HEADINGS:
            return "links"
    return None


def heading_text(block):
    """The text of a heading, or of a one-line paragraph written as one (bold, capitals or “…:”)."""
    if block.kind == "heading":
        return block.text(breaks=" ")
    if block.kind == "paragraph" and len(block.lines) == 1:
        children = block.inlines[0].children or []
        text = block.text(breaks=" ")
        if len(text) <= 80 and (is_wrapped_in(children, "strong_open") or text.endswith(":") or text.isupper()):
            return text
    return None


def block_section(block):
    text = heading_text(block)
    return (section_kind(text.strip(" :*")), text.strip(" :*")) if text else (None, None)


def is_end_marker(block):
    return len(block.lines) == 1 and block.kind in ("paragraph", "heading", "list") and END_MARKER.match(block.lines[0])


def is_release_line(block):
    return (
        block.kind in ("paragraph", "heading")
        and len(block.lines) <= 2
        and dates.RELEASE_LINE_PATTERN.match(block.text(" "))
    )


def is_headline(block):
    if block.kind == "heading":
        return bool(block.text(" ").strip()) and not is_end_marker(block)
    if block.kind == "paragraph" and len(block.lines) <= 2:
        return is_wrapped_in(block.inlines[0].children or [], "strong_open")
    return False


def is_language_marker(block):
    return (
        block.kind in ("paragraph", "heading")
        and len(block.lines) == 1
        and normalised(block.text()) in LANGUAGE_MARKERS
    )


def summary_points_of(block):
    """The points of an all-italic list or paragraph, else None."""
    if block.kind == "list":
        points = []
        for _lines, inlines in block.items():
            if len(inlines) != 1 or not is_wrapped_in(inlines[0].children or [], "em_open"):
                return None
            points.append(" ".join(plain(inlines[0].children, breaks=" ").split()))
        return points or None
    if block.kind == "paragraph" and is_wrapped_in(block.inlines[0].children or [], "em_open"):
        return [" ".join(block.text(breaks=" ").split())]
    return None


def link_only_entries(block):
    """[(label or None, url)] when every line or item of `block` is one link, else None."""
    if block.kind == "list":
        groups = [
            [child for inline in inlines for child in (inline.children or [])] for _lines, inlines in block.items()
        ]
    elif block.kind == "paragraph":
        groups = inline_lines(block.inlines[0].children or [])
    else:
        return None
    entries = [link_entry(children) for children in groups]
    return entries if entries and all(entries) else None


def link_entry(children):
    """(label or None, url) when the inline tokens are one link with at most a short label."""
    found = links_in(children)
    if len(found) != 1:
        return None
    text, url = found[0]
    rest = plain(children, breaks=" ")
    for piece in (text or "", url):
        rest = rest.replace(piece, "", 1) if piece else rest
    rest = rest.strip(" :–—-|·•*")
    label = text if text and not _same_url(text, url) else None
    if rest:
        if len(rest.split()) > 12:
            return None
        label = f"{label} {rest}" if label else rest
    return label, url


# “Red Ciudadana, A.C.” ends with a period and is still a name.
ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Inc|Ltd|Co|Corp|Ltda)\.)$")


def _looks_like_name_line(line, first=True):
    line = line.strip()
    return (
        0 < len(line) <= 100
        and len(line.split()) <= 14
        and (not line.endswith((".", ":", ";", "!", "?", ",")) or ABBREVIATION_END.search(line))
        and not EMAIL_PATTERN.search(line)
        and not re.search(r"\d{3,}[\s.-]*\d{3,}", line)
        and not line.startswith(("#", "@"))
        and (not first or line[0].isupper() or line[0].isdigit() or line[0] in '“"«')
    )


def is_signature_intro(block):
    return block.kind == "paragraph" and normalised(block.text(" ")) in SIGNATURE_INTROS


def signature_lines(block):
    """(names, urls) of a paragraph that reads like a signature, else None."""
    if (
        block.kind != "paragraph"
        or len(block.lines) > 10
        or section_kind(block.text(" ").strip(" :*"))
        or is_end_marker(block)
        or is_signature_intro(block)
        or is_release_line(block)
    ):
        return None
    names, urls = [], []
    for children in inline_lines(block.inlines[0].children or []):
        found = links_in(children)
        text = plain(children, breaks=" ").strip()
        if found and all(_same_url(label or url, url) for label, url in found) and len(found) == 1:
            urls.append(found[0][1])
        elif _looks_like_name_line(text, first=not names) and not found:
            names.append(text)
        else:
            return None
    return (names, urls) if names else None


def join_name_lines(lines):
    """Lines of a signature -> organisation names.

    Hard breaks split long names over lines (“Núcleo de la / Sociedad Civil / para el …”): a
    line that ends with a function word, or a next line that starts with one or in lower case,
    continues the same name; otherwise each line is a separate co-signer.
    """
    names = []
    for line in lines:
        line = " ".join(line.split())
        previous = names[-1] if names else None
        first = line.split(" ")[0]
        if previous is not None and (
            normalised(previous).split(" ")[-1] in FUNCTION_WORDS
            or first[:1].islower()
            or normalised(first) in FUNCTION_WORDS
        ):
            names[-1] = f"{previous} {line}"
        else:
            names.append(line)
    split = []
    for name in names:
        split.extend(piece.strip() for piece in re.split(r"\s+[·|•]\s+", name) if piece.strip())
    return split


# --- contacts ---------------------------------------------------------------------------------

PAIR_PATTERN = re.compile(
    r"(?:para\s+(?:agendar\s+|solicitar\s+|concertar\s+|coordinar\s+|programar\s+)?(?:una\s+|las\s+)?entrevistas?"
    r"|(?:for|to\s+(?:arrange|request|schedule|set\s+up)(?:\s+an?)?)\s+interviews?)"
    r"\s+(?:con|with)\s+(?P<who>.+?)\s*,?\s*"
    r"(?:favor\s+de\s+|por\s+favor\s+|please\s+)?"
    r"(?:comunicarse|comun[ií]quese|contactar(?:se)?|cont[aá]ctese|llamar|escribir|contact|call|e-?mail"
    r"|get\s+in\s+touch\s+with|reach)(?:\s+(?:a|con|with))?\s*:?",
    re.IGNORECASE,
)
MOBILE_LABEL = re.compile(r"(?:cel(?:ular)?|m[oó]vil|mobile|cell(?:phone)?|whats\s*app)\.?\s*:?\s*$", re.IGNORECASE)
DETAIL_LABEL = re.compile(
    r"\b(?:tel[ée]fonos?|tels?|phone|cel(?:ular)?|m[oó]vil|mobile|cell|whats\s*app|e-?mail|correo(?:\s+electr[oó]nico)?"
    r"|oficina|office)\b\.?\s*:?",
    re.IGNORECASE,
)
LEADING_LABEL = re.compile(r"^(?:contacto|contact|prensa|press|medios|media)\s*:\s*", re.IGNORECASE)
YEAR_RANGE = re.compile(r"^\s*(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\s*$")


def split_details(line, region):
    """(name part, phones, mobiles, emails, rest) of one line of a contacts block."""
    emails = EMAIL_PATTERN.findall(line)
    masked = EMAIL_PATTERN.sub(lambda match: " " * len(match.group()), line)
    phones, mobiles, spans = [], [], [(m.start(), m.end()) for m in EMAIL_PATTERN.finditer(line)]
    for match in phonenumbers.PhoneNumberMatcher(masked, region, leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string.strip()
        if YEAR_RANGE.match(raw) or len(re.sub(r"\D", "", raw)) < 7:
            continue
        phones.append(raw)
        if MOBILE_LABEL.search(masked[max(0, match.start - 16) : match.start]):
            mobiles.append(raw)
        spans.append((match.start, match.end))
    if not spans:
        return line.strip(), [], [], [], ""
    first = min(start for start, _end in spans)
    name = line[:first]
    label = DETAIL_LABEL.search(name)
    if label and not name[: label.start()].strip(" :-–—,/|·"):
        name = ""
    elif label and label.end() == len(name.rstrip()):
        name = name[: label.start()]
    rest = list(line[first:])
    for start, end in spans:
        for index in range(start - first, end - first):
            rest[index] = " "
    rest = DETAIL_LABEL.sub(" ", "".join(rest))
    rest = " ".join(re.sub(r"[/|,;:·•()\[\]<>-]+", " ", rest).split())
    rest = re.sub(r"^(?:ext|y|and|o|or)\b\.?", "", rest).strip()
    return name.strip(" :-–—,/|·\t"), phones, mobiles, emails, rest


def split_name(text):
    """“Lucía Moguel (ARTICLE 19)” / “Lucía Moguel, ARTICLE 19” -> (name, organisation, role)."""
    text = LEADING_LABEL.sub("", " ".join(text.split())).strip(" :-–—,")
    match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<organisation>[^()]+)\)\s*(?P<rest>.*)$", text)
    if match:
        return match["name"].strip(), match["organisation"].strip(), match["rest"].strip(" ,-–—")
    pieces = [piece.strip() for piece in re.split(r"\s*,\s*|\s+[–—-]\s+", text) if piece.strip()]
    if len(pieces) == 1:
        return pieces[0], None, ""
    if len(pieces) == 2:
        return pieces[0], pieces[1], ""
    return pieces[0], pieces[-1], ", ".join(pieces[1:-1])


def split_people(text):
    """“Tomás Severino, director de X” -> [(name, role)]; “A y B” -> two people."""
    people = []
    for person in re.split(r"\s+(?:y|e|o|and|or)\s+(?=[A-ZÁÉÍÓÚÑ])|\s*;\s*", text.strip()):
        name, _sep, role = person.partition(",")
        if name.strip():
            people.append((" ".join(name.split()), " ".join(role.split()).strip(" ,")))
    return people


@dataclass
class _Card:
    name: str
    extra: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    mobiles: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    rest: list = field(default_factory=list)

    @property
    def has_details(self):
        return bool(self.phones or self.emails)

    def add(self, phones, mobiles, emails, rest):
        self.phones += phones
        self.mobiles += mobiles
        self.emails += emails
        if rest:
            self.rest.append(rest)

    def press_contact(self):
        name, organisation, role = split_name(self.name)
        extra = list(self.extra)
        if organisation is None and extra:
            organisation = extra.pop(0)
        role = ", ".join(piece for piece in [role, *extra, *self.rest] if piece)
        return PressContact(
            name=name or (self.emails or self.phones)[0],
            organisation=organisation,
            phones=self.phones,
            emails=self.emails,
            mobiles=self.mobiles,
            role=role,
        )


def parse_contacts(text, region):
    """(media contact entries, lines not understood) for the text of a contacts section."""
    entries, leftovers = [], []
    matches = list(PAIR_PATTERN.finditer(text))
    segments = [(None, text[: matches[0].start()] if matches else text)]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        segments.append((match, text[match.end() : end]))
    for match, segment in segments:
        if match is not None:
            # A pair owns the rest of its paragraph, or the next paragraph when its own ends with
            # the phrase; further paragraphs are contacts of their own.
            chunks = segment.split("\n\n")
            own = 1 if chunks[0].strip() else 2
            segment = "\n".join(chunks[:own])
            if chunks[own:]:
                segments.append((None, "\n\n".join(chunks[own:])))
        cards = []
        for raw in segment.split("\n"):
            line = raw.strip().strip("-*•·").strip()
            if not line:
                continue
            name, phones, mobiles, emails, rest = split_details(line, region)
            current = cards[-1] if cards else None
            if not name and (phones or emails):
                if current is None:
                    current = _Card(name="")
                    cards.append(current)
                current.add(phones, mobiles, emails, rest)
            elif current is not None and not current.has_details:
                current.extra.append(name)
                current.add(phones, mobiles, emails, rest)
            else:
                card = _Card(name=name)
                card.add(phones, mobiles, emails, rest)
                cards.append(card)
        people = [(None, "")] if match is None else split_people(match["who"]) or [(None, "")]
        kept = []
        for position, card in enumerate(cards):
            # Only a named contact right after “for interviews with … contact” may lack details.
            if card.has_details or (match is not None and position == 0 and card.name):
                kept.append(card)
            else:
                leftovers.append(", ".join([card.name, *card.extra]))
        if match is not None and not kept:
            leftovers.append(match.group().strip())
        for card in kept:
            for spokesperson, role in people:
                entries.append(MediaContactEntry(spokesperson, card.press_contact(), role))
    return entries, leftovers


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
                return False
            if moment is not None:
                part.embargo_until = moment
                return True
        return False

    # Headline, with release and embargo lines before or after it.
    index = 0
    while index < n and (blocks[index].kind in ("hr", "refs") or check_preamble(index)):
        if blocks[index].kind != "refs":
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
        if check_preamble(index):
            consumed.add(index)
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
        if block.kind != "paragraph" or index in signature:
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
        for text in not_understood:
            leftovers.append(text)
            body[max(contact_blocks) + 0.5 + len(leftovers) / 1000] = text

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
    for index in range(body_start, n):
        block = blocks[index]
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
    options = _Options(default_zone=default_zone, phone_region=phone_region)
    blocks, _references = split_blocks(text)
    versions = split_languages(blocks)
    first_language = language or detect_language("\n".join(b.text(" ") for b in versions[0] if b.kind != "refs"))
    main = parse_part(versions[0], first_language, options)
    parsed = ParsedRelease(source=source, main=main)
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
    return main
