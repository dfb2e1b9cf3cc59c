"""The press contacts of a release, in the shapes organisations write them.

“Para entrevistas con X comunicarse con: Y: phone / email”, “Interview requests for X: Y at
email”, “Media enquiries: Y, press officer, on phone or email”, a name then a role or
organisation line then phones and addresses on lines of their own (“Tel.”, “Móvil”, “T:”,
“M:” …), several on one line separated by “·”, “|” or “/”, “Org: Name, phone, email”. Each
line is read into the person's words, phones and email addresses; lines are then grouped
into contacts, a new one starting at each person's name.

Phone numbers are found by their shape, whatever their country, and kept as written.
"""

import re
from dataclasses import dataclass, field

from releases.importing import problems
from releases.importing.blocks import EMAIL_PATTERN, URL_PATTERN, clean_url
from releases.importing.contact_tables import is_table, table_lines
from releases.importing.parsed import MediaContactEntry, PressContact
from releases.importing.vocabulary import (
    CONTACT_HEADINGS,
    CONTACT_LEAD_IN,
    DETAIL_LABELS,
    FUNCTION_WORDS,
    HONORIFICS,
    MOBILE_LABELS,
    OFFICE_WORDS,
    ORGANISATION_WORDS,
    ROLE_WORDS,
    fold,
    interview_pair,
    is_spokespeople_heading,
    phrase_pattern,
    words,
)

# Digits in groups, perhaps with a country code or an area code in brackets (“(591-4)”): 7 to 15
# digits, and the extension that reaches the person (“ext. 204”, “int. 14”, “anexo 3”).
_EXTENSION = r"(?:\s*,?\s*(?:ext|extension|extensi[oó]n|int|interno|anexo|x)\.?\s*\d{1,6})"
PHONE = re.compile(
    r"(?<![\w@/.+])(?:\+\s?\d{1,3}[\s.\-]?(?:\(0\)\s?)?)?(?:\(\s?\d{1,5}(?:[\s-]\d{1,4})?\s?\)[\s.\-]?)?"
    rf"\d[\d\s.\-]{{4,}}\d{_EXTENSION}?(?![\w@])",
    re.IGNORECASE,
)
_EXTENSION_AT_END = re.compile(_EXTENSION + "$", re.IGNORECASE)
_NOT_PHONES = re.compile(r"^(?:(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d|\d{4}-\d\d-\d\d|\d{1,3}(?:\.\d{3}){2,})$")
_LABELS = rf"(?:{phrase_pattern(DETAIL_LABELS | {'o', 'y', 'u', 'or', 'and'})})"
# Labels and connecting words just before a detail: "Tel. ", "M: ", "Cel. / Mobile: ", " on ", " or ".
_LABEL_BEFORE_DETAIL = re.compile(rf"(?<!\w)(?:(?:{_LABELS})(?!\w)\.?\s*:?\s*(?:[/|]\s*)?)+(?=\x00)", re.IGNORECASE)
_MOBILE_BEFORE = re.compile(rf"(?<!\w)(?:{phrase_pattern(MOBILE_LABELS)})\.?\s*:?\s*$", re.IGNORECASE)
_LEADING_LABEL = re.compile(rf"^(?:{phrase_pattern(CONTACT_HEADINGS)})\s*:\s*", re.IGNORECASE)
_SYMBOLS = re.compile(r"[\u2190-\u2bff\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")  # ☎ 📱 ✉️ …
_PIECES = re.compile(r"\s*(?:[,;|·•/()\[\]]|\s[–—-]\s|:\s|\s{3,})\s*")
_PARTICLES = {"da", "das", "do", "dos", "van", "von", "der", "di", "le", "bin", "al"}
# “In Bangkok:”, “En Bogotá:”: where the contact is, before the contact.
_LOCATION = re.compile(r"^(?i:in|en|from|desde)\s+(?P<place>[A-ZÁÉÍÓÚÑ][\w’'. -]{1,40}?)\s*:\s*")


@dataclass
class _Line:
    """One line of a contacts section, split into what it holds."""

    pieces: list  # the words between details: a name, a role, an organisation
    location: str = ""  # “In Bangkok:”: where the contact is
    urls: list = field(default_factory=list)  # a website written with the contact
    phones: list = field(default_factory=list)
    mobiles: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    prefix: str | None = None  # "Org: Name, …": the organisation written first

    @property
    def details(self):
        return bool(self.phones or self.emails)


def is_phone(text):
    digits = re.sub(r"\D", "", _EXTENSION_AT_END.sub("", text))
    grouped = text.lstrip().startswith(("+", "(", "0")) or re.search(r"\d[\s.\-]\d", text)
    return 7 <= len(digits) <= 15 and bool(grouped) and not _NOT_PHONES.match(text.strip())


def has_details(text):
    """Whether a text holds an email address or a phone number."""
    return bool(EMAIL_PATTERN.search(text)) or any(is_phone(m.group()) for m in PHONE.finditer(text))


def read_line(line, organisations=()):
    """A line of a contacts section as a _Line."""
    line = _SYMBOLS.sub(" ", line).strip().strip("-*•·").strip()
    line = _LEADING_LABEL.sub("", CONTACT_LEAD_IN.sub("", line))
    location = _LOCATION.match(line)
    line = line[location.end() :] if location else line
    urls = [clean_url(match.group()) for match in URL_PATTERN.finditer(line)]
    line = URL_PATTERN.sub(" ", line) if urls else line
    found = _Line(pieces=[], emails=EMAIL_PATTERN.findall(line), location=location["place"] if location else "")
    found.urls = urls
    masked = EMAIL_PATTERN.sub("\x00", line)

    def phone(match):
        raw = match.group().strip()
        if not is_phone(raw):
            return match.group()
        found.phones.append(raw)
        if _MOBILE_BEFORE.search(masked[max(0, match.start() - 16) : match.start()]):
            found.mobiles.append(raw)
        return "\x00"

    masked = PHONE.sub(phone, masked)
    masked = _LABEL_BEFORE_DETAIL.sub("", masked).replace("\x00", "   ")
    left, colon, right = masked.partition(": ")
    if colon and right.strip() and not re.search(r"[,(]", left) and _names_an_organisation(left, right, organisations):
        found.prefix, masked = _LEADING_HEADING.sub("", left.strip(" *")) or left.strip(" *"), right
    pieces = [p.strip(" .:;-–—*") for p in _PIECES.split(masked) if re.search(r"\w", p)]
    found.pieces = [piece for piece in pieces if fold(piece) not in DETAIL_LABELS]  # “Tel.” alone names nobody
    return found


_LEADING_HEADING = re.compile(rf"^(?:{phrase_pattern(CONTACT_HEADINGS)})\s+", re.IGNORECASE)  # “Prensa FUTSP”


def without_title(name):
    """“Mr Lwazi Mthembu” -> “Lwazi Mthembu”: a name without its honorific."""
    names = name.split()
    while len(names) > 2 and fold(names[0]) in HONORIFICS:
        names = names[1:]
    return " ".join(names)


def _names_an_organisation(left, right, organisations):
    """“Alianza por la Vivienda Digna: Laura Espinosa, …”: an organisation, then a person."""
    first = _PIECES.split(right.strip(), maxsplit=1)[0]
    return is_organisation(left, organisations) or (not is_person(left) and is_person(first))


def is_person(text):
    """“Sofía Treviño”, “Dr. Imani Brooks”: a few capitalised words, none of an organisation or a role."""
    names = text.split()
    folded_words = words(text)
    if folded_words and folded_words[0] in HONORIFICS:
        names, folded_words = names[1:], folded_words[1:]
    if not 2 <= len(names) <= 6 or re.search(r"[\d@]", text):
        return False
    if set(folded_words) & (ORGANISATION_WORDS | OFFICE_WORDS) or folded_words[0] in ROLE_WORDS:
        return False
    small = FUNCTION_WORDS | _PARTICLES
    return names[-1][:1].isupper() and all(name[:1].isupper() or fold(name) in small for name in names)


def is_role(text):
    """“Coordinadora de comunicación”, “press officer”: only words of roles."""
    found = words(text)
    roles = [word in ROLE_WORDS for word in found]
    return any(roles) and all(role or word in FUNCTION_WORDS for word, role in zip(found, roles, strict=True))


def is_organisation(text, organisations=()):
    found = words(text)
    return fold(text) in organisations or (bool(set(found) & ORGANISATION_WORDS) and not is_role(text))


def is_office(text):
    """“Departamento de Comunicación”, “Press office”."""
    return words(text)[:1] in ([word] for word in OFFICE_WORDS) or fold(text).endswith(" office")


@dataclass
class _Card:
    """The lines read as one person's (or one office's) contact."""

    name: str = ""
    rest: list = field(default_factory=list)  # role and organisation
    lines: list = field(default_factory=list)  # as written, for the body if the card is not a contact
    phones: list = field(default_factory=list)
    mobiles: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    urls: list = field(default_factory=list)
    organisation: str | None = None
    location: str = ""  # “In Bangkok:”, kept with the role: a place is not an organisation

    @classmethod
    def opened_by(cls, line, organisations):
        """The card a line opens; its first words name the person unless they are a role or an
        organisation (a name in lower case, or alone with its details, still names one)."""
        first = line.pieces[0] if line.pieces else ""
        named = line.prefix or (
            first[:1].isalpha()
            and not is_role(first)
            and not is_organisation(first, organisations)
            and not is_office(first)
        )
        card = cls(name=without_title(first) if named else "", organisation=line.prefix, location=line.location)
        card.rest = line.pieces[1:] if named else list(line.pieces)
        return card

    def add(self, line, raw):
        self.lines.append(raw)
        self.phones += line.phones
        self.mobiles += line.mobiles
        self.emails += line.emails
        self.urls += line.urls

    @property
    def details(self):
        return bool(self.phones or self.emails)

    def press_contact(self, header, organisations):
        rest = [*self.rest, *header]
        others = [piece for piece in rest if not is_role(piece) and not is_office(piece)]
        organisation = self.organisation or next((p for p in others if is_organisation(p, organisations)), None)
        organisation = organisation or next(iter(others), None)
        role = ", ".join(piece for piece in [*rest, self.location] if piece and piece != organisation)
        name = self.name or next(iter(self.emails + self.phones), "")
        return PressContact(name, organisation, self.phones, self.emails, self.mobiles, role, urls=self.urls)


def read_cards(lines, organisations=()):
    """(cards, header) for the lines of one group: a new card starts at each person's name.

    Words before the first person (“Departamento de Comunicación”) are the group's header.
    """
    cards, header = [], []
    for raw in lines:
        line = read_line(raw, organisations)
        current = cards[-1] if cards else None
        if not (line.pieces or line.details or line.prefix):
            if current is not None and line.urls:
                current.add(line, raw)  # the website under a contact
            continue
        if _opens_card(line, current):
            current = _Card.opened_by(line, organisations)
            cards.append(current)
        elif current is None:
            header += line.pieces
            continue
        else:
            current.rest += line.pieces
        current.add(line, raw)
    if not cards and header:
        cards.append(_Card(rest=header, lines=[" ".join(header)]))
        header = []
    return cards, header


def _opens_card(line, current):
    """A person's name opens a contact, as do “Org: Name”, details before anyone is named, and
    words after a contact's details (what follows a contact is not part of it)."""
    return bool(
        (line.pieces and is_person(line.pieces[0]))
        or line.prefix
        or (current is None and line.details)
        or (current is not None and current.details and line.pieces)
    )


def read_contacts(paragraphs, organisations=()):
    """(media contact entries, leftovers, warnings) of a contacts section: its paragraphs (or
    list items), each a list of lines.

    `organisations`: folded names of the release's issuing organisations, which tell an
    organisation from a person in “Org: Name” and “Name, Org”.
    """
    entries, leftovers, warnings = [], [], []
    paragraphs = [table_lines(lines) if is_table(lines) else lines for lines in paragraphs]
    for pair, lines in _groups(paragraphs):
        cards, header = read_cards(lines, organisations)
        people = _spokespeople(pair, warnings) if pair else [(None, "")]
        for position, card in enumerate(cards):
            # Only the first named contact after “for interviews with … contact” may lack details.
            if card.details or (pair is not None and position == 0 and card.name):
                entries += [
                    MediaContactEntry(name, card.press_contact(header, organisations), role) for name, role in people
                ]
            else:
                leftovers.append("\n".join(card.lines))
                warnings.append(problems.not_a_contact(" ".join(card.lines)))
        if pair is not None and not cards:
            leftovers.append(pair.written.strip())
            warnings.append(problems.not_a_contact(pair.written))
    return entries, leftovers, warnings


@dataclass
class _Interviews:
    """Who journalists may interview, through the contact that follows: a “for interviews with
    X, contact …” phrase, or a list of spokespeople under a heading (“Vocerías:”)."""

    who: str  # the people, as written (“X y Y”, or one a line joined with “;”)
    written: str  # as the text has it, for the body when no contact follows


def _groups(paragraphs):
    """[(_Interviews or None, lines)]: each “for interviews with …” phrase owns the rest of its
    paragraph, or the next paragraph when nothing follows it in its own; a list of spokespeople
    owns the next paragraph."""
    groups, waiting = [], False
    for paragraph in paragraphs:
        current = groups[-1] if waiting else None
        if len(paragraph) > 1 and is_spokespeople_heading(paragraph[0]) and not any(map(has_details, paragraph)):
            groups.append((_Interviews("; ".join(paragraph[1:]), "\n".join(paragraph)), []))
            waiting = True
            continue
        for line in paragraph:
            match = interview_pair(line)
            if match is None:
                if current is None:
                    current = (None, [])
                    groups.append(current)
                current[1].append(line)
                continue
            if line[: match.start()].strip(" :"):
                groups.append((None, [line[: match.start()]]))
            rest = line[match.end() :]
            current = (_Interviews(match["who"], match.group()), [rest] if rest.strip() else [])
            groups.append(current)
        waiting = current is not None and current[0] is not None and not current[1]
    return groups


def _spokespeople(interviews, warnings):
    """[(name, role)] of the people a “for interviews with X” phrase names; “X y Y” are two."""
    people = []
    for person in re.split(r"\s+(?:y|e|and|&)\s+(?=[A-ZÁÉÍÓÚÑ])|\s*;\s*", interviews.who.strip(" ,")):
        name, role = _name_and_role(person)
        if name[:1].isupper() and len(name.split()) <= 6 and not re.search(r"\d", name):
            people.append((name, role))
        elif name:
            warnings.append(problems.not_a_spokesperson(person))
    return people or [(None, "")]


def _name_and_role(text):
    """“Rosa Elvira Tapia, vocera del Frente” / “Hilaria Quispe (en quechua)” -> (name, role)."""
    match = re.match(r"^(?P<name>[^,(]+?)\s*(?:,\s*(?P<role>.+)|\((?P<aside>.+)\)\s*)?$", text.strip())
    if not match:
        return " ".join(text.split()), ""
    name, role = match["name"].split(), (match["role"] or match["aside"] or "").strip(" ,")
    # “General Secretary Abena Owusu”, “la directora Ana Ruiz”: the role written before the name.
    lead = 0
    while lead < len(name) - 2 and fold(name[lead]) in ROLE_WORDS | FUNCTION_WORDS:
        lead += 1
    if lead and is_person(" ".join(name[lead:])):
        role = ", ".join(filter(None, [" ".join(name[:lead]), role]))
        name = name[lead:]
    return without_title(" ".join(name)), role
