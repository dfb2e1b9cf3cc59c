"""Release cards made when a release changes, kept on the database (ReleaseCard).

A page keeps the cards it renders in its process for the newsroom generation (newsroom/
fragments.py), but any change to the newsroom starts a new generation, and each process starts
empty: the first results page on a subject renders its 20 cards, about half of its time. So a
release's cards are made once more when it changes, after the change commits, and stored for
each language; a page whose cards are not kept reads them with the rows it reads anyway.

A stored card is only a copy, never trusted for being there. Its `made_from` is a digest of
what it was made from: the release's row and the rows of its issuing organisations and topics,
as they were (a stored card is not shown after an edit of anything they hold, even one no card
shows), and the code that renders it (the project's code, templates and translations, the
libraries' versions, the settings a card reads). The database computes that digest
(CardSource) in the query that reads the stored card, from the rows as they are at that moment,
and a page shows the card only where the two are the same; otherwise it reads the rows and
renders the card as before. So a page of current cards reads them in one query and no rows:
reading twenty releases' rows to check their cards cost more than the query that found them. A
change that sent no signal (an organisation renamed by a plain `QuerySet.update()`), a new
version of the code or a card not made yet costs a render, never a stale card.
`manage.py make_cards` makes those missing or not current (make serve runs it beside the
server; bench/generate.py after its bulk inserts).
"""

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import CharField, Expression
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template import Context, engines
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from newsroom.commits import pending_on_commit
from newsroom.compiled_sql import MOMENTS, CompiledPerProcess, compile_marked

CARD_TEMPLATE = "includes/release_card.html"
# Releases whose cards are made in one go by make(): their rows hold their text in both languages.
BATCH = 200


def _place(name):
    """A mark where a stored card is cut: the same in every process (cards are stored), and
    unguessable without SECRET_KEY, so that no text of a release can hold it."""
    return mark_safe(f"\ue002{salted_hmac('newsroom.cards', name).hexdigest()[:32]}\ue002")  # noqa: S308 - our own


HEADING_PLACE = _place("heading level")
SNIPPET_PLACE = _place("snippet")
_DEFERRED = object()  # its repr differs from process to process: a card made from it is never found


def render(release, organisations, topics, context=None, **values):
    """The card of `release` (`{% include CARD_TEMPLATE %}` with `values`), in the active language."""
    template = engines["django"].engine.get_template(CARD_TEMPLATE)
    shown = {"release": release, "organisations": organisations, "topics": topics, **values}
    return template.render(context.new(shown) if context is not None else Context(shown))


def listed(card, heading_level):
    """A stored list card at this heading level."""
    return mark_safe(card.replace(HEADING_PLACE, str(heading_level)))  # noqa: S308 - an autoescaped card


def searched(card):
    """A stored results card, as the two halves around its snippet, or None if it is not two."""
    halves = tuple(card.split(SNIPPET_PLACE))
    return halves if len(halves) == 2 else None


def current_card(release):
    """The stored card read with `release` (ReleaseQuerySet.with_stored_cards()) if it was made
    from what the release's card shows now, else None."""
    stored = getattr(release, "stored_card", None)
    return _current(getattr(release, "stored_card_from", None), getattr(release, "card_source", None), stored)


def _current(made_from, source, card):
    """`card` if it was made from `source` (what its release's card is made from now), else None."""
    return card if made_from is not None and made_from == source else None


class CardSource(Expression):
    """What the card of a release (a row of the query this annotates) in `language` (by default the
    active one) is made from, as its database says in the same statement: 32 hex digits, the MD5
    of code_version(), the language, and the release's row, its issuing organisation rows with
    their organisations, and its topics with the rows that list them, as each row is now.

    How a database tells a row as it is now:
    - PostgreSQL, by the row's id and `xmin`: the transaction that wrote the row's current
      version, which any UPDATE changes (even one writing the same values), kept by the database
      itself for any writer: no trigger, no column, and no text read. (The Npgsql provider of EF
      Core uses it as a row version for optimistic concurrency.) Two versions of a row written by
      one transaction share it: cards are made after a change commits (changed()), never inside it.
    - SQLite, which has no such column, by every column's value, as a JSON array.
    Either way an edit of anything those rows hold makes the card no longer current, even one no
    card shows. Checked in the database, a page reads no rows to check its cards: for a page of
    twenty, reading and hashing their rows had cost more than the query that found them."""

    output_field = CharField()

    def __init__(self, language=None):
        super().__init__()
        self.language = language

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.release_alias = query.get_initial_alias()
        resolved.language = self.language or translation.get_language()
        return resolved

    def as_sql(self, compiler, connection):
        from contacts.models import Organisation
        from releases.models import IssuingOrganisation, Release, Topic

        quote = connection.ops.quote_name
        postgresql = connection.vendor == "postgresql"

        def row(model, alias):
            """A row as it is now, as text whose end its bracket tells: no row passes for two."""
            if postgresql:
                return f"('[' || {alias}.{quote(model._meta.pk.column)} || '@' || {alias}.xmin || ']')"
            return f"json_array({', '.join(f'{alias}.{quote(field.column)}' for field in model._meta.concrete_fields)})"

        def rows(shown, tables, release_column, order):
            """The text of a release's related rows, in the order of their ids, joined."""
            where = f"{release_column} = {quote(self.release_alias)}.{quote(Release._meta.pk.column)}"
            if postgresql:
                return f"COALESCE((SELECT string_agg({shown}, ',' ORDER BY {order}) FROM {tables} WHERE {where}), '')"  # noqa: S608 - names
            # SQLite's group_concat() has no ORDER BY of its own (before 3.44): it joins the rows of
            # an ordered subquery in their order.
            ordered = f"SELECT {shown} AS shown FROM {tables} WHERE {where} ORDER BY {order}"  # noqa: S608 - names
            return f"COALESCE((SELECT group_concat(shown, ',') FROM ({ordered})), '')"  # noqa: S608 - names

        through = Release.topics.through

        def column(model, name):
            return quote(model._meta.get_field(name).column)

        issuing = (
            f"{quote(IssuingOrganisation._meta.db_table)} card_issuing JOIN {quote(Organisation._meta.db_table)} "
            f"card_organisation ON card_organisation.{column(Organisation, 'id')} = "
            f"card_issuing.{column(IssuingOrganisation, 'organisation')}"
        )
        topics = (
            f"{quote(through._meta.db_table)} card_listed JOIN {quote(Topic._meta.db_table)} card_topic "
            f"ON card_topic.{column(Topic, 'id')} = card_listed.{column(through, 'topic')}"
        )
        parts = [
            row(Release, quote(self.release_alias)),
            rows(
                f"{row(IssuingOrganisation, 'card_issuing')} || {row(Organisation, 'card_organisation')}",
                issuing,
                f"card_issuing.{column(IssuingOrganisation, 'release')}",
                f"card_issuing.{column(IssuingOrganisation, 'id')}",
            ),
            "'/'",
            rows(
                f"{row(through, 'card_listed')} || {row(Topic, 'card_topic')}",
                topics,
                f"card_listed.{column(through, 'release')}",
                f"card_topic.{column(Topic, 'id')}",
            ),
        ]
        return f"MD5(%s || {' || '.join(parts)})", [f"{code_version()}\x1d{self.language}"]


class Shown:
    """What the card of one release shows: `card`, its stored card if current (else None), and
    `rows`, what to render it from (the release, its issuing organisations, its topics), where
    they were read (else None)."""

    def __init__(self, card=None, rows=None):
        self.card, self.rows = card, rows


def _whole(card, kind):
    """Whether a stored card of `kind` can be shown: a results card has one place for its snippet."""
    return kind != "searched" or searched(card) is not None


def read(release_ids, kind, rows_of=()):
    """{id: Shown} of the published releases among `release_ids`, each with its current stored
    card of `kind` in the active language, checked by the database in one query; the rows of those
    whose card is not current, to render it, read in three queries more; and the release rows of
    the published releases among `rows_of` besides, whose text a page needs (with no card where
    their ids are not among `release_ids`)."""
    from releases.models import Release
    from releases.models.queries import listing_related

    found = {}
    for pk, made_from, source, card in _stored(list(release_ids), kind):
        card = _current(made_from, source, card)
        found[pk] = Shown(card if card is not None and _whole(card, kind) else None)
    to_render = [pk for pk, shown in found.items() if shown.card is None]
    wanted = {*to_render, *rows_of}
    if not wanted:
        return found
    rows = Release.objects.published().in_bulk(wanted)
    related = listing_related([rows[pk] for pk in to_render if pk in rows])
    for pk in wanted:
        if pk not in rows:  # not published, or gone from the public record since the first query
            found.pop(pk, None)
        else:
            found.setdefault(pk, Shown()).rows = (rows[pk], *related.get(pk, ([], [])))
    return found


def _stored(ids, kind):
    """(id, stored_card_from, card_source, stored card) of the published releases among `ids` now,
    through SQL compiled once per process for each kind, language and number of ids (rounded up to
    ten, the last id repeated), where it can be kept."""
    from releases.models import Release

    if not ids:
        return []
    connection = connections[router.db_for_read(Release)]
    size = -(-len(ids) // 10) * 10
    language = translation.get_language()

    def stored_at(moment, ids):
        published = Release.objects.published(at=moment).filter(pk__in=ids).with_stored_cards(kind)
        return published.values_list("pk", "stored_card_from", "card_source", "stored_card")

    compiled = compiled_reads.compiled(connection, (kind, language, size, code_version()), stored_at, size)
    if compiled is None:
        return stored_at(None, ids)
    values = {"moment": timezone.now(), **{("id", index): pk for index, pk in enumerate(ids)}}
    values.update({("id", index): ids[-1] for index in range(len(ids), size)})
    return compiled.rows(connection, values)


class CompiledReads(CompiledPerProcess):
    """read()'s query of stored cards, compiled once per shape: building and compiling it in the
    ORM (CardSource's subqueries) cost 2 ms of CPU, the query itself about 1.5."""

    @classmethod
    def compile(cls, connection, stored_at, size):
        marker_sets = [
            {"moment": moment, **{("id", index): (number + 1) * 10**12 + index for index in range(size)}}
            for number, moment in enumerate(MOMENTS)
        ]
        marked = lambda markers: stored_at(markers["moment"], [markers[("id", index)] for index in range(size)])  # noqa: E731
        return compile_marked(connection, marked, marker_sets)


compiled_reads = CompiledReads()


@functools.cache
def code_version():
    """What else renders a card: this project's code, templates and compiled translations (read
    once per process), the versions of Django and modeltranslation, the settings cards read, and
    the places' marks (SECRET_KEY). Any new version of the project's code changes it: narrower
    lists of "the files a card depends on" go wrong silently when a card starts using another."""
    project = Path(settings.BASE_DIR)
    folders = {Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == project}
    folders |= {project / "newsroom", *map(Path, settings.LOCALE_PATHS)}
    folders |= {Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])}
    digest = hashlib.blake2b(digest_size=16)
    for folder in sorted(folders):
        for path in sorted(path for path in folder.rglob("*") if path.suffix in {".py", ".html", ".mo"}):
            digest.update(f"{folder.name}/{path.relative_to(folder)}".encode())
            digest.update(path.read_bytes())
    facts = [
        version("django"),
        version("django-modeltranslation"),
        settings.TIME_ZONE,
        [code for code, _name in settings.LANGUAGES],  # not the names: translated, they follow the active language
        settings.MEDIA_URL,
    ]
    digest.update(repr([*facts, HEADING_PLACE, SNIPPET_PLACE]).encode())
    return digest.hexdigest()


def make(release_ids=None):
    """Make the stored cards of these releases (every release that is or will be published when
    None) where they are missing or not current; how many cards were made. Two cards a release and
    language, for the list and for results, rendered as a page renders them."""
    from releases.models import Release, ReleaseCard, Status
    from releases.models.queries import listing_related

    releases = Release.objects.filter(status=Status.PUBLISHED).order_by("pk")
    if release_ids is not None:
        releases = releases.filter(pk__in=list(release_ids))
    ids = list(releases.values_list("pk", flat=True))
    made = 0
    for start in range(0, len(ids), BATCH):
        cards = []
        # A card rendered from rows newer than its CardSource would never be found current on
        # PostgreSQL (their versions differ), but on SQLite a row changed and changed back would
        # pass for the one read: its transaction reads one state of the database throughout.
        with transaction.atomic(using=releases.db):
            sources = {language: CardSource(language) for language, _name in settings.LANGUAGES}
            found = Release.objects.filter(pk__in=ids[start : start + BATCH])
            rows = list(found.annotate(**{f"card_source_{language}": source for language, source in sources.items()}))
            current = set(
                ReleaseCard.objects.filter(release__in=rows).values_list("release_id", "language", "made_from")
            )
            for language in sources:
                with translation.override(language):
                    shown = listing_related(rows)  # in each language's order: topics sort by their name in it
                    for row in rows:
                        made_from = getattr(row, f"card_source_{language}")
                        if (row.pk, language, made_from) in current:
                            continue
                        cards.append(
                            ReleaseCard(
                                release=row,
                                language=language,
                                made_from=made_from,
                                listed=render(row, *shown[row.pk], heading_level=HEADING_PLACE),
                                searched=render(row, *shown[row.pk], snippet=SNIPPET_PLACE),
                            )
                        )
        ReleaseCard.objects.bulk_create(
            cards,
            update_conflicts=True,
            unique_fields=["release", "language"],
            update_fields=["made_from", "listed", "searched"],
        )
        made += len(cards)
    return made


class _Pending:
    """The releases changed in a transaction, whose cards are made once it commits."""

    def __init__(self):
        self.ids = set()
        self.made = False  # a test's captured callbacks stay in Django's list after they ran

    def __call__(self):
        self.made = True
        make(self.ids)


def changed(release_ids, using=DEFAULT_DB_ALIAS):
    """These releases changed (or what their cards show did): make their cards once the change
    commits (at once outside a transaction), one make() for the whole transaction."""
    pending = pending_on_commit(lambda func: isinstance(func, _Pending) and not func.made, using)
    if pending is not None:
        pending.ids.update(release_ids)
        return
    pending = _Pending()
    pending.ids.update(release_ids)  # before on_commit(), which outside a transaction runs it at once
    # robust: the change is committed whatever happens to its cards; a failure is logged, and
    # pages render those cards until they are made again.
    connections[using].on_commit(pending, robust=True)


def connect():
    """Make a release's cards again whenever it, its issuing organisations or its topics change,
    by whichever process (from ReleasesConfig.ready()). An organisation's or a topic's own edit
    remakes nothing: the cards of its releases are no longer current (their fingerprints differ),
    so pages render them until `make_cards` runs, rather than an admin save waiting for thousands."""
    from releases.models import IssuingOrganisation, Release

    def release_saved(sender, instance, using, raw=False, **kwargs):
        if not raw:
            changed([instance.pk], using)

    def row_changed(sender, instance, using, raw=False, **kwargs):
        if not raw:
            changed([instance.release_id], using)

    def topics_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
        if action in {"post_add", "post_remove", "post_clear"}:
            changed((pk_set or []) if reverse else [instance.pk], using)

    post_save.connect(release_saved, sender=Release, weak=False, dispatch_uid="cards.release")
    for signal in (post_save, post_delete):
        signal.connect(row_changed, sender=IssuingOrganisation, weak=False, dispatch_uid=f"cards.rows.{id(signal)}")
    m2m_changed.connect(topics_changed, sender=Release.topics.through, weak=False, dispatch_uid="cards.topics")
