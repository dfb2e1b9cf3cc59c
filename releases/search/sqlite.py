"""Search on SQLite: an FTS5 index kept by triggers, read newest first.

`release_search` is an FTS5 table with, for each page language, the headline a page shows and
the whole release as it shows it (title, summary, body, background; on English pages the
English text of each field where there is one, else the Spanish text). Its rowid is the release's.
- Triggers on the release table keep it current, written in plain SQL (no function of ours), so
  every writer does: save(), `update()`, `bulk_create()`, imports, the sqlite3 shell.
- Contentless (`content=''`): it holds the index, not a second copy of the text; `detail=column`
  records which column holds a word, not where (a quarter of the size, faster to read), and
  `prefix='3'` indexes every word's first three letters, so that short beginnings cost no more
  than a word.
- Its tokenizer `unicode61 remove_diacritics 2` folds case and accents as `fold()` does for
  every letter of Spanish, English and the other Latin-script languages (ñ is n, ü is u; only
  rarities such as ß differ), so "mexico" finds "México".

Every word of the query must be in the text: as a whole word, and a word of MIN_PREFIX letters
or more also as the beginning of a longer one ("vigil" finds "vigilancia", "mexic" "México"),
which stands in for the stemming SQLite lacks. Snippets are made in Python for the rows of the
page shown (newsroom/snippets.py).

Django alters a SQLite table by copying it into a new one, which leaves the triggers behind:
after every `migrate`, `restore_triggers()` puts back any that went missing and rebuilds the
index, so a later migration of the release table cannot leave search stale.
"""

import re

from django.db import connections
from django.db.models import BigIntegerField, BooleanField, ExpressionWrapper, F, Func, Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_migrate

from releases.search.query import FALLBACK_LANGUAGE, LANGUAGES, MAX_TERMS, SEARCH_FIELDS, fold

TABLE = "release_search"
TRIGGERS = ("release_search_insert", "release_search_update", "release_search_delete")
MIN_PREFIX = 3
# Letters and digits: what the unicode61 tokenizer makes a word of.
_WORD = re.compile(r"[^\W_]+")


# --- The index ---------------------------------------------------------------------------------


def _texts(row):
    """{FTS column: its SQL} for a release `row` (`new`, `old`, or the table's name)."""

    def shown(field, language):
        if language == FALLBACK_LANGUAGE:
            return f"coalesce({row}.{field}_{language}, '')"
        return f"coalesce(nullif({row}.{field}_{language}, ''), {row}.{field}_{FALLBACK_LANGUAGE}, '')"

    columns = {}
    for language in LANGUAGES:
        columns[f"title_{language}"] = shown("title", language)
        columns[f"document_{language}"] = " || char(10) || ".join(shown(field, language) for field in SEARCH_FIELDS)
    return columns


def _trigger_sql():
    names, new, old = ", ".join(_texts("new")), _texts("new"), _texts("old")
    insert = f"INSERT INTO {TABLE}(rowid, {names}) VALUES (new.id, {', '.join(new.values())});"  # noqa: S608
    # A contentless table forgets a row when given the very values it indexed.
    delete = f"INSERT INTO {TABLE}({TABLE}, rowid, {names}) VALUES ('delete', old.id, {', '.join(old.values())});"  # noqa: S608
    texts = [f"{field}_{language}" for field in SEARCH_FIELDS for language in LANGUAGES]
    changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in ["id", *texts])
    return [
        f"CREATE TRIGGER IF NOT EXISTS release_search_insert AFTER INSERT ON releases_release BEGIN {insert} END",
        # Publishing, withdrawing and other changes that leave the texts alone cost nothing here.
        f"CREATE TRIGGER IF NOT EXISTS release_search_update AFTER UPDATE ON releases_release "
        f"WHEN {changed} BEGIN {delete} {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS release_search_delete AFTER DELETE ON releases_release BEGIN {delete} END",
    ]


def _rebuild(cursor):
    """Index every release again, from nothing."""
    columns = _texts("releases_release")
    cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')")  # noqa: S608 - constants
    cursor.execute(
        f"INSERT INTO {TABLE}(rowid, {', '.join(columns)}) "  # noqa: S608 - constants
        f"SELECT id, {', '.join(columns.values())} FROM releases_release"
    )


def create_index(connection):
    """The FTS table, its triggers, and the releases already written (migration 0018)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(_texts('new'))}, content='', "
            "tokenize='unicode61 remove_diacritics 2', detail=column, prefix='3')"
        )
        for statement in _trigger_sql():
            cursor.execute(statement)
        _rebuild(cursor)


def drop_index(connection):
    with connection.cursor() as cursor:
        for trigger in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def restore_triggers(sender, using, **kwargs):
    """After `migrate`: the triggers a copy of the release table left behind, and a new index of
    everything, since whatever was written without them went unindexed."""
    connection = connections[using]
    if sender.label != "releases" or connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        found = {name for (name,) in cursor.fetchall()}
        if TABLE not in found or found.issuperset(TRIGGERS):
            return  # not migrated that far, or nothing missing
        for statement in _trigger_sql():
            cursor.execute(statement)
        _rebuild(cursor)


post_migrate.connect(restore_triggers, dispatch_uid="releases.search.sqlite.restore_triggers")


# --- Searching ---------------------------------------------------------------------------------


def fts_words(query):
    """The words of `query` as FTS5 strings, quoted so that nothing in them is FTS5 syntax: the
    distinct words as written (the tokenizer folds them as it folded the text), at most MAX_TERMS."""
    words, seen = [], set()
    for word in _WORD.findall(query):
        if fold(word) not in seen:
            seen.add(fold(word))
            words.append(f'"{word}"*' if len(word) >= MIN_PREFIX else f'"{word}"')
    return words[:MAX_TERMS]


def matching(words, column):
    """The ids of the releases whose `column` in the FTS table holds all `words`."""
    match = f"{column} : ({' AND '.join(words)})"
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match])  # noqa: S608, S611 - constants


class Unindexed(Func):
    """`+id`: the same value, by which SQLite will not look rows up. Given `id IN (matches)` it
    reads every match by its id and sorts them all, however many there are (it cannot know);
    given `+id IN (matches)` it walks the publication-date index newest first, tests each entry's
    id against the matches without reading the row, and stops once it has the page."""

    template = "+%(expressions)s"
    output_field = BigIntegerField()


def search(releases, query, language, in_headline=None):
    """`releases` matching `query`, with `search_in_title`; with `in_headline` True or False,
    only those that match in their headline, or only the others."""
    words = fts_words(query)
    if not words:
        return releases.none()
    releases = releases.alias(search_id=Unindexed(F("pk")))
    in_title = Q(search_id__in=matching(words, f"title_{language}"))
    found = releases.filter(search_id__in=matching(words, f"document_{language}")).annotate(
        search_in_title=ExpressionWrapper(in_title, output_field=BooleanField())
    )
    return found if in_headline is None else found.filter(search_in_title=in_headline)
