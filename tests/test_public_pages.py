import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from releases.models import Release
from tests.factories import make_full_release, make_organisation, make_release

pytestmark = pytest.mark.django_db


def test_root_sends_visitors_to_spanish_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_root_sends_english_browsers_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


def test_release_list_shows_only_published_releases(client):
    shown = make_release(title_es="Publicado")
    hidden = [
        make_release(title_es="Borrador", status=Release.Status.DRAFT),
        make_release(title_es="Programado", published_at=shown.published_at.replace(year=2099)),
        make_release(title_es="Embargado", embargo_until=shown.published_at.replace(year=2099)),
    ]
    html = client.get("/es/comunicados/").content.decode()
    assert shown.title_es in html
    for release in hidden:
        assert release.title_es not in html


def test_release_list_in_english_marks_untranslated_titles_as_spanish(client):
    make_release(title_es="Solo en español", title_en="")
    make_release(title_es="Con traducción", title_en="With a translation")
    html = client.get("/en/releases/").content.decode()
    assert 'lang="es">Solo en español</a>' in html
    assert ">With a translation</a>" in html


def test_release_page_shows_the_release(client):
    release = make_full_release(body_es="Texto con **negritas**.")
    response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert release.title_es in html
    assert "<strong>negritas</strong>" in html
    for link in release.links.all():
        assert link.url in html


def test_draft_release_page_is_not_found_for_the_public(client):
    release = make_release(status=Release.Status.DRAFT)
    assert client.get(release.get_absolute_url()).status_code == 404


def test_staff_who_can_change_releases_preview_a_draft_uncached(client):
    release = make_release(status=Release.Status.DRAFT)
    writer = get_user_model().objects.create_user("writer", password="pw", is_staff=True)
    writer.user_permissions.add(Permission.objects.get(codename="change_release"))
    client.force_login(writer)
    response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_release_url_with_a_wrong_date_redirects_to_the_real_one(client):
    release = make_release(slug="fecha")
    response = client.get("/es/comunicados/2001/01/fecha/")
    assert response.status_code == 301
    assert response["Location"] == release.get_absolute_url()


def test_organisation_page_lists_only_its_published_releases(client):
    organisation = make_organisation()
    shown = make_release(issuers=[organisation])
    draft = make_release(issuers=[organisation], status=Release.Status.DRAFT)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert shown.title_es in html
    assert draft.title_es not in html


def test_unknown_url_gets_a_styled_404(client):
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
