"""Full-text search over releases, on PostgreSQL and on SQLite: everything search is made of.

`search_releases()` (which `Release.objects.search()` calls) gives the published releases that
match a query, best first, each with its snippet; `SearchPaginator` (pages.py) shows them a page
at a time; `query_text()` is the one place a query is tidied and cut (the search form uses it to
tell the visitor). Search is insensitive to case and accents on both databases, reads the text a
page shows (on English pages, the Spanish text of fields without a translation), and finds only
what `published()` lets the public see.

Order: releases whose headline matches the query come first, then the others; the newest first
in each group. Journalists look for an organisation's statements on a subject, recent ones
first: a headline on the subject says a release is about it, while how often a long text repeats
a word says little (the frequency ranking this replaced put long texts first). It is also an
order the database produces without scoring every match, so a search costs the page shown
whether a word is in ten releases or in fifty thousand (pages.py).

How each database finds matches, and why so: postgresql.py (stored search vectors, GIN indexes,
ts_headline) and sqlite.py (an FTS5 index kept by triggers).
"""

from django.db import connections
from django.db.models import TextField, Value
from django.db.models.query import ModelIterable

from newsroom.snippets import Highlightable, MarkdownBlocks, highlight, marked_snippet
from releases.search import postgresql, sqlite
from releases.search.pages import SearchPaginator
from releases.search.query import MAX_QUERY_LENGTH, fold, query_text, search_terms

__all__ = [
    "MAX_QUERY_LENGTH",
    "SearchPaginator",
    "SnippetText",
    "fold",
    "found_ids",
    "query_text",
    "search_releases",
    "search_terms",
    "snippet",
]


class SnippetText:
    """What a release's snippet is cut from where the database makes none (SQLite): its summary
    and body as the current language shows them. The plain text of each part of the body is made
    once, when a snippet first needs it, so a SnippetText kept for the generation makes the
    snippets of other words without rendering Markdown again (releases/templatetags/release_cards.py)."""

    def __init__(self, release):
        self.summary = " ".join(release.summary_points)
        self.folded_summary = fold(self.summary)
        self.body = MarkdownBlocks(release.body)
        self._texts = {}  # {the part of the body shown: the whole text, ready for highlight()}

    def snippet(self, terms):
        # Where the summary holds a word, the snippet starts there and goes on into the body's start.
        body = self.body.around([] if any(term in self.folded_summary for term in terms) else terms)
        text = self._texts.get(body)
        if text is None:
            text = self._texts[body] = Highlightable(f"{self.summary} {body}")
        return highlight(text, terms)


def snippet(release, terms):
    """The search result snippet of a release: from the database's headline, or made here."""
    headline = getattr(release, "search_headline", None)
    if headline is not None:
        return marked_snippet(headline)
    return SnippetText(release).snippet(terms)


def found_ids(found):
    """`found` (from search_releases()) as (id, the database's headline or None) pairs: what a
    results page reads when its cards and snippet texts are kept."""
    headline = ["search_headline"] if "search_headline" in found.query.annotations else []
    return found.values_list("pk", *headline, Value(None, output_field=TextField()))


class _WithSnippets(ModelIterable):
    """Releases found by search_releases(), each with `snippet`: safe HTML of its text around
    the words searched for. Made as rows are fetched, so only for the page shown."""

    def __iter__(self):
        for release in super().__iter__():
            release.snippet = snippet(release, release.search_terms.split())
            yield release


def search_releases(releases, query, language, at=None, in_headline=None):
    """The published `releases` matching `query` in a page `language`, best first (headline
    matches first, the newest first), each with `search_in_title` and, once fetched, `snippet`.
    A query without a single word matches nothing. (`at`: published at that moment, now if None;
    `in_headline` True or False: only the headline matches, or only the others, as pages.py reads
    them.)"""
    query = query_text(query)[0]
    terms = search_terms(query)
    if not terms:
        return releases.none()
    releases = releases.published(at=at)
    backend = postgresql if connections[releases.db].vendor == "postgresql" else sqlite
    found = backend.search(releases, query, language, in_headline)
    # The terms travel with each row, for the snippets of databases without ts_headline.
    found = found.annotate(search_terms=Value(" ".join(terms), output_field=TextField()))
    found = found.order_by("-search_in_title", "-published_at", "-id")
    found._iterable_class = _WithSnippets
    return found
