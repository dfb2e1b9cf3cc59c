"""Feeds: every kind in both languages and formats, read back with feedparser as a subscriber would."""

import re
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date

from newsroom.markdown import absolutise_urls, render_markdown
from releases import services
from releases.feed_discovery import feed_links, feed_path
from releases.feeds import FEED_SIZE, HEADLINES_SIZE
from releases.models import ChangeNote, IssuingOrganisation, MediaContact, ReferenceLink, Release
from tests.factories import (
    image_upload,
    make_contact,
    make_full_release,
    make_organisation,
    make_release,
    make_topic,
    make_withdrawn_release,
)
from tests.media import media_url
from tests.test_admin import release_form

pytestmark = pytest.mark.django_db

KINDS = ["all", "organisation", "topic"]
LANGUAGES = ["es", "en"]
FORMATS = ["rss", "atom"]
EVERY_FEED = [(kind, language, feed_format) for kind in KINDS for language in LANGUAGES for feed_format in FORMATS]
HOST = "http://testserver"


@pytest.fixture
def organisation():
    """A publisher an editor listed: its page and feeds exist before it publishes (test_leaks.py)."""
    return make_organisation(
        name_es="Red Ciudadana", name_en="Citizens' Network", short_name="RC", slug="red", is_listed=True
    )


@pytest.fixture
def topic():
    """A topic on the public record, with no published release yet: one filed under it was public,
    then withdrawn. (A topic only hidden releases use has no page nor feeds: test_leaks.py.)"""
    topic = make_topic(name_es="Transparencia", name_en="Transparency", slug="transparencia")
    make_withdrawn_release().topics.add(topic)
    return topic


def make_feed_release(organisation, topic, **fields):
    """A published release in every feed: co-signed by `organisation`, on `topic`, with contacts and links."""
    release = make_full_release(**fields)
    IssuingOrganisation.objects.create(
        release=release, organisation=organisation, position=release.issuing_organisation_rows.count()
    )
    release.topics.add(topic)
    return release


def url_of(kind, feed_format, language, organisation=None, topic=None):
    subject = {"all": None, "headlines": None, "organisation": organisation, "topic": topic}[kind]
    return feed_path(kind, feed_format, subject, language)


def read(response):
    """The feed as feedparser sees it, with content left as sent (no sanitising, no URL fixing)."""
    assert response.status_code == 200
    parsed = feedparser.parse(response.content, resolve_relative_uris=False, sanitize_html=False)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def fetch(client, kind, feed_format, language, organisation=None, topic=None, **headers):
    return client.get(url_of(kind, feed_format, language, organisation, topic), headers=headers)


# Which feeds exist, where.


def test_feed_paths_use_translated_words(organisation, topic):
    assert feed_path("all", "rss", language="es") == "/es/canales/rss/"
    assert feed_path("all", "atom", language="en") == "/en/feeds/atom/"
    assert feed_path("organisation", "rss", organisation, "es") == "/es/canales/organizaciones/red/rss/"
    # English feeds use the English slug.
    assert feed_path("organisation", "atom", organisation, "en") == "/en/feeds/organisations/citizens-network/atom/"
    assert feed_path("topic", "rss", topic, "es") == "/es/canales/temas/transparencia/rss/"
    assert feed_path("topic", "atom", topic, "en") == "/en/feeds/topics/transparency/atom/"


def test_a_feed_answers_at_the_slug_of_either_language(client, organisation):
    for path in ("/en/feeds/organisations/red/rss/", "/en/feeds/organisations/citizens-network/rss/"):
        assert client.get(path).status_code == 200
    assert client.get("/en/feeds/organisations/nobody/rss/").status_code == 404


@pytest.mark.parametrize(("kind", "language", "feed_format"), EVERY_FEED)
def test_every_feed_parses_cleanly(client, organisation, topic, kind, language, feed_format):
    now = timezone.now()
    releases = [make_feed_release(organisation, topic, published_at=now - timedelta(hours=n)) for n in (1, 2)]
    response = fetch(client, kind, feed_format, language, organisation, topic)
    expected_type = {"rss": "application/rss+xml", "atom": "application/atom+xml"}[feed_format]
    assert response["Content-Type"] == f"{expected_type}; charset=utf-8"
    feed = read(response)
    assert feed.version == {"rss": "rss20", "atom": "atom10"}[feed_format]
    assert feed.feed.language == language
    assert feed.feed.link.startswith(f"{HOST}/{language}/")
    with translation.override(language):
        assert [entry.link for entry in feed.entries] == [f"{HOST}{release.get_absolute_url()}" for release in releases]
    assert [entry.id for entry in feed.entries] == [release.uuid.urn for release in releases]


@pytest.mark.parametrize("feed_format", FORMATS)
def test_each_feed_links_to_the_page_it_follows(client, organisation, topic, feed_format):
    make_feed_release(organisation, topic)
    pages = {"all": reverse("releases:list"), "organisation": organisation.get_absolute_url()}
    pages["topic"] = topic.get_absolute_url()
    for kind, page in pages.items():
        assert read(fetch(client, kind, feed_format, "es", organisation, topic)).feed.link == f"{HOST}{page}"


@pytest.mark.parametrize("feed_format", FORMATS)
def test_feed_titles_name_the_organisation_or_topic(client, organisation, topic, feed_format):
    make_feed_release(organisation, topic)
    titles = {
        (kind, language): read(fetch(client, kind, feed_format, language, organisation, topic)).feed.title
        for kind in KINDS
        for language in LANGUAGES
    }
    assert titles == {
        ("all", "es"): "Sala de prensa: todos los comunicados",
        ("all", "en"): "Newsroom: all releases",
        ("organisation", "es"): "Sala de prensa: comunicados de Red Ciudadana (RC)",
        ("organisation", "en"): "Newsroom: releases from Citizens' Network (RC)",
        ("topic", "es"): "Sala de prensa: comunicados sobre Transparencia",
        ("topic", "en"): "Newsroom: releases on Transparency",
    }


@pytest.mark.parametrize("kind", ["organisation", "topic"])
@pytest.mark.parametrize("feed_format", FORMATS)
def test_unknown_organisation_or_topic_is_not_found(client, kind, feed_format):
    path = {"organisation": "/es/canales/organizaciones/nadie/", "topic": "/es/canales/temas/nada/"}[kind]
    assert client.get(f"{path}{feed_format}/").status_code == 404


def test_organisation_feed_has_only_its_releases_and_topic_feed_only_the_topics(client, organisation, topic):
    own = make_feed_release(organisation, topic)
    other_organisation, other_topic = make_organisation(), make_topic()
    elsewhere = make_feed_release(other_organisation, other_topic)
    organisation_titles = [
        entry.title for entry in read(fetch(client, "organisation", "rss", "es", organisation)).entries
    ]
    topic_titles = [entry.title for entry in read(fetch(client, "topic", "atom", "es", topic=topic)).entries]
    assert organisation_titles == topic_titles == [own.title_es]
    everything = [entry.title for entry in read(fetch(client, "all", "atom", "es")).entries]
    assert set(everything) == {own.title_es, elsewhere.title_es}


def test_a_feed_has_the_latest_releases_only(client, organisation, topic):
    now = timezone.now()
    releases = [
        make_release(issuing_organisations=[organisation], published_at=now - timedelta(hours=n))
        for n in range(FEED_SIZE + 2)
    ]
    entries = read(fetch(client, "organisation", "atom", "es", organisation)).entries
    assert [entry.title for entry in entries] == [release.title_es for release in releases[:FEED_SIZE]]


# Privacy.


@pytest.mark.parametrize(("kind", "language", "feed_format"), EVERY_FEED)
def test_unpublished_releases_never_appear(client, organisation, topic, kind, language, feed_format):
    public = make_feed_release(organisation, topic, title_es="Público", title_en="Public")
    later = timezone.now() + timedelta(days=1)
    hidden = [
        make_feed_release(organisation, topic, title_es="Borrador", title_en="Draft", status=Release.Status.DRAFT),
        make_feed_release(organisation, topic, title_es="Programado", title_en="Scheduled", published_at=later),
        make_feed_release(organisation, topic, title_es="Embargado", title_en="Embargoed", embargo_until=later),
    ]
    response = fetch(client, kind, feed_format, language, organisation, topic)
    feed = read(response)
    assert [entry.id for entry in feed.entries] == [public.uuid.urn]
    body = response.content.decode()
    for release in hidden:
        assert release.title_es not in body
        assert release.title_en not in body
        assert str(release.uuid) not in body


# What an item says.

AWKWARD_TITLE = "Niñas & niños <b>sí</b> <sin cerrar “comillas” \"dobles\" 'simples' 🎉 acción — ¿por qué? a<b"


@pytest.mark.parametrize("feed_format", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_survive_exactly(client, organisation, topic, feed_format, language):
    make_feed_release(organisation, topic, title_es=AWKWARD_TITLE, title_en=f"EN {AWKWARD_TITLE}", body_en="Text.")
    entry = read(fetch(client, "all", feed_format, language)).entries[0]
    assert entry.title == {"es": AWKWARD_TITLE, "en": f"EN {AWKWARD_TITLE}"}[language]


@pytest.mark.parametrize("feed_format", FORMATS)
def test_organisation_names_with_markup_characters_survive(client, topic, feed_format):
    organisation = make_organisation(name_es="Datos & <Derechos> “AC” 🎉", short_name="")
    make_feed_release(organisation, topic)
    feed = read(fetch(client, "organisation", feed_format, "es", organisation))
    assert feed.feed.title == "Sala de prensa: comunicados de Datos & <Derechos> “AC” 🎉"
    assert feed.entries[0].authors[-1]["name"] == "Datos & <Derechos> “AC” 🎉"


@pytest.mark.parametrize("feed_format", FORMATS)
def test_item_carries_summary_authors_and_categories(client, organisation, topic, feed_format):
    release = make_feed_release(organisation, topic, summary_es="Primer punto & más\nSegundo <punto>")
    entry = read(fetch(client, "all", feed_format, "es")).entries[0]
    assert entry.summary == "<ul><li>Primer punto &amp; más</li><li>Segundo &lt;punto&gt;</li></ul>"
    issuing = [row.organisation for row in release.issuing_organisation_rows.all()]
    assert [author["name"] for author in entry.authors] == [org.display_name for org in issuing]
    if feed_format == "atom":
        assert [author["href"] for author in entry.authors] == [f"{HOST}{org.get_absolute_url()}" for org in issuing]
    assert [tag.term for tag in entry.tags] == [topic.name_es for topic in release.topics.all()]


@pytest.mark.parametrize("feed_format", FORMATS)
def test_item_content_is_the_whole_release_with_absolute_links(client, organisation, topic, feed_format):
    release = make_release(
        issuing_organisations=[organisation],
        body_es="Ver [el informe](/es/informes/2025/), [la nota](#nota) y [fuera](https://fuera.example/x).",
        background_es="- Antecedente con [liga](../anterior/).",
    )
    public = make_contact(name="Lucía Moguel", phone="55-4065-8422", email="lucia@prensa.example", is_public=True)
    private = make_contact(name="Pedro Privado", phone="55-1111-2222", email="pedro@privado.example", is_public=False)
    spokesperson = make_contact(name="Tomás Severino", phone="55-9999-0000", email="tomas@vocero.example")
    MediaContact.objects.create(release=release, spokesperson=spokesperson, press_contact=public, position=0)
    MediaContact.objects.create(release=release, press_contact=private, position=1)
    ReferenceLink.objects.create(release=release, label_es="Informe completo", url="https://ref.example/i", position=0)
    page = f"{HOST}{release.get_absolute_url()}"

    content = read(fetch(client, "all", feed_format, "es")).entries[0].content[0].value

    assert 'href="http://testserver/es/informes/2025/"' in content
    assert f'href="{page}#nota"' in content
    assert 'href="https://fuera.example/x"' in content
    assert f'href="{page.rsplit("/", 2)[0]}/anterior/"' in content
    assert "<h2>Contexto</h2>" in content
    assert "Para entrevistas con Tomás Severino comunicarse con <strong>Lucía Moguel</strong>" in content
    assert 'href="tel:+525540658422"' in content
    assert 'href="mailto:lucia@prensa.example"' in content
    assert "<strong>Pedro Privado</strong>" in content
    for secret in ("55-1111-2222", "pedro@privado.example", "55-9999-0000", "tomas@vocero.example"):
        assert secret not in content
    assert "<h2>Ligas y materiales de interés</h2>" in content
    assert '<a href="https://ref.example/i">Informe completo</a>' in content
    assert not re.search(r'(href|src)="(?!https?:|mailto:|tel:)', content)


def test_rss_declares_its_namespaces_and_marks_guids_as_not_links(client, organisation, topic):
    make_feed_release(organisation, topic)
    xml = fetch(client, "all", "rss", "es").content.decode()
    assert 'xmlns:content="http://purl.org/rss/1.0/modules/content/"' in xml
    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/"' in xml
    assert '<guid isPermaLink="false">urn:uuid:' in xml
    assert "<content:encoded>" in xml


# Languages.


@pytest.mark.parametrize("feed_format", FORMATS)
def test_untranslated_release_is_in_spanish_in_the_english_feed_and_says_so(client, organisation, topic, feed_format):
    translated = make_feed_release(
        organisation,
        topic,
        title_es="Traducido",
        title_en="Translated",
        body_en="English body.",
        background_es="Contexto en español.",
        background_en="English background.",
        published_at=timezone.now() - timedelta(hours=1),
    )
    spanish_only = make_feed_release(
        organisation,
        topic,
        title_es="Solo en español",
        title_en="",
        background_es="Solo contexto.",
        published_at=timezone.now() - timedelta(hours=2),
    )
    # An English headline without an English body is not a translation: the item stays Spanish.
    headline_only = make_feed_release(
        organisation,
        topic,
        title_es="Solo el titular",
        title_en="Only the headline",
        published_at=timezone.now() - timedelta(hours=3),
    )
    entries = read(fetch(client, "all", feed_format, "en")).entries

    assert [entry.title for entry in entries] == ["Translated", "Solo en español", "Solo el titular"]
    assert [entry.title_detail.language for entry in entries] == ["en", "es", "es"]
    assert [entry.content[0].language for entry in entries] == ["en", "es", "es"]
    assert "<h2>Background</h2>" in entries[0].content[0].value
    assert "<h2>Contexto</h2>" in entries[1].content[0].value
    # Links and metadata stay in the feed's language.
    assert entries[1].link == f"{HOST}/en/releases/{spanish_only.published_at:%Y/%m}/{spanish_only.slug}/"
    assert "Transparency" in [tag.term for tag in entries[1].tags]
    assert translated.uuid.urn == entries[0].id and headline_only.uuid.urn == entries[2].id


@pytest.mark.parametrize("feed_format", FORMATS)
def test_english_item_marks_parts_that_fall_back_to_spanish(client, organisation, topic, feed_format):
    make_feed_release(
        organisation,
        topic,
        title_en="Translated",
        body_en="English body.",
        summary_es="Punto en español",
        summary_en="",
        background_es="Contexto sin traducir.",
        background_en="",
    )
    entry = read(fetch(client, "all", feed_format, "en")).entries[0]
    assert entry.title_detail.language == "en"
    assert entry.summary == '<ul lang="es"><li>Punto en español</li></ul>'
    assert '<div lang="es"><p>Contexto sin traducir.</p>\n</div>' in entry.content[0].value


# Dates.


@pytest.mark.parametrize(
    ("zone", "rfc822", "rfc3339"),
    [
        ("America/Mexico_City", "Tue, 15 Jul 2025 10:30:00 -0600", "2025-07-15T10:30:00-06:00"),
        ("Europe/Madrid", "Tue, 15 Jul 2025 18:30:00 +0200", "2025-07-15T18:30:00+02:00"),
        ("Asia/Kolkata", "Tue, 15 Jul 2025 22:00:00 +0530", "2025-07-15T22:00:00+05:30"),
    ],
)
def test_dates_use_the_configured_time_zone(client, settings, organisation, topic, zone, rfc822, rfc3339):
    settings.TIME_ZONE = zone
    moment = datetime(2025, 7, 15, 16, 30, 0, 123456, tzinfo=UTC)
    with time_machine.travel(moment + timedelta(days=2), tick=False):
        release = make_feed_release(organisation, topic, published_at=moment)
        Release.objects.filter(pk=release.pk).update(updated_at=moment - timedelta(days=1))
        rss = fetch(client, "all", "rss", "es").content.decode()
        atom = fetch(client, "all", "atom", "es").content.decode()
    assert f"<pubDate>{rfc822}</pubDate>" in rss
    assert f"<lastBuildDate>{rfc822}</lastBuildDate>" in rss
    assert f"<published>{rfc3339}</published>" in atom
    # Never edited after publication: updated is the publication.
    assert f"<updated>{rfc3339}</updated>" in atom
    entry = feedparser.parse(rss).entries[0]
    assert entry.published_parsed[:6] == (2025, 7, 15, 16, 30, 0)


def test_atom_updated_moves_with_a_change_note_not_with_a_silent_edit(client, organisation, topic, editor):
    published = datetime(2025, 3, 11, 16, 0, tzinfo=UTC)
    with time_machine.travel(published - timedelta(days=1), tick=False):
        release = make_feed_release(organisation, topic, published_at=published)  # scheduled, then live
    with time_machine.travel(published + timedelta(days=3), tick=False):
        response = fetch(client, "all", "atom", "es")
        entry = read(response).entries[0]
        assert (entry.published, entry.updated) == ("2025-03-11T10:00:00-06:00", "2025-03-11T10:00:00-06:00")
        release.title_es = "Corregido"
        release.save()
        edited = fetch(client, "all", "atom", "es", **{"If-Modified-Since": response["Last-Modified"]})
        entry = read(edited).entries[0]
        # A fix without a change note is not a public change: the new text, the same date; but the
        # document changed, so a reader that only sends If-Modified-Since gets it too.
        assert (entry.title, entry.updated) == ("Corregido", "2025-03-11T10:00:00-06:00")
        assert edited.status_code == 200 and edited["Last-Modified"] == "Fri, 14 Mar 2025 16:00:00 GMT"
        services.release_add_change_note(release=release, actor=editor, text_es="Se corrigió el titular.")
        entry = read(fetch(client, "all", "atom", "es")).entries[0]
    assert (entry.published, entry.updated) == ("2025-03-11T10:00:00-06:00", "2025-03-14T10:00:00-06:00")
    assert release.public_updated_at == published + timedelta(days=3)


def test_a_release_published_under_embargo_is_dated_the_end_of_its_embargo(client, organisation, topic, editor):
    asked = datetime(2025, 3, 11, 16, 0, tzinfo=UTC)
    embargo_end = asked + timedelta(hours=2)
    with time_machine.travel(asked - timedelta(days=1), tick=False):
        release = make_feed_release(organisation, topic, status=Release.Status.DRAFT, embargo_until=embargo_end)
        services.release_publish(release=release, actor=editor, at=asked)
    with time_machine.travel(asked + timedelta(hours=1), tick=False):
        assert read(fetch(client, "all", "atom", "es")).entries == []
    with time_machine.travel(asked + timedelta(days=1), tick=False):
        response = fetch(client, "all", "atom", "es")
    entry = read(response).entries[0]
    assert (entry.published, entry.updated) == ("2025-03-11T12:00:00-06:00", "2025-03-11T12:00:00-06:00")
    assert response["Last-Modified"] == "Tue, 11 Mar 2025 18:00:00 GMT"


# Identity.


@pytest.mark.parametrize("feed_format", FORMATS)
def test_guid_survives_an_edit_and_a_slug_change(client, organisation, topic, feed_format):
    release = make_feed_release(organisation, topic, slug="primer-nombre")
    before = read(fetch(client, "all", feed_format, "es")).entries[0]
    release.title_es = "Otro titular"
    release.slug = "segundo-nombre"
    release.save()
    after = read(fetch(client, "all", feed_format, "es")).entries[0]
    assert before.id == after.id == f"urn:uuid:{release.uuid}"
    assert before.link != after.link
    assert after.title == "Otro titular"
    assert after.guidislink is False


def test_every_release_gets_its_own_permanent_identifier():
    first, second = make_release(), make_release()
    assert first.uuid != second.uuid
    identifier = first.uuid
    first.refresh_from_db()
    first.save()
    assert first.uuid == identifier


# The featured image as an enclosure.


@pytest.mark.parametrize("feed_format", FORMATS)
def test_featured_image_is_an_enclosure_with_length_and_type(client, organisation, topic, feed_format):
    upload = image_upload("portada.png", size=(64, 48))
    release = make_feed_release(organisation, topic, featured_image=upload, featured_image_alt_es="Una portada")
    size = release.featured_image.size
    enclosures = read(fetch(client, "all", feed_format, "es")).entries[0].enclosures
    (enclosure,) = enclosures
    # A bucket's URLs carry a signature that changes by the second: the place is what is compared.
    assert {**enclosure, "href": enclosure["href"].split("?")[0]} == {
        "href": media_url(release.featured_image.name, base=HOST),
        "length": str(size),
        "type": "image/png",
    }


def test_enclosure_facts_are_recorded_on_save_not_read_from_storage_per_request(client, organisation, topic):
    release = make_feed_release(organisation, topic, featured_image=image_upload(), featured_image_alt_es="Algo")
    size = release.featured_image_size
    assert size > 0
    # Were storage asked on each request, the enclosure would now fail or change.
    release.featured_image.storage.delete(release.featured_image.name)
    enclosure = read(fetch(client, "all", "rss", "es")).entries[0].enclosures[0]
    assert (enclosure.length, enclosure.type) == (str(size), "image/png")


def test_image_type_comes_from_the_content_and_is_remeasured_when_replaced():
    release = make_release(featured_image=image_upload("foto.jpg"), featured_image_alt_es="Foto")  # PNG bytes
    assert release.featured_image_type == "image/png"
    first_size = release.featured_image_size
    release = Release.objects.get(pk=release.pk)
    release.featured_image = image_upload("grande.jpg", size=(300, 200), image_format="JPEG")
    release.save()
    assert release.featured_image_type == "image/jpeg"
    assert release.featured_image_size == release.featured_image.size != first_size
    # Replaced the way the demo loader does it: stored first, then the row saved.
    release.featured_image.save("otra.gif", ContentFile(image_upload(image_format="GIF").read()), save=True)
    release.refresh_from_db()
    assert (release.featured_image_type, release.featured_image_size) == ("image/gif", release.featured_image.size)
    release.featured_image = ""
    release.save()
    assert (release.featured_image_type, release.featured_image_size) == ("", 0)


def test_image_uploaded_in_the_admin_is_measured(client):
    editor = get_user_model().objects.create_superuser("editor", "editor@newsroom.example", "pw")
    client.force_login(editor)
    upload = image_upload("portada.jpg", size=(120, 80), image_format="JPEG")
    data = release_form(make_organisation(), featured_image=upload, featured_image_alt_es="Portada")
    response = client.post(reverse("admin:releases_release_add"), data)
    assert response.status_code == 302
    release = Release.objects.get()
    assert (release.featured_image_type, release.featured_image_size) == ("image/jpeg", upload.size)


def test_release_without_image_has_no_enclosure(client, organisation, topic):
    make_feed_release(organisation, topic)
    assert read(fetch(client, "all", "atom", "es")).entries[0].enclosures == []


# Polling: conditional GET.


def test_conditional_get_gives_304_until_something_is_published(client, organisation, topic):
    make_feed_release(organisation, topic)
    first = fetch(client, "organisation", "atom", "es", organisation)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    # Readers may keep it 5 minutes; a CDN (s-maxage) one, and 30 s stale, as every public page.
    assert first["Cache-Control"] == "public, max-age=300, s-maxage=60, stale-while-revalidate=30"
    assert "Cookie" not in first.get("Vary", "")

    again = fetch(client, "organisation", "atom", "es", organisation, if_none_match=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert fetch(client, "organisation", "atom", "es", organisation, if_modified_since=last_modified).status_code == 304

    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        new = make_feed_release(organisation, topic, published_at=timezone.now())
        changed = fetch(client, "organisation", "atom", "es", organisation, if_none_match=etag)
        assert changed.status_code == 200
        assert changed["ETag"] != etag
        assert read(changed).entries[0].id == new.uuid.urn
        since = fetch(client, "organisation", "atom", "es", organisation, if_modified_since=last_modified)
        assert since.status_code == 200


def test_scheduled_release_changes_the_etag_at_its_minute(client, organisation, topic):
    now = timezone.now()
    make_feed_release(organisation, topic, published_at=now - timedelta(days=1))
    scheduled = make_feed_release(organisation, topic, published_at=now + timedelta(hours=1))
    etag = fetch(client, "topic", "rss", "es", topic=topic)["ETag"]
    with time_machine.travel(now + timedelta(minutes=59), tick=False):
        assert fetch(client, "topic", "rss", "es", topic=topic, if_none_match=etag).status_code == 304
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        response = fetch(client, "topic", "rss", "es", topic=topic, if_none_match=etag)
        assert response.status_code == 200
        assert read(response).entries[0].id == scheduled.uuid.urn


def test_edits_and_withdrawals_change_the_etag(client, organisation, topic):
    release = make_feed_release(organisation, topic)
    kept = make_feed_release(organisation, topic, published_at=timezone.now() - timedelta(days=3))
    etag = fetch(client, "all", "rss", "en")["ETag"]
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        release.title_en = "Edited"
        release.save()
        edited = fetch(client, "all", "rss", "en", if_none_match=etag)
    assert edited.status_code == 200
    release.status = Release.Status.DRAFT
    release.save()
    withdrawn = fetch(client, "all", "rss", "en", if_none_match=edited["ETag"])
    assert withdrawn.status_code == 200
    assert [entry.id for entry in read(withdrawn).entries] == [kept.uuid.urn]


@pytest.mark.parametrize("kind", KINDS)
def test_a_change_note_changes_the_validators_and_the_updated_date(client, organisation, topic, editor, kind):
    release = make_feed_release(organisation, topic, published_at=timezone.now() - timedelta(days=2))
    first = fetch(client, kind, "atom", "es", organisation, topic)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert fetch(client, kind, "atom", "es", organisation, topic, if_none_match=etag).status_code == 304
    assert fetch(client, kind, "atom", "es", organisation, topic, if_modified_since=last_modified).status_code == 304

    noted = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    with time_machine.travel(noted, tick=False):
        services.release_add_change_note(release=release, actor=editor, text_es="Se corrigió la fecha de la audiencia.")
        changed = fetch(client, kind, "atom", "es", organisation, topic, if_none_match=etag)
        since = fetch(client, kind, "atom", "es", organisation, topic, if_modified_since=last_modified)
    assert changed.status_code == 200 and since.status_code == 200
    assert changed["ETag"] != etag
    assert changed["Last-Modified"] == http_date(noted.timestamp())
    entry = read(changed).entries[0]
    assert entry.updated == timezone.localtime(noted).isoformat()
    assert entry.published != entry.updated


@pytest.mark.parametrize("feed_format", FORMATS)
def test_the_newest_change_note_heads_the_item_content_in_its_language(
    client, organisation, topic, editor, feed_format
):
    release = make_feed_release(organisation, topic, title_en="Translated", body_en="English body.")
    services.release_add_change_note(release=release, actor=editor, text_es="Primera nota.", text_en="First note.")
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        services.release_add_change_note(release=release, actor=editor, text_es="Se corrigió la fecha.")
    date = timezone.localtime(release.change_notes.first().created_at)
    spanish = read(fetch(client, "all", feed_format, "es")).entries[0].content[0].value
    assert spanish.startswith(f"<p><strong>Actualizado el {date.day} de ")
    assert "</strong> <span>Se corrigió la fecha.</span></p>" in spanish
    assert "Primera nota." not in spanish  # earlier notes reached subscribers with their own update
    english = read(fetch(client, "all", feed_format, "en")).entries[0].content[0].value
    assert english.startswith("<p><strong>Updated ")
    assert '</strong> <span lang="es">Se corrigió la fecha.</span></p>' in english


def test_renaming_the_organisation_changes_the_etag(client, organisation, topic):
    make_feed_release(organisation, topic)
    etag = fetch(client, "organisation", "rss", "es", organisation)["ETag"]
    organisation.name_es = "Red Ciudadana Nueva"
    organisation.save()
    assert fetch(client, "organisation", "rss", "es", organisation, if_none_match=etag).status_code == 200


def test_empty_feed_is_valid_and_still_conditional(client, topic):
    response = fetch(client, "topic", "atom", "en", topic=topic)
    assert read(response).entries == []
    assert "Last-Modified" not in response
    assert fetch(client, "topic", "atom", "en", topic=topic, if_none_match=response["ETag"]).status_code == 304


# Query budgets: a feed's cost does not grow with its items.


@pytest.mark.parametrize("count", [3, 40])
def test_feed_query_budget(client, organisation, topic, django_assert_max_num_queries, count):
    for n in range(count):
        release = make_feed_release(organisation, topic, published_at=timezone.now() - timedelta(hours=n + 1))
        if n % 2:  # items with and without change notes (the newest note is shown and dated)
            ChangeNote.objects.create(release=release, text_es=f"Corrección {n}.")
            ChangeNote.objects.create(release=release, text_es=f"Otra corrección {n}.")
    for kind in KINDS:
        for language in LANGUAGES:
            for feed_format in FORMATS:
                with django_assert_max_num_queries(6):
                    response = fetch(client, kind, feed_format, language, organisation, topic)
                assert len(read(response).entries) == min(count, FEED_SIZE)
                with django_assert_max_num_queries(2):
                    not_modified = fetch(
                        client, kind, feed_format, language, organisation, topic, if_none_match=response["ETag"]
                    )
                assert not_modified.status_code == 304


# Discovery and the subscribe page.


def alternate_links(html):
    pattern = (
        r'<link rel="alternate" type="application/(rss|atom)\+xml" title="([^"]*)" href="([^"]*)" hreflang="(..)">'
    )
    return [
        (kind, title, href)
        for kind, title, href, language in re.findall(pattern, html)
        if href.startswith(f"{HOST}/{language}/")
    ]


def test_pages_offer_the_newsrooms_feeds(client, organisation, topic):
    make_feed_release(organisation, topic)
    for path in ("/es/", "/es/comunicados/"):
        assert alternate_links(client.get(path).content.decode()) == [
            ("rss", "Sala de prensa: todos los comunicados (RSS)", f"{HOST}/es/canales/rss/"),
            ("atom", "Sala de prensa: todos los comunicados (Atom)", f"{HOST}/es/canales/atom/"),
        ]
    assert [href for _type, _title, href in alternate_links(client.get("/en/").content.decode())] == [
        f"{HOST}/en/feeds/rss/",
        f"{HOST}/en/feeds/atom/",
    ]


def test_organisation_page_offers_its_own_feeds_first(client, organisation):
    html = client.get("/en/organisations/citizens-network/").content.decode()
    feeds = f"{HOST}/en/feeds/organisations/citizens-network"
    assert alternate_links(html) == [
        ("rss", "Newsroom: releases from Citizens&#x27; Network (RC) (RSS)", f"{feeds}/rss/"),
        ("atom", "Newsroom: releases from Citizens&#x27; Network (RC) (Atom)", f"{feeds}/atom/"),
        ("rss", "Newsroom: all releases (RSS)", f"{HOST}/en/feeds/rss/"),
        ("atom", "Newsroom: all releases (Atom)", f"{HOST}/en/feeds/atom/"),
    ]


def test_feed_links_for_a_topic_page(topic):
    links = feed_links(topic=topic, language="en")
    assert [(link.url, link.mime_type) for link in links] == [
        ("/en/feeds/topics/transparency/rss/", "application/rss+xml"),
        ("/en/feeds/topics/transparency/atom/", "application/atom+xml"),
        ("/en/feeds/rss/", "application/rss+xml"),
        ("/en/feeds/atom/", "application/atom+xml"),
    ]
    assert links[0].title == "Newsroom: releases on Transparency (RSS)"
    assert translation.get_language() == "es"


def test_every_feed_link_leads_to_a_feed(client, organisation, topic):
    make_feed_release(organisation, topic)
    for language in LANGUAGES:
        for link in feed_links(organisation=organisation, language=language) + feed_links(
            topic=topic, language=language
        ):
            read(client.get(link.url))


def test_header_links_to_the_subscribe_page(client):
    assert 'href="/es/suscribirse/"' in client.get("/es/").content.decode()
    assert 'href="/en/subscribe/"' in client.get("/en/").content.decode()


@pytest.mark.parametrize("count", [3, 20])
def test_subscribe_page_offers_every_publisher_and_topic_in_two_queries(client, django_assert_max_num_queries, count):
    publishers = [make_organisation(is_listed=True) for _ in range(count)]
    topics = [make_topic() for _ in range(count)]
    make_release().topics.add(*topics)
    bystander = make_organisation(is_publisher=False, is_listed=True)
    with django_assert_max_num_queries(2):
        response = client.get("/es/suscribirse/")
    assert response.status_code == 200
    html = response.content.decode()
    for publisher in publishers:
        assert f'<option value="organisation:{publisher.slug}">' in html
    for topic in topics:
        assert f'<option value="topic:{topic.slug}">' in html
    assert f'value="organisation:{bystander.slug}"' not in html
    # A short page: no wall of addresses until a choice is made.
    assert "/canales/" not in html.split("<main")[1].split("</main>")[0]
    assert 'name="language" value="es"' in html and 'name="format" value="atom"' in html


@pytest.mark.parametrize(
    ("query", "address"),
    [
        ("subject=all&language=es&format=rss", "/es/canales/rss/"),
        ("subject=organisation%3Ared&language=en&format=atom", "/en/feeds/organisations/citizens-network/atom/"),
        ("subject=topic%3Atransparencia&language=es&format=atom", "/es/canales/temas/transparencia/atom/"),
    ],
)
def test_a_choice_gives_one_feed_address_to_copy(client, organisation, topic, query, address):
    html = client.get(f"/es/suscribirse/?{query}").content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    assert re.findall(r'href="(http://testserver/[^"]*/(?:rss|atom)/)"', main) == [HOST + address]
    assert f'data-copy-value="{HOST}{address}"' in main and f'readonly value="{HOST}{address}"' in main
    read(client.get(address))


def test_choosing_email_gives_the_alerts_form_for_that_subject(client, organisation):
    html = client.get("/en/subscribe/?subject=organisation%3Ared&language=es&format=email").content.decode()
    assert f'name="organisations" value="{organisation.pk}" id="alerts-subject" checked' in html
    assert re.search(r'name="language" value="es"[^>]* checked', html)


def test_an_unknown_choice_is_reported_and_gives_no_address(client):
    html = client.get("/en/subscribe/?subject=organisation%3Anobody&language=en&format=rss").content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    assert "/feeds/" not in main and 'role="alert"' in main and "What to follow:" in main


def test_subscribe_page_in_english(client, organisation, topic):
    html = client.get("/en/subscribe/").content.decode()
    assert "A feed reader is an app" in html
    assert "Citizens&#x27; Network (RC)" in html and "Transparency" in html


# The helper that makes links absolute.


def test_absolutise_urls_resolves_relative_links_and_keeps_the_rest():
    html = render_markdown("[a](/es/x/) [b](#n) [c](../up/) [d](https://other.example/) [e](mailto:a@b.example)")
    result = absolutise_urls(html, "https://prensa.example/es/comunicados/2025/03/algo/")
    assert 'href="https://prensa.example/es/x/"' in result
    assert 'href="https://prensa.example/es/comunicados/2025/03/algo/#n"' in result
    assert 'href="https://prensa.example/es/comunicados/2025/03/up/"' in result
    assert 'href="https://other.example/"' in result
    assert 'href="mailto:a@b.example"' in result
    unsafe = absolutise_urls('<p><a href="javascript:alert(1)" onclick="x()">j</a><script>x</script></p>', "https://h/")
    assert "javascript" not in unsafe
    assert "onclick" not in unsafe
    assert "<script" not in unsafe


# The headlines feed: the newsroom's latest releases, headline and summary only.


@pytest.mark.parametrize("feed_format", FORMATS)
def test_the_headlines_feed_has_the_latest_20_with_summaries_and_no_full_text(
    client, organisation, topic, feed_format, django_assert_max_num_queries
):
    for n in range(HEADLINES_SIZE + 3):
        make_feed_release(organisation, topic, published_at=timezone.now() - timedelta(hours=n + 1), slug=f"n-{n}")
    assert feed_path("headlines", feed_format, language="es") == f"/es/canales/titulares/{feed_format}/"
    assert feed_path("headlines", feed_format, language="en") == f"/en/feeds/headlines/{feed_format}/"
    with django_assert_max_num_queries(6):
        response = fetch(client, "headlines", feed_format, "es")
    feed = read(response)
    full = fetch(client, "all", feed_format, "es")
    assert feed.feed.title == "Sala de prensa: titulares"
    assert len(feed.entries) == HEADLINES_SIZE
    newest = [entry.link for entry in read(full).entries[:HEADLINES_SIZE]]
    assert [entry.link for entry in feed.entries] == newest
    for entry in feed.entries:
        assert "<li>" in entry.summary  # the summary points
        assert "content" not in entry
    assert b"content:encoded" not in response.content and b"<content" not in response.content
    assert len(response.content) < len(full.content) / 2  # the test bodies are short; real ones far longer
    assert response["ETag"] != full["ETag"]
    assert fetch(client, "headlines", feed_format, "es", if_none_match=response["ETag"]).status_code == 304
