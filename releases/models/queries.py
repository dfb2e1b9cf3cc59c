"""ReleaseQuerySet: what the public may see, and the related rows each kind of page shows."""

import operator
from datetime import datetime
from functools import reduce

from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone, translation

from releases import cards
from releases import search as full_text
from releases.models.cards import ReleaseCard
from releases.models.records import ChangeNote
from releases.models.rows import IssuingOrganisation, MediaContact
from releases.models.states import PublicState, Status, public_state_conditions
from releases.models.topics import Topic

# --- The related rows each kind of page shows, defined once --------------------------------


def issuing_organisation_rows(*, with_links=False):
    """A release's issuing organisations in order, each with its organisation (and its social links)."""
    rows = IssuingOrganisation.objects.select_related("organisation")
    return Prefetch(
        "issuing_organisation_rows", queryset=rows.prefetch_related("organisation__links") if with_links else rows
    )


def media_contacts():
    """A release's media contacts in order, with both people and their organisations."""
    pairs = MediaContact.objects.select_related("press_contact__organisation", "spokesperson__organisation")
    return Prefetch("media_contacts", queryset=pairs)


def listing_rows():
    """What a release in a list shows: its issuing organisations and topics."""
    return [issuing_organisation_rows(), "topics"]


def listing_related(releases):
    """{release id: (its issuing organisations in order, its topics)}: what a release card shows
    besides the release's own row, for any number of releases in two queries.

    listing_rows() prefetched reads the same rows, but Django then builds a filtered queryset per
    release and relation to hold them: for a page of 20 cards, that cost three times what the
    queries did (about 5 ms on a results page whose cards were not made yet)."""
    shown = {release.pk: ([], []) for release in releases}
    if not shown:
        return shown
    # In each model's own order (the rows' positions, the topics' names), as the relations give them.
    for row in IssuingOrganisation.objects.filter(release__in=shown).select_related("organisation"):
        shown[row.release_id][0].append(row.organisation)
    for topic in Topic.objects.filter(releases__in=shown).annotate(listed_for=F("releases")):
        shown[topic.listed_for][1].append(topic)
    return shown


def feed_rows(full_text=True):
    """What a feed item shows (applied once the feed knows it must render: see releases.feeds).
    Media contacts and links are in the full text only."""
    rows = [issuing_organisation_rows(), "topics"]
    return [*rows, media_contacts(), "links"] if full_text else rows


def page_rows():
    """Everything a release's page shows."""
    rows = [issuing_organisation_rows(with_links=True), media_contacts(), "topics", "links", "attachments"]
    return [*rows, "mentioned_organisations", "change_notes"]


# --- Visibility -------------------------------------------------------------------------------


def period(year, month=None):
    """(start, end) of a year, or of one of its months, in the newsroom's time zone (as URLs date them)."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime(year, month or 1, 1), zone)
    if month is None or month == 12:
        return start, timezone.make_aware(datetime(year + 1, 1, 1), zone)
    return start, timezone.make_aware(datetime(year, month + 1, 1), zone)


# ReleaseQuerySet.feed_versions()' columns, in order.
FEED_VERSION_FIELDS = ("pk", "updated_at", "published_at", "embargo_until", "status", "newest_change_note_at")


class ReleaseQuerySet(models.QuerySet):
    def published(self, at=None):
        """What the public may see: published, its publication time reached, any embargo over.

        The one definition of visibility: every public page, feed, sitemap and search starts
        here. Time is compared in the query, so a scheduled release goes live at its minute
        without any job running. Withdrawn releases are not in it (see public_record()).
        `at` is the moment compared with (now if not given).
        """
        return self.in_public_state(PublicState.PUBLIC, at=at)

    def public_record(self):
        """Releases whose own page the public may open: published() plus withdrawn releases that
        had been public before they were withdrawn (their page stays, marked withdrawn).

        Only for opening one release's page: lists, feeds, sitemap and search use published().
        """
        had_been_public = Q(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=F("withdrawn_at")),
            status=Status.WITHDRAWN,
            published_at__lte=F("withdrawn_at"),
        )
        return self.filter(public_state_conditions(timezone.now())[PublicState.PUBLIC] | had_been_public)

    def in_public_state(self, *states, at=None):
        """Releases in any of these PublicStates right now, or at `at` (see releases/models/states.py)."""
        conditions = public_state_conditions(at or timezone.now())
        return self.filter(reduce(operator.or_, [conditions[state] for state in states]))

    def published_in(self, year, month=None):
        """Published in a year, or in one of its months, in the newsroom's time zone (as URLs date them)."""
        start, end = period(year, month)
        return self.filter(published_at__gte=start, published_at__lt=end)

    def newest_of(self, entries, count, at=None):
        """The newest `count` of these releases that `entries` list (a listing's index entries:
        organisation.record_entries.issued(), topic.record_entries.all(); see
        releases/models/listings.py): a range of that index, whatever the archive holds. (`at`: as
        the index stands at that moment, now if None.)"""
        return self.filter(pk__in=entries.newest_ids(at=at)[:count])

    def search(self, query, language, at=None, in_headline=None):
        """Published releases matching `query` in a page language, best first, each with its
        `snippet` (releases/search/: insensitive to case and accents on every database).
        (`at`: published at that moment, now if None; `in_headline` True or False: only those
        matching in their headline, or only the others.)"""
        return full_text.search_releases(self, query, language, at=at, in_headline=in_headline)

    def with_listing_related(self):
        """What a list of releases shows: issuing organisations (in order) and topics."""
        return self.prefetch_related(*listing_rows())

    def with_stored_cards(self, kind):
        """Each with `stored_card_from` and `stored_card` (ReleaseCard.listed or .searched) in the
        active language, NULL where none was made, and `card_source`, what its card is made from
        now (releases/cards.py shows a stored card only where the two are the same). No query
        more: two look-ups on `release_card_per_language` for each row read, as subqueries rather
        than a join, so that a count of the same queryset leaves them out (Django drops the
        annotations a count does not use)."""
        stored = ReleaseCard.objects.filter(release=OuterRef("pk"), language=translation.get_language())
        return self.annotate(
            stored_card_from=Subquery(stored.values("made_from")[:1]),
            stored_card=Subquery(stored.values(kind)[:1]),
            card_source=cards.CardSource(),
        )

    def with_page_related(self):
        """Everything a release page shows, in a fixed number of queries."""
        return self.prefetch_related(*page_rows())

    def with_newest_change_note(self):
        """Each release with its newest public change note in three annotations (`newest_change_note_at`,
        `_es`, `_en`), read by `Release.newest_change_note` and `public_updated_at`.

        For feeds: their validators need every item's last public change before anything else is
        fetched (a 304 costs the release rows alone), and their items show the newest note, all
        without a query per release or one more prefetch.
        """
        newest = ChangeNote.objects.filter(release=OuterRef("pk")).order_by("-created_at", "-id")
        return self.annotate(
            newest_change_note_at=Subquery(newest.values("created_at")[:1]),
            newest_change_note_es=Subquery(newest.values("text_es")[:1]),
            newest_change_note_en=Subquery(newest.values("text_en")[:1]),
        )

    def feed_versions(self):
        """Each release as (pk, updated_at, published_at, embargo_until, status, newest_change_note_at):
        what a feed needs to name its entries' versions and its validators when the entries are
        already made (releases/feed_items.py), without the rows' text or one model per row."""
        newest = ChangeNote.objects.filter(release=OuterRef("pk")).order_by("-created_at", "-id")
        annotated = self.annotate(newest_change_note_at=Subquery(newest.values("created_at")[:1]))
        return annotated.values_list(*FEED_VERSION_FIELDS)
