"""Search on PostgreSQL: a snippet text that holds no word of the query is found without a search.

Many results match a query in their headline or background alone ("instituto" in an
organisation's name, an organisation's name in its headline): their summary and body, the text
a snippet is cut from, hold none of its words. For each of them `newsroom_headline_text()`
(0027) looked for the first word as written, then capitalised, then in any case and with accents
with a regular expression over the whole text (30-40 µs), found nothing, and gave ts_headline()
the text's first 600 bytes to parse (about 130 µs), where it found nothing either and kept the
first MinWords words: two thirds of such a page's snippet cost.

The function now also takes the release's document vector (`search_es` or `search_en`), whose
weights tell the headline (A) from the summary, body and background (B, C), and any word of the
query in those parts, as a tsquery (`'centro':BC | 'ciudadano':BC`, made by
`postgresql.any_word_outside_headline()`). Where the first word is not found as written, the
vector says whether it is in those parts at all. Where it is not, the regular expression is not
run (the window starts at the text's start, as it did); and where no word of the query is there
either, the window is half as wide: ts_headline() marks nothing and keeps MinWords words of it,
as it did (fifteen words take about 100 bytes of Spanish). Where the word is in the background
alone (also C), the regular expression still looks for it, as before.

Both are last, optional arguments: a call without them works as before. (Asking the vector for
any of the query's words from inside the function, the query's lexemes read out of its text,
takes a subquery: 50-100 µs a call, more than it saves.)
"""

import importlib

from django.db import migrations

search_vectors = importlib.import_module("releases.migrations.0018_search_vectors")
headline_text_0022 = importlib.import_module("releases.migrations.0022_headline_text_found_as_written")
headline_text_0027 = importlib.import_module("releases.migrations.0027_headline_text_in_bytes")

# The query's first lexeme, as its text quotes it, in the summary, body or background (weights B
# and C of the document vector).
QUOTED_LEXEME = r"""'(''(?:[^'']|'''')+'')'"""
FIRST_WORD_OUTSIDE_THE_HEADLINE = f"((regexp_match(query::text, {QUOTED_LEXEME}))[1] || ':BC')::tsquery"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema = search_vectors.quoted_schema(schema_editor)
    accented = "".join(
        f" pattern := replace(pattern, '{letter}', '[{forms}]');"
        for letter, forms in headline_text_0022.ACCENTED.items()
    )
    schema_editor.execute(f"DROP FUNCTION {schema}.newsroom_headline_text(text, tsquery, integer)")
    schema_editor.execute(
        f"""CREATE FUNCTION {schema}.newsroom_headline_text(
            document text, query tsquery, width integer,
            document_vector tsvector DEFAULT NULL, words_outside_headline tsquery DEFAULT NULL
        )
        RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
        DECLARE
            lexeme text := {search_vectors.FIRST_LEXEME};
            bytes bytea;
            size integer;
            found integer;
            capitalised integer;
            pattern text;
            window_start integer;
            window_end integer;
        BEGIN
            IF lexeme IS NULL OR octet_length(document) <= width THEN
                RETURN document;
            END IF;
            bytes := convert_to(document, 'UTF8');
            size := octet_length(bytes);
            found := position(convert_to(lexeme, 'UTF8') IN bytes);
            capitalised := position(convert_to(upper(left(lexeme, 1)) || substr(lexeme, 2), 'UTF8') IN bytes);
            IF capitalised > 0 AND (found = 0 OR capitalised < found) THEN
                found := capitalised;
            END IF;
            IF found = 0 AND document_vector IS NOT NULL
                    AND NOT document_vector @@ {FIRST_WORD_OUTSIDE_THE_HEADLINE} THEN
                -- Not in the text: nothing to look for. Where no other word of the query is
                -- either, ts_headline() marks nothing and keeps the first words, which half the
                -- window holds.
                IF NOT document_vector @@ words_outside_headline THEN
                    width := width / 2;
                END IF;
            ELSIF found = 0 THEN
                -- Anything but a letter or digit is matched as itself.
                pattern := regexp_replace(lexeme, '([^[:alnum:]])', '\\\\\\1', 'g');
                {accented}
                found := coalesce(position(convert_to(substring(document FROM '(?i)' || pattern), 'UTF8') IN bytes), 0);
            END IF;
            window_start := greatest(1, found - width / 3);
            WHILE window_start <= size AND get_byte(bytes, window_start - 1) BETWEEN 128 AND 191 LOOP
                window_start := window_start + 1;
            END LOOP;
            window_end := least(size, window_start + width - 1);
            WHILE window_end < size AND get_byte(bytes, window_end) BETWEEN 128 AND 191 LOOP
                window_end := window_end - 1;
            END LOOP;
            RETURN convert_from(substring(bytes FROM window_start FOR window_end - window_start + 1), 'UTF8');
        END
        $$"""
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema = search_vectors.quoted_schema(schema_editor)
    schema_editor.execute(f"DROP FUNCTION {schema}.newsroom_headline_text(text, tsquery, integer, tsvector, tsquery)")
    headline_text_0027.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("releases", "0027_headline_text_in_bytes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
