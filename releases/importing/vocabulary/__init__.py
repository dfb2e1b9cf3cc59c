"""The words press releases are written with, one module per language (`es`, `en`).

A release may use either language's words anywhere (“Contacto / Contact”, a Spanish label on
an English release), so the parser reads with both vocabularies at once: the sets and
patterns here join them. Language-specific choices are made where they are needed.
"""

import re
from functools import lru_cache

from django.conf import settings

from newsroom.text import folded
from releases.importing.vocabulary import en, es

# Folding is the parser's most repeated step, on the same short lines and names again and again.
fold = lru_cache(maxsize=8192)(folded)

LANGUAGES = {"es": es, "en": en}


def reading_languages():
    """The newsroom's content languages that have words here, the language of record first: the
    languages a file is told apart in (settings, not a fixed pair)."""
    return tuple(code for code in settings.MODELTRANSLATION_LANGUAGES if code in LANGUAGES)


def _both(name):
    return frozenset(getattr(es, name)) | frozenset(getattr(en, name))


def _either(patterns):
    return "|".join(f"(?:{pattern})" for pattern in patterns)


LABELS = _both("LABELS")
BACKGROUND_HEADINGS = _both("BACKGROUND_HEADINGS")
ABOUT_OPENERS = _both("ABOUT_OPENERS")
CONTACT_HEADINGS = _both("CONTACT_HEADINGS")
MORE_INFORMATION_HEADINGS = _both("MORE_INFORMATION_HEADINGS")
LINK_HEADINGS = _both("LINK_HEADINGS")
SIGN_OFFS = _both("SIGN_OFFS")
FOLLOW_US = _both("FOLLOW_US")
DETAIL_LABELS = _both("DETAIL_LABELS")
MOBILE_LABELS = _both("MOBILE_LABELS")
ROLE_WORDS = _both("ROLE_WORDS")
HONORIFICS = _both("HONORIFICS")
SPOKESPEOPLE_HEADINGS = _both("SPOKESPEOPLE_HEADINGS")
ORGANISATION_WORDS = _both("ORGANISATION_WORDS")
OFFICE_WORDS = _both("OFFICE_WORDS")
FUNCTION_WORDS = _both("FUNCTION_WORDS")
LANGUAGE_MARKERS = _both("LANGUAGE_MARKERS")
LANGUAGE_NOTES = _both("LANGUAGE_NOTES")
DATE_LABELS = _both("DATE_LABELS")
MONTHS = {**es.MONTHS, **en.MONTHS}
WEEKDAYS = _both("WEEKDAYS")
ZONE_WORDS = {**es.ZONE_WORDS, **en.ZONE_WORDS}
ENVELOPE_LABELS = {**es.ENVELOPE_LABELS, **en.ENVELOPE_LABELS}
CONTACT_COLUMNS = {**es.CONTACT_COLUMNS, **en.CONTACT_COLUMNS}
SUBJECT_LABELS = _both("SUBJECT_LABELS")

EMBARGO_OPENER = re.compile(r"^\W*(?:" + _either(es.EMBARGO_OPENERS + en.EMBARGO_OPENERS) + r")\W*", re.IGNORECASE)
# "Para entrevistas con X, comunicarse con:", "Interview requests for X:", and both languages at once:
# "Para entrevistas con / For interviews with X:". `who` is X.
_OPENERS = _either(es.INTERVIEW_OPENERS + en.INTERVIEW_OPENERS)
# "For more information or to arrange an interview contact Sarah Lewis …": words that lead to a contact.
CONTACT_LEAD_IN = re.compile(
    rf"^(?:for|to|if|para|si)\b[^:\n]{{0,80}}?\b(?:{_either(es.CONTACT_VERBS + en.CONTACT_VERBS)})\b\s*:?\s*",
    re.IGNORECASE,
)
_INTERVIEW_PAIR = re.compile(
    rf"(?:{_OPENERS})(?:\s*/\s*(?:{_OPENERS}))?\s+(?P<who>[^:\n]+?)"
    rf"(?:\s*,?\s*(?:{_either(es.CONTACT_VERBS + en.CONTACT_VERBS)})(?:\s*/\s*\w+)*\b\s*:?|\s*:)",
    re.IGNORECASE,
)
# "Leah Donnelly is available for interview from 6 a.m.", "La directora Ana Ruiz está disponible para
# entrevistas": the whole line names the spokesperson; the media contact follows.
_AVAILABLE_WORDS = _either(es.AVAILABLE_FOR_INTERVIEW + en.AVAILABLE_FOR_INTERVIEW)
_AVAILABLE = re.compile(rf"^\W*(?P<who>[^.:\n]{{3,160}}?)\s+(?:{_AVAILABLE_WORDS})\b[^\n]*$", re.IGNORECASE)


def is_spokespeople_heading(line):
    """“Vocerías:”, “Spokespeople:”: a heading over the people to interview, alone on its line."""
    return line.rstrip().endswith(":") and fold(line.strip(" *_:#")) in SPOKESPEOPLE_HEADINGS


def interview_pair(line):
    """The match of a “for interviews with X, contact …” phrase (X is its group `who`), or None."""
    available = _AVAILABLE.search(line)
    if available and not _names_someone(available["who"]):
        available = None  # “The draft is available for comment until June”: nobody to interview
    return _INTERVIEW_PAIR.search(line) or available


def _names_someone(who):
    """Whether words name a person, a role before the name allowed (“la directora Ana Ruiz”)."""
    first = re.split(r",|\(|\s(?:y|e|and|&)\s", who)[0].split()
    while first and fold(first[0]) in ROLE_WORDS | FUNCTION_WORDS:
        first = first[1:]
    return 1 < len(first) <= 6 and all(word[:1].isupper() or fold(word) in FUNCTION_WORDS for word in first)


def words(text):
    """The folded words of a text."""
    return fold(text).split()


def heading_kind(text, marked=False):
    """What a heading (or a line written as one) opens: "background", "contacts", "links",
    "more" (links or contacts: what follows decides), "sign-off", "follow", or None.

    “Contacto / Contact” counts for either language; `marked`: written as a heading (bold, a
    heading, or ending with a colon), which makes “About the figures” one.
    """
    if len(text) > 120:
        return None  # headings are short; this is a paragraph
    if CONTACT_LEAD_IN.fullmatch(text.strip(" *_#")) and not interview_pair(text):
        return "contacts"  # “For media enquiries, please contact:”, “Para más información, contactar a:”
    for piece in re.split(r"\s+[/|·]\s+", text.strip(" *_:#")):
        name = fold(piece)
        if name in BACKGROUND_HEADINGS or is_about_heading(piece, marked):
            return "background"
        for kind, phrases in _HEADINGS:
            if name in phrases:
                return kind
    return None


_HEADINGS = (
    ("contacts", CONTACT_HEADINGS),
    ("more", MORE_INFORMATION_HEADINGS),
    ("links", LINK_HEADINGS),
    ("sign-off", SIGN_OFFS),
    ("follow", FOLLOW_US),
)


def is_about_heading(text, marked=False):
    """“Acerca de la Red Agua”, “About Tenant Futures Coalition”: short, and naming someone (a
    capital), unless written as a heading (`marked`: bold, or ending with a colon)."""
    text = text.strip(" *_:#")
    name = fold(text).split() if len(text) <= 120 else []
    for opener in ABOUT_OPENERS:
        size = len(opener.split())
        if name[:size] == opener.split() and size < len(name) <= 12 and not text.endswith("."):
            return marked or any(word[:1].isupper() or word[:1].isdigit() for word in text.split()[size:])
    return False


def is_label(text):
    """A line above the headline: “COMUNICADO DE PRENSA”, “Comunicado conjunto n.º 12”,
    “PRESS RELEASE / COMUNICADO”, “NOTA DE PRENSA N.° 015-2025”, “(English below)”."""
    pieces = [piece for piece in re.split(r"\s+[/|·]\s+", text.strip(" *_#")) if piece.strip()]
    return (
        bool(pieces)
        and len(text) <= 120
        and all(_LABEL_NUMBER.sub("", fold(piece)) in LABELS or fold(piece) in LANGUAGE_NOTES for piece in pieces)
    )


_LABEL_NUMBER = re.compile(r"\s+(?:(?:n\s*o|no|n|num|numero|number|nr|nro)\s*)?\d[\d ]*$")


def phrase_pattern(phrases):
    """A regular expression for folded phrases as texts write them: any case, accents, and
    spaces, dots or hyphens between words (“e mail” matches “E-mail”, “movil” “Móvil”)."""

    def one(phrase):
        words = [re.sub(r"[aeiou]", lambda v: f"[{v[0]}{'áéíóú'['aeiou'.index(v[0])]}]", w) for w in phrase.split()]
        return r"[\s.\-]*".join(words)

    return "|".join(one(phrase) for phrase in sorted(phrases, key=len, reverse=True))
