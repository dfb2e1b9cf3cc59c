"""Search results a page at a time, at a cost that does not grow with the number of matches.

Results come headline matches first, then the others, the newest first in each group (see
releases/search/__init__.py). Sorting every match by that would read every match; instead
`page_of()` reads each group newest first off the publication-date index and stops at the page.
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


def page_of(found, bottom, top):
    """`found[bottom:top]`: releases from search_releases(), filtered at will, in their order.

    The page is among the first `top` headline matches and the first `top` others, newest first:
    each group is read off the date index (common words) or its word's index (rare ones), as the
    database judges, and only those candidates are sorted and cut.
    """
    groups = [
        found.filter(search_in_title=in_title).order_by("-published_at", "-id").values("pk")[:top]
        for in_title in (True, False)
    ]
    # One list of candidates, which the page's query reads by id. (Django's union() cannot be
    # filtered on, and SQLite takes LIMIT inside a UNION only in a subquery of its own.)
    parts = [group.query.get_compiler(using=found.db).as_sql() for group in groups]
    union = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS search_group_{n}" for n, (sql, _) in enumerate(parts))  # noqa: S608
    candidates = RawSQL(union, [param for _sql, params in parts for param in params])  # noqa: S611 - Django's SQL
    # The page's ids are cut in a subquery, so that the rows' costly columns (PostgreSQL's
    # ts_headline) are computed for the page only: under an OFFSET, the database computes them for
    # every row it skips too (80 skipped headlines on page 5, four times the page's own).
    page = found.filter(pk__in=candidates).values("pk")[bottom:top]
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
    With `compiled` (a CompiledSearch of the same search), its count and pages are read through
    SQL compiled once for their shape (releases/search/compiled.py), and `object_list` may be a
    function giving the search, called only where they cannot be."""

    def __init__(self, object_list, per_page, *args, compiled=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.compiled = compiled

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
        return list(page_of(self.found, bottom, top)) if rows is None else rows
