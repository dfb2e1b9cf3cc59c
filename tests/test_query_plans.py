"""The database's own plans for the public pages' main queries: each reads an index in the list's
order and stops at its page, so its work does not grow with the archive (issue 9).

Each query is taken from the code that runs it (the views, the feeds), on an archive of a few
thousand releases with fresh statistics (ANALYZE), and EXPLAINed by the database the suite runs
on: SQLite in the first leg of `make test`, PostgreSQL in the second. SQLite is also asked
without statistics, as a newsroom's file is until something runs ANALYZE: the plans must not
depend on them. A change that loses an index, or words a query so that the planner can no
longer use it, fails here.

SQLite's plan names the index it searches, and "USE TEMP B-TREE FOR ORDER BY" when it sorts;
PostgreSQL's names the index and shows a "Sort" node. A listing read through its index entries
(releases/pagination.py) sorts the page's own 20 releases once fetched, which is allowed; the
entries themselves must come from the index in order.
"""

import random
import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Organisation
from contacts.views import OrganisationDetailView
from newsroom.slugs import find_by_slug
from releases import indexing
from releases.feeds import FEED_SIZE, AllReleasesFeed, OrganisationFeed, TopicFeed
from releases.models import ChangeNote, IssuingOrganisation, ListingCount, Release, Topic
from releases.pagination import IndexedReleases
from releases.views import ReleaseArchiveView, ReleaseListView, TopicView
from tests.factories import make_organisation, make_topic, unsaved_published_release

pytestmark = pytest.mark.django_db

RELEASES = 3000
FULL_MONTH = 100  # releases in one month, more than a page
SQLITE = connection.vendor == "sqlite"


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_archive()
        transaction.set_rollback(True)


def build_archive():
    """RELEASES published releases over ten years, a few scheduled and drafts, each issued by one
    or two of twelve organisations, on one or two of eight topics, some mentioning a thirteenth,
    and FULL_MONTH more in one month (the others hold fewer than a page);
    bulk-inserted like bench/generate.py, then indexed and analysed. A tenth of them have a
    public change note or two."""
    rng = random.Random(9)  # noqa: S311 - test data, not secrets
    organisations = [make_organisation(slug=f"org-{n}") for n in range(12)]
    mentioned = make_organisation(slug="mencionada", is_publisher=False)
    topics = [make_topic(slug=f"tema-{n}") for n in range(8)]
    now = timezone.now()
    releases = [
        unsaved_published_release(
            title_es=f"Comunicado {n}",
            slug=f"comunicado-{n}",
            body_es="Texto. " * 50,
            published_at=now - timedelta(hours=29 * (RELEASES - n)),
        )
        for n in range(RELEASES)
    ]
    releases += [
        unsaved_published_release(slug=f"futuro-{n}", published_at=now + timedelta(days=n + 1)) for n in range(5)
    ]
    five_years_ago = (now - timedelta(days=5 * 365)).replace(day=15)  # well inside its month
    releases += [
        unsaved_published_release(slug=f"mes-lleno-{n}", published_at=five_years_ago - timedelta(minutes=n))
        for n in range(FULL_MONTH)
    ]
    releases = Release.objects.bulk_create(releases)
    Release.objects.filter(slug__startswith="comunicado-1").update(status=Release.Status.DRAFT)
    IssuingOrganisation.objects.bulk_create(
        IssuingOrganisation(release=release, organisation=organisation, position=position)
        for release in releases
        for position, organisation in enumerate(rng.sample(organisations, rng.choice([1, 2])))
    )
    Release.topics.through.objects.bulk_create(
        Release.topics.through(release=release, topic=topic)
        for release in releases
        for topic in rng.sample(topics, rng.choice([1, 2]))
    )
    Release.mentioned_organisations.through.objects.bulk_create(
        Release.mentioned_organisations.through(release=release, organisation=mentioned) for release in releases[::3]
    )
    ChangeNote.objects.bulk_create(
        ChangeNote(release=release, text_es=f"Corrección {n}.", created_at=now - timedelta(minutes=n))
        for release in releases[::10]
        for n in range(rng.choice([1, 2]))
    )
    indexing.rebuild()  # bulk inserts send no signals
    return organisations[0], topics[0], mentioned


STATISTICS = ["analysed", "no statistics"] if SQLITE else ["analysed"]


@pytest.fixture(params=STATISTICS)
def statistics(request, archive):
    """The database's statistics about the archive: fresh, or (SQLite) none at all."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if request.param == "no statistics":
            cursor.execute("DELETE FROM sqlite_stat1")
            cursor.execute("ANALYZE sqlite_master")  # SQLite reads the (now empty) statistics again
    return archive


def view(view_class, path, **kwargs):
    instance = view_class()
    instance.setup(RequestFactory().get(path), **kwargs)
    return instance


def first_page(queryset_or_listing, size=20):
    """The query a list view runs for its first page."""
    if isinstance(queryset_or_listing, IndexedReleases):
        return queryset_or_listing.page(slice(0, size))
    return queryset_or_listing[:size]


def plan(queryset):
    return queryset.explain()


def assert_reads_in_order(text, index):
    """The releases come from `index`, in the list's order, without sorting them; a subquery
    (a feed item's newest change note) is one step into an index of its own."""
    assert index in text, text
    if SQLITE:
        assert not [line for line in text.splitlines() if "TEMP B-TREE" in line or " SCAN " in f" {line}"], text
    else:
        assert "Sort" not in text and "Seq Scan" not in text, text


def assert_reads_entries_in_order(text, index):
    """The page's ids come from the listing's entries `index` in order, its releases by their key."""
    assert index in text, text
    if SQLITE:
        assert re.search(rf"SEARCH (releases_recordentry|U\d+) USING COVERING INDEX {index}\b", text), text
        assert "SEARCH releases_release USING INTEGER PRIMARY KEY" in text, text
        assert not [line for line in text.splitlines() if " SCAN " in f" {line.split(' ', 3)[-1]}"], text
        # Only the page's own releases are sorted (the outer query), never the listing.
        subquery = [line for line in text.splitlines() if "TEMP B-TREE" in line and line.split(" ", 3)[1] != "0"]
        assert not subquery, text
    else:
        assert "Seq Scan" not in text, text
        assert f"Index Only Scan Backward using {index}" in text or f"Index Scan Backward using {index}" in text, text


def test_the_list_and_its_deep_pages_read_the_release_index_in_order(statistics):
    releases = view(ReleaseListView, "/es/comunicados/").get_queryset()
    assert_reads_in_order(plan(first_page(releases)), "release_public_order")
    assert_reads_in_order(plan(releases[180:200]), "release_public_order")


def test_the_feed_reads_the_release_index_in_order(statistics):
    feed = AllReleasesFeed("rss")
    assert_reads_in_order(plan(feed.releases(None).with_newest_change_note()[:FEED_SIZE]), "release_public_order")


def test_a_month_and_a_year_read_the_release_index_in_order(statistics):
    # The full month: in the others PostgreSQL rightly sorts the few releases rather than walk the index.
    moment = timezone.localtime(Release.objects.get(slug="mes-lleno-0").published_at)
    for kwargs in ({"year": moment.year, "month": moment.month}, {"year": moment.year}):
        releases = view(ReleaseArchiveView, "/es/comunicados/", **kwargs).get_queryset()
        text = plan(first_page(releases))
        assert "releases_release" in text
        assert_reads_in_order(text, "release_public_order" if "release_public_order" in text else "published_at")


def test_a_topic_page_and_the_topic_filter_read_the_topic_entries_in_order(statistics):
    _organisation, topic, _mentioned = statistics
    releases = view(TopicView, topic.get_absolute_url(), slug=topic.slug).get_queryset()
    assert_reads_entries_in_order(plan(first_page(releases)), "recordentry_topic")
    releases = view(ReleaseListView, f"/es/comunicados/?topic={topic.slug}").get_queryset()
    assert_reads_entries_in_order(plan(first_page(releases)), "recordentry_topic")
    assert_reads_entries_in_order(plan(TopicFeed("rss").releases(topic)), "recordentry_topic")


def test_an_organisation_page_its_feed_and_filter_read_its_entries_in_order(statistics):
    organisation, _topic, mentioned = statistics
    page = view(OrganisationDetailView, organisation.get_absolute_url(), slug=organisation.slug)
    page.object = page.get_object()
    context = page.get_context_data()
    assert_reads_entries_in_order(plan(context["releases"]), "recordentry_organisation")
    page = view(OrganisationDetailView, mentioned.get_absolute_url(), slug=mentioned.slug)
    page.object = page.get_object()
    assert_reads_entries_in_order(plan(page.get_context_data()["mentioned_in"]), "recordentry_organisation")
    assert_reads_entries_in_order(plan(OrganisationFeed("rss").releases(organisation)), "recordentry_organisation")
    releases = view(ReleaseListView, f"/es/comunicados/?organisation={organisation.slug}").get_queryset()
    assert_reads_entries_in_order(plan(first_page(releases)), "recordentry_organisation")


def test_archive_months_filters_and_counts_read_the_small_listing_table_only(statistics):
    text = plan(ListingCount.objects.values_list("kind", "key", "public_from", "releases"))  # moments()
    assert "releases_release" not in text and "recordentry" not in text, text
    listings = ListingCount.objects.now()
    published = Release.objects.published()
    assert listings.total == published.count() == RELEASES + FULL_MONTH - Release.objects.filter(status="draft").count()
    organisation, topic, _mentioned = statistics
    assert listings.count("issued", organisation.pk) == published.filter(issuing_organisations=organisation).count()
    assert listings.count("topic", topic.pk) == published.filter(topics=topic).count()
    assert set(listings.keys("topic")) == set(Topic.objects.values_list("pk", flat=True))
    assert Organisation.objects.listed().count() == 13


def test_a_release_page_finds_its_release_by_the_slug_indexes(statistics):
    """Its release is found by its slug through the slug indexes, not by reading every release:
    in the archive, as in most newsrooms, most releases have no English slug, and with those
    statistics SQLite took `slug_en = ?` for a match of nearly every row and scanned them all."""
    release = Release.objects.published().order_by("-published_at").first()
    assert release.slug_en == ""
    with CaptureQueriesContext(connection) as queries:
        found, _current = find_by_slug(Release.objects.public_record(), release.slug)
    assert found == release
    with connection.cursor() as cursor:
        sql = queries.captured_queries[0]["sql"]
        cursor.execute(("EXPLAIN QUERY PLAN " if SQLITE else "EXPLAIN ") + sql)
        text = "\n".join(" ".join(str(column) for column in row) for row in cursor.fetchall())
    if SQLITE:
        assert "MULTI-INDEX OR" in text and "release_unique_english_slug" in text, text
        assert not [line for line in text.splitlines() if " SCAN " in f" {line}"], text
    else:
        assert "Seq Scan" not in text and "release_public_order" not in text, text
