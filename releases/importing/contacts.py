"""Reading the contacts of a release: “for interviews with X contact Y: phones / emails”."""

import re
from dataclasses import dataclass, field

import phonenumbers

from releases.importing.blocks import EMAIL_PATTERN


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
    if not pieces:
        return "", None, ""
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
            name=name or next(iter(self.emails + self.phones), self.name),
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
