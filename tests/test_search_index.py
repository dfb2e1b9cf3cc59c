"""Search that stays fast as the archive grows (releases/search/): the index the database keeps
whoever writes, results a page at a time in a fixed order, a bounded count, and the plans that
make it fast. The same expectations on SQLite and on PostgreSQL (the suite runs on both)."""

import re
from datetime import datetime, timedelta

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from releases.models import Release
from releases.search import pages
from releases.search.pages import SearchPaginator, page_of
from tests.factories import (
    make_organisation,
    make_release,
    make_topic,
    make_withdrawn_release,
    unsaved_published_release,
)

pytestmark = pytest.mark.django_db


def found(query, language="es"):
    return {release.slug for release in Release.objects.search(query, language)}


def in_order(query, language="es"):
    return [release.slug for release in Release.objects.search(query, language)]


# --- The index follows every way of writing ------------------------------------------------


def test_bulk_created_releases_are_found():
    now = timezone.now()
    Release.objects.bulk_create(
        unsaved_published_release(slug=f"lote-{n}", title_es=f"Lote {n}", body_es="Sobre biometría.", published_at=now)
        for n in range(3)
    )
    assert found("biometria") == {"lote-0", "lote-1", "lote-2"}


def test_a_text_changed_by_update_is_found_by_its_new_words_only():
    release = make_release(slug="cambiado", title_es="Título viejo", body_es="Palabra antigua.")
    Release.objects.filter(pk=release.pk).update(body_es="Palabra renovada.", title_en="Brand new")
    assert found("renovada") == {"cambiado"} and found("antigua") == set()
    assert found("brand", "en") == {"cambiado"}


def test_a_text_changed_in_plain_sql_is_found_by_its_new_words_only():
    release = make_release(slug="sql", body_es="Texto original.")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE releases_release SET body_es = %s WHERE id = %s", ["Texto corregido.", release.pk])
    assert found("corregido") == {"sql"} and found("original") == set()


def test_a_change_that_leaves_the_text_alone_keeps_the_release_found():
    release = make_release(slug="quieto", body_es="Vigilancia masiva.", status=Release.Status.DRAFT)
    assert found("vigilancia") == set()
    Release.objects.filter(pk=release.pk).update(status=Release.Status.PUBLISHED, published_at=timezone.now())
    assert found("vigilancia") == {"quieto"}


def test_a_deleted_release_leaves_the_index_and_the_others_stay():
    gone, kept = make_release(slug="borrado", body_es="Censura."), make_release(slug="queda", body_es="Censura.")
    gone.delete()
    assert found("censura") == {"queda"}
    kept.delete()
    assert found("censura") == set()
    make_release(slug="nuevo", body_es="Censura.")
    assert found("censura") == {"nuevo"}


def test_english_pages_read_each_field_in_english_or_else_in_spanish():
    make_release(
        slug="mixto", title_es="Espionaje", title_en="Spying", body_es="Cámaras en Oaxaca.", body_en="", summary_es=""
    )
    assert found("spying", "en") == {"mixto"} and found("oaxaca", "en") == {"mixto"}  # as /en/ shows it
    assert found("espionaje", "en") == set()  # its English page shows the English headline
    assert in_order("spying", "en") == ["mixto"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL stems words instead")
def test_sqlite_matches_short_words_whole_and_longer_ones_also_as_beginnings():
    make_release(slug="vigilancia", title_es="Informe", body_es="La vigilancia de México y la OEA.")
    assert found("vigil") == {"vigilancia"} and found("mexic") == {"vigilancia"}
    assert found("oea") == {"vigilancia"} and found("y") == {"vigilancia"}
    assert found("zzz") == set()


# --- Order and pages ------------------------------------------------------------------------


@pytest.fixture
def mentions():
    """Seven releases on "censura": three with it in the headline, four only in the text."""
    now = timezone.now()
    for n, (in_title, days) in enumerate([(0, 1), (1, 9), (0, 3), (1, 2), (0, 5), (1, 30), (0, 7)]):
        title = "Censura en el aire" if in_title else "Informe semanal"
        make_release(slug=f"r{n}", title_es=title, body_es="Hablamos de censura.", published_at=now - timedelta(days))
    return ["r3", "r1", "r5", "r0", "r2", "r4", "r6"]  # headlines by date, then the others by date


def test_headline_matches_come_first_then_the_newest(mentions):
    assert in_order("censura") == mentions


@pytest.mark.parametrize("per_page", [1, 2, 3, 7, 10])
def test_pages_follow_the_same_order_whatever_their_size(mentions, per_page):
    paginator = SearchPaginator(Release.objects.search("censura", "es"), per_page)
    assert paginator.count == 7 and paginator.counted
    pages_read = [paginator.page(number) for number in paginator.page_range]
    assert [release.slug for page in pages_read for release in page] == mentions
    assert [page.has_next() for page in pages_read] == [True] * (paginator.num_pages - 1) + [False]


@pytest.mark.parametrize("window", [1, 2, 3, 7, 50])
def test_a_window_on_the_headline_matches_changes_no_page(mentions, window):
    """page_of(window=…): headline matches walked among the newest releases, the older ones read
    apart; whatever the window, the same pages as without one."""

    def pages(per_page, **options):
        paginator = SearchPaginator(Release.objects.search("censura", "es"), per_page)
        return [
            [r.slug for r in page_of(paginator.found, bottom, min(bottom + per_page, 7), **options)]
            for bottom in range(0, 7, per_page)
        ]

    for per_page in (1, 2, 3, 7):
        assert pages(per_page, window=window) == pages(per_page), (per_page, window)
    make_release(slug="borrador", title_es="Censura", status=Release.Status.DRAFT, published_at=None)
    assert [r.slug for r in page_of(Release.objects.search("censura", "es"), 0, 7, window=window)] == mentions


def test_page_of_reads_a_slice_of_a_filtered_search(mentions):
    organisation = make_organisation(slug="red")
    make_release(slug="de-la-red", issuing_organisations=[organisation], title_es="Censura", body_es="Censura.")
    filtered = Release.objects.search("censura", "es").filter(issuing_organisations=organisation)
    assert [release.slug for release in page_of(filtered, 0, 5)] == ["de-la-red"]
    everything = Release.objects.search("censura", "es")
    assert [release.slug for release in page_of(everything, 2, 4)] == ["r1", "r5"]  # after de-la-red and r3


def test_a_page_is_cut_in_a_subquery_so_snippets_are_made_for_its_rows_only(mentions):
    """Under an OFFSET the database computes every column of the rows it skips too: PostgreSQL's
    ts_headline() for the 80 results before page 5. The page's ids are cut in a subquery instead,
    and the query that computes the snippets reads only those."""
    page = page_of(Release.objects.search("censura", "es"), 2, 4)
    assert not page.query.is_sliced
    assert [release.slug for release in page] == ["r5", "r0"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql, params = page.query.sql_with_params()
            cursor.execute(f"EXPLAIN (VERBOSE) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
        # ts_headline is in the output of the outer query's nodes only, above no Limit.
        limits = [n for n, line in enumerate(plan) if "Limit" in line]
        headlines = [n for n, line in enumerate(plan) if "ts_headline" in line]
        assert headlines and limits and max(headlines) < min(limits), "\n".join(plan)


def test_past_the_counted_matches_pages_go_on_while_there_are_results(mentions, monkeypatch):
    monkeypatch.setattr(pages, "COUNTED", 3)
    monkeypatch.setattr(pages, "MAX_RESULTS", 6)
    paginator = SearchPaginator(Release.objects.search("censura", "es"), 2)
    assert not paginator.counted and paginator.count == 6 and paginator.num_pages == 3
    read = [paginator.page(number) for number in (1, 2, 3)]
    assert [release.slug for page in read for release in page] == mentions[:6]
    assert [page.has_next() for page in read] == [True, True, False]  # the list stops at MAX_RESULTS
    with pytest.raises(EmptyPage):
        paginator.page(4)
    monkeypatch.setattr(pages, "MAX_RESULTS", 20)
    paginator = SearchPaginator(Release.objects.search("censura", "es"), 2)
    assert [paginator.page(number).has_next() for number in (3, 4)] == [True, False]  # 7 results: 4 pages
    with pytest.raises(EmptyPage):
        paginator.page(5)


def test_the_search_page_says_more_than_and_pages_on(client, monkeypatch):
    monkeypatch.setattr(pages, "COUNTED", 3)
    now = timezone.now()
    Release.objects.bulk_create(
        unsaved_published_release(slug=f"r{n}", title_es="Informe", body_es="Censura.", published_at=now - timedelta(n))
        for n in range(25)
    )
    html = client.get("/es/buscar/", {"q": "censura"}).content.decode()
    assert "Más de 3 comunicados coinciden con “censura”." in html
    assert "Página 1</span>" in html and "Página 1 de" not in html and 'rel="next"' in html
    assert html.index("/r0/") < html.index("/r1/") < html.index("/r19/") and "/r20/" not in html
    html = client.get("/es/buscar/", {"q": "censura", "page": 2}).content.decode()
    assert "Página 2</span>" in html and 'rel="prev"' in html and 'rel="next"' not in html
    assert "/r20/" in html and "/r24/" in html and "/r19/" not in html


def test_a_search_page_past_its_results_is_not_found(client, mentions, monkeypatch):
    monkeypatch.setattr(pages, "COUNTED", 3)
    assert client.get("/es/buscar/", {"q": "censura", "page": 2}).status_code == 404
    assert client.get("/es/buscar/", {"q": "censura", "page": 1}).status_code == 200


@pytest.mark.parametrize("per_page", [1, 3, 7])
def test_headline_matches_read_apart_give_the_same_pages(mentions, per_page):
    """What the search page does (releases/search/views.py): its headline matches and the others
    from search(in_headline=…), not by splitting the search; the same pages, filters included."""
    topic = make_topic(slug="medios")
    for slug in ("r0", "r3", "r4"):
        Release.objects.get(slug=slug).topics.add(topic)

    def search(in_headline=None, **filters):
        return Release.objects.search("censura", "es", in_headline=in_headline).filter(**filters)

    for filters in ({}, {"topics": topic}):
        whole = SearchPaginator(search(**filters), per_page)
        apart = SearchPaginator(
            search(**filters), per_page, groups=lambda f=filters: [search(True, **f), search(False, **f)]
        )
        assert apart.count == whole.count
        for number in whole.page_range:
            assert [r.slug for r in apart.page(number)] == [r.slug for r in whole.page(number)]
    assert {r.slug for r in search(True)} == {"r1", "r3", "r5"}
    assert {r.slug for r in search(False)} == {"r0", "r2", "r4", "r6"}


def test_hidden_releases_count_for_nothing(mentions):
    make_release(slug="borrador", title_es="Censura", status=Release.Status.DRAFT)
    make_release(slug="futuro", title_es="Censura", published_at=timezone.now() + timedelta(days=1))
    paginator = SearchPaginator(Release.objects.search("censura", "es"), 20)
    assert paginator.count == 7


# --- Plans --------------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_search_reads_the_fts5_index():
    make_release(slug="mexico", title_es="Espionaje en México")
    for language in ("es", "en"):
        plan = Release.objects.search("mexico", language).explain()
        assert "SCAN release_search VIRTUAL TABLE" in plan, plan
    assert found("mexico") == {"mexico"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_reads_a_page_newest_first_without_sorting_every_match(mentions):
    """`+id IN (…)`: the date index, walked newest first, not every match read and sorted."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # The planner's statistics of an archive of 20,000 releases (as ANALYZE finds them in
        # bench/generate.py's), where the choice matters: almost all published, dates distinct.
        cursor.execute(
            "UPDATE sqlite_stat1 SET stat = CASE WHEN idx LIKE '%%status%%' OR idx LIKE '%%_by_id%%' "
            "THEN '20000 20000' ELSE '20000 1' END WHERE tbl = 'releases_release'"
        )
        cursor.execute("ANALYZE sqlite_schema")
    plan = page_of(Release.objects.search("censura", "es"), 0, 20).explain()
    # The headline matches, then the others; in a window, the older headline matches too (read
    # only if the window's do not fill the page). Either date index will do
    # (releases_release_published_at, or the public index's release_public_order, which also
    # covers the columns): what matters is that one is walked.
    for group in ("search_group_0", "search_group_1"):
        walked = rf"(CO-ROUTINE|MATERIALIZE) {group}\n.*USING (COVERING )?INDEX \w+ \(published_at[<>]\?"
        assert re.search(walked, plan), plan
    windowed = page_of(Release.objects.search("censura", "es"), 0, 20, window=2).explain()
    for group in ("recent_headline_matches", "older", "search_group_1"):
        walked = rf"(CO-ROUTINE|MATERIALIZE) {group}\n.*USING (COVERING )?INDEX \w+ \(published_at[<>]\?"
        assert re.search(walked, windowed), windowed
    assert "TEMP B-TREE FOR ORDER BY" not in plan.split("SCAN search_group_0")[0], plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors are PostgreSQL's")
def test_postgresql_keeps_the_vectors_out_of_the_model():
    """Django never selects them: a list of releases fetches no vectors."""
    make_release(slug="x")
    sql = str(Release.objects.all().query)
    assert "search_es" not in sql and "search_title" not in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_es IS NOT NULL, search_title_en IS NOT NULL FROM releases_release")
        assert cursor.fetchall() == [(True, True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors are PostgreSQL's")
def test_postgresql_reads_a_pages_headline_matches_off_an_index_alone(mentions):
    """The headline group tests each release's headline vector only (a headline is part of its
    document), and release_search_headline_order_es holds it beside the date, so the walk reads that
    index without the table's rows: two-word headline matches at 100,000 releases, 5 ms to 1.
    (Which index the planner walks depends on the archive's size and on what VACUUM has seen, so
    what is checked is that this one can answer alone: every column the group reads is in it.)"""
    headline_matches = Release.objects.search("censura", "es", in_headline=True)
    group = headline_matches.order_by("-published_at", "-id").values("pk")[:20]
    sql, _params = group.query.sql_with_params()
    read = set(re.findall(r'"releases_release"\."(\w+)"', sql))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute "
            "WHERE attrelid = 'release_search_headline_order_es'::regclass AND attnum > 0"
        )
        in_index = {name for (name,) in cursor.fetchall()}
    assert "search_title_es" in read and read <= in_index, read - in_index
    assert [row["pk"] for row in group] == [Release.objects.get(slug=slug).pk for slug in ("r3", "r1", "r5")]


# Why the tests of newsroom_headline_text() alone run on PostgreSQL only.
SNIPPET_TEXT_IS_POSTGRESQLS = (
    "newsroom_headline_text() is a PostgreSQL function (migrations 0027-0029); SQLite cuts its "
    "snippets in Python (test_search.py); runs in make test's PostgreSQL leg"
)


def headline_text(document, query, width, parse="websearch_to_tsquery", configuration="newsroom_es"):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT newsroom_headline_text(%s, {parse}(%s::regconfig, %s), %s)",
            [document, configuration, query, width],
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_headline() is PostgreSQL's")
@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("vigilancia estatal", "vigilancia", "vigilancia"),  # as written
        ("Vigilancia estatal", "vigilancia", "Vigilancia"),  # capitalised
        ("Sobre MÉXICO hoy", "mexico", "MÉXICO"),  # in any case, with accents
        ("Sobre méxico hoy", "México", "méxico"),
        ("la vigilancia y la Vigilancia", "vigilancia", "vigilancia y"),  # the first, either way written
        ("Vigilancia, luego vigilancia", "vigilancia", "Vigilancia,"),
        ("otra cosa", "vigilancia", None),  # not in the text: its start
    ],
)
def test_postgresql_snippets_read_the_text_around_the_first_match(text, query, found):
    """newsroom_headline_text() (0022, 0027): the part of a long text ts_headline() reads starts a
    third of its width (in bytes) before the query's first word, found without lowering or
    unaccenting the text, and holds as many bytes as it can without cutting a character."""
    document = "x" * 1000 + " " + text + " " + "y" * 1000
    cut = headline_text(document, query, 30)
    assert 30 - 3 <= len(cut.encode()) <= 30 and cut in document
    assert cut[10:].startswith(found) if found else cut == "x" * 30, cut


@pytest.mark.skipif(connection.vendor != "postgresql", reason=SNIPPET_TEXT_IS_POSTGRESQLS)
@pytest.mark.parametrize("width", [7, 8, 9, 10, 11, 30])
@pytest.mark.parametrize("before", range(4))
def test_postgresql_snippet_text_never_cuts_a_character_in_two(width, before):
    """0027 cuts the text by its UTF-8 bytes: wherever the window starts and ends, inside a letter
    of two bytes or an emoji of four, it moves to whole characters."""
    document = "x" * before + "ñ😀é" * 40 + " vigilancia " + "€😀" * 40
    cut = headline_text(document, "vigilancia", width)
    assert cut and cut in document and len(cut.encode()) <= width, cut
    assert len(cut.encode()) >= width - 6, cut  # no more than a character short at either end


def headline_text_of_release(title, text, query, width, background=""):
    """newsroom_headline_text() as a results page calls it (0029): beside the release's document
    vector, made from its parts as the trigger makes it, and the query weighted as its text is
    (postgresql.query_outside_headline())."""
    from django.contrib.postgres.search import SearchVectorField
    from django.db.models import Func, Value

    from releases.search.postgresql import HeadlineText, query_outside_headline, tsquery

    parsed = tsquery(query, "es")
    vector = Func(
        *(Value(part) for part in (title, "", text, background)),
        function="newsroom_release_document_es",
        output_field=SearchVectorField(),
    )
    cut = HeadlineText(Value(text), parsed, Value(width), vector, query_outside_headline(query, parsed))
    return Release.objects.filter(pk=make_release().pk).annotate(cut=cut).values_list("cut", flat=True).get()


@pytest.mark.skipif(connection.vendor != "postgresql", reason=SNIPPET_TEXT_IS_POSTGRESQLS)
@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("vigilancia estatal", "vigilancia", "vigilancia"),
        ("Sobre MÉXICO hoy", "mexico", "MÉXICO"),  # not as written: the vector says it is there
        ("la Vigilancia de méxico", "mexico vigilancia", "méxico"),
    ],
)
def test_postgresql_snippets_beside_the_vector_read_the_same_text_where_a_word_is_there(text, query, found):
    """Given the document vector (0028), a text that holds the query's words is cut as before."""
    document = "x" * 1000 + " " + text + " " + "y" * 1000
    cut = headline_text_of_release("Titular", document, query, 30)
    assert cut == headline_text(document, query, 30) and cut[10:].startswith(found), cut


WORDS = " ".join(f"palabra{number}" for number in range(300))


@pytest.mark.skipif(connection.vendor != "postgresql", reason=SNIPPET_TEXT_IS_POSTGRESQLS)
@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Instituto del Agua", "instituto"),  # in the headline alone: the text's start
        ("Alianza", "alianza vigilancia"),  # the first word in the headline alone, the other in the text
        ("Instituto", "vigilancia instituto"),  # the first word in the text, the other in the headline
    ],
)
def test_postgresql_snippet_text_that_cannot_hold_the_query_is_its_first_words(title, query):
    """Where no fragment of a release's summary and body satisfies the query, ts_headline() marks
    nothing and keeps the first 15 words of the text it is given: that text, the window wherever it
    starts, is cut after its 21st word (0029), and the snippet is the same as from the whole window."""
    document = WORDS[:2000] + " vigilancia " + WORDS
    window = headline_text(document, query, 600)
    cut = headline_text_of_release(title, document, query, 600)
    assert window.startswith(cut) and len(cut.split()) == 21, cut
    assert ts_headline_of(cut, query) == ts_headline_of(window, query)


@pytest.mark.skipif(connection.vendor != "postgresql", reason=SNIPPET_TEXT_IS_POSTGRESQLS)
@pytest.mark.parametrize(
    ("query", "background"),
    [
        ("vigilancia", ""),
        ("vigilancia instituto", ""),
        ("instituto -palabra7", ""),  # a fragment may lack the word that the rest of the text holds
        ("agua", "Agua"),  # in the background, weighted as the text is: it may be in the text
    ],
)
def test_postgresql_snippet_text_that_may_hold_the_query_is_the_whole_window(query, background):
    """Where the vector says the text may hold the whole query, or the query excludes a word, the
    window is not cut to words."""
    document = WORDS[:2000] + " vigilancia instituto " + WORDS
    cut = headline_text_of_release("Titular", document, query, 600, background=background)
    assert cut == headline_text(document, query, 600) and len(cut.encode()) > 590, cut


@pytest.mark.skipif(connection.vendor != "postgresql", reason=SNIPPET_TEXT_IS_POSTGRESQLS)
def test_postgresql_results_give_the_snippet_text_the_query_weighted_as_the_text_is():
    sql = str(Release.objects.search("instituto", "es").query)
    weighted = (
        r"newsroom_headline_text\(.*\"search_es\", \(regexp_replace\(\(websearch_to_tsquery\([^)]*instituto\)\)::text"
    )
    assert re.search(weighted, sql, re.DOTALL), sql


def ts_headline_of(text, query="instituto vigilancia"):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline('newsroom_es', %s, websearch_to_tsquery('newsroom_es', %s), "
            "'MaxWords=35, MinWords=15, MaxFragments=2')",
            [text, query],
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_headline() is PostgreSQL's")
def test_postgresql_snippet_words_are_matched_as_written_not_as_patterns():
    """A word with other characters than letters is looked for as it is: "c.d" is not "C2D"."""
    assert headline_text("x" * 100 + " C2D C.D", "c.d", 9, parse="to_tsquery", configuration="simple") == "2D C.D"


# --- Migrations ---------------------------------------------------------------------------------

BEFORE_VECTORS = ("releases", "0017_roles_add_people_and_issuing_organisations")  # the migration before 0018


def search_schema():
    """What the search migration made, as the database describes it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'release_search%%'")
            return dict(cursor.fetchall())
        cursor.execute("SELECT name, type FROM sqlite_master WHERE name LIKE 'release_search%%'")
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_the_search_migration_indexes_the_releases_there_and_goes_back():
    from tests.test_migrations import migrate

    apps = migrate(BEFORE_VECTORS)
    before = search_schema()
    OldRelease = apps.get_model("releases", "Release")
    fields = {"title": "T", "body": "B", "status": "published", "published_at": timezone.now() - timedelta(days=1)}
    OldRelease.objects.create(slug="previa", title_es="Vigilancia previa", body_es="Cámaras.", **fields)
    try:
        migrate()
        assert found("vigilancia") == {"previa"} and found("camaras", "en") == {"previa"}
        apps = migrate(BEFORE_VECTORS)
        assert search_schema() == before  # 0006's expression indexes (PostgreSQL), no FTS table (SQLite)
        OldRelease = apps.get_model("releases", "Release")
        OldRelease.objects.create(slug="despues", title_es="Sin índice", body_es="Nada.", **fields)  # no trigger left
        migrate()
        assert found("vigilancia") == {"previa"} and found("indice") == {"despues"}
    finally:
        migrate()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="Django rebuilds tables to alter them on SQLite only")
@pytest.mark.django_db(transaction=True)
def test_sqlite_triggers_come_back_after_a_migration_rebuilds_the_release_table():
    from django.core.management import call_command

    from releases.search import sqlite

    make_release(slug="antes", body_es="Censura previa.")
    try:
        with connection.schema_editor() as editor:
            editor._remake_table(Release)  # how Django alters a SQLite table: a copy, without triggers
        assert not set(sqlite.TRIGGERS) & set(search_schema())
        make_release(slug="durante", body_es="Censura sin índice.")  # written while nothing indexes it
    finally:
        call_command("migrate", verbosity=0)
    assert set(sqlite.TRIGGERS) <= set(search_schema())
    make_release(slug="despues", body_es="Censura otra vez.")
    assert found("censura") == {"antes", "durante", "despues"}


# --- What visitors type -------------------------------------------------------------------------


@pytest.fixture
def informacion():
    return make_release(
        slug="informacion",
        title_es="Acceso a la información pública",
        title_en="Access to public information",
        body_es="Niñas y niños vigilados: la Secretaría de Protección guarda sus datos.",
    )


@pytest.mark.parametrize(
    "query",
    ["informacion", "INFORMACIÓN", "Informacion publica", "ninos", "NIÑOS", "secretaria proteccion", "niñas"],
)
def test_accents_and_enye_fold_both_ways(informacion, query):
    assert found(query) == {"informacion"}


HOSTILE = [
    '"',
    '"información',
    'información"',
    "información OR vigilancia",
    "OR",
    "AND",
    "NOT",
    "información NOT",
    "NEAR(información pública)",
    "NEAR",
    "información*",
    "*",
    "inform*",
    "-información",
    "información -vigilancia",
    "^información",
    "title_es:información",
    "document_es : información",
    "(información",
    "información)",
    "((((información",
    "información {pública}",
    "información + pública",
    "información\x00pública",
    "\x00",
    "'; DROP TABLE releases_release; --",
    "información " * 170,
    "x" * 2000,
    "información " + "a" * 2000,
    "información\u200bpública",
    "𝔦𝔫𝔣𝔬𝔯𝔪𝔞𝔠𝔦𝔬𝔫",
]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("path", ["/es/buscar/", "/en/search/"])
def test_no_query_breaks_the_search_page(client, informacion, path, query):
    response = client.get(path, {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("query", ['"información', "información)", "((información", "información*", "información)("])
def test_syntax_characters_are_read_as_spaces(informacion, query):
    """An FTS5 or tsquery operator typed by a visitor is punctuation, not an error or a query."""
    assert found(query) == {"informacion"}


def test_fts_syntax_words_are_searched_for_as_words(informacion):
    make_release(slug="near", title_es="La información está near the office", body_es="Datos.")
    assert found("información near") == {"near"}


def statements_of(client, searches, *, naming):
    """{search's parameters: the SQL of its page's statements holding `naming`}."""
    statements = {}
    for parameters in searches:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/es/buscar/?{parameters}").status_code == 200
        statements[parameters] = [query["sql"] for query in queries if naming in query["sql"]]
    return statements


def analysed(sql):
    """PostgreSQL's plan of `sql`, as it ran (EXPLAIN ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("probe", [1, 3, 4, 500])
def test_a_filtered_search_counting_its_headline_matches_first_changes_no_page(probe, monkeypatch):
    """page_of() given the headline matches without the filters (three here): fewer than
    HEADLINE_PROBE, the filtered ones are read from those alone; as many or more, walked as before.
    Either way, every page is the slice of the whole search sorted by the ORM."""
    monkeypatch.setattr(pages, "HEADLINE_PROBE", probe)
    topic, other = make_topic(slug="redes"), make_topic(slug="otras")
    for n in range(9):
        release = make_release(
            slug=f"r{n}",
            title_es="Red de vigilancia" if n % 3 == 0 else f"Comunicado {n}",
            body_es="Una red de vigilancia." if n % 2 else "Sin las palabras.",
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        release.topics.add(topic if n % 4 else other)
    found = Release.objects.search("red vigilancia", "es").filter(topics=topic)
    groups = [found.filter(search_in_title=in_title) for in_title in (True, False)]
    before_filters = Release.objects.search("red vigilancia", "es", in_headline=True)
    expected = [release.slug for release in found]
    assert expected == ["r3", "r6", "r1", "r5", "r7"]  # r0, a headline match, is the other topic's
    for bottom, top in ((0, 2), (2, 4), (0, 5), (1, 3), (4, 5)):
        page = page_of(found, bottom, top, [*groups, before_filters])
        assert [release.slug for release in page] == expected[bottom:top], (bottom, top)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's plan: only there is a filtered search counted first (probes_headlines); "
    "runs in make test's PostgreSQL leg",
)
def test_a_filtered_search_of_several_words_walks_nothing_when_its_headline_matches_are_few(client):
    """Where the words are in few headlines, the page reads those and does not walk the headline
    index (EXPLAIN ANALYZE: that branch never runs); a search of one word, or without filters, is
    not counted first (the database judges one word's share well), nor one narrowed to a topic
    or an organisation, whose headline matches are read off the indexes of the words and of the
    ids on the releases' rows (CompiledSearch.page())."""
    topic = make_topic(slug="redes")
    for n in range(6):
        release = make_release(title_es="Red de vigilancia" if n < 2 else f"Comunicado {n}", body_es="Una red.")
        release.topics.add(topic)
    year = timezone.localtime().year
    searches = (f"q=red+vigilancia&year={year}", f"q=vigilancia&year={year}", "q=red+vigilancia")
    probed = statements_of(client, (*searches, "q=red+vigilancia&topic=redes"), naming="headline_probe")
    assert probed[f"q=vigilancia&year={year}"] == probed["q=red+vigilancia"] == []
    assert probed["q=red+vigilancia&topic=redes"] == []
    narrowed = statements_of(client, ["q=red+vigilancia&topic=redes"], naming="search_topics")
    assert narrowed["q=red+vigilancia&topic=redes"], "the page reads the topic off the ids on the rows"
    (sql,) = probed[f"q=red+vigilancia&year={year}"]
    plan = analysed(sql)
    lines = plan.splitlines()

    def branch(condition):  # the first node under the one-time filter that chooses a branch
        start = next(n for n, line in enumerate(lines) if "One-Time Filter" in line and condition in line)
        return next(line for line in lines[start + 1 :] if "Limit" in line)

    assert "never executed" in branch(f">= {pages.HEADLINE_PROBE})"), plan  # the walk
    assert "never executed" not in branch(f"< {pages.HEADLINE_PROBE})"), plan  # the few, read


@pytest.mark.parametrize("walk", [(1, 1), (2, 3), (1000, 300)])
def test_a_search_walked_along_its_topic_or_organisation_changes_no_page(walk, monkeypatch):
    """page_of(entries=…): each group walked along the chosen topic's or organisation's index
    entries newest first, ENTRY_WALK of them at most, the older matches read apart. Whatever the
    walk, every page is the slice of the whole search sorted by the ORM: nothing the topic names
    that the search does not find (a scheduled or a withdrawn release, a release without the
    words), nothing of another topic, and nothing left out past the walk."""
    monkeypatch.setattr(pages, "ENTRY_WALK", walk)
    topic, other = make_topic(slug="redes"), make_topic(slug="otras")
    organisation = make_organisation(slug="red")
    now = timezone.now()
    for n in range(12):
        release = make_release(
            slug=f"r{n}",
            title_es="Red de vigilancia" if n % 3 == 0 else f"Comunicado {n}",
            body_es="Una red de vigilancia." if n % 2 else "Sin las palabras.",
            published_at=now - timedelta(hours=n + 1),
            issuing_organisations=[organisation] if n % 5 else [],
        )
        release.topics.add(topic if n % 4 else other)
    scheduled = make_release(slug="programado", title_es="Red de vigilancia", published_at=now + timedelta(days=1))
    withdrawn = make_withdrawn_release(
        slug="retirado", title_es="Red de vigilancia", issuing_organisations=[organisation]
    )
    scheduled.topics.add(topic)
    withdrawn.topics.add(topic)
    narrowed = [
        (topic.record_entries.all(), {"topics": topic.pk}),
        (organisation.record_entries.issued(), {"issuing_organisations": organisation.pk}),
    ]
    for query in ("red vigilancia", "vigilancia"):
        before_filters = Release.objects.search(query, "es", in_headline=True)
        for entries, narrowing in narrowed:
            found = Release.objects.search(query, "es").filter(**narrowing)
            groups = [found.filter(search_in_title=in_title) for in_title in (True, False)]
            expected = [release.slug for release in found]
            assert len(expected) >= 5 and "programado" not in expected and "retirado" not in expected
            for given in (groups, [*groups, before_filters]):
                for bottom, top in ((0, 2), (2, 4), (1, 3), (3, 7), (0, len(expected))):
                    page = page_of(found, bottom, top, given, entries=entries.in_lists_now())
                    assert [release.slug for release in page] == expected[bottom:top], (query, narrowing, bottom, top)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's plan: only there does a narrowed search walk its entries (walked_entries()); "
    "runs in make test's PostgreSQL leg",
)
def test_a_search_narrowed_to_a_topic_walks_the_topic_s_entries_where_many_match(client, monkeypatch):
    """More than COUNTED matches: the others are walked along the topic's index entries, and the
    walk fills the page, so the older ones are not read (EXPLAIN ANALYZE). As many as COUNTED or
    fewer, or without a topic, nothing is walked along entries."""
    monkeypatch.setattr(pages, "COUNTED", 3)
    topic = make_topic(slug="redes")
    for n in range(22):
        release = make_release(title_es=f"Comunicado {n}", body_es="Una red de vigilancia." if n else "Ornitorrinco.")
        release.topics.add(topic)
    searches = ("q=vigilancia&topic=redes", "q=vigilancia", "q=ornitorrinco&topic=redes")
    walked = statements_of(client, searches, naming="walked_others")
    assert walked["q=vigilancia"] == walked["q=ornitorrinco&topic=redes"] == []
    (sql,) = walked["q=vigilancia&topic=redes"]
    plan = analysed(sql)
    assert "Index Only Scan Backward using recordentry_topic" in plan, plan
    older = plan.split("CTE Scan on walked_others")[-1]
    assert re.search(r"Limit \(never executed\)", older), plan


def test_a_search_narrowed_to_a_topic_and_a_year_walks_that_year_s_entries_alone():
    """The search form's index entries (ReleaseFilterForm.index_entries()): the organisation's
    if one is chosen, else the topic's, in the year chosen; walked, they give the pages the ORM
    sorts, releases of other years being only in the entries of no year."""
    from releases.forms import SearchForm

    topic, organisation = make_topic(slug="redes"), make_organisation(slug="red")
    for n, year in enumerate([2024, 2023, 2024, 2022, 2024, 2023]):
        release = make_release(
            slug=f"r{n}",
            title_es="Red de vigilancia" if n % 2 else f"Comunicado {n}",
            body_es="Una red de vigilancia.",
            published_at=timezone.make_aware(datetime(year, 6, n + 1, 12)),
            issuing_organisations=[organisation] if n < 4 else [],
        )
        release.topics.add(topic)
    choices = {"organisations": [organisation], "topics": [topic], "years": [2022, 2023, 2024]}
    for data, narrowing in (
        ({"topic": "redes", "year": "2024"}, {"topics": topic.pk}),
        ({"organisation": "red", "topic": "redes"}, {"issuing_organisations": organisation.pk}),
        ({"topic": "redes"}, {"topics": topic.pk}),
    ):
        form = SearchForm({"q": "vigilancia", **data}, **choices)
        entries = form.index_entries()
        walked = {entry.release_id for entry in entries}
        found = form.filter(Release.objects.search("vigilancia", "es"))
        assert walked >= {release.pk for release in found}
        expected = [release.slug for release in found]
        assert len(expected) >= 3 and len(found.filter(**narrowing)) == len(expected)
        for bottom, top in ((0, 1), (1, 3), (0, len(expected))):
            page = page_of(found, bottom, top, entries=entries.in_lists_now())
            assert [release.slug for release in page] == expected[bottom:top], (data, bottom, top)
    in_2024 = SearchForm({"q": "vigilancia", "topic": "redes", "year": "2024"}, **choices).index_entries()
    assert {entry.release.published_at.year for entry in in_2024} == {2024}
    assert SearchForm({"q": "vigilancia", "year": "2024"}, **choices).index_entries() is None


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="stored vectors and websearch's exclusions are PostgreSQL's; runs in make test's PostgreSQL leg",
)
def test_words_are_read_off_the_document_alone_and_an_exclusion_still_finds_headlines(client):
    """postgresql.reads_document_alone(): a headline is part of its document, so the count of a
    query reads the document's vector alone; a query excluding a word (which a headline may
    match where its document does not) tests the headline too."""
    make_release(slug="titular", title_es="Vigilancia estatal", body_es="Una red masiva.")
    make_release(slug="texto", title_es="Informe", body_es="Vigilancia estatal y red.")
    assert found("vigilancia estatal") == {"titular", "texto"}
    assert found("vigilancia -masiva") == {"titular", "texto"}  # the headline holds no "masiva"
    assert found("vigilancia -red") == {"titular"}
    counts = statements_of(
        client, ("q=vigilancia+estatal", "q=vigilancia", "q=vigilancia+-masiva"), naming="AS counted"
    )
    # Each counts its headline matches first (CompiledSearch.count()), and reads all its matches
    # only where those are fewer than it counts.
    several, one, excluding = (sql.split(" ELSE ", 1)[1].split(" END, ", 1)[0] for (sql,) in counts.values())
    assert "search_title_es" not in several and "search_title_es" not in one
    assert "search_title_es" in excluding
