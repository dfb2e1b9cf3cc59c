"""A search narrowed to an organisation or a topic on PostgreSQL (migration 0025,
releases/search/compiled.py): each release's organisations and topics kept on its row by the
database for every writer, and counts and pages read off them equal to those of the link tables."""

from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings

from releases.models import IssuingOrganisation, Release
from releases.search.compiled import compiled_queries
from tests.factories import make_organisation, make_release, make_topic

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="migration 0025 keeps the ids on the rows on PostgreSQL only (SQLite's search reads "
        "the link tables, as tests/test_search*.py check); runs in make test's PostgreSQL leg",
    ),
]


def ids_on_row(release):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_organisations, search_topics FROM releases_release WHERE id = %s", [release.pk])
        organisations, topics = cursor.fetchone()
    return sorted(organisations), sorted(topics)


def test_every_writer_of_the_links_keeps_the_ids_on_the_release_row():
    first, second, third, fourth = (make_organisation() for _n in range(4))
    privacy, press = make_topic(), make_topic()
    release, other = make_release(issuing_organisations=[first]), make_release()
    assert ids_on_row(release) == ([first.pk], [])

    release.topics.add(privacy, press)  # the ORM's many-to-many
    assert ids_on_row(release) == ([first.pk], sorted([privacy.pk, press.pk]))
    release.topics.remove(press)
    assert ids_on_row(release) == ([first.pk], [privacy.pk])

    IssuingOrganisation.objects.bulk_create(
        [
            IssuingOrganisation(release=release, organisation=second, position=1),
            IssuingOrganisation(release=other, organisation=third, position=0),
        ]
    )
    assert ids_on_row(release) == (sorted([first.pk, second.pk]), [privacy.pk])
    assert ids_on_row(other) == ([third.pk], [])

    # A link moved to another release by a plain update: both releases change.
    IssuingOrganisation.objects.filter(release=other).update(release=release, position=2)
    assert ids_on_row(release) == (sorted([first.pk, second.pk, third.pk]), [privacy.pk])
    assert ids_on_row(other) == ([], [])
    IssuingOrganisation.objects.filter(organisation=first).update(organisation=fourth)
    assert ids_on_row(release) == (sorted([second.pk, third.pk, fourth.pk]), [privacy.pk])

    with connection.cursor() as cursor:  # plain SQL
        cursor.execute("DELETE FROM releases_issuingorganisation WHERE release_id = %s", [release.pk])
        cursor.execute("DELETE FROM releases_release_topics WHERE release_id = %s", [release.pk])
    assert ids_on_row(release) == ([], [])


def test_a_release_keeps_its_row_ids_through_an_edit_of_its_text():
    organisation, topic = make_organisation(), make_topic()
    release = make_release(issuing_organisations=[organisation])
    release.topics.add(topic)
    Release.objects.filter(pk=release.pk).update(title_es="Otro titular")
    release.refresh_from_db()
    release.body_es = "Otro texto."
    release.save()
    assert ids_on_row(release) == ([organisation.pk], [topic.pk])


@pytest.fixture(autouse=True)
def no_compiled_queries():
    compiled_queries._compiled.clear()
    yield
    compiled_queries._compiled.clear()


def page(client, **parameters):
    response = client.get("/es/buscar/", parameters)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("parameters", "shown"),
    [
        ({"q": "vigilancia", "organisation": "red"}, "Más de 3 comunicados"),
        ({"q": "vigilancia", "topic": "privacidad"}, "Más de 3 comunicados"),
        ({"q": "cámaras", "organisation": "red"}, "2 comunicados"),  # few, in older releases
        ({"q": "cámaras vigilancia", "organisation": "red", "topic": "privacidad"}, "2 comunicados"),
        ({"q": "ajena", "organisation": "red"}, "0 comunicados"),  # in another organisation's headline
        ({"q": "zzyzx", "topic": "privacidad"}, "0 comunicados"),
    ],
)
def test_a_narrowed_search_counts_and_pages_as_the_link_tables_say(client, parameters, shown):
    from datetime import timedelta

    from django.utils import timezone

    red, other = make_organisation(slug="red"), make_organisation(slug="otra")
    privacy = make_topic(slug="privacidad")
    now = timezone.now()
    for n in range(12):
        # The newest two hold no "vigilancia"; the older ones do, and a few "cámaras" besides.
        release = make_release(
            title_es=f"Comunicado {n}",
            body_es="Texto." if n < 2 else ("Cámaras y vigilancia." if n % 4 == 0 else "La vigilancia."),
            published_at=now - timedelta(hours=n + 1),
            issuing_organisations=[red] if n % 3 else [red, other],
        )
        if n % 2 == 0:
            release.topics.add(privacy)
    make_release(title_es="Vigilancia ajena", issuing_organisations=[other])
    # A count's walk of the two newest entries finds fewer matches than it counts (4), so all are
    # counted off the indexes; a walk of twelve finds them. A sample of the two newest entries
    # finds no match, and one that must find 50 finds fewer: the walk is not made.
    for walk, sample in [(2, (12, 1)), (12, (12, 1)), (12, (2, 1)), (12, (12, 50))]:
        compiled_queries._compiled.clear()
        with (
            mock.patch("releases.search.pages.COUNTED", 3),
            mock.patch("releases.search.compiled.COUNT_WALK", walk),
            mock.patch("releases.search.compiled.COUNT_SAMPLE", sample),
            mock.patch("releases.search.pages.ENTRY_WALK", (walk, walk)),
        ):
            compiled_once = page(client, **parameters)
            compiled = page(client, **parameters)
            with override_settings(NEWSROOM_FRAGMENT_CACHE=False):  # the ORM and the link tables alone
                fresh = page(client, **parameters)
        assert compiled == compiled_once == fresh, (walk, sample)
        assert shown in compiled
        assert any(value is not None for value in compiled_queries._compiled.values())


def test_each_search_vector_is_indexed_with_the_organisations_and_topics():
    """Migration 0026: a narrowed search's words, organisation and topic are read in one scan of
    one GIN index, stepping through the three together, not by intersecting the words' bitmap
    with a topic's whole one (15,000 releases at 100,000). The planner's choice between the two
    follows the sizes of a real archive, not a test's, so this checks what it can choose from."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, array_agg(attribute.attname ORDER BY column_number) "
            "FROM pg_index JOIN pg_class index ON index.oid = pg_index.indexrelid "
            "JOIN pg_class tab ON tab.oid = pg_index.indrelid "
            "CROSS JOIN LATERAL unnest(pg_index.indkey) WITH ORDINALITY AS key(attnum, column_number) "
            "JOIN pg_attribute attribute ON attribute.attrelid = tab.oid AND attribute.attnum = key.attnum "
            "JOIN pg_am ON pg_am.oid = index.relam "
            "WHERE tab.relname = 'releases_release' AND pg_am.amname = 'gin' GROUP BY index.relname"
        )
        indexes = dict(cursor.fetchall())
    assert indexes == {
        f"release_{vector}": [vector, "search_organisations", "search_topics"]
        for vector in ("search_es", "search_en", "search_title_es", "search_title_en")
    }


def test_a_count_walks_no_entries_where_its_sample_finds_few_matches(client):
    """COUNT_SAMPLE: where the newest entries hold fewer matches than it asks, the walk of
    COUNT_WALK entries is not made (EXPLAIN ANALYZE: never executed), only the count off the
    indexes; where they hold as many, the walk is made, and fills the count."""
    from django.test.utils import CaptureQueriesContext

    red = make_organisation(slug="red")
    for n in range(8):
        make_release(
            title_es=f"Comunicado {n}", body_es="La vigilancia." if n % 2 else "Texto.", issuing_organisations=[red]
        )
    plans = {}
    for found_in_sample in (1, 5):
        compiled_queries._compiled.clear()
        with (
            mock.patch("releases.search.pages.COUNTED", 2),
            mock.patch("releases.search.compiled.COUNT_WALK", 8),
            mock.patch("releases.search.compiled.COUNT_SAMPLE", (4, found_in_sample)),
            CaptureQueriesContext(connection) as queries,
        ):
            assert "Más de 2 comunicados" in page(client, q="vigilancia", organisation="red")
        [count] = [query["sql"] for query in queries if "SELECT CASE WHEN" in query["sql"]]
        count = count.split("; ", 1)[1].rsplit("; RESET", 1)[0]  # without postgresql.counting()'s setting
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {count}")
            plans[found_in_sample] = [row[0] for row in cursor.fetchall()]
    # The statement's counts, in the CASE's order: the sample, the walk, the whole count; of those
    # that walk entries (the sample, the walk), whether each ran.
    walks = {}
    for found, plan in plans.items():
        counts = "\n".join(plan).split("\n  InitPlan ")[1:]
        walks[found] = ["never executed" not in count.split("\n")[1] for count in counts if "recordentry" in count]
    assert walks[1] == [True, True], plans[1]  # 2 of the newest 4 match: walked, and 4 found there
    assert walks[5] == [True, False], plans[5]  # fewer than 5: not walked, counted off the indexes
