from datetime import date
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import ListView

from contacts.models import Organisation
from newsroom.text import by_name
from releases.feed_discovery import feed_group
from releases.feeds import FEED_SIZE
from releases.forms import ReleaseFilterForm, SearchForm
from releases.models import ListingCount, PreviewLink, RecordKind, Release, Topic
from releases.models.queries import period
from releases.pagination import CountedPaginator, IndexedReleases
from releases.search import search_terms
from releases.seo import news_article


class ReleaseListMixin:
    """Shared by every public list of releases: only published ones, newest first, 20 a page,
    filters by organisation, topic and year from GET parameters, and the archive by month.

    A page narrows the releases in `get_releases()`; filters a page takes from its URL are
    named in `fixed_filters` and not offered again.

    What a page costs does not grow with the archive (issue 9): the archive, the filters'
    choices and the count come from the public index (`ListingCount.objects.now()`, one query),
    and a page listing one organisation's or one topic's releases takes them from that listing's
    index (releases/pagination.py). Only a list narrowed by both an organisation and a topic is
    counted and paged by the database as Django does.
    """

    paginate_by = 20
    context_object_name = "releases"
    template_name = "releases/release_list.html"
    form_class = ReleaseFilterForm
    fixed_filters = ()

    def get_releases(self):
        return Release.objects.published()

    def get_queryset(self):
        releases = self.filters.filter(self.get_releases()).with_listing_related()
        entries = self.listing_entries()
        return releases if entries is None else IndexedReleases(releases, entries, count=self.listing_count())

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.listing_count(), **kwargs)

    def get_heading(self):
        return _("Releases")

    @cached_property
    def listings(self):
        return ListingCount.objects.now()

    @cached_property
    def archive(self):
        """[(year, [month dates])] of every month with published releases, newest first."""
        return self.listings.archive

    @cached_property
    def filters(self):
        organisations = topics = []
        if "organisation" not in self.fixed_filters:
            organisations = Organisation.objects.filter(pk__in=self.listings.keys(RecordKind.ISSUED)).listed()
        if "topic" not in self.fixed_filters:
            topics = Topic.objects.filter(pk__in=self.listings.keys(RecordKind.TOPIC)).listed()
        return self.form_class(
            self.request.GET or None,
            organisations=by_name(organisations),
            topics=by_name(topics),
            years=[year for year, _months in self.archive],
            fixed=self.fixed_filters,
        )

    # What the page lists by: the organisation, topic and period chosen in its URL or filters.
    def chosen_organisation(self):
        return self.filters.selected_organisation

    def chosen_topic(self):
        return self.filters.selected_topic

    def chosen_period(self):
        return self.filters.values.get("year"), None

    def listing_entries(self):
        """The index entries of the one organisation or topic the page lists by, in its period;
        None when it lists by neither, or by both."""
        organisation, topic = self.chosen_organisation(), self.chosen_topic()
        if (organisation is None) == (topic is None):
            return None
        entries = organisation.record_entries.issued() if organisation else topic.record_entries.all()
        year, month = self.chosen_period()
        if year is not None:
            start, end = period(year, month)
            entries = entries.filter(public_from__gte=start, public_from__lt=end)
        return entries

    def listing_count(self):
        """How many releases the page lists, when the index knows (else None: they are counted)."""
        organisation, topic = self.chosen_organisation(), self.chosen_topic()
        year, month = self.chosen_period()
        if (organisation is not None and topic is not None) or ((organisation or topic) and year is not None):
            return None  # both, or one in a period: counted (releases/pagination.py)
        if organisation is not None:
            return self.listings.count(RecordKind.ISSUED, organisation.pk)
        if topic is not None:
            return self.listings.count(RecordKind.TOPIC, topic.pk)
        if month is not None:
            return self.listings.count(RecordKind.MONTH, year * 100 + month)
        return self.listings.total if year is None else self.listings.in_year(year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The canonical URL keeps what makes this page this page: valid filters and the page number.
        query = dict(self.filters.values)
        if context["page_obj"] and context["page_obj"].number > 1:
            query["page"] = context["page_obj"].number
        context.update(
            heading=self.get_heading(),
            filters=self.filters,
            archive=self.archive,
            canonical_path=self.request.path + (f"?{urlencode(query)}" if query else ""),
        )
        return context


class ReleaseListView(ReleaseListMixin, ListView):
    pass


class ReleaseArchiveView(ReleaseListMixin, ListView):
    """A year's or a month's releases: /comunicados/2025/ and /comunicados/2025/05/."""

    fixed_filters = ("year",)

    def get_releases(self):
        year, month = self.chosen_period()
        months = dict(self.archive).get(year, [])
        if not months or (month and not any(moment.month == month for moment in months)):
            raise Http404(_("No releases were published then."))
        return super().get_releases().published_in(year, month)

    def chosen_period(self):
        return self.kwargs["year"], self.kwargs.get("month")

    def get_heading(self):
        year, month = self.kwargs["year"], self.kwargs.get("month")
        period = date_format(date(year, month, 1), "YEAR_MONTH_FORMAT") if month else str(year)
        return _("Releases from %(period)s") % {"period": period}


class TopicView(ReleaseListMixin, ListView):
    fixed_filters = ("topic",)
    template_name = "releases/topic_detail.html"

    @cached_property
    def topic(self):
        # A topic only hidden releases are filed under is not named anywhere public (issue 10).
        return get_object_or_404(Topic.objects.listed(), slug=self.kwargs["slug"])

    def get_releases(self):
        return super().get_releases().filter(topics=self.topic)

    def chosen_topic(self):
        return self.topic

    def get_heading(self):
        return self.topic.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class SearchView(ReleaseListMixin, ListView):
    form_class = SearchForm
    template_name = "releases/search.html"

    @cached_property
    def query(self):
        return self.filters.values.get("q", "")

    def get_releases(self):
        return Release.objects.search(self.query, get_language())

    # Found releases come in search's own order (releases/search.py), which counts them.
    def listing_entries(self):
        return None

    def listing_count(self):
        return None

    def get_heading(self):
        return _("Search releases")

    def get_context_data(self, **kwargs):
        # Each release found comes with its snippet (releases/search.py).
        return super().get_context_data(query=self.query, searched=bool(search_terms(self.query)), **kwargs)


def topic_list(request):
    """Topics with published releases, each with how many: from the public index."""
    listings = ListingCount.objects.now()
    topics = list(Topic.objects.filter(pk__in=listings.keys(RecordKind.TOPIC)).listed())
    for topic in topics:
        topic.release_count = listings.count(RecordKind.TOPIC, topic.pk)
    return render(request, "releases/topic_list.html", {"topics": by_name(topics)})


def home(request):
    return render(
        request,
        "releases/home.html",
        {
            "releases": Release.objects.published().with_listing_related()[:7],
            "publishers": by_name(Organisation.objects.publishers().listed()),
            "topics": by_name(Topic.objects.filter(pk__in=ListingCount.objects.keys_now(RecordKind.TOPIC)).listed()),
        },
    )


def get_release_or_404(request, slug):
    """The release at `slug` if this visitor may see it: the public sees published releases and
    withdrawn ones that had been public (marked withdrawn); staff who can change releases also
    see drafts, scheduled and embargoed releases (a preview at the real URL)."""
    releases = Release.objects.with_page_related()
    if not request.user.has_perm("releases.change_release"):
        releases = releases.public_record()
    return get_object_or_404(releases, slug=slug)


def keep_private(response):
    """For pages only their viewer may see (staff previews, embargo preview links): never stored
    by a shared cache, never indexed."""
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def release_detail(request, year, month, slug):
    release = get_release_or_404(request, slug)
    if request.path != release.get_absolute_url():
        # The date in the URL changed (rescheduled) or was mistyped: send to the one true URL.
        return redirect(release, permanent=release.is_published)
    private = not release.is_on_public_record
    response = render_release_page(request, release, staff_preview=private, noindex=private)
    return keep_private(response) if private else response


def render_release_page(request, release, **context):
    """A release's page: the public one, a staff preview at the real URL, or an embargo preview link."""
    language_urls = []
    for language in release.languages:
        with translation.override(language):
            language_urls.append((language, release.get_absolute_url()))
    urls = dict(language_urls)
    translated = get_language() in urls
    original_path = urls[settings.LANGUAGE_CODE]
    # Under /en/ an untranslated release shows the Spanish text: search engines should index the original.
    canonical_path = urls[get_language()] if translated else original_path
    return render(
        request,
        "releases/release_detail.html",
        {
            "release": release,
            "translated": translated,
            "language_urls": language_urls,
            "other_languages": [(language, url) for language, url in language_urls if language != get_language()],
            "original_path": original_path,
            "canonical_path": canonical_path,
            "description": Truncator(" ".join(release.summary_points)).chars(200),
            "structured_data": news_article(release, request.build_absolute_uri(canonical_path), request),
            **context,
        },
    )


def release_preview(request, token):
    """An embargoed release through a journalist's secret link, marked with its embargo.

    Revoked or unknown links are not found; once the release is public the link leads to its
    public page; an expired link, or one whose release is no longer under embargo, is not found.
    """
    link = PreviewLink.objects.for_token(token)
    if link is None or link.revoked_at is not None:
        raise Http404
    if link.release.is_published:
        return redirect(link.release)
    if not link.shows_release:
        raise Http404
    release = Release.objects.with_page_related().get(pk=link.release_id)
    response = keep_private(render_release_page(request, release, preview_link=link, noindex=True))
    # The token is in this page's URL: never send it on in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


def subscribe(request):
    """Every feed, in each language and format, with addresses to copy into a feed reader."""
    return render(
        request,
        "releases/subscribe.html",
        {
            "everything": feed_group(request=request),
            "organisations": [
                feed_group(organisation=organisation, request=request)
                for organisation in Organisation.objects.publishers().listed()
            ],
            "topics": [feed_group(topic=topic, request=request) for topic in Topic.objects.listed()],
            "feed_size": FEED_SIZE,
        },
    )
