"""Search results a page at a time, at a cost that does not grow with the number of matches.

Results come headline matches first, then the others, the newest first in each group (see
releases/search/__init__.py). Sorting every match by that would read every match; instead
`page_of()` reads each group newest first off the publication-date index and stops at the page,
and reads the other matches only where the headline matches do not fill it. Where few releases
match, the database reads them off the words' index instead, as it judges from how common the
words are; where it misjudges (words common alone, rare together in a headline), a walk may read
the whole date index: see the README's "Speed".

Counting every match would read them all too: `SearchPaginator` counts up to COUNTED and, past
that, says "more than", and pages on while there are results, up to MAX_RESULTS.
"""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models.expressions import RawSQL

# Counted exactly up to here ("more than 100" past it), listed up to MAX_RESULTS (50 pages):
# readers narrow a search long before that.
COUNTED = 100
MAX_RESULTS = 1000


def page_of(found, bottom, top, groups=None):
    """`found[bottom:top]`: releases from search_releases(), filtered at will, in their order.

    The page is among the first `top` headline matches and the first `top` others, newest first:
    each group is read off the date index (common words) or its word's index (rare ones), as the
    database judges, and only those candidates are sorted and cut. `groups`: the headline
    matches and the others, as search_releases(in_headline=…) gives them, filtered as `found`
    is; by default `found` split by `search_in_title`, which on PostgreSQL also tests each
    headline match's document (releases/search/postgresql.py).
    """
    if groups is None:
        groups = [found.filter(search_in_title=in_title) for in_title in (True, False)]
    groups = [group.order_by("-published_at", "-id").values("pk", "published_at")[:top] for group in groups]
    parts = [group.query.get_compiler(using=found.db).as_sql() for group in groups]
    (headline_sql, headline_params), (other_sql, other_params) = parts
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
        f"WITH search_group_0 AS (SELECT * FROM ({headline_sql}) AS headline_matches) "  # noqa: S608
        "SELECT pk FROM ("
        "SELECT pk, published_at, 0 AS search_group FROM search_group_0 UNION ALL "
        f"SELECT pk, published_at, 1 AS search_group FROM ({other_sql}) AS search_group_1 "
        f"WHERE (SELECT COUNT(*) FROM search_group_0) < {int(top)}"
        ") AS candidates "
        f"ORDER BY search_group, published_at DESC, pk DESC LIMIT {int(top - bottom)} OFFSET {int(bottom)}",
        [*headline_params, *other_params],
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
    `groups`, a function giving page_of()'s groups of the same search, or None for its default.
    With `compiled` (a CompiledSearch of the same search), its count and pages are read through
    SQL compiled once for their shape (releases/search/compiled.py), and `object_list` may be a
    function giving the search, called only where they cannot be."""

    def __init__(self, object_list, per_page, *args, groups=None, compiled=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.groups, self.compiled = groups, compiled

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
        rows = None if self.compiled is None else self.compiled.page(page_of, bottom, top)
        if rows is not None:
            return rows
        return list(page_of(self.found, bottom, top, None if self.groups is None else self.groups()))
