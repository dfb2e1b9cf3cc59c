"""Paging through a listing without counting or reading the archive (issue 9: cost flat in its size).

A list page shows 20 releases and "page N of M". Django's paginator counts every matching row
for M and the database reads every row before the page's for its OFFSET; here the count comes
from the public index when it is known (ListingCount: the whole list, a month, a year, an
organisation's or a topic's releases), and a page of an organisation's or a topic's releases
is a range of its index entries (RecordEntry), so a page costs its own rows.
"""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told its count, when the caller knows it; otherwise it counts as Django's does."""

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its value


class IndexedReleases:
    """The releases of `releases` (a queryset, in list order) that `entries` (a listing's index
    entries) list, page by page: slicing takes the page's ids from the index (newest first, the
    list's order), then those releases from `releases`, so the page holds nothing `releases`
    does not. `count`: how many there are, if known (else the entries are counted)."""

    ordered = True  # for Paginator: the order is the list's, -published_at, -id

    def __init__(self, releases, entries, count=None):
        self.releases, self.entries, self.known_count = releases, entries, count

    def count(self):
        if self.known_count is None:
            self.known_count = self.entries.in_lists_now().count()
        return self.known_count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return list(self.page(key))

    def page(self, key):
        """The query of the releases in the slice `key` of the listing (its ids from the index)."""
        if not isinstance(key, slice):
            raise TypeError("IndexedReleases pages by slices only.")
        return self.releases.filter(pk__in=self.entries.newest_ids()[key])
