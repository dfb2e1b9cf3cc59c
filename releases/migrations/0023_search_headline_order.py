"""Search on PostgreSQL: the releases' headline vectors beside their dates, in one index.

A results page lists the headline matches first, the newest first (releases/search/pages.py),
and reads them by walking the releases newest first until it has the page. When few headlines
hold the words (two words: 416 of 100,000), that walk reads thousands of releases, and read from
the table each is a row to fetch: 5 ms for a page at 100,000 releases. These indexes, one per
language, hold what the walk tests, the date, the public record's columns and the language's
headline vector, so it reads an index alone, about 1 ms (one per language: a walk reads no other
language's vectors). Where no headline holds the words, the walk still reads the whole index:
17 ms at 100,000 releases, which grows with the archive (the README's "Speed" says so). The
documents' vectors stay out: they are large, and the other group, whose releases match in their
text, finds its page within a few rows.

The search vectors are not model fields (releases/search/postgresql.py), so neither is this index.
"""

from django.db import migrations

LANGUAGES = ("es", "en")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX release_search_headline_order_{language} ON releases_release (published_at, id) "
            f"INCLUDE (status, embargo_until, search_title_{language})"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX release_search_headline_order_{language}")


class Migration(migrations.Migration):
    dependencies = [("releases", "0022_headline_text_found_as_written")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
