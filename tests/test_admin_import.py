"""The admin's “Import from Markdown”: permissions, preview, confirmation, bad files."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from releases.admin.upload import SIGNING_SALT
from releases.models import Release

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"
IMPORT_URL = "/admin/releases/release/import/"


def upload(name, content=None):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return SimpleUploadedFile(name, data, content_type="text/markdown")


def staff(*permissions):
    user = get_user_model().objects.create_user("staff", "staff@newsroom.example", "pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=permissions))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    """May add and change releases, and add the organisations, people and topics files name."""
    return staff("add_release", "change_release", "view_release", "add_organisation", "add_contact", "add_topic")


def payload_of(response):
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode())[1]


def test_the_url_and_the_button_on_the_releases_list(editor):
    assert reverse("admin:releases_release_import") == IMPORT_URL
    page = editor.get(reverse("admin:releases_release_changelist")).content.decode()
    assert f'href="{IMPORT_URL}"' in page
    assert "Import from Markdown" in page


def test_only_people_who_may_add_releases_can_import():
    viewer = staff("view_release", "change_release")
    assert viewer.get(IMPORT_URL).status_code == 403
    assert viewer.post(IMPORT_URL, {"files": [upload("es_completo.md")]}).status_code == 403
    assert IMPORT_URL not in viewer.get(reverse("admin:releases_release_changelist")).content.decode()
    anonymous = Client()
    assert anonymous.get(IMPORT_URL).status_code == 302  # to the login page
    assert not Release.objects.exists()


def test_upload_shows_the_parse_and_errors_then_confirm_creates_drafts(editor):
    response = editor.post(
        IMPORT_URL, {"files": [upload("es_completo.md"), upload("en_embargo.md"), upload("roto.md", b"\x00\x01\x02")]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    # What was read, readably: title, summary, contacts, links, organisations, warnings.
    assert "Colectivos vecinales exigen publicar los contratos del nuevo sistema de alumbrado" in page
    assert "La alcaldía adjudicó el contrato sin licitación pública" in page
    assert "Hugo Salinas" in page and "55-8765-4321" in page and "hugo.salinas@frentevecinal.example" in page
    assert "https://frentevecinal.example/mapa" in page
    assert "Frente Vecinal por la Luz" in page and "https://x.com/Frente_Luz" in page
    assert "2025-03-04T00:01:00+00:00" in page
    assert "roto.md" in page and "binary file" in page
    assert "New draft release" in page
    assert not Release.objects.exists()  # nothing is written before confirming

    response = editor.post(IMPORT_URL, {"payload": payload_of(response)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:releases_release_changelist")
    assert Release.objects.count() == 2
    assert set(Release.objects.values_list("status", flat=True)) == {Release.Status.DRAFT}
    release = Release.objects.get(import_key="es_completo")
    assert release.created_by.username == "staff"
    assert release.media_contacts.count() == 2
    page = response.content.decode()
    assert "Imported 2 new and updated 0 releases" in page
    assert reverse("admin:releases_release_change", args=[release.pk]) in page


def test_the_preview_shows_each_warning_beside_the_part_it_concerns(editor):
    text = (
        "EMBARGADO HASTA EL 3 DE MARZO DE 2025, 00:01 H\n\n# Vecinos piden los contratos del alumbrado\n\n"
        "Ciudad de México, 2 de marzo.– El texto del comunicado.\n"
    )
    page = editor.post(IMPORT_URL, {"files": [upload("aviso.md", text.encode("cp1252"))]}).content.decode()
    rows = dict(re.findall(r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", page, re.S))
    assert "no time zone" in rows["Embargoed until"]
    assert "no year" in rows["Dateline"] and "no time zone" not in rows["Dateline"]
    # A warning about the file as a whole (its encoding) has no row of its own.
    assert "Windows-1252" in rows["Warnings"] and "no time zone" not in rows["Warnings"]


def test_the_preview_says_when_a_file_updates_an_existing_release(editor):
    editor.post(IMPORT_URL, {"payload": payload_of(editor.post(IMPORT_URL, {"files": [upload("es_completo.md")]}))})
    response = editor.post(IMPORT_URL, {"files": [upload("es_completo.md")]})
    assert "Updates the release “Colectivos vecinales" in response.content.decode()
    editor.post(IMPORT_URL, {"payload": payload_of(response)})
    assert Release.objects.count() == 1


def test_an_altered_confirmation_is_refused(editor):
    forged = signing.dumps([["x.md", "# Otro texto\n\nCuerpo."]], salt="another-salt")
    response = editor.post(IMPORT_URL, {"payload": forged}, follow=True)
    assert "altered" in response.content.decode()
    good = payload_of(editor.post(IMPORT_URL, {"files": [upload("es_completo.md")]}))
    response = editor.post(IMPORT_URL, {"payload": good[:-3] + "abc"}, follow=True)
    assert "altered" in response.content.decode()
    assert not Release.objects.exists()


def test_the_confirmation_carries_the_text_and_is_parsed_again(editor):
    payload = signing.dumps([["nota.md", "# Una nota breve\n\nTexto de la nota."]], salt=SIGNING_SALT, compress=True)
    editor.post(IMPORT_URL, {"payload": payload})
    assert Release.objects.get().title_es == "Una nota breve"


def test_the_forms_are_protected_against_cross_site_requests(editor):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(get_user_model().objects.get(username="staff"))
    assert client.post(IMPORT_URL, {"files": [upload("es_completo.md")]}).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(IMPORT_URL).content.decode())[1]
    preview = client.post(IMPORT_URL, {"files": [upload("es_completo.md")], "csrfmiddlewaretoken": token})
    assert preview.status_code == 200
    assert client.post(IMPORT_URL, {"payload": payload_of(preview)}).status_code == 403
    assert not Release.objects.exists()


def test_too_much_at_once_is_refused_with_a_message(editor):
    big = upload("big.md", b"# Titular\n\n" + b"texto " * 400_000)
    response = editor.post(IMPORT_URL, {"files": [big]})
    assert "upload at most" in response.content.decode()
    assert not Release.objects.exists()


def test_an_exported_file_uploaded_here_becomes_a_draft_and_its_files_are_not_read(editor):
    text = (
        "---\nslug: informe-anual\nstatus: published\npublished_at: '2025-01-28T10:00:00-06:00'\n"
        "topics:\n- {slug: privacidad, name: {es: Privacidad, en: Privacy}}\n"
        "featured_image: {file: informe-anual.files/portada.png, alt: Portada}\n---\n\n"
        + (FIXTURES / "es_completo.md").read_text(encoding="utf-8")
    )
    response = editor.post(IMPORT_URL, {"files": [upload("informe-anual.es.md", text.encode())]})
    page = response.content.decode()
    assert "Front matter" in page and "Privacidad" in page
    assert "not read from an upload" in page

    response = editor.post(IMPORT_URL, {"payload": payload_of(response)}, follow=True)
    release = Release.objects.get()
    assert (release.slug, release.status) == ("informe-anual", Release.Status.DRAFT)
    assert [topic.slug for topic in release.topics.all()] == ["privacidad"]
    assert not release.featured_image
    page = response.content.decode()
    assert "releases imported here are drafts" in page and "import_releases" in page
