"""Keeping the public index (releases/models/listings.py) in step with the releases.

`refresh(release_ids)` works out what each release puts on the public record now (its
RecordEntry rows), changes only the rows that differ, then recounts the listings those rows
belong to (ListingCount) and the `listed_from` of the organisations, people and topics they
name. It runs inside the transaction that changed the release, so a page never sees the
release and the index disagree, and a change that is rolled back leaves no trace in either:

- every change through releases.services ends in `announce()` (releases/signals.py), which
  refreshes the release before the transaction commits;
- anything else that saves models (the admin's inline rows, the importer's rows, a script, the
  tests' factories) is caught by the model signals connected in `connect()`: saving or deleting
  a release, an issuing organisation or a media contact, and changing a release's topics or
  mentioned organisations.

Bulk inserts and raw SQL send no signals: `manage.py rebuild_public_index` (or `rebuild()`)
builds everything again from the releases, as bench/generate.py does after its bulk inserts and
the migration that created the index did for the releases already there.

Work grows with the size of the listings a change touches (counted through their indexes),
never with the requests: list pages, archives, filters and feeds only read.

`rebuild()` and the functions it calls take the models as an argument, so that the migration
runs the same code on its historical models.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from releases.models.listings import LISTED_KINDS, RecordKind, month_key
from releases.models.states import Status

# PostgreSQL: index changes take this transaction-level advisory lock, so that two transactions
# refreshing the same listing one after the other each count what the other committed.
LOCK_KEY = 0x6E657773  # "news"
BATCH = 2000
REBUILD_BATCH = 10000  # releases
FIELDS = ("release_id", "kind", "month", "organisation_id", "topic_id", "contact_id", "public_from", "withdrawn")
# The column of RecordEntry that names each kind's subject.
COLUMN = {
    RecordKind.MONTH: "month",
    RecordKind.ISSUED: "organisation",
    RecordKind.MENTIONED: "organisation",
    RecordKind.TOPIC: "topic",
    RecordKind.CONTACT: "contact",
}


@dataclass(frozen=True)
class Models:
    """The models the index is made from and of: the app's own, or a migration's historical ones."""

    Release: type
    IssuingOrganisation: type
    MediaContact: type
    RecordEntry: type
    ListingCount: type
    Organisation: type
    Contact: type
    Topic: type

    @classmethod
    def of(cls, apps):
        return cls(
            *(apps.get_model("releases", name) for name in ("Release", "IssuingOrganisation", "MediaContact")),
            *(apps.get_model("releases", name) for name in ("RecordEntry", "ListingCount")),
            apps.get_model("contacts", "Organisation"),
            apps.get_model("contacts", "Contact"),
            apps.get_model("releases", "Topic"),
        )

    @property
    def topic_rows(self):
        return self.Release._meta.get_field("topics").remote_field.through

    @property
    def mention_rows(self):
        return self.Release._meta.get_field("mentioned_organisations").remote_field.through


def app_models():
    from django.apps import apps

    return Models.of(apps)


# --- What a release puts on the public record --------------------------------------------


def on_record(status, published_at, embargo_until, withdrawn_at):
    """(public_from, withdrawn) of a release, or None when nothing it names is on the public
    record nor will be without another change: the twins of Release.public_since and
    Release.is_on_public_record, on plain values."""
    if status == Status.PUBLISHED and published_at is not None:
        return max(published_at, embargo_until or published_at), False
    had_been_public = (
        status == Status.WITHDRAWN
        and published_at <= withdrawn_at
        and (embargo_until is None or embargo_until <= withdrawn_at)
    )
    return (published_at, True) if had_been_public else None


def states_of(models, release_ids=None):
    """{release id: (public_from, withdrawn)} of these releases (None: all) that are, or will be,
    on the public record."""
    releases = models.Release.objects.all()
    if release_ids is not None:
        rows = releases.filter(pk__in=release_ids).values_list(
            "pk", "status", "published_at", "embargo_until", "withdrawn_at"
        )
    else:
        # Every release: the published ones from release_public_order alone, no row read (a
        # release's row is long, its text before these columns); the few withdrawn ones in full.
        published = releases.filter(status=Status.PUBLISHED).values_list("pk", "published_at", "embargo_until")
        rows = [(pk, Status.PUBLISHED, at, embargo, None) for pk, at, embargo in published]
        rows += releases.filter(status=Status.WITHDRAWN).values_list(
            "pk", "status", "published_at", "embargo_until", "withdrawn_at"
        )
    return {pk: record for pk, *state in rows if (record := on_record(*state)) is not None}


def entries_of(models, release_ids, states=None):
    """{entry as a tuple of FIELDS} of these releases, from the database as it is now.
    `release_ids`: a list of ids, or a range (first, last) when `states` are already known."""
    states = states if states is not None else states_of(models, release_ids)
    if not states:
        return set()
    if isinstance(release_ids, tuple):
        rows = {"release_id__gte": release_ids[0], "release_id__lte": release_ids[1]}
    else:
        rows = {"release_id__in": list(states)}
    named = defaultdict(list)  # release id -> [(kind, column, id)]
    for release_id, organisation_id in models.IssuingOrganisation.objects.filter(**rows).values_list(
        "release_id", "organisation_id"
    ):
        named[release_id].append((RecordKind.ISSUED, "organisation_id", organisation_id))
    for release_id, organisation_id in models.mention_rows.objects.filter(**rows).values_list(
        "release_id", "organisation_id"
    ):
        named[release_id].append((RecordKind.MENTIONED, "organisation_id", organisation_id))
    for release_id, topic_id in models.topic_rows.objects.filter(**rows).values_list("release_id", "topic_id"):
        named[release_id].append((RecordKind.TOPIC, "topic_id", topic_id))
    for release_id, *people in models.MediaContact.objects.filter(**rows).values_list(
        "release_id", "press_contact_id", "spokesperson_id"
    ):
        named[release_id] += [(RecordKind.CONTACT, "contact_id", person) for person in people if person]
    entries = set()
    for release_id, (public_from, withdrawn) in states.items():
        if not withdrawn:  # a withdrawn release leaves the archive; its month names nobody
            entries.add(_entry(release_id, RecordKind.MONTH, "month", month_key(public_from), public_from, withdrawn))
        for kind, column, value in named.get(release_id, ()):
            entries.add(_entry(release_id, kind, column, value, public_from, withdrawn))
    return entries


def _entry(release_id, kind, column, value, public_from, withdrawn):
    values = dict.fromkeys(FIELDS)
    values.update(release_id=release_id, kind=str(kind), public_from=public_from, withdrawn=withdrawn)
    values[column] = value
    return tuple(values[name] for name in FIELDS)


def _rows(models, entries):
    return [models.RecordEntry(**dict(zip(FIELDS, entry, strict=True))) for entry in entries]


def _subject(entry):
    """(kind, id) of what an entry names: its month, organisation, topic or person."""
    values = dict(zip(FIELDS, entry, strict=True))
    kind = RecordKind(values["kind"])
    column = COLUMN[kind]
    return kind, values[column if column == "month" else f"{column}_id"]


# --- Bringing the index up to date --------------------------------------------------------


def refresh(release_ids, models=None):
    """Bring the index up to date with these releases (ids of existing or deleted releases)."""
    release_ids = {pk for pk in release_ids if pk is not None}
    if not release_ids:
        return
    models = models or app_models()
    with transaction.atomic(savepoint=False):
        if _differences(models, release_ids) == ([], set()):
            return
        # Worked out again under the lock, from what other transactions have committed by then.
        _serialise()
        stale, new = _differences(models, release_ids)
        models.RecordEntry.objects.filter(pk__in=[pk for pk, _entry in stale]).delete()
        models.RecordEntry.objects.bulk_create(
            models.RecordEntry(**dict(zip(FIELDS, entry, strict=True))) for entry in new
        )
        subjects = defaultdict(set)
        for entry in itertools.chain((entry for _pk, entry in stale), new):
            kind, key = _subject(entry)
            subjects[kind].add(key)
        recount(models, subjects)
        relist(models, subjects)


def _differences(models, release_ids):
    """([(pk, entry)] of the entries to delete, {entry} to add): ([], set()) when all is in step."""
    wanted = entries_of(models, release_ids)
    stale, have = [], set()
    for pk, *entry in models.RecordEntry.objects.filter(release_id__in=release_ids).values_list("pk", *FIELDS):
        entry = tuple(entry)
        if entry in wanted and entry not in have:
            have.add(entry)
        else:
            stale.append((pk, entry))
    new = wanted - have
    return stale, new


def recount(models, subjects=None):
    """Count again the listings among `subjects` ({kind: {key}}; None: every listing)."""
    now = timezone.now()
    counts = []
    for kind in LISTED_KINDS:
        keys = None if subjects is None else subjects.get(kind)
        if subjects is not None and not keys:
            continue
        column = COLUMN[kind]
        entries = models.RecordEntry.objects.filter(withdrawn=False, **{f"{column}__isnull": False})
        if kind == RecordKind.ISSUED:
            entries = entries.filter(kind=kind)
        if keys is not None:
            entries = entries.filter(**{f"{column}__in": keys})
        # Everything public already is one row (its earliest moment); each moment to come, one more.
        public = entries.filter(public_from__lte=now).values(column).annotate(at=Min("public_from"), n=Count("pk"))
        coming = entries.filter(public_from__gt=now).values(column, "public_from").annotate(n=Count("pk"))
        counts += [
            models.ListingCount(kind=kind, key=row[column], public_from=row["at"], releases=row["n"]) for row in public
        ]
        counts += [
            models.ListingCount(kind=kind, key=row[column], public_from=row["public_from"], releases=row["n"])
            for row in coming
        ]
        old = models.ListingCount.objects.filter(kind=kind)
        (old if keys is None else old.filter(key__in=keys)).delete()
    models.ListingCount.objects.bulk_create(counts, batch_size=BATCH)


def relist(models, subjects=None):
    """Set again the `listed_from` of the organisations, people and topics among `subjects`
    ({kind: {id}}; None: all of them): the earliest moment a release on the record names them."""
    targets = [
        (models.Organisation, "organisation", (RecordKind.ISSUED, RecordKind.MENTIONED)),
        (models.Contact, "contact", (RecordKind.CONTACT,)),
        (models.Topic, "topic", (RecordKind.TOPIC,)),
    ]
    for model, column, kinds in targets:
        ids = None if subjects is None else set().union(*(subjects.get(kind, ()) for kind in kinds))
        if subjects is not None and not ids:
            continue
        entries = models.RecordEntry.objects.filter(**{f"{column}__isnull": False})
        named = model.objects.all()
        if ids is not None:
            entries, named = entries.filter(**{f"{column}__in": ids}), named.filter(pk__in=ids)
        first = dict(entries.values_list(column).annotate(at=Min("public_from")).values_list(column, "at"))
        for pk, listed_from in named.values_list("pk", "listed_from"):
            if first.get(pk) != listed_from:
                model.objects.filter(pk=pk).update(listed_from=first.get(pk))


def rebuild(models=None):
    """Build the whole index again from the releases: entries, counts and listed moments.

    In ranges of release ids, written with one INSERT per batch of rows (100,000 releases name
    some 800,000 things: model instances for each would take minutes)."""
    models = models or app_models()
    with transaction.atomic():
        _serialise()
        models.RecordEntry.objects.all().delete()
        states = states_of(models)
        ids = sorted(states)
        for start in range(0, len(ids), REBUILD_BATCH):
            batch = ids[start : start + REBUILD_BATCH]
            some = {pk: states[pk] for pk in batch}
            _insert(models, entries_of(models, (batch[0], batch[-1]), states=some))
        recount(models)
        relist(models)


def _insert(models, entries):
    table = models.RecordEntry._meta.db_table
    fields = [models.RecordEntry._meta.get_field(name.removesuffix("_id")) for name in FIELDS]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Quoted names from the model's metadata; every value is a parameter.
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    adapt = connection.ops.adapt_datetimefield_value
    rows = [[adapt(value) if name == "public_from" else value for name, value in zip(FIELDS, entry, strict=True)]
            for entry in entries]  # fmt: skip
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _serialise():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


# --- Model signals: changes made outside releases.services ---------------------------------


def _release_saved_or_deleted(sender, instance, **kwargs):
    refresh([instance.pk])


def _row_saved_or_deleted(sender, instance, **kwargs):
    refresh([instance.release_id])


def _named_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A release's topics or mentioned organisations changed, from either side of the relation."""
    if action == "pre_clear" and reverse:
        # Cleared from the topic's (or organisation's) side: which releases lose it, before they do.
        side = "topic_id" if any(field.name == "topic" for field in sender._meta.fields) else "organisation_id"
        losing = sender.objects.filter(**{side: instance.pk}).values_list("release_id", flat=True)
        instance._releases_losing_it = list(losing)
    elif action in ("post_add", "post_remove"):
        refresh(pk_set if reverse else [instance.pk])
    elif action == "post_clear":
        refresh(instance.__dict__.pop("_releases_losing_it", []) if reverse else [instance.pk])


def _listing_deleted(sender, instance, **kwargs):
    """A topic or an organisation is deleted (its entries go with it): so does its listing's count."""
    kind = RecordKind.TOPIC if sender is app_models().Topic else RecordKind.ISSUED
    app_models().ListingCount.objects.filter(kind=kind, key=instance.pk).delete()


def connect():
    """Connect the model signals (from ReleasesConfig.ready())."""
    models = app_models()
    for subject in (models.Topic, models.Organisation):
        post_delete.connect(_listing_deleted, sender=subject, dispatch_uid=f"indexing.{subject.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(_release_saved_or_deleted, sender=models.Release, dispatch_uid="indexing.release")
        for rows in (models.IssuingOrganisation, models.MediaContact):
            signal.connect(_row_saved_or_deleted, sender=rows, dispatch_uid=f"indexing.{rows.__name__}")
    for rows in (models.topic_rows, models.mention_rows):
        m2m_changed.connect(_named_changed, sender=rows, dispatch_uid=f"indexing.{rows.__name__}")
