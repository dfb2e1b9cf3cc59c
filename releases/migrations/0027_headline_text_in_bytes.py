"""Search on PostgreSQL: `newsroom_headline_text()` finds and cuts the snippet's text by bytes.

The function (0018, 0021, 0022) cuts, around the query's first word, the part of a release's text
that ts_headline() reads. It measured, searched and cut the text by characters, and in UTF-8 each
of those walks the text from its start, character by character: the text's length, the word's
place (a byte found, then counted back into characters), the cut. A results page's texts run to
5,000 characters, its word often near their end, and the three walks cost 60-70 µs a release,
more than ts_headline() itself: 1.2-1.4 ms of a page of twenty.

It now does the same in bytes, where finding a place and cutting there cost nothing to speak of:
the text is read as its UTF-8 bytes, the word and its capitalised form are found there, and the
window (`width` bytes, a third of it before the word) is moved inside the characters at its two
ends, so that it never cuts one in two. A window holds as many characters as before less one for
each accented letter in it (600 bytes: about 590 characters of Spanish). Measured on 1,000
calls over the texts of a results page: 81-94 ms → 20-21 ms, about what reading the texts costs.
Where the word is in neither form, the regular expression of 0022 still finds it.
"""

import importlib

from django.db import migrations

search_vectors = importlib.import_module("releases.migrations.0018_search_vectors")
headline_text_0022 = importlib.import_module("releases.migrations.0022_headline_text_found_as_written")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema = search_vectors.quoted_schema(schema_editor)
    accented = "".join(
        f" pattern := replace(pattern, '{letter}', '[{forms}]');"
        for letter, forms in headline_text_0022.ACCENTED.items()
    )
    # In UTF-8 the bytes 128-191 continue a character begun before them: the window's first byte
    # moves forward past them, and its last back before a character that goes on after it.
    schema_editor.execute(
        f"""CREATE OR REPLACE FUNCTION {schema}.newsroom_headline_text(document text, query tsquery, width integer)
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
            IF found = 0 THEN
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
    headline_text_0022.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("releases", "0026_search_words_beside_filters")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
