from datetime import date
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import ListView

from contacts.models import Contact, Organisation
from contacts.vcard import contact_vcard, vcard_filename
from newsroom import fragments
from newsroom.slugs import find_by_slug, redirect_to_current_url, urls_in_every_language
from newsroom.text import by_name
from releases import kept
from releases.feed_discovery import feed_path
from releases.feeds import FEED_SIZE, FORMATS
from releases.forms import FollowForm, ReleaseFilterForm
from releases.media import preview_file_token
from releases.models import ListingCount, PreviewLink, RecordKind, Release, Topic
from releases.models.queries import page_rows, period
from releases.pagination import CountedPaginator, IndexedReleases
from releases.seo import news_article, shared_image_url


class ReleaseListMixin:
    """Shared by every public list of releases: only published ones, newest first, 20 a page,
    filters by organisation, topic and year from GET parameters, and the archive by month.

    A page narrows the releases in `get_releases()`; filters a page takes from its URL are
    named in `fixed_filters` and not offered again.

    What a page costs does not grow with the archive (issue 9): the archive, the filters'
    choices and the count come from the public index (`ListingCount.objects.now()`, one query,
    kept for the generation with the choices: releases/kept.py), and a page listing one
    organisation's or one topic's releases takes them from that listing's index
    (releases/pagination.py). Only a list narrowed by both an organisation and a topic is
    counted and paged by the database as Django does. The page reads its releases' ids alone,
    its cards the rest (see get_queryset()).
    """

    paginate_by = 20
    context_object_name = "releases"
    template_name = "releases/release_list.html"
    form_class = ReleaseFilterForm
    fixed_filters = ()

    def get_releases(self):
        return Release.objects.published()

    def get_queryset(self):
        # Where its cards may be kept, the page reads its releases' ids alone, and the cards fetch
        # the rows of any not kept, with their stored cards (release_cards.py, releases/cards.py):
        # one query more than reading the rows the first time in a generation, and no card rendered
        # where its stored one is current. By id, as a deep page's rows reading the stored cards
        # would read those of every release its OFFSET skips.
        releases = self.filters.filter(self.get_releases())
        if fragments.used_by(self.request):
            releases = releases.values_list("pk", flat=True)
        entries = self.listing_entries()
        return releases if entries is None else IndexedReleases(releases, entries, count=self.listing_count())

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.listing_count(), **kwargs)

    def get_heading(self):
        return _("Releases")

    @cached_property
    def listings(self):
        return kept.listings(self.request)

    @cached_property
    def archive(self):
        """[(year, [month dates])] of every month with published releases, newest first."""
        return self.listings.archive

    @cached_property
    def filters(self):
        organisations, topics = kept.filter_choices(self.request, self.listings, self.fixed_filters)
        return self.form_class(
            self.request.GET or None,
            organisations=organisations,
            topics=topics,
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
        topic = kept.listed_topic(self.request, self.kwargs["slug"])
        if topic is None:
            raise Http404
        return topic

    def get(self, request, *args, **kwargs):
        return redirect_to_current_url(request, self.topic) or super().get(request, *args, **kwargs)

    def get_releases(self):
        return super().get_releases().filter(topics=self.topic)

    def chosen_topic(self):
        return self.topic

    def get_heading(self):
        return self.topic.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, alternate_urls=urls_in_every_language(self.topic), **kwargs)


def topic_list(request):
    """Topics with published releases, each with how many: from the public index."""
    listings = kept.listings(request)
    topics = list(Topic.objects.filter(pk__in=listings.keys(RecordKind.TOPIC)).listed())
    for topic in topics:
        topic.release_count = listings.count(RecordKind.TOPIC, topic.pk)
    return render(request, "releases/topic_list.html", {"topics": by_name(topics)})


def home(request):
    releases = Release.objects.published().with_listing_related()
    if fragments.used_by(request):  # the cards not kept read their stored ones
        releases = releases.with_stored_cards("listed")
    return render(
        request,
        "releases/home.html",
        {
            # The first is the lead story.
            "releases": list(releases[:7]),
            "publishers": by_name(Organisation.objects.publishers().listed()),
            "topics": by_name(Topic.objects.filter(pk__in=ListingCount.objects.keys_now(RecordKind.TOPIC)).listed()),
        },
    )


def get_release_or_404(request, slug):
    """The release at `slug` if this visitor may see it: the public sees published releases and
    withdrawn ones that had been public (marked withdrawn); staff who may change a release also
    see it as a draft, scheduled or under embargo (a preview at the real URL). The same rule
    gives its files (releases/media.py)."""
    if request.user.has_perm("releases.change_release"):
        release, _current = find_by_slug(Release.objects.all(), slug)  # its related rows: render_release_page()
    else:
        release = kept.release_on_public_record(request, slug)
    if release is None or not (release.is_on_public_record or release.can_be_edited_by(request.user)):
        raise Http404
    return release


def keep_private(response):
    """For pages only their viewer may see (staff previews, embargo preview links): never stored
    by a shared cache, never indexed."""
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def release_detail(request, year, month, slug):
    release = get_release_or_404(request, slug)
    if request.path != release.get_absolute_url():
        # The date in the URL changed (rescheduled) or was mistyped, or the slug is another
        # language's or a former one: send to the one true URL.
        return redirect(release, permanent=release.is_published)
    private = not release.is_on_public_record
    response = render_release_page(request, release, staff_preview=private, noindex=private)
    return keep_private(response) if private else response


# The parts of a release's page kept as fragments (templates/releases/release_detail.html).
RELEASE_PAGE_FRAGMENTS = ("release-head", "release-article")


def render_release_page(request, release, **context):
    """A release's page: the public one, a staff preview at the real URL, or an embargo preview link.

    The page's head and article are fragments kept for the generation (newsroom/fragments.py);
    the rows they show are fetched only when one of them must be made. Previews are personal:
    always made afresh, never kept.
    """
    if context.get("staff_preview") or context.get("preview_link"):
        fragments.detach(request)
    kept = [fragments.get(fragments.key_for(request, part, release.pk)) for part in RELEASE_PAGE_FRAGMENTS]
    if not all(kept):
        prefetch_related_objects([release], *page_rows())
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
            "alternate_urls": urls_in_every_language(release),
            "other_languages": [(language, url) for language, url in language_urls if language != get_language()],
            "original_path": original_path,
            "canonical_path": canonical_path,
            "description": Truncator(" ".join(release.summary_points)).chars(200),
            # Called by the template only when the page's head is made.
            "structured_data": lambda: news_article(release, request.build_absolute_uri(canonical_path), request),
            "shared_image_url": shared_image_url(release),
            **context,
        },
    )


def contact_card(request, year, month, slug, contact):
    """The vCard of one of a release's press contacts: only a public contact of a release on the
    public record, with only what the page shows of them."""
    release, _current = find_by_slug(Release.objects.public_record(), slug)
    if release is None:
        raise Http404
    press_contacts = Contact.objects.public().filter(press_contact_for__release=release).distinct()
    press_contact = get_object_or_404(press_contacts.select_related("organisation"), pk=contact)
    response = HttpResponse(contact_vcard(press_contact), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, vcard_filename(press_contact))
    return response


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
    # The page's files carry a token of their own that proves this link (releases/media.py).
    context = {"preview_link": link, "noindex": True, "media_access": preview_file_token(link)}
    response = keep_private(render_release_page(request, release, **context))
    # The token is in this page's URL: never send it on in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


def subscribe(request):
    """One short form (language, format, subject) whose answer is one feed address to copy, or
    the email alerts form for that subject. A GET form: it works without JavaScript and its
    answer is a link that can be shared. Only listed organisations and topics are offered."""
    organisations = by_name(Organisation.objects.publishers().listed())
    topics = by_name(Topic.objects.listed())
    form = FollowForm(
        request.GET if "subject" in request.GET else None,
        languages=[
            (code, translation.get_language_info(code)["name_local"].capitalize()) for code, _n in settings.LANGUAGES
        ],
        feed_formats=FORMATS,
        organisations=organisations,
        topics=topics,
        initial={"language": get_language(), "format": "rss", "subject": request.GET.get("subject", "all")},
    )
    context = {"form": form, "feed_size": FEED_SIZE, "organisations": organisations, "topics": topics}
    if form.is_bound and form.is_valid():
        kind, subject = form.chosen_subject()
        context.update(kind=kind, subject=subject, language=form.cleaned_data["language"])
        if form.cleaned_data["format"] != FollowForm.EMAIL:
            path = feed_path(kind, form.cleaned_data["format"], subject, form.cleaned_data["language"])
            context["feed_url"] = request.build_absolute_uri(path)
            context["feed_format"] = FORMATS[form.cleaned_data["format"]]
    return render(request, "releases/subscribe.html", context)
