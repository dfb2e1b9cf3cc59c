"""The search page's count and page queries, compiled once per shape (releases/search/compiled.py):
the same pages as the ORM makes afresh, for any words, filters, page and moment; on PostgreSQL
each shape is compiled once, on SQLite none is kept (its MATCH expression is made from the words)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from releases.models import Release
from releases.search import found_ids, postgresql, search_releases
from releases.search.compiled import CompiledQueries, compiled_queries
from tests.factories import make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_compiled_queries():
    compiled_queries._compiled.clear()
    yield
    compiled_queries._compiled.clear()


def page(client, path, **parameters):
    response = client.get(path, parameters)
    assert response.status_code == 200
    return response.content.decode()


def fresh(client, path, **parameters):
    """The page through the ORM alone: with nothing kept, the page reads whole rows."""
    with override_settings(NEWSROOM_FRAGMENT_CACHE=False):
        return page(client, path, **parameters)


def test_compiled_pages_are_the_pages_made_afresh_for_any_words(client):
    privacy, other = make_topic(slug="privacidad"), make_topic(slug="otro")
    organisation = make_organisation()
    for n in range(25):
        release = make_release(
            title_es=f"Vigilancia número {n}" if n % 3 == 0 else f"Comunicado {n}",
            title_en=f"Surveillance {n}" if n % 4 == 0 else "",
            body_es=f"La vigilancia de **México** y el ñandú {n}."
            if n % 2
            else f"Cámaras, vigilancia y transparencia {n}.",
            published_at=timezone.now() - timedelta(hours=n + 1),
            issuing_organisations=[organisation],
        )
        release.topics.add(privacy if n % 2 else other)
    searches = [
        ("/es/buscar/", {"q": "vigilancia"}),
        ("/es/buscar/", {"q": "vigilancia", "page": "2"}),
        ("/es/buscar/", {"q": "MEXICO ñandu"}),
        ("/es/buscar/", {"q": "camaras", "topic": "otro"}),
        ("/es/buscar/", {"q": "vigilancia", "topic": "privacidad", "organisation": organisation.slug}),
        ("/es/buscar/", {"q": "vigilancia número", "topic": "privacidad"}),
        ("/es/buscar/", {"q": "camaras transparencia", "topic": "otro", "organisation": organisation.slug}),
        ("/en/search/", {"q": "surveillance"}),
        ("/en/search/", {"q": "vigilancia"}),
        ("/es/buscar/", {"q": "\"vigilancia\" -méxico OR 'x' --"}),
        ("/es/buscar/", {"q": "Alfa Beta"}),  # the words compiled with: nothing special
        ("/es/buscar/", {"q": "zzyzx"}),
    ]
    for path, parameters in searches:
        compiled_once = page(client, path, **parameters)
        compiled = page(client, path, **parameters)  # through the SQL compiled by the first
        assert compiled == compiled_once == fresh(client, path, **parameters), parameters
    # Other words of a shape compiled before find their own releases.
    assert "Surveillance 0" in page(client, "/en/search/", q="surveillance")
    assert "Surveillance 0" not in page(client, "/en/search/", q="ñandu")
    kept = [value for value in compiled_queries._compiled.values() if value is not None]
    assert bool(kept) == (connection.vendor == "postgresql")


def test_a_compiled_search_reads_the_time_of_each_request(client):
    make_release(title_es="Vigilancia programada", published_at=timezone.now() + timedelta(hours=1))
    make_release(title_es="Vigilancia de ayer")
    assert "Vigilancia programada" not in page(client, "/es/buscar/", q="vigilancia")
    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        html = page(client, "/es/buscar/", q="vigilancia")
    assert "Vigilancia programada" in html and "Vigilancia de ayer" in html


def test_a_shape_whose_parameters_the_markers_do_not_explain_is_not_kept():
    def reads_the_clock(_moment, query):  # ignores the moment it is given: it cannot be moved
        return found_ids(Release.objects.search(query, "es"))

    def words_made_over(moment, query):  # its words are not the query's as given
        return found_ids(Release.objects.search(f"{query} otra", "es", at=moment))

    for kind in (True, False):  # the markers of queries of several words excluding none, and the others'
        assert CompiledQueries.compile(connection, reads_the_clock, kind) is None
        assert CompiledQueries.compile(connection, words_made_over, kind) is None
        compiled = CompiledQueries.compile(
            connection, lambda at, query: found_ids(Release.objects.search(query, "es", at=at)), kind
        )
        assert (compiled is not None) == (connection.vendor == "postgresql")


def test_a_compiled_shape_builds_no_query_in_the_orm(client):
    make_release(title_es="Informe", body_es="Sobre la vigilancia estatal.")
    page(client, "/es/buscar/", q="informe")  # compiles the shape of words found in a headline
    page(client, "/es/buscar/", q="estatal")  # and of words found in none (CompiledSearch.page())
    with mock.patch("releases.search.search_releases", wraps=search_releases) as built:
        html = page(client, "/es/buscar/", q="VIGILANCIA")
        assert "<mark>vigilancia</mark>" in html
        assert "1 comunicado" in re.search(r'class="result-count"[^<]*', page(client, "/es/buscar/", q="INFORME"))[0]
    # On SQLite, whose shapes are not kept, each page builds its search in the ORM: the search,
    # and its headline matches and its other matches, for the page's candidates.
    assert built.call_count == (0 if connection.vendor == "postgresql" else 6)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors are PostgreSQL's")
@pytest.mark.parametrize("parameters", [{}, {"topic": "datos"}, {"page": 2}])
def test_the_page_reads_its_headline_matches_without_their_documents(client, parameters):
    """The search page's headline group tests the headline vector alone, so that PostgreSQL reads
    it off release_search_headline_order_es without the rows (tests/test_search_index.py)."""
    topic = make_topic(slug="datos")
    for n in range(25):
        make_release(title_es=f"Vigilancia {n}", body_es="Sobre la vigilancia.").topics.add(topic)
    for attempt in ("compiles", "runs compiled"):
        with CaptureQueriesContext(connection) as queries:
            page(client, "/es/buscar/", q="vigilancia", **parameters)
        (sql,) = [query["sql"] for query in queries if "search_group_0" in query["sql"]]
        # The newest headline matches and, without filters, the older ones, named before the others.
        headline_group = sql.split("WITH ", 1)[1].split(", walked_others AS (", 1)[0].split("0 AS search_group", 1)[0]
        assert "search_title_es" in headline_group and "search_es" not in headline_group, attempt
        # Without filters, its walk is bounded to a window of the newest releases (pages.py).
        assert ("AS older" in headline_group) == ("topic" not in parameters), attempt


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's costs are PostgreSQL's")
def test_the_count_prices_reading_in_table_order_as_at_random_and_leaves_nothing_set(client):
    """releases/search/postgresql.py COUNT_SETTING: counting a word in 1 release of 20 at 100,000
    releases, 10 ms in table order, 2.5 off the word's index. The setting is the count's alone."""
    make_release(title_es="Informe", body_es="Sobre la vigilancia estatal.")
    with CaptureQueriesContext(connection) as queries:
        page(client, "/es/buscar/", q="informe")  # compiles the shape
        page(client, "/es/buscar/", q="vigilancia")
    counts = [query["sql"] for query in queries if "AS counted" in query["sql"]]
    assert len(counts) == 2 and all(sql.startswith(postgresql.COUNT_SETTING) for sql in counts), counts
    with connection.cursor() as cursor:
        cursor.execute(postgresql.counting("SELECT current_setting('seq_page_cost')"))
        cursor.nextset()
        assert cursor.fetchone() == ("4",)
        cursor.execute("SELECT current_setting('seq_page_cost')")  # in the test's transaction still
        assert cursor.fetchone() == ("1",)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("vigilancia", "Más de 3 comunicados"),  # four headline matches: the documents are not counted
        ("cámaras", "Más de 3 comunicados"),  # one headline match, four more in the text
        ("ñandú", "2 comunicados"),  # one in a headline, one in the text
        # On PostgreSQL a headline may match where its document does not (SQLite reads no "-").
        ("cámaras -vigilancia", "1 comunicado" if connection.vendor == "postgresql" else "Más de 3 comunicados"),
        ("zzyzx", "0 comunicados"),
    ],
)
def test_the_count_reads_the_documents_only_where_the_headline_matches_are_fewer_than_it_counts(client, query, shown):
    for n in range(4):
        make_release(title_es=f"Vigilancia {n}", body_es="Texto.")
    make_release(title_es="Cámaras", body_es="Texto con ñandú.")
    for n in range(4):
        make_release(title_es=f"Comunicado {n}", body_es="Cámaras y vigilancia.")
    make_release(title_es="Ñandú", body_es="Texto.")
    with mock.patch("releases.search.pages.COUNTED", 3):
        compiled_once = page(client, "/es/buscar/", q=query)
        compiled = page(client, "/es/buscar/", q=query)
        assert compiled == compiled_once == fresh(client, "/es/buscar/", q=query)
    assert shown in re.search(r'class="result-count"[^<]*', compiled)[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "the count hands its headline count to the page through compiled shapes, which PostgreSQL "
        "alone keeps (SQLite's pages run through the ORM, compared with compiled pages above); "
        "runs in make test's PostgreSQL leg"
    ),
)
def test_a_page_of_words_in_no_headline_reads_no_headline_matches(client):
    """CompiledSearch.page(): where the count found no headline match, the page reads the others
    alone, in the same order; with one, it reads the headline matches first again."""
    for n in range(25):
        make_release(
            title_es=f"Comunicado {n}",
            body_es="Sobre la vigilancia.",
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
    for attempt in ("compiles", "runs compiled"):
        with CaptureQueriesContext(connection) as queries:
            html = page(client, "/es/buscar/", q="sobre vigilancia", page=2)
        (sql,) = [query["sql"] for query in queries if "search_group_1" in query["sql"]]
        assert "search_group_0" not in sql and "search_title_es @@" not in sql.split("search_group_1")[0], attempt
        assert re.findall(r"Comunicado \d+", html) == [f"Comunicado {n}" for n in range(20, 25)], attempt
    make_release(title_es="Vigilancia", body_es="Texto.", published_at=timezone.now() - timedelta(minutes=1))
    with CaptureQueriesContext(connection) as queries:
        html = page(client, "/es/buscar/", q="vigilancia")
    (sql,) = [query["sql"] for query in queries if "search_group_1" in query["sql"]]
    assert "search_group_0" in sql
    assert re.findall(r"Comunicado \d+|>Vigilancia<", html)[:2] == [">Vigilancia<", "Comunicado 0"]
