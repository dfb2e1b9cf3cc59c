"""Fragments of public pages (newsroom/fragments.py): release cards, a release page's head and
article, the page header and footer and feed entries, kept per process for the newsroom
generation, with the page cache out of the way (Django's test client calls Django directly).

A fragment that is kept shows as queries not run; a change must show at once all the same.
"""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Organisation
from newsroom import fragments
from releases import services
from releases.models import Release
from tests.factories import make_full_release, make_organisation, make_release

pytestmark = pytest.mark.django_db

LIST = "/es/comunicados/"
HEADLINES = "/es/canales/titulares/rss/"


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), len(queries)


def page_of(release):
    with translation.override("es"):
        return release.get_absolute_url()


@pytest.mark.parametrize("url", [LIST, "release", HEADLINES])
def test_an_edit_through_the_services_shows_at_once_where_the_release_was_kept(client, editor, url):
    release = make_full_release(title_es="Titular primero")
    url = page_of(release) if url == "release" else url
    _first, made = get(client, url)
    again, kept = get(client, url)
    assert "Titular primero" in again
    assert kept < made  # the second answer came from kept fragments

    release.title_es = "Titular corregido"
    services.release_save(release=release, actor=editor, seen_version=release.version)
    after, _queries = get(client, url)
    assert "Titular corregido" in after
    assert "Titular primero" not in after


def test_a_directory_change_shows_on_cards_pages_and_feeds_at_once(client):
    organisation = make_organisation(name_es="Red Ciudadana")
    release = make_release(issuing_organisations=[organisation])
    urls = [LIST, page_of(release), HEADLINES]
    for url in urls:
        get(client, url)
    # A script saving a model by hand changes the generation too.
    organisation = Organisation.objects.get(pk=organisation.pk)
    organisation.name_es = "Red Ciudadana por la Privacidad"
    organisation.save()
    for url in urls:
        html, _queries = get(client, url)
        assert "Red Ciudadana por la Privacidad" in html, url


def test_what_is_kept_is_what_anonymous_visitors_see_and_staff_never_read_it(client, editor):
    release = make_full_release(title_es="Versión publicada")
    url = page_of(release)
    get(client, url)
    # An update() sends no signal: the generation stands, so the kept article is what anonymous
    # visitors get (this is how the store is seen to be used) ...
    Release.objects.filter(pk=release.pk).update(title_es="Versión sin aviso")
    anonymous, _queries = get(client, url)
    assert anonymous.count("Versión publicada") > anonymous.count("Versión sin aviso")
    # ... while staff, who may see drafts at the real URL, always get the page made afresh.
    client.force_login(editor)
    staff, _queries = get(client, url)
    assert "Versión publicada" not in staff


def test_a_preview_link_page_is_never_kept_for_the_public_page(client, editor):
    embargo_ends = timezone.now() + timedelta(hours=2)
    release = make_full_release(title_es="Informe bajo embargo", embargo_until=embargo_ends)
    _link, token = services.release_create_preview_link(release=release, actor=editor, recipient="Ana")
    with translation.override("es"):
        preview = reverse("releases:preview", args=[token])
    html, _queries = get(client, preview)
    assert "release-notice--embargo" in html
    # The embargo ends with no write: the public page is made in the same generation, and must not
    # be the preview's article (its notice, its file URLs carrying the link's proof of access).
    with time_machine.travel(embargo_ends + timedelta(minutes=1)):
        public, _queries = get(client, page_of(release))
    assert "Informe bajo embargo" in public
    assert "release-notice--embargo" not in public
    assert token not in public


def test_fragments_name_their_language_and_host(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "otra.example"]
    make_full_release(title_es="Sólo en español", title_en="English only")
    spanish, _queries = get(client, LIST)
    english, _queries = get(client, "/en/releases/")
    assert "English only" in english and "English only" not in spanish
    get(client, HEADLINES)
    other_host = client.get(HEADLINES, HTTP_HOST="otra.example").content.decode()
    assert "http://otra.example/" in other_host and "testserver" not in other_host


def test_the_store_can_be_turned_off(client, settings):
    settings.NEWSROOM_FRAGMENT_CACHE = False
    fragments.clear()
    make_full_release()
    _first, made = get(client, LIST)
    _again, again = get(client, LIST)
    assert again == made
    assert not fragments._store.entries
