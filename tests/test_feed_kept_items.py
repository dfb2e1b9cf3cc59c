"""Feeds keep each item's markup for the generation and, once made, read only their items'
versions (releases/feed_items.py): nothing kept may outlive a change, and kept markup stays XML."""

# ruff: noqa: F811

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from releases import services
from releases.feed_items import CompiledVersions, FeedVersion, compiled_versions
from releases.feeds import AllReleasesFeed, TopicFeed
from releases.models import Release

# The fixtures `organisation` and `topic` are test_feeds.py's: used by name, which ruff takes for redefinitions.
from tests.factories import make_organisation
from tests.test_feeds import fetch, make_feed_release, organisation, read, topic  # noqa: F401

pytestmark = pytest.mark.django_db

KINDS = ["all", "headlines", "topic"]
FORMATS = ["rss", "atom"]
HOSTILE_TITLE = "Alerta <script>alert(1)</script> & ]]> fin\x07\x0b\x1f"


def titles(response):
    return [entry.title for entry in read(response).entries]


@pytest.mark.parametrize("feed_format", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_hostile_titles_come_out_well_formed_made_and_kept(client, organisation, topic, kind, feed_format):
    make_feed_release(organisation, topic, title_es=HOSTILE_TITLE)
    for _ in range(2):  # made, then written from what was kept
        response = fetch(client, kind, feed_format, "es", organisation, topic)
        assert titles(response) == ["Alerta <script>alert(1)</script> & ]]> fin"]
        assert b"<script>" not in response.content


@pytest.mark.parametrize("feed_format", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_an_edited_title_is_never_served_from_what_was_kept(client, organisation, topic, kind, feed_format):
    release = make_feed_release(organisation, topic, title_es="Antes")
    for _ in range(2):
        assert titles(fetch(client, kind, feed_format, "es", organisation, topic)) == ["Antes"]
    release.title_es = "Después"
    release.save()
    assert titles(fetch(client, kind, feed_format, "es", organisation, topic)) == ["Después"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_withdrawn_release_leaves_a_feed_made_before(client, organisation, topic, editor, kind):
    kept = make_feed_release(organisation, topic, title_es="Sigue", published_at=timezone.now() - timedelta(days=2))
    gone = make_feed_release(organisation, topic, title_es="Se retira")
    for _ in range(2):
        assert titles(fetch(client, kind, "rss", "es", organisation, topic)) == ["Se retira", "Sigue"]
    services.release_withdraw(release=gone, actor=editor, explanation_es="Error de hecho.")
    assert titles(fetch(client, kind, "rss", "es", organisation, topic)) == [kept.title_es]


@pytest.mark.parametrize("kind", ["all", "topic"])
def test_a_change_note_shows_in_an_item_made_before(client, organisation, topic, editor, kind):
    release = make_feed_release(organisation, topic, published_at=timezone.now() - timedelta(days=2))
    for _ in range(2):
        assert "Se corrigió" not in fetch(client, kind, "atom", "es", organisation, topic).content.decode()
    services.release_add_change_note(release=release, actor=editor, text_es="Se corrigió la fecha.")
    assert (
        "Se corrigió la fecha."
        in read(fetch(client, kind, "atom", "es", organisation, topic)).entries[0].content[0].value
    )


@pytest.mark.parametrize("kind", ["all", "headlines"])
def test_a_feed_made_before_shows_a_scheduled_release_at_its_moment(client, organisation, topic, kind):
    now = timezone.now()
    make_feed_release(organisation, topic, title_es="Ayer", published_at=now - timedelta(days=1))
    make_feed_release(organisation, topic, title_es="Programado", published_at=now + timedelta(hours=1))
    with time_machine.travel(now + timedelta(minutes=59), tick=False):
        for _ in range(2):
            assert titles(fetch(client, kind, "rss", "es")) == ["Ayer"]
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        assert titles(fetch(client, kind, "rss", "es")) == ["Programado", "Ayer"]


def test_a_feed_made_before_reads_only_its_versions(client, organisation, topic):
    make_feed_release(organisation, topic)
    first = fetch(client, "all", "rss", "es")
    with CaptureQueriesContext(connection) as queries:
        again = fetch(client, "all", "rss", "es")
    assert again.content == first.content
    assert len(queries) == 1
    assert "body" not in queries[0]["sql"]  # no release text read: the items were kept


def test_staff_neither_read_nor_fill_the_kept_items(client, organisation, topic, editor):
    release = make_feed_release(organisation, topic, title_es="Público")
    fetch(client, "all", "rss", "es")
    Release.objects.filter(pk=release.pk).update(title_es="Sin señal")  # no signal: the generation stands
    assert titles(fetch(client, "all", "rss", "es")) == ["Público"]  # anonymous: kept for the generation
    client.force_login(editor)
    assert titles(fetch(client, "all", "rss", "es")) == ["Sin señal"]


@pytest.mark.parametrize("kind", ["all", "topic"])
def test_the_compiled_versions_query_answers_as_the_orm_at_every_moment(organisation, topic, editor, kind):
    now = timezone.now()
    for hours in (-30, -2, 1, 3):
        make_feed_release(organisation, topic, published_at=now + timedelta(hours=hours))
    embargoed = now + timedelta(hours=2)
    make_feed_release(organisation, topic, published_at=embargoed, embargo_until=embargoed)
    noted = Release.objects.published().order_by("published_at").first()
    services.release_add_change_note(release=noted, actor=editor, text_es="Nota.")
    feed, subject = {"all": (AllReleasesFeed("rss"), None), "topic": (TopicFeed("atom"), topic)}[kind]

    def query_at(moment):
        return feed.releases(subject, moment).feed_versions()[:3]

    assert CompiledVersions.compile(connection, query_at) is not None  # this database takes the compiled path
    for minutes in (0, 61, 121, 24 * 60):
        with time_machine.travel(now + timedelta(minutes=minutes), tick=False):
            orm = [FeedVersion.from_row(*row) for row in query_at(None)]
            assert compiled_versions((kind, 3), query_at) == orm
            assert orm  # something to compare


def test_a_query_that_reads_the_clock_itself_is_not_compiled(organisation, topic):
    make_feed_release(organisation, topic)

    def query_at(moment):  # a part of it ignores the moment given
        return topic.releases.published(at=moment).newest_of(topic.record_entries.all(), 3).feed_versions()[:3]

    assert CompiledVersions.compile(connection, query_at) is None
    assert len(compiled_versions(("clock", topic.pk), query_at)) == 1  # through the ORM, every time


def test_an_item_is_kept_under_its_release_version(client, organisation, topic):
    """Even a change that sends no signal (so the generation stands) gets a new item once the
    release's version moves: the item shown is always the version the ETag names."""
    release = make_feed_release(organisation, topic, title_es="Primera")
    for _ in range(2):
        assert titles(fetch(client, "headlines", "atom", "es")) == ["Primera"]
    Release.objects.filter(pk=release.pk).update(title_es="Segunda", updated_at=timezone.now() + timedelta(seconds=1))
    assert titles(fetch(client, "headlines", "atom", "es")) == ["Segunda"]


@pytest.mark.parametrize("kind", ["all", "topic"])
def test_a_renamed_organisation_shows_in_items_made_before(client, organisation, topic, kind):
    """The release itself is unchanged (same version): only the generation says the item is old."""
    make_feed_release(organisation, topic)
    for _ in range(2):
        authors = read(fetch(client, kind, "atom", "es", organisation, topic)).entries[0].authors
        assert "Red Ciudadana (RC)" in [author["name"] for author in authors]
    organisation.name_es = "Red Ciudadana Renombrada"
    organisation.save()
    authors = read(fetch(client, kind, "atom", "es", organisation, topic)).entries[0].authors
    assert "Red Ciudadana Renombrada (RC)" in [author["name"] for author in authors]


@pytest.mark.parametrize("feed_format", FORMATS)
def test_a_control_character_in_a_publishers_name_does_not_take_its_feeds_down(client, topic, feed_format):
    publisher = make_organisation(name_es="Datos\x07 & <Derechos>", short_name="", slug="datos", is_listed=True)
    make_feed_release(publisher, topic)
    for _ in range(2):
        feed = read(fetch(client, "organisation", feed_format, "es", publisher))
        assert feed.feed.title == "Sala de prensa: comunicados de Datos & <Derechos>"
        assert feed.entries[0].authors[-1]["name"] == "Datos & <Derechos>"
