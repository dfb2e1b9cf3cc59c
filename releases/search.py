"""Full-text search over releases, on PostgreSQL and on SQLite: everything search is made of.

`search_releases()` (which `Release.objects.search()` calls) gives the published releases that
match a query, best first, each with its snippet; `query_text()` is the one place a query is
tidied and cut (the search form uses it to tell the visitor). The migration `0006_search`
holds the SQL that creates the functions and indexes below, as it was written then.

PostgreSQL. The migration `0006_search` creates two text search configurations,
`newsroom_es` and `newsroom_en`: copies of `spanish` and `english` whose word mappings run
through the `unaccent` dictionary before the stemmer, so "mexico", "México" and "MÉXICO" all
become the same lexeme. It also creates one IMMUTABLE SQL function per language that builds a
release's weighted document (title A, summary B, body and background C) and a GIN index on
that function's result. Why this shape rather than the alternatives:

- `unaccent()` the function is only STABLE, so it cannot appear in an index expression; the
  unaccent *dictionary* inside a configuration can, because `to_tsvector(regconfig, text)` is
  IMMUTABLE.
- A stored search-vector column kept up to date in `save()` would go stale whenever rows are
  written without `save()` (`QuerySet.update()`, `bulk_create()`, imports); an expression index
  cannot.
- `ts_headline()` parses the original text with the same configuration, so the snippet for
  "mexico" highlights "México" with its accent, which a pre-unaccented copy could not do.

The query must call the function with exactly the columns the index was built on, so the
planner can use the index; `tests/test_search.py` checks that with EXPLAIN.

SQLite. There is no full-text configuration for Spanish, so every search term must occur in
the release's text after both have been folded the same way (accents removed, case folded) by
`fold()`, which each SQLite connection gets as the SQL function `newsroom_fold` (connected
below, when this module is imported with the models). A term found in the title ranks the
release higher. Snippets are made in Python (newsroom/snippets.py).

English pages show Spanish text wherever a release has no English version of a field, so the
English document uses, field by field, the English text when there is one and the Spanish text
otherwise, each with its own language's configuration.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf
from django.db.models.query import ModelIterable

from newsroom.markdown import markdown_to_text
from newsroom.snippets import START_MARK, STOP_MARK, highlight, marked_snippet
from newsroom.text import without_accents_or_case

# Text search configurations created by the migration, by page language.
CONFIGURATIONS = {"es": "newsroom_es", "en": "newsroom_en"}
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


def search_terms(query):
    """The distinct folded words of a query, at most MAX_TERMS of them."""
    terms = []
    for term in _WORD.findall(fold(query or "")):
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def register_sqlite_functions(sender, connection, **kwargs):
    """Give every new SQLite connection `newsroom_fold()`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("newsroom_fold", 1, fold, deterministic=True)


connection_created.connect(register_sqlite_functions, dispatch_uid="releases.search.sqlite_functions")


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


# --- PostgreSQL -------------------------------------------------------------------------


def document(language):
    """The weighted tsvector the GIN index of `language` is built on (see the migration)."""
    fields = [f"{field}_{language}" for field in SEARCH_FIELDS]
    if language != FALLBACK_LANGUAGE:
        fields += [f"{field}_{FALLBACK_LANGUAGE}" for field in SEARCH_FIELDS]
    return Func(*map(F, fields), function=f"newsroom_release_document_{language}", output_field=SearchVectorField())


def tsquery(query, language):
    """The query in the page's language; on other pages also read as Spanish, for fallback text."""
    tsquery = SearchQuery(query, search_type="websearch", config=CONFIGURATIONS[language])
    if language != FALLBACK_LANGUAGE:
        tsquery |= SearchQuery(query, search_type="websearch", config=CONFIGURATIONS[FALLBACK_LANGUAGE])
    return tsquery


def search_postgresql(releases, query, language):
    vector, parsed = document(language), tsquery(query, language)
    body = f"body_{language}"
    # The snippet comes from the summary and body the page shows, read in their own language.
    configuration = Case(
        When(~Q(**{body: ""}) & Q(**{f"{body}__isnull": False}), then=Value(CONFIGURATIONS[language])),
        default=Value(CONFIGURATIONS[FALLBACK_LANGUAGE]),
    )
    return (
        releases.alias(search_document=vector)
        .filter(search_document=parsed)
        .annotate(
            search_rank=SearchRank(vector, parsed),
            search_headline=SearchHeadline(
                Concat(
                    shown_text("summary", language), Value("\n"), shown_text("body", language), output_field=TextField()
                ),
                parsed,
                config=configuration,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-search_rank", "-published_at", "-id")
    )


# --- SQLite -----------------------------------------------------------------------------


class Fold(Func):
    function = "newsroom_fold"
    output_field = TextField()


def search_sqlite(releases, terms, language):
    parts = [part for field in SEARCH_FIELDS for part in (shown_text(field, language), Value("\n"))]
    text = Concat(*parts, output_field=TextField())
    releases = releases.alias(search_text=Fold(text), search_title=Fold(shown_text("title", language)))
    for term in terms:
        releases = releases.filter(search_text__contains=term)
    # Releases whose headline holds more of the terms come first; then the newest.
    rank = Value(0)
    for term in terms:
        rank = rank + Case(When(search_title__contains=term, then=Value(1)), default=Value(0))
    return releases.annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-id")


# --- Results with their snippets ---------------------------------------------------------


def snippet(release, terms):
    """The search result snippet of a release: from the database's headline, or made here."""
    headline = getattr(release, "search_headline", None)
    if headline is not None:
        return marked_snippet(headline)
    return highlight(" ".join([*release.summary_points, markdown_to_text(release.body)]), terms)


class _WithSnippets(ModelIterable):
    """Releases found by search_releases(), each with `snippet`: safe HTML of its text around
    the words searched for. Made as rows are fetched, so only for the page shown."""

    def __iter__(self):
        for release in super().__iter__():
            release.snippet = snippet(release, release.search_terms.split())
            yield release


def search_releases(releases, query, language):
    """The published `releases` matching `query` in a page `language`, best first, each with
    `search_rank` and, once fetched, `snippet`. A query without a single word matches nothing."""
    query = query_text(query)[0]
    terms = search_terms(query)
    if not terms:
        return releases.none()
    releases = releases.published()
    if connections[releases.db].vendor == "postgresql":
        found = search_postgresql(releases, query, language)
    else:
        found = search_sqlite(releases, terms, language)
    # The terms travel with each row, for the snippets of databases without ts_headline.
    found = found.annotate(search_terms=Value(" ".join(terms), output_field=TextField()))
    found._iterable_class = _WithSnippets
    return found
