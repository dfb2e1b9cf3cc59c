"""The public index: what each release puts on the public record, and how many releases each
listing holds, kept so that a public page's work does not grow with the archive.

Visibility is decided at query time (a scheduled release or an ended embargo becomes public at
its minute with no write), so both tables hold moments, not yes/no answers, and every read
compares them with the clock:

- `RecordEntry`, one row per thing a release on the public record names, or will at a known
  moment: its month, each issuing and mentioned organisation, each topic, each person in its
  media contacts, each with `public_from` (when the release becomes public) and `withdrawn`
  (named on the record, no longer listed). An organisation's, a topic's or a month's releases,
  newest first, are a range of its index, however many releases the newsroom holds.
- `ListingCount`, per archive month, issuing organisation and topic: how many releases become
  public at each moment (all those already public at the last write in one row, each scheduled
  moment in a row of its own). The archive, the filters' choices and the paginators' totals sum
  the rows whose moment has come: one small query, whatever the archive holds.

releases/indexing.py keeps both (and the organisations', people's and topics' `listed_from`)
in step with the releases, in the same transaction as every change; `manage.py
rebuild_public_index` rebuilds them from the releases. `Release.objects.published()` stays the
one definition of what the public may see: a listing's releases are fetched through it, so the
index can only narrow what a page shows, never widen it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Organisation


class RecordKind(models.TextChoices):
    MONTH = "month", _("archive month")
    ISSUED = "issued", _("issuing organisation")
    MENTIONED = "mentioned", _("mentioned organisation")
    TOPIC = "topic", _("topic")
    CONTACT = "contact", _("press contact or spokesperson")


# The listings the public pages page through and count; the other kinds only name.
LISTED_KINDS = (RecordKind.MONTH, RecordKind.ISSUED, RecordKind.TOPIC)


def month_key(moment):
    """The archive month of a moment, as a number (202505), in the newsroom's time zone as URLs date it."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return local.year * 100 + local.month


class RecordEntryQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(kind=RecordKind.ISSUED)

    def mentioned(self):
        return self.filter(kind=RecordKind.MENTIONED)

    def in_lists_now(self, at=None):
        """Entries of releases in lists right now (or at `at`): public (their moment has come), not withdrawn."""
        return self.filter(withdrawn=False, public_from__lte=at or timezone.now())

    def newest_ids(self, at=None):
        """The releases' ids, newest first, as lists order them (-published_at, -id): slice it."""
        return self.in_lists_now(at=at).order_by("-public_from", "-release_id").values("release_id")


# What a record entry names (one of these, or a month). Each is indexed in Meta.indexes with
# what its listings are read by, not alone.
SUBJECT = {"on_delete": models.CASCADE, "null": True, "db_index": False, "related_name": "record_entries"}


class RecordEntry(models.Model):
    """One thing a release on the public record names (or will, from `public_from`)."""

    release = models.ForeignKey("Release", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    month = models.PositiveIntegerField(null=True)
    organisation = models.ForeignKey(Organisation, **SUBJECT)
    topic = models.ForeignKey("Topic", **SUBJECT)
    contact = models.ForeignKey(Contact, **SUBJECT)
    public_from = models.DateTimeField()
    # A withdrawn release that had been public: its names stay on the record; it leaves lists.
    withdrawn = models.BooleanField(default=False)

    objects = RecordEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("public record entry")
        verbose_name_plural = _("public record entries")
        indexes = [
            # Each is a listing's releases newest first, and its count, as one range read in
            # order; `withdrawn` is tested inside the index, last (databases do not search on a
            # boolean written NOT withdrawn), and `kind` tells issuing and mentioned apart.
            models.Index(
                fields=["organisation", "kind", "public_from", "release", "withdrawn"],
                condition=Q(organisation__isnull=False),
                name="recordentry_organisation",
            ),
            models.Index(
                fields=["topic", "public_from", "release", "withdrawn"],
                condition=Q(topic__isnull=False),
                name="recordentry_topic",
            ),
            models.Index(
                fields=["month", "public_from", "withdrawn"], condition=Q(month__isnull=False), name="recordentry_month"
            ),
            models.Index(
                fields=["contact", "public_from"], condition=Q(contact__isnull=False), name="recordentry_contact"
            ),
        ]

    def __str__(self):
        return f"{self.release_id} {self.kind} {self.key}"

    @property
    def key(self):
        return {RecordKind.MONTH: self.month, RecordKind.TOPIC: self.topic_id, RecordKind.CONTACT: self.contact_id}.get(
            self.kind, self.organisation_id
        )


class ListingCountQuerySet(models.QuerySet):
    def keys_now(self, kind):
        """The keys of a kind's listings with published releases right now, as a subquery."""
        return self.filter(kind=kind, public_from__lte=timezone.now()).values("key")

    def now(self):
        """The listings as they stand right now (one query): see Listings."""
        return self.moments().at(timezone.now())

    def moments(self):
        """Every row, to sum at any moment (one query): see ListingMoments."""
        return ListingMoments(self.values_list("kind", "key", "public_from", "releases"))


class ListingCount(models.Model):
    """How many releases of a listing (an archive month, an issuing organisation's, a topic's)
    become public at `public_from`: see the module's docstring."""

    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    key = models.PositiveBigIntegerField()  # the month (202505), the organisation's or topic's id
    public_from = models.DateTimeField()
    releases = models.PositiveIntegerField()

    objects = ListingCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing count")
        verbose_name_plural = _("listing counts")
        indexes = [models.Index(fields=["kind", "key"], name="listingcount_listing")]

    def __str__(self):
        return f"{self.kind} {self.key}: {self.releases} from {self.public_from}"


@dataclass
class Listings:
    """Which archive months, issuing organisations and topics have published releases right now,
    and how many each has: what a list page needs besides its releases."""

    counts: dict = field(default_factory=dict)  # {(kind, key): releases}

    def keys(self, kind):
        return [key for (each, key) in self.counts if each == kind]

    @cached_property
    def fingerprint(self):
        """Equal for listings that stand equal: the archive and the filters' choices made from them
        are kept under it (templates/releases/release_list.html), as a scheduled release going
        public changes them with no write."""
        return hash(frozenset(self.counts.items()))

    def count(self, kind, key):
        return self.counts.get((kind, key), 0)

    @property
    def total(self):
        return sum(self.count(RecordKind.MONTH, key) for key in self.keys(RecordKind.MONTH))

    def in_year(self, year):
        return sum(self.count(RecordKind.MONTH, key) for key in self.keys(RecordKind.MONTH) if key // 100 == year)

    @cached_property
    def archive(self):
        """[(year, [first day of each month])], newest first."""
        years = defaultdict(list)
        for key in sorted(self.keys(RecordKind.MONTH), reverse=True):
            years[key // 100].append(date(key // 100, key % 100, 1))
        return list(years.items())


class ListingMoments:
    """The listing counts' rows, summed at any moment into the Listings that stand then.

    A process keeps these for the newsroom generation (releases/kept.py): the rows change only
    with a write, which changes the generation, while the moment they are summed at is the
    clock's, so a scheduled release counts from its moment on. The last sum is reused until the
    next moment at which a row starts counting.
    """

    def __init__(self, rows):
        self.rows = sorted(rows, key=lambda row: row[2])  # by public_from
        self._last = (None, None, None)  # (Listings, from, until): what stands in [from, until)

    def at(self, moment):
        listings, since, until = self._last
        if listings is not None and since <= moment and (until is None or moment < until):
            return listings
        counts, since, until = defaultdict(int), None, None
        for kind, key, public_from, releases in self.rows:
            if public_from > moment:
                until = public_from
                break
            counts[(kind, key)] += releases
            since = public_from
        listings = Listings({listing: releases for listing, releases in counts.items() if releases})
        # One tuple, replaced whole: threads of one process may read it while another sums.
        self._last = (listings, since or moment, until)
        return listings
