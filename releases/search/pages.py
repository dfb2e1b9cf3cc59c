"""Search results a page at a time, at a cost that does not grow with the number of matches.

Results come headline matches first, then the others, the newest first in each group (see
releases/search/__init__.py). Sorting every match by that would read every match; instead
`page_of()` reads each group newest first off the publication-date index and stops at the page,
and reads the other matches only where the headline matches do not fill it. Where few releases
match, the database reads them off the words' index instead, as it judges from how common the
words are; where it misjudges (words common alone, rare together in a headline), a walk may read
the whole date index: see the README's "Speed". A filtered search of several words counts its
headline matches first, and walks only where they are many; one narrowed to an organisation or a
topic walks that one's entries in the public index (RecordEntry), not every release.

Counting every match would read them all too: `SearchPaginator` counts up to COUNTED and, past
that, says "more than", and pages on while there are results, up to MAX_RESULTS.
"""

from datetime import UTC, datetime
from functools import cached_property

from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connections
from django.db.models import OuterRef, Subquery, Value
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
# A search narrowed to an organisation or a topic, with more than COUNTED matches (on PostgreSQL),
# walks the index entries of either newest first (page_of()), this many at most for the headline
# matches and for the others: each costs a look-up of its release, 2-4 µs with the headline's
# vector (read off an index), about 10 with the document's (read out of line, and only for
# releases of the topic); past those, the older matches are read as the database chooses.
ENTRY_WALK = (1000, 300)


def headline_window(top):
    """How many of the newest releases page_of() walks for a page's headline matches of a search
    without filters: enough to hold the page if one release in WINDOW_PER_RESULT matches in its
    headline."""
    return WINDOW_PER_RESULT * top


def probes_headlines(filtered, query, db):
    """Whether page_of() is given the headline matches without the filters, to count first: for a
    filtered search of several words, on PostgreSQL (the database judges one word's share well)."""
    return filtered and len(search_terms(query)) > 1 and connections[db].vendor == "postgresql"


def walked_entries(filters, db):
    """A function giving the index entries that pages of a search narrowed by `filters` (a valid
    ReleaseFilterForm) may walk (page_of()), or None: an organisation's or a topic's, on
    PostgreSQL. (SQLite reads its pages well enough without: FTS5 matches every row before the
    page is chosen.) A function, because a page read through its compiled SQL never uses them,
    and making an organisation's entries' QuerySet costs 0.2 ms of Python."""
    chosen = filters.selected_organisation is not None or filters.selected_topic is not None
    return filters.index_entries if chosen and connections[db].vendor == "postgresql" else None


def page_of(found, bottom, top, groups=None, window=None, entries=None):
    """`found[bottom:top]`: releases from search_releases(), filtered at will, in their order.

    The page is among the first `top` headline matches and the first `top` others, newest first,
    and only those candidates are sorted and cut. `groups`: the headline matches and the others,
    as search_releases(in_headline=…) gives them, filtered as `found` is; by default `found`
    split by `search_in_title`, which on PostgreSQL also tests each headline match's document
    (releases/search/postgresql.py). None in place of the headline matches: there are none (as
    counted just before: CompiledSearch.page()), and the page is the newest others.

    With a `window` (headline_window(), for a search without filters), headline matches are walked
    newest first among the newest `window` releases, and only if those do not fill the page are
    the older ones read, all of them, off the headline words' index, and sorted. A walk alone goes
    on until it has the page, and where the database judges the words common together in headlines
    but no headline holds them (an organisation's name: words common apart), it walked the whole
    headline index: 17 ms at 100,000 releases, ten times that at a million. Any window gives the
    same matches; it only bounds the walk. Not with filters: the older headline matches of a topic
    are not few enough to read them all (a common word's, at 100,000 releases: 19 ms), and the
    filters' walk stops sooner, at the page.

    With `entries` (the index entries, in lists at the search's moment, of the organisation or
    topic a search with many matches is narrowed to: walked_entries()), the other matches are
    walked along those entries newest first, each release looked up by its id and tested, among
    the newest ENTRY_WALK[1] entries; only if those do not fill the page are the older ones read,
    as the database chooses. So are the headline matches where they are counted first (below)
    and found many (ENTRY_WALK[0]); those of one word, the database reads well on its own. Left
    to itself, it walks every release newest first and tests the topic last: it read the
    documents of 1,593 releases of every topic for twenty of one (6.6 ms at 100,000 releases;
    walked along the topic, 251 entries, 2.7 ms), or read every headline holding an
    organisation's name, 3,356 where it expected 358, and sorted the topic's 511 (10.8 ms; walked,
    576 entries, 1.3 ms). Any walk gives the same matches; it only bounds the work.

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
    statement = _Statement(found.db)
    if headline is not None:
        unfiltered = before_filters[0] if before_filters else None
        headline_matches = statement.cte(
            "search_group_0", statement.headline_matches(headline, top, window, entries, unfiltered)
        )
    if entries is not None:
        other_part = statement.walked_along(entries, other, top, ENTRY_WALK[1], "walked_others")
    else:
        other_part = statement.newest(other, top)
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
    cut = f"LIMIT {int(top - bottom)} OFFSET {int(bottom)}"
    if headline is None:
        page = _joined(
            f"SELECT pk FROM ({{}}) AS search_group_1 ORDER BY published_at DESC, pk DESC {cut}",  # noqa: S608 - Django's SQL, and numbers
            other_part,
        )
    else:
        page = _joined(
            "SELECT pk FROM ("  # noqa: S608 - Django's SQL, and numbers
            f"SELECT pk, published_at, 0 AS search_group FROM {headline_matches} UNION ALL "
            "SELECT pk, published_at, 1 AS search_group FROM ({}) AS search_group_1 "
            f"WHERE (SELECT COUNT(*) FROM {headline_matches}) < {int(top)}"
            f") AS candidates ORDER BY search_group, published_at DESC, pk DESC {cut}",
            other_part,
        )
    return found.filter(pk__in=statement.raw(page))


def _joined(template, *parts):
    """(SQL, parameters): `template`'s {} filled with the parts' SQL, in order, and their parameters."""
    return template.format(*(sql for sql, _params in parts)), [param for _sql, params in parts for param in params]


class _Statement:
    """page_of()'s query, put together as (SQL, parameters) parts of Django's SQL, with common
    table expressions ahead of it in the order they were named."""

    def __init__(self, db):
        self.db, self.ctes = db, []

    def sql(self, queryset):
        return queryset.query.get_compiler(using=self.db).as_sql()

    def cte(self, name, part, *, materialized=False):
        """`name`, given to `part` as a common table expression (after those named before)."""
        self.ctes.append(_joined(f"{name} AS {'MATERIALIZED ' if materialized else ''}({{}})", part))
        return name

    def raw(self, body):
        """The statement: its common table expressions, then `body`, as a RawSQL."""
        ctes = f"WITH {', '.join('{}' for _cte in self.ctes)} " if self.ctes else ""
        sql, params = _joined(f"{ctes}{{}}", *self.ctes, body)
        return RawSQL(sql, params)  # noqa: S611 - Django's SQL, and numbers

    def newest(self, group, top):
        """The newest `top` (pk, published_at) of `group`."""
        return self.sql(group.order_by("-published_at", "-id").values("pk", "published_at")[:top])

    def headline_matches(self, headline, top, window, entries, unfiltered):
        """The newest `top` (pk, published_at) of `headline`, read as page_of() says."""
        if window is not None:
            part = self.windowed(headline, top, window)
        elif entries is not None and unfiltered is not None:
            part = self.walked_along(entries, headline, top, ENTRY_WALK[0], "walked_headline_matches")
        else:
            part = self.newest(headline, top)
        return part if unfiltered is None else self.counted_first(headline, unfiltered, top, part)

    def counted_first(self, headline, unfiltered, top, walked):
        """The newest `top` (pk, published_at) of `headline` (headline matches), read among
        `unfiltered` (the same without the filters) where those are fewer than HEADLINE_PROBE,
        else as `walked` (a part) reads them (see page_of())."""
        probe = self.cte(
            "headline_probe", self.sql(unfiltered.order_by().values("pk")[:HEADLINE_PROBE]), materialized=True
        )
        among = headline.filter(pk__in=RawSQL(f"SELECT pk FROM {probe}", []))  # noqa: S608, S611 - a name
        few = f"(SELECT COUNT(*) FROM {probe}) < {HEADLINE_PROBE}"  # noqa: S608 - a number
        return _joined(
            f"SELECT pk, published_at FROM ({{}}) AS few WHERE {few} "  # noqa: S608 - Django's SQL, and numbers
            f"UNION ALL SELECT pk, published_at FROM ({{}}) AS walked WHERE NOT {few}",
            self.newest(among, top),
            walked,
        )

    def windowed(self, headline, top, window):
        """The newest `top` headline matches, walked among the newest `window` releases; where
        they do not fill the page, the older ones read apart (see page_of())."""
        newest = headline.model._base_manager.filter(published_at__isnull=False).order_by("-published_at")
        boundary = newest.values("published_at")[window - 1 : window]
        recent = headline.filter(published_at__gte=Coalesce(Subquery(boundary), Value(EARLIEST)))
        recent_matches = self.cte("recent_headline_matches", self.newest(recent, top))
        # The older headline matches in a subquery PostgreSQL may not merge into the query around
        # it (OFFSET 0), with the window's start outside it: it then reads them off the headline
        # words' index and sorts them, rather than walking back from the start (or reading a date
        # index's whole range besides). They are few: fewer than the page among the window's.
        fence = " OFFSET 0" if connections[self.db].vendor == "postgresql" else ""
        return _joined(
            f"SELECT pk, published_at FROM {recent_matches} UNION ALL "  # noqa: S608 - Django's SQL, and numbers
            f"SELECT pk, published_at FROM (SELECT * FROM ({{}}{fence}) AS headline_matches "
            "WHERE published_at < COALESCE(({}), %s) "
            f"ORDER BY published_at DESC, pk DESC LIMIT {int(top)}) AS older "
            f"WHERE (SELECT COUNT(*) FROM {recent_matches}) < {int(top)}",
            self.sql(headline.order_by().values("pk", "published_at")),
            self.sql(boundary),
            ("", [EARLIEST]),
        )

    def walked_along(self, entries, group, top, walk, name):
        """The newest `top` (pk, published_at) of `group`, walked along `entries` (RecordEntry,
        newest first: their `public_from` is their release's `published_at`), each release looked
        up by its id, among the newest `walk` entries; where those do not fill the page, the older
        ones read as the database chooses (see page_of())."""
        walked, boundary = walked_matches(entries, group, walk)
        walked_cte = self.cte(
            name,
            _joined("SELECT release_id AS pk, public_from AS published_at FROM ({}) AS walk", self.sql(walked[:top])),
        )
        older = group.filter(published_at__lt=boundary)
        return _joined(
            f"SELECT pk, published_at FROM {walked_cte} UNION ALL "  # noqa: S608 - Django's SQL, and numbers
            "SELECT pk, published_at FROM ({}) AS older "
            f"WHERE (SELECT COUNT(*) FROM {walked_cte}) < {int(top)}",
            self.newest(older, top),
        )


def walked_matches(entries, group, walk):
    """(the (release_id, public_from) of the newest `walk` of `entries` (RecordEntry) whose
    release is in `group`, newest first; the oldest `public_from` walked, as an expression). Each
    release is looked up by its id: a value looked up per entry, not EXISTS, since the database
    would join the two sides, and walk the releases (or read every match) as it does without the
    entries."""
    newest = entries.order_by("-public_from", "-release_id")
    boundary = Coalesce(Subquery(newest.values("public_from")[walk - 1 : walk]), Value(EARLIEST))
    release = group.order_by().filter(pk=OuterRef("release_id"), published_at=OuterRef("public_from"))
    walked = (
        newest.filter(public_from__gte=boundary)
        .alias(found=Subquery(release.values("pk")[:1]))
        .filter(found__isnull=False)
        .values("release_id", "public_from")
    )
    return walked, boundary


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
    `entries`, walked_entries() of the same search (a function giving the index entries):
    page_of() walks them where more than COUNTED releases match (where fewer do, the database
    reads them off the words' index).
    With `compiled` (a CompiledSearch of the same search), its count and pages are read through
    SQL compiled once for their shape (releases/search/compiled.py), and `object_list` may be a
    function giving the search, called only where they cannot be."""

    def __init__(
        self, object_list, per_page, *args, groups=None, windowed=False, entries=None, compiled=None, **kwargs
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.groups, self.windowed, self.entries, self.compiled = groups, windowed, entries, compiled

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
        walked = self.entries is not None and not self.counted
        rows = None if self.compiled is None else self.compiled.page(page_of, bottom, top, window, walked)
        if rows is not None:
            return rows
        groups = None if self.groups is None else self.groups()
        return list(page_of(self.found, bottom, top, groups, window, self.entries().in_lists_now() if walked else None))
