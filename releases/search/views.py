"""The public search page: a list of releases (ReleaseListMixin) in search's own order."""

from functools import cached_property
from urllib.parse import urlencode

from django.db import router
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import ListView

from newsroom import fragments
from releases.forms import SearchForm
from releases.models import Release
from releases.search import SearchPaginator, found_ids, search_terms
from releases.search.compiled import compiled_search
from releases.search.pages import probes_headlines, walked_entries
from releases.views import ReleaseListMixin


class SearchView(ReleaseListMixin, ListView):
    form_class = SearchForm
    template_name = "releases/search.html"

    @cached_property
    def query(self):
        return self.filters.values.get("q", "")

    def get_queryset(self):
        # The page's releases as ids (with PostgreSQL's headlines): their cards, and the texts
        # their snippets are cut from, are kept for the generation ({% search_cards %}). Where
        # nothing is kept (staff, previews, the store off), their rows, as a list made afresh reads.
        if not self.kept_cards:
            return self.found().with_listing_related()
        # Built only if the page's compiled SQL cannot serve (SearchPaginator).
        return lambda: found_ids(self.found())

    def found(self, in_headline=None):
        return self.filters.filter(Release.objects.search(self.query, get_language(), in_headline=in_headline))

    def found_groups(self):
        # Headline matches and the others read apart (pages.py): on PostgreSQL, a page's headline
        # matches are then read without their documents; and for a filtered search of several
        # words, the headline matches without the filters, counted first.
        groups = [self.found(in_headline) for in_headline in (True, False)]
        if probes_headlines(self.filtered, self.query, router.db_for_read(Release)):
            groups.append(Release.objects.search(self.query, get_language(), in_headline=True))
        return groups

    @cached_property
    def filtered(self):
        return any(name != "q" for name in self.filters.values)

    @cached_property
    def kept_cards(self):
        return fragments.used_by(self.request)

    # Found releases come in search's own order (releases/search.py), which counts them.
    def listing_entries(self):
        return None

    def listing_count(self):
        return None

    def get_paginator(self, queryset, per_page, **kwargs):
        # Costs the page, not the number of matches; where the page reads ids, through SQL compiled
        # once per shape of search, for any words.
        db = router.db_for_read(Release)
        compiled = compiled_search(self.filters, self.query, get_language(), db) if self.kept_cards else None
        # Without filters, a page's headline matches are walked among the newest releases only; narrowed
        # to an organisation or a topic, along its index entries (pages.py).
        return SearchPaginator(
            queryset,
            per_page,
            groups=self.found_groups,
            windowed=not self.filtered,
            entries=walked_entries(self.filters, db),
            compiled=compiled,
            **kwargs,
        )

    def get_heading(self):
        return _("Search releases")

    def get_context_data(self, **kwargs):
        # The filters under the search box are the same for any words: kept under those given.
        given = urlencode(
            [(name, value) for name in ("organisation", "topic", "year") for value in self.request.GET.getlist(name)]
        )
        terms = search_terms(self.query)
        return super().get_context_data(
            query=self.query, terms=terms, searched=bool(terms), filters_given=given, **kwargs
        )
