"""What every part of search shares: the query as searched, its words, the texts a page shows."""

import re

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from newsroom.text import without_accents_or_case

LANGUAGES = ("es", "en")
FALLBACK_LANGUAGE = "es"
SEARCH_FIELDS = ("title", "summary", "body", "background")

# Longer queries are cut here: nobody types more, and the cost of a query grows with its terms.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 20

_WORD = re.compile(r"\w+")


def fold(text):
    """Text as search compares it: accents removed and case folded ("MÉXICO" -> "mexico")."""
    return None if text is None else without_accents_or_case(text)


def query_text(text):
    """(the query as searched: spaces tidied, cut to MAX_QUERY_LENGTH; whether it was cut)."""
    text = " ".join((text or "").split())
    return text[:MAX_QUERY_LENGTH], len(text) > MAX_QUERY_LENGTH


def search_terms(query, most=MAX_TERMS):
    """The distinct folded words of a query, at most `most` of them (None: all)."""
    terms = []
    for term in _WORD.findall(fold(query or "")):
        if term not in terms:
            terms.append(term)
    return terms[:most]


def shown_text(field, language):
    """The text a page in `language` shows for `field`: its translation, else the Spanish text."""
    if language == FALLBACK_LANGUAGE:
        return Coalesce(F(f"{field}_{language}"), Value(""), output_field=TextField())
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")),
        F(f"{field}_{FALLBACK_LANGUAGE}"),
        Value(""),
        output_field=TextField(),
    )
