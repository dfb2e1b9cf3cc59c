"""Release cards made when a release changes, kept on the database (ReleaseCard).

A page keeps the cards it renders in its process for the newsroom generation (newsroom/
fragments.py), but any change to the newsroom starts a new generation, and each process starts
empty: the first results page on a subject renders its 20 cards, about half of its time. So a
release's cards are made once more when it changes, after the change commits, and stored for
each language; a page whose cards are not kept reads them with the rows it reads anyway.

A stored card is only a copy, never trusted for being there. Its `made_from` is the fingerprint
of what it was made from: the release's row, the rows of its issuing organisations and topics
(every column: a stored card is not shown after an edit of anything they hold, even one no card
shows) and the code that renders it (the project's code, templates and translations, the
libraries' versions, the settings a card reads). A page computes that fingerprint from the rows
it read for the card and uses the stored card only where it is the same; otherwise it renders the
card as before. A page reads those rows as the database gave them, in the queries it would read
them with anyway, and builds instances only to render a card (read()): for a page of twenty
current cards, building them cost more than the queries. A change that sent no signal (an
organisation renamed by a plain `QuerySet.update()`), a new version of the code or a card not
made yet costs a render, never a stale card. `manage.py make_cards` makes those missing or not
current (make serve runs it beside the server; bench/generate.py after its bulk inserts).
"""

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template import Context, engines
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from newsroom.commits import pending_on_commit

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


def stored_card(release, organisations, topics):
    """The stored card on `release` (read by ReleaseQuerySet.with_stored_cards()) if it was made
    from what it shows now, else None."""
    made_from = getattr(release, "stored_card_from", None)
    if made_from is None or made_from != fingerprint(release, organisations, topics):
        return None
    return release.stored_card


def fingerprint(release, organisations, topics):
    """What the card of `release` in the active language is made from, as 32 hex digits. A page
    computes it for each card it does not keep: about 50 µs for a release, two organisations
    and two topics, against 500 µs to render the card."""
    return _digest(_values(release), [_values(row) for row in organisations], [_values(row) for row in topics])


def _digest(release, organisations, topics):
    """fingerprint() of the rows' values, each row's in its model's column order."""
    digest = hashlib.blake2b(f"{code_version()}\x1d{translation.get_language()}".encode(), digest_size=16)
    for values in (release, *organisations, None, *topics):
        digest.update(b"\x1d" if values is None else _columns(values))
    return digest.hexdigest()


def _values(row):
    """Every column of the instance `row` as read, in its model's order: off the instance's dict,
    which holds what the database gave (the translated fields' descriptors cost as much as the
    rest). A deferred column is not there: the card will not be found made from it, and is rendered."""
    values = row.__dict__
    return tuple(_as_read(values.get(field.attname, _DEFERRED)) for field in row._meta.concrete_fields)


def _as_read(value):
    return value.name if isinstance(value, FieldFile) else value  # a file column once a template opened it


def _columns(values):
    """The values, each after its length, so that no text passes for two columns."""
    columns = []
    for value in values:
        text = value if type(value) is str else repr(value)
        columns.append(f"{len(text)}:{text}")
    return "\x1e".join(columns).encode("utf-8", "surrogatepass")


class Shown:
    """What the card of one release shows, as instances (a page's own rows): its stored card where
    the rows carry one (ReleaseQuerySet.with_stored_cards()) and it is current, else what to render it from."""

    def __init__(self, release, organisations, topics):
        self.shown = (release, organisations, topics)

    def current_card(self):
        return stored_card(*self.shown)

    def rows(self):
        return self.shown


class Read:
    """What the card of one release shows, as the database gave it (read by read()): each row as
    (model, its field names, their values), as Django builds an instance from. Checking a stored
    card needs the values alone; instances, which cost a page more than the queries that read
    them, are built only for a card that must be rendered."""

    def __init__(self, db, release, made_from, stored):
        self.db, self.release, self.made_from, self.stored = db, release, made_from, stored
        self.organisations, self.topics = [], []
        self._rows = None

    def current_card(self):
        if self.made_from is None:
            return None
        organisations, topics = [_in_order(row) for row in self.organisations], [_in_order(row) for row in self.topics]
        made_from = _digest(_in_order(self.release), organisations, topics)
        return self.stored if made_from == self.made_from else None

    def rows(self):
        """(the release, its issuing organisations, its topics) as instances, to render its card."""
        if self._rows is None:
            built = [
                model.from_db(self.db, names, values)
                for model, names, values in (self.release, *self.organisations, *self.topics)
            ]
            count = len(self.organisations)
            self._rows = (built[0], built[1 : 1 + count], built[1 + count :])
        return self._rows


def read(release_ids, kind, related_of=None):
    """{id: Read} of the published releases among `release_ids`, with their stored cards of `kind`
    in the active language: the queries of a page's rows and of listing_related() (of the releases
    in `related_of`, all if None), without instances."""
    from releases.models import Release
    from releases.models.queries import listing_related_rows

    releases = Release.objects.published().filter(pk__in=list(release_ids)).with_stored_cards(kind)
    found = {}
    for (release,), stored in _database_rows(releases):
        found[_value(release, "id")] = Read(releases.db, release, stored["stored_card_from"], stored["stored_card"])
    related = [pk for pk in (found if related_of is None else related_of) if pk in found]
    if related:
        issuing, topics = listing_related_rows(related)
        for (row, organisation), _annotations in _database_rows(issuing):
            found[_value(row, "release_id")].organisations.append(organisation)
        for (topic,), annotations in _database_rows(topics):
            found[annotations["listed_for"]].topics.append(topic)
    return found


def _database_rows(queryset):
    """Each row of `queryset` as the database gave it, converted as Django converts it for an
    instance: ([(model, field names, values) of its own row and of each select_related() row],
    {annotation: value})."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    results = compiler.execute_sql()
    infos = [compiler.klass_info, *compiler.klass_info.get("related_klass_infos", [])]
    shapes = []
    for info in infos:
        positions = info["select_fields"]
        names = [compiler.select[position][0].target.attname for position in positions]
        shapes.append((info["model"], names, positions[0], positions[-1] + 1))
    annotations = compiler.annotation_col_map
    for row in compiler.results_iter(results):
        parts = [(model, names, row[start:end]) for model, names, start, end in shapes]
        yield parts, {name: row[position] for name, position in annotations.items()}


def _value(row, name):
    _model, names, values = row
    return values[names.index(name)]


def _in_order(row):
    """A row's values in its model's column order, as _values() gives an instance's."""
    model, names, values = row
    by_name = dict(zip(names, values, strict=True))
    return tuple(by_name.get(field.attname, _DEFERRED) for field in model._meta.concrete_fields)


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
        rows = list(Release.objects.filter(pk__in=ids[start : start + BATCH]))
        current = set(ReleaseCard.objects.filter(release__in=rows).values_list("release_id", "language", "made_from"))
        cards = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                shown = listing_related(rows)  # in each language's order: topics sort by their name in it
                for row in rows:
                    made_from = fingerprint(row, *shown[row.pk])
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
