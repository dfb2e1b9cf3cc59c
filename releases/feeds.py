"""RSS 2.0 and Atom 1.0 feeds of published releases: the newsroom's, an organisation's, a topic's.

Every feed exists in each language of the site (the language of its URL) and in both formats,
and lists the latest FEED_SIZE releases from `Release.objects.published()`, with their full text.
The headlines feed lists the newsroom's latest HEADLINES_SIZE with their summaries only: a
fraction of the bytes, for readers and aggregators that poll often. An item is read in
the feed's language when the release is translated into it, otherwise in Spanish, and declares
that language with xml:lang.

Feed readers poll, so every feed answers conditional GETs: the releases are fetched first (one
query, no related rows, no rendering), the ETag and Last-Modified come from them, and a client
that already holds this version gets a 304 before anything is rendered. Only then are the related
rows fetched, in a fixed number of queries whatever the number of items, and only for the items
whose markup is not kept yet (releases/feed_items.py).
"""

import hashlib
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext

from contacts.models import Organisation
from newsroom import fragments
from newsroom.slugs import find_by_slug
from releases.feed_items import feed_entry, feed_releases, whole_releases
from releases.feed_markup import CONTROL_CHARACTERS, ReleaseAtomGenerator, ReleaseRssGenerator, feed_time
from releases.models import Release, Topic

FEED_SIZE = 30
HEADLINES_SIZE = 20
# Readers and proxies may reuse a copy this long without asking; a scheduled release can thus
# show up in a cached feed up to this late.
MAX_AGE = 5 * 60
# Part of every ETag: bump it when the feeds' markup changes, so clients fetch the new version.
FEED_VERSION = 1
# Names the feeds' own Atom ids (uuid5), so they survive the site moving to another host.
FEED_ID_NAMESPACE = uuid.UUID("6f1c2e0a-58f3-4a55-9d0c-2f3b1d1f4e7a")


@dataclass(frozen=True)
class FeedFormat:
    name: str
    label: str
    mime_type: str
    generator: type


FORMATS = {
    "rss": FeedFormat("rss", "RSS", "application/rss+xml", ReleaseRssGenerator),
    "atom": FeedFormat("atom", "Atom", "application/atom+xml", ReleaseAtomGenerator),
}


# What each kind of feed is about: its title, description and web page, in the active language.
def _all_title(_subject):
    return gettext("Newsroom: all releases")


def _all_description(_subject):
    return gettext("The latest press releases published in this newsroom.")


def _headlines_title(_subject):
    return gettext("Newsroom: headlines")


def _headlines_description(_subject):
    return gettext("The latest press releases published in this newsroom: headline and summary, with a link to each.")


def _organisation_title(organisation):
    return gettext("Newsroom: releases from %(organisation)s") % {"organisation": organisation.display_name}


def _organisation_description(organisation):
    return gettext("The latest press releases issued or co-signed by %(organisation)s.") % {
        "organisation": organisation.display_name
    }


def _topic_title(topic):
    return gettext("Newsroom: releases on %(topic)s") % {"topic": topic.name}


def _topic_description(topic):
    return gettext("The latest press releases on %(topic)s.") % {"topic": topic.name}


@dataclass(frozen=True)
class FeedKind:
    name: str
    title: object
    description: object


KINDS = {
    "all": FeedKind("all", _all_title, _all_description),
    "headlines": FeedKind("headlines", _headlines_title, _headlines_description),
    "organisation": FeedKind("organisation", _organisation_title, _organisation_description),
    "topic": FeedKind("topic", _topic_title, _topic_description),
}


@dataclass
class FeedSource:
    """One request for a feed: what it is about and the releases it shows."""

    kind: FeedKind
    subject: object
    language: str
    request: object
    releases: list
    entries: list = field(default_factory=list)  # FeedEntry of each release, once the feed is made

    def validators(self):
        """(ETag, Last-Modified timestamp) of this version of the feed, from the releases alone.

        The ETag covers which releases are in the feed and when each was last changed, so a
        scheduled release going live, an edit, a change note and a release leaving the feed all
        change it. It is weak: equal ETags mean the same feed, not necessarily the same bytes.
        Last-Modified is the newest change of the document: a release's public change
        (`Release.public_updated_at`, which is what entries show as <updated>) or any later edit
        of its text, so clients that only send If-Modified-Since fetch edits too.
        """
        fingerprint = repr((FEED_VERSION, self.kind.title(self.subject), self.versions)).encode()
        etag = f'W/"{hashlib.sha256(fingerprint).hexdigest()[:32]}"'
        changes = [max(release.public_updated_at, release.updated_at) for release in self]
        return etag, int(max(changes).timestamp()) if changes else None

    @cached_property
    def versions(self):
        """Each release's version: what names it in the ETag and its item's markup where it is kept."""
        return [
            (
                release.pk,
                release.updated_at.isoformat(),
                release.published_at.isoformat(),
                release.public_updated_at.isoformat(),
            )
            for release in self
        ]

    def __iter__(self):
        return iter(self.releases)


class ReleaseFeed(Feed):
    """The part every feed shares; subclasses say what the feed is about and which releases it shows."""

    kind = KINDS["all"]
    size = FEED_SIZE
    full_text = True
    item_guid_is_permalink = False

    def __init__(self, feed_format):
        self.format = FORMATS[feed_format]
        self.feed_type = self.format.generator

    def __call__(self, request, *args, **kwargs):
        try:
            subject = self.get_subject(**kwargs)
        except ObjectDoesNotExist:
            raise Http404("No such feed.") from None
        # Made in this generation already: its items are likely kept, so only their versions are read.
        made_key = fragments.key_for(request, "feed-made", self.kind.name, getattr(subject, "pk", ""), self.variant)
        source = FeedSource(
            kind=self.kind,
            subject=subject,
            language=translation.get_language(),
            request=request,
            releases=self.rows(subject, known=fragments.get(made_key) is not None),
        )
        etag, last_modified = source.validators()
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = self.write(source, request)
            fragments.put(made_key, True)
        response.headers["ETag"] = etag
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    @property
    def variant(self):
        return f"{self.format.name}:{'full' if self.full_text else 'summary'}"

    def write(self, source, request):
        """The feed: its head, each item's markup (kept, or made now and kept) and its tail."""
        # Each item is kept under its release's version too, so that it is always the version the ETag names.
        each = fragments.keys_for(request, "feed-item", self.variant, each=source.versions)
        keys = dict(zip([row.pk for row in source], each, strict=True))
        markup = {pk: fragments.get(key) for pk, key in keys.items()}
        missing = [row for row in source if markup[row.pk] is None]
        missing = whole_releases(missing, self.full_text) if missing else []
        source.entries = [feed_entry(release, source, self.full_text) for release in missing]
        generator = self.get_feed(source, request)  # with the items to make (all, when none is kept)
        for entry, item in zip(source.entries, generator.items, strict=True):
            markup[entry.release.pk] = fragments.put(keys[entry.release.pk], generator.item_markup(item))
        generator.items_markup = [markup[row.pk] for row in source if markup[row.pk] is not None]
        changes = [moment for row in source for moment in (row.published_at, row.public_updated_at) if moment]
        generator.latest_change = max(changes, default=None)
        response = HttpResponse(content_type=generator.content_type)
        generator.write(response, "utf-8")
        return response

    def get_subject(self):
        return None

    def rows(self, subject, known):
        key = (type(self).__name__, getattr(subject, "pk", None), self.size)
        return feed_releases(lambda moment: self.releases(subject, moment), self.size, known, key)

    def releases(self, subject, at=None):
        """The releases the feed may show (as they stand at `at`, now if None), newest first."""
        return Release.objects.published(at=at)

    # Feed-level values, called by Feed.get_feed() with the FeedSource.
    # An organisation's or topic's name is in them: one pasted with a control character must not
    # take its feeds down (the items leave them out too: feed_markup.ItemXMLGenerator).
    def title(self, source):
        return CONTROL_CHARACTERS.sub("", source.kind.title(source.subject))

    def description(self, source):
        return CONTROL_CHARACTERS.sub("", source.kind.description(source.subject))

    def subtitle(self, source):
        # Atom calls the description a subtitle.
        return self.description(source)

    def link(self, source):
        # Kept like the items: reversing a translated URL costs more than a whole kept item.
        key = fragments.key_for(source.request, "feed-link")
        return fragments.get(key) or fragments.put(key, reverse("releases:list"))

    def feed_guid(self, source):
        subject_id = source.subject.pk if source.subject is not None else ""
        return uuid.uuid5(FEED_ID_NAMESPACE, f"{source.kind.name}:{subject_id}:{source.language}").urn

    def author_name(self, source):
        # Atom requires an author for every entry; the newsroom stands in for releases without issuing organisations.
        return gettext("Newsroom")

    def items(self, source):
        return source.entries

    # Item-level values, called with each FeedEntry.
    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_description(self, entry):
        return entry.summary

    def item_guid(self, entry):
        return entry.release.uuid.urn

    def item_pubdate(self, entry):
        return feed_time(entry.release.published_at)

    def item_updateddate(self, entry):
        return feed_time(entry.release.public_updated_at)

    def item_categories(self, entry):
        return entry.categories

    def item_enclosures(self, entry):
        return entry.enclosures

    def item_extra_kwargs(self, entry):
        return {"language": entry.language, "authors": entry.authors, "content": entry.content}


class AllReleasesFeed(ReleaseFeed):
    pass


class HeadlinesFeed(ReleaseFeed):
    """The newsroom's latest releases, headline and summary points only (no body)."""

    kind = KINDS["headlines"]
    size = HEADLINES_SIZE
    full_text = False


class SubjectFeed(ReleaseFeed):
    """A feed about one organisation or topic, found by its slug (unknown slug: 404). Only those
    the public may see named have feeds (listed(): issue 10)."""

    model = None

    def get_subject(self, slug):
        # Either language's slug, or a former one: a feed reader's stored address keeps working.
        # Only a listed subject has a feed: a name used only by hidden releases stays private.
        subject, _current = find_by_slug(self.model.objects.listed(), slug)
        if subject is None:
            raise self.model.DoesNotExist
        return subject

    def releases(self, subject, at=None):
        # The newest FEED_SIZE from the subject's index (releases/models/listings.py): a range of
        # it, however many releases the subject has; the releases themselves through published().
        return subject.releases.published(at=at).newest_of(self.entries(subject), FEED_SIZE, at=at)

    def entries(self, subject):
        raise NotImplementedError

    def link(self, source):
        return source.subject.get_absolute_url()


class OrganisationFeed(SubjectFeed):
    """Releases an organisation issued or co-signed."""

    kind = KINDS["organisation"]
    model = Organisation

    def entries(self, subject):
        return subject.record_entries.issued()


class TopicFeed(SubjectFeed):
    kind = KINDS["topic"]
    model = Topic

    def entries(self, subject):
        return subject.record_entries.all()
