"""Search results a page at a time, at a cost that does not grow with the number of matches.

Results come headline matches first, then the others, the newest first in each group (see
releases/search/__init__.py). Sorting every match by that would read every match; instead
`page_of()` reads each group newest first off the publication-date index and stops at the page,
and reads the other matches only where the headline matches do not fill it. Where few releases
match, the database reads them off the words' index instead, as it judges from how common the
words are; where it misjudges (words common alone, rare together in a headline), a walk may read
the whole date index: see the README's "Speed". A filtered search of several words counts its
headline matches first, and walks only where they are many.

Counting every match would read them all too: `SearchPaginator` counts up to COUNTED and, past
that, says "more than", and pages on while there are results, up to MAX_RESULTS.
"""

from datetime import UTC, datetime
from functools import cached_property

from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connections
from django.db.models import Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from releases.search.query import search_terms

# Counted exactly up to here ("more than 100" past it), listed up to MAX_RESULTS (50 pages):
# readers narrow a search long before that.
COUNTED = 100
MAX_RESULTS = 1000
# Without filters, page_of() walks a page's headline matches among the newest releases,
# WINDOW_PER_RESULT of them per result (headline_window()); older ones, off the words' index.
WINDOW_PER_RESULT = 50
EARLIEST = datetime(1, 1, 1, tzinfo=UTC)  # where the window starts in a newsroom smaller than it
# A filtered search of several words (on PostgreSQL) first counts its headline matches without
# the filters, off the headline words' index, up to this; fewer, and the page's headline matches
# are read from those alone (see page_of()).
HEADLINE_PROBE = 500


def headline_window(top):
    """How many of the newest releases page_of() walks for a page's headline matches of a search
    without filters: enough to hold the page if one release in WINDOW_PER_RESULT matches in its
    headline."""
    return WINDOW_PER_RESULT * top


def probes_headlines(filtered, query, db):
    """Whether page_of() is given the headline matches without the filters, to count first: for a
    filtered search of several words, on PostgreSQL (the database judges one word's share well)."""
    return filtered and len(search_terms(query)) > 1 and connections[db].vendor == "postgresql"


def page_of(found, bottom, top, groups=None, window=None):
    """`found[bottom:top]`: releases from search_releases(), filtered at will, in their order.

    The page is among the first `top` headline matches and the first `top` others, newest first,
    and only those candidates are sorted and cut. `groups`: the headline matches and the others,
    as search_releases(in_headline=…) gives them, filtered as `found` is; by default `found`
    split by `search_in_title`, which on PostgreSQL also tests each headline match's document
    (releases/search/postgresql.py).

    With a `window` (headline_window(), for a search without filters), headline matches are walked
    newest first among the newest `window` releases, and only if those do not fill the page are
    the older ones read, all of them, off the headline words' index, and sorted. A walk alone goes
    on until it has the page, and where the database judges the words common together in headlines
    but no headline holds them (an organisation's name: words common apart), it walked the whole
    headline index: 17 ms at 100,000 releases, ten times that at a million. Any window gives the
    same matches; it only bounds the walk. Not with filters: the older headline matches of a topic
    are not few enough to read them all (a common word's, at 100,000 releases: 19 ms), and the
    filters' walk stops sooner, at the page.

    A third group, the headline matches without the filters (for a filtered search of several
    words, on PostgreSQL), is counted first off the headline words' index, up to HEADLINE_PROBE:
    where there are fewer, the filtered headline matches are read from those alone, and the walk
    is not made. The database judges how many releases hold several words in their headline from
    how common each word is; words common apart and rare together (an organisation's name, "vigilancia
    transparencia": 416 headlines where it expects 1,444) made the filtered walk read the whole
    headline index, or the whole topic, for a handful of matches (18-34 ms at 100,000 releases).
    Counting costs 0.5-0.8 ms there, and 2-3 ms where the words are common together in headlines
    ("derechos humanos"), whose walk then stops soon.
    """
    if groups is None:
        groups = [found.filter(search_in_title=in_title) for in_title in (True, False)]
    headline, other, *before_filters = groups
    db = found.db
    recent = headline.order_by("-published_at", "-id")
    older_sql, older_params = "", []
    if window is not None:
        newest = found.model._base_manager.filter(published_at__isnull=False).order_by("-published_at")
        boundary = newest.values("published_at")[window - 1 : window]
        recent = recent.filter(published_at__gte=Coalesce(Subquery(boundary), Value(EARLIEST)))
        (all_sql, all_params), (start_sql, start_params) = (
            query.query.get_compiler(using=db).as_sql()
            for query in (headline.order_by().values("pk", "published_at"), boundary)
        )
        # The older headline matches in a subquery PostgreSQL may not merge into the query around
        # it (OFFSET 0), with the window's start outside it: it then reads them off the headline
        # words' index and sorts them, rather than walking back from the start (or reading a date
        # index's whole range besides). They are few: fewer than the page among the window's.
        fence = " OFFSET 0" if connections[db].vendor == "postgresql" else ""
        older_sql = (
            f"UNION ALL SELECT pk, published_at FROM (SELECT * FROM ({all_sql}{fence}) AS headline_matches "  # noqa: S608
            f"WHERE published_at < COALESCE(({start_sql}), %s) "
            f"ORDER BY published_at DESC, pk DESC LIMIT {int(top)}) AS older "
            f"WHERE (SELECT COUNT(*) FROM recent_headline_matches) < {int(top)}"
        )
        older_params = [*all_params, *start_params, EARLIEST]
    (recent_sql, recent_params), (other_sql, other_params) = (
        query.query.get_compiler(using=db).as_sql()
        for query in (
            recent.values("pk", "published_at")[:top],
            other.order_by("-published_at", "-id").values("pk", "published_at")[:top],
        )
    )
    probe_sql, probe_params = "", []
    if before_filters:
        among = headline.filter(pk__in=RawSQL("SELECT pk FROM headline_probe", []))  # noqa: S611 - a name
        (counted_sql, counted_params), (few_sql, few_params) = (
            query.query.get_compiler(using=db).as_sql()
            for query in (
                before_filters[0].order_by().values("pk")[:HEADLINE_PROBE],
                among.order_by("-published_at", "-id").values("pk", "published_at")[:top],
            )
        )
        few = f"(SELECT COUNT(*) FROM headline_probe) < {HEADLINE_PROBE}"  # noqa: S608 - a number
        probe_sql = f"headline_probe AS MATERIALIZED ({counted_sql}), "
        recent_sql = (
            f"SELECT * FROM ({few_sql}) AS few WHERE {few} "  # noqa: S608 - Django's SQL, and numbers
            f"UNION ALL SELECT * FROM ({recent_sql}) AS walked WHERE NOT {few}"
        )
        probe_params, recent_params = counted_params, [*few_params, *recent_params]
    # The candidates sorted as `found` is (the group, then the newest first) and cut to the page,
    # in a subquery of their own: the page's query then reads its rows by id, and computes their
    # costly columns (PostgreSQL's ts_headline) for them only, where under an OFFSET the database
    # computes them for every row it skips too (80 skipped headlines on page 5). Sorted here, not by
    # `found`'s ordering over the candidates: that query would repeat `found`'s conditions and
    # joins (a topic filter's) for nothing, and planning it cost more than running it.
    # The other matches are read only when the headline matches do not fill the page: searching
    # an organisation's name, every match may be in a headline, and looking for the newest others
    # would then walk every release (600 ms at 100,000), since the database cannot know that
    # matching the text and not the headline is that rare.
    # (SQLite takes LIMIT inside a UNION only in a subquery of its own.)
    page = RawSQL(  # noqa: S611 - Django's SQL, and numbers
        f"WITH {probe_sql}recent_headline_matches AS (SELECT * FROM ({recent_sql}) AS recent), "  # noqa: S608
        f"search_group_0 AS (SELECT pk, published_at FROM recent_headline_matches {older_sql}) "
        "SELECT pk FROM ("
        "SELECT pk, published_at, 0 AS search_group FROM search_group_0 UNION ALL "
        f"SELECT pk, published_at, 1 AS search_group FROM ({other_sql}) AS search_group_1 "
        f"WHERE (SELECT COUNT(*) FROM search_group_0) < {int(top)}"
        ") AS candidates "
        f"ORDER BY search_group, published_at DESC, pk DESC LIMIT {int(top - bottom)} OFFSET {int(bottom)}",
        [*probe_params, *recent_params, *older_params, *other_params],
    )
    return found.filter(pk__in=page)


class SearchPage(Page):
    """A page that knows whether another follows, even when the results were not all counted."""

    def __init__(self, object_list, number, paginator, *, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next


class SearchPaginator(Paginator):
    """Pages of search_releases(): `count` is exact while `counted`, else the most listed.
    `groups`, a function giving page_of()'s groups of the same search, or None for its default;
    `windowed`, for a search without filters: page_of()'s headline matches walked in a window.
    With `compiled` (a CompiledSearch of the same search), its count and pages are read through
    SQL compiled once for their shape (releases/search/compiled.py), and `object_list` may be a
    function giving the search, called only where they cannot be."""

    def __init__(self, object_list, per_page, *args, groups=None, windowed=False, compiled=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.groups, self.windowed, self.compiled = groups, windowed, compiled

    @cached_property
    def found(self):
        """The search as a QuerySet; `object_list` may be a function making it, which the
        compiled count and page never call."""
        return self.object_list() if callable(self.object_list) else self.object_list

    @property
    def counted_up_to(self):
        return COUNTED

    @cached_property
    def matches(self):
        """How many releases match, counted up to one more than COUNTED."""
        counted = None if self.compiled is None else self.compiled.count(COUNTED + 1)
        if counted is not None:
            return counted
        return self.found.order_by().values("pk")[: COUNTED + 1].count()

    @property
    def counted(self):
        return self.matches <= COUNTED

    @cached_property
    def count(self):
        return self.matches if self.counted else MAX_RESULTS

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top <= bottom:  # nothing found, or nothing searched: no query to make
            return SearchPage([], number, self, has_next=False)
        if self.counted or top <= COUNTED:  # the count says whether another page follows
            releases = self._page_of(bottom, top)
            return SearchPage(releases, number, self, has_next=number < self.num_pages)
        # Past the count, one more release says whether there is another page.
        releases = self._page_of(bottom, top + 1)
        if not releases:
            raise EmptyPage(self.error_messages["no_results"])
        has_next = len(releases) > top - bottom and number < self.num_pages
        return SearchPage(releases[: top - bottom], number, self, has_next=has_next)

    def _page_of(self, bottom, top):
        window = headline_window(top) if self.windowed else None
        rows = None if self.compiled is None else self.compiled.page(page_of, bottom, top, window)
        if rows is not None:
            return rows
        return list(page_of(self.found, bottom, top, None if self.groups is None else self.groups(), window))
