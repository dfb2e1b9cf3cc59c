"""The organisations that sign a release, with the website and social links written with them.

Shapes: one name or several, a name over several lines (“Núcleo de la / Sociedad Civil /
para el …”), bold names, sign-off words before them (“Atentamente,”, “Firman:”, “Sincerely,”,
“Issued by:”), “— Organisation”, PR Newswire's “SOURCE Organisation”, names on one line
separated by “·” or “|”, a name in two languages (“Alianza … / Florida Farmworkers Alliance”),
a website under the name, social links as bare URLs, lists or `[X](…) | [Instagram](…)`, and
“Síguenos en” / “Follow us” before them.

A link belongs to the issuing organisation it is written under; when several sign and a link's address
names one of them (x.com/CAPresupuestal for the “Centro de Análisis Presupuestal”), it goes to
that one instead. A person signing (a name, then a role) is not an organisation: that stays in
the body, with a warning.
"""

import re

from newsroom.text import without_accents
from releases.importing import problems
from releases.importing.blocks import EMAIL_PATTERN, URL_PATTERN, clean_url, with_urls
from releases.importing.dates import match_dateline
from releases.importing.mentions import looks_like_acronym
from releases.importing.parsed import IssuingOrganisation
from releases.importing.press_contacts import has_details, is_organisation, is_person, is_role
from releases.importing.vocabulary import FOLLOW_US, FUNCTION_WORDS, SIGN_OFFS, fold, phrase_pattern

_FOLLOW = re.compile(rf"^(?:{phrase_pattern(FOLLOW_US)})(?:\s*/\s*(?:{phrase_pattern(FOLLOW_US)}))?\s*:?\s*", re.I)
# “Issued by …”, “Convocan: A · B”, “Firman: A, B y C”: sign-off words, then the names on the same line.
_INTRO = re.compile(
    rf"^(?:issued|released|signed|emitido|publicado|firmado) (?:by|por)\b\s*:?\s*|^on behalf of\s*:?\s*"
    rf"|^(?:{phrase_pattern(SIGN_OFFS)})\s*:\s*(?=\S)",
    re.IGNORECASE,
)
_SOURCE = re.compile(r"^(?:SOURCE|FUENTE)\s+(?=\S)")
_DASH = re.compile(r"^[—–]\s*|^-{1,2}\s+")
_SEPARATOR = re.compile(r"\s+[·|•]\s+")
_DASHED = re.compile(r"\s+[—–-]\s+")  # “Name — sintrahoc.es”: a dash before a link only
# “Facebook: https://…”, “Web: sintrahoc.es”: a link with its network's name.
_LINK_LABEL = re.compile(
    r"^(?:facebook|fb|twitter|x|instagram|ig|youtube|tiktok|linkedin|bluesky|threads|mastodon|whatsapp|telegram"
    r"|web|website|sitio web|sitio|p[aá]gina web|p[aá]gina|site|online|internet)\s*:\s*(?=\S)",
    re.IGNORECASE,
)
# “sintrahoc.es”, “futsp.org.uy/prensa”: an address written without its scheme.
_BARE_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+(?:[a-z]{2,6})(?:/\S*)?$")
# “Federación … (FUTSP)”: an acronym after the name is the organisation's short name.
_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[A-ZÁÉÍÓÚÑ][\w&.-]*(?:\s[A-ZÁÉÍÓÚÑ][\w&.-]*){0,2})\)$")
_SOCIAL_HOSTS = re.compile(
    r"^(?:[\w-]+\.)?(?:facebook|fb|x|twitter|instagram|bsky|youtube|linkedin|tiktok|threads|mastodon\.\w+)\.\w+/"
    r"(?:profile/|in/|company/|@)?"
)
# “Instagram: @asambleasagua”, “Twitter e Instagram: @ACIJ”: handles, made addresses.
_HANDLE = re.compile(r"^(?P<networks>[A-Za-z][\w ,/]{0,40}?)\s*:?\s+[@/](?P<handle>[\w.]{2,40})/?$")
_PROFILES = {
    "instagram": "https://www.instagram.com/{}", "twitter": "https://x.com/{}", "x": "https://x.com/{}",
    "facebook": "https://www.facebook.com/{}", "tiktok": "https://www.tiktok.com/@{}",
    "youtube": "https://www.youtube.com/@{}", "threads": "https://www.threads.net/@{}",
    "bluesky": "https://bsky.app/profile/{}", "bsky": "https://bsky.app/profile/{}",
}  # fmt: skip
# “Red Agua Monterrey, A.C.” ends with a period and is still a name.
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Inc|Ltd|Co|Corp|Ltda)\.)$")


def is_sign_off(text):
    """“Atentamente,”, “Firman:”, “Atentamente / Sincerely,”."""
    pieces = re.split(r"\s*/\s*", text.strip(" ,:;*_"))
    return all(fold(piece) in SIGN_OFFS for piece in pieces) or fold(text) in SIGN_OFFS  # “(Sd/-)”


def opens_signature(text):
    """Whether a line can only start a signature: sign-off words, “Follow us”, “— Name”, “SOURCE Name”."""
    text = text.strip(" *_")
    return bool(
        is_sign_off(text)
        or _FOLLOW.match(text)
        or _INTRO.match(text.lower())
        or _SOURCE.match(text)
        or (_DASH.match(text) and looks_like_name(_DASH.sub("", text)))
    )


def looks_like_name(line, first=True):
    """A line that can be (part of) an organisation's name: short, no sentence, no address or phone."""
    line = line.strip()
    return (
        0 < len(line) <= 100
        and len(line.split()) <= 14
        and (not line.endswith((".", ":", ";", "!", "?", ",")) or bool(_ABBREVIATION_END.search(line)))
        and not EMAIL_PATTERN.search(line)
        and not has_details(line)
        and not line.startswith(("#", "@", ">"))
        and (not first or line[0].isupper() or line[0].isdigit() or line[0] in '“"«')
        and not _is_dateline(line)
        and not _REGISTRATION.search(line)
    )


# “Registered charity no. 1023456”, “CUIT 30-71234567-8”: a registration number, not a name.
_REGISTRATION = re.compile(r"\d[\d .-]{5,}\d|\b(?:no|n[º°o]|number|nr|num)\.?\s*\d{4,}", re.IGNORECASE)


def _is_dateline(line):
    """“Quito, 22 de abril de 2025”: a place and date under the text, not a name."""
    found = match_dateline(line)
    return bool(found and found[1] and found[2] >= len(line.rstrip()))


def is_url(text):
    text = _LINK_LABEL.sub("", text.strip())
    return URL_PATTERN.fullmatch(text) is not None or _BARE_DOMAIN.fullmatch(text) is not None


def as_url(text):
    """The address a signature's link piece stands for, with its scheme (“sintrahoc.es” -> “https://sintrahoc.es”)."""
    url = clean_url(_LINK_LABEL.sub("", text.strip()))
    return url if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) else f"https://{url}"


def organisation(name, alternative_name=None):
    """An IssuingOrganisation for a name as signed; an acronym after it is its short name."""
    name = " ".join(name.split())
    match = _ACRONYM.match(name)
    short = match["short"] if match and looks_like_acronym(match["short"].split()[0]) else None
    return IssuingOrganisation(match["name"] if short else name, alternative_name=alternative_name, short_name=short)


def handle_urls(line):
    """The profile addresses a piece of handles stands for (“Instagram: @red”, “Twitter e
    Instagram: @ACIJ”, “Facebook: /RedAgua”), or None."""
    match = _HANDLE.match(line.strip())
    networks = re.split(r"\s*(?:,|/|\by\b|\be\b|\band\b)\s*", fold(match["networks"])) if match else []
    if not networks or not all(network in _PROFILES for network in networks):
        return None
    return [_PROFILES[network].format(match["handle"]) for network in networks]


def piece_urls(piece):
    """The addresses a piece of a signature line stands for (a link, a bare domain, handles), or None."""
    if is_url(piece):
        return [as_url(piece)]
    return handle_urls(piece)


def signature_line(text, first=True):
    """Whether a line of a block reads as part of a signature (names or links), for the sections;
    a line after the first may carry on a name (“por la Luz”)."""
    text = text.strip()
    pieces = split_pieces(text)
    if not first and _REGISTRATION.search(text):
        return True  # “Registered charity no. …” under the name: kept in the body, with a warning
    return opens_signature(text) or all(piece_urls(piece) or looks_like_name(piece, first) for piece in pieces)


def split_pieces(text):
    """A signature line's names and links: “A · B | https://…”, “Name — site.org”, “https://… y https://…”."""
    pieces = []
    for piece in _SEPARATOR.split(text):
        dashed = _DASHED.split(piece)
        listed = re.split(r",\s+|\s+(?:y|e|and|&)\s+", piece)
        if len(dashed) > 1 and all(map(piece_urls, dashed[1:])):
            pieces += dashed
        elif len(listed) > 1 and all(map(piece_urls, listed)):
            pieces += listed
        else:
            pieces.append(piece)
    return [piece for piece in pieces if piece]


def _is_acronym(text):
    return bool(re.fullmatch(r"[A-ZÁÉÍÓÚÑ0-9&.-]{2,12}", text.strip()))


def split_names(text):
    """“A, B and the C” as names, when each piece reads as an organisation's name on its own
    (or an article opens the next one); else one name (“Ghana Association of Rotation Nurses
    and Midwives”, “Joint Forum of Tea Plantation Workers' Unions, North Bengal”)."""
    names = []
    for piece in split_pieces(text):
        parts = re.split(r",\s+|\s+(?:and|y|e|&)\s+", piece)
        if all(is_organisation(part) or _is_acronym(part) or _ARTICLE.match(part) for part in parts[1:]):
            names += parts if is_organisation(parts[0]) or _is_acronym(parts[0]) or _ARTICLE.search(piece) else [piece]
        else:
            names.append(piece)
    return names


_ARTICLE = re.compile(r"(?:^|\s(?:and|y|e|&)\s+)(?:the|la|el|los|las)\s+[A-ZÁÉÍÓÚÑ]")


def read_signature(blocks):
    """(issuing organisations, leftovers, warnings) of the blocks of a signature."""
    reader = _Reader()
    for block in blocks:
        lines = [with_urls(children) for children in block.line_tokens()]
        if not lines and block.kind not in ("hr", "refs"):
            reader.leftover(block.source)
        for index, line in enumerate(lines):
            reader.read(line, continues=index > 0)
        reader.names_end()
    reader.give_links()
    return reader.organisations, reader.leftovers, reader.warnings


class _Reader:
    """Reads signature lines in order, remembering who signed last and which links wait for an organisation."""

    def __init__(self):
        self.organisations = []
        self.leftovers, self.warnings = [], []
        self.groups = []  # [(index of the organisation before them or -1, urls, after "Follow us")]
        self.follow = False  # links now are those a "Follow us" line announced
        self.previous = None  # the paragraph's name line before this one, to join a name split over lines

    def read(self, line, *, continues):
        if not line or is_sign_off(line):
            return self.names_end()
        follow = _FOLLOW.match(line)
        if follow:
            self.names_end()
            self.follow, line = True, line[follow.end() :]
        for prefix in (_INTRO.match(line.lower()), _SOURCE.match(line), _DASH.match(line)):
            if prefix and line[prefix.end() :].strip():
                names = split_names(line[prefix.end() :].strip())
                return self.names([re.sub(r"^(?:the|la|el|los|las)\s+(?=[A-ZÁÉÍÓÚ])", "", name) for name in names])
        role, _comma, organisation = line.partition(", ")
        if self.organisations and is_person(self.organisations[-1].name) and is_role(role):
            # “Hon. Peter Odhiambo / Chairman, Lake Victoria Fishers Cooperative Union”: a person signs.
            self.leftover(f"{self.organisations.pop().name}\n{line}", person=True)
            return self.names([organisation] if organisation else [])
        pieces = split_pieces(line.strip())
        found = [piece_urls(piece) for piece in pieces]
        urls = [url for piece in found if piece for url in piece]
        names = [piece for piece, piece_found in zip(pieces, found, strict=True) if not piece_found]
        self.names(names, continues=continues and len(pieces) == 1)
        if urls:
            self.groups.append((len(self.organisations) - 1, urls, self.follow))

    def names(self, names, continues=False):
        if not names:
            self.previous = None
        for name in names:
            if is_role(name) and self.organisations:
                self.leftover(f"{self.organisations.pop().name}\n{name}", person=True)
            elif " / " in name and all(looks_like_name(n) for n in name.split(" / ", 1)):
                first, second = name.split(" / ", 1)
                self.organisations.append(organisation(first.strip(), alternative_name=second.strip()))
            elif continues and self._continues(name) and looks_like_name(name, first=False):
                self.organisations[-1].name = f"{self.organisations[-1].name} {name}"
            elif looks_like_name(name):
                self.organisations.append(organisation(name))
                self.follow = False
            else:
                self.leftover(name)
        self.previous = names[-1] if names else None

    def _continues(self, name):
        """“Núcleo de la / Sociedad Civil”: a line continues the name before when that one ends
        with a small word or this one starts with one or in lower case."""
        if not self.organisations or self.previous is None:
            return False
        first = name.split()[0]
        return fold(self.previous).split()[-1:] in [[w] for w in FUNCTION_WORDS] or first[:1].islower()

    def names_end(self):
        self.previous = None

    def leftover(self, text, person=False):
        self.leftovers.append(text)
        self.warnings.append(problems.person_signs(text) if person else problems.not_an_issuing_organisation(text))

    def give_links(self):
        """Each link to the organisation its address names, else to the one it was written under."""
        for before, urls, follow in self.groups:
            if not self.organisations:
                self.leftover(" ".join(urls))
                continue
            unsure = []
            for url in urls:
                named = _named_organisation(url, self.organisations)
                organisation = named or self.organisations[max(before, 0)]
                organisation.links.append(url)
                if named is None and follow and len(self.organisations) > 1:
                    unsure.append(url)
            if unsure:
                self.warnings.append(problems.links_given_to(self.organisations[max(before, 0)].name, unsure))


def _named_organisation(url, organisations):
    """The one organisation whose name the address spells out best (words or initials), else None."""
    if len(organisations) == 1:
        return organisations[0]
    handle = re.sub(r"^(?:https?://)?(?:www\.)?", "", without_accents(url).lower())
    handle = re.sub(r"[^a-z0-9]", "", _SOCIAL_HOSTS.sub("", handle))
    scores = []
    for organisation in organisations:
        name_words = [w for w in fold(organisation.name).split() if len(w) >= 3 and w not in FUNCTION_WORDS]
        initials = "".join(w[0] for w in organisation.name.split() if w[:1].isupper()).lower()
        scores.append(sum(w in handle for w in name_words) + (len(initials) >= 3 and initials in handle))
    best = max(scores)
    return organisations[scores.index(best)] if best and scores.count(best) == 1 else None
