"""Writers and their colleagues' drafts (issue 10.9), with named people: Alicia and Bruno write,
Elena edits. Writers edit any draft or release in review, their colleagues' too (a small team
writes together; every save is kept in the history and can be undone), and delete only drafts
they created themselves; editors delete any release. Enforced by Release.can_be_deleted_by in the
services (check_delete), the admin's delete page and its bulk delete action; the Markdown upload's
update path follows the edit rule (check_import)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from releases import services
from releases.models import Release
from tests.adminform import change_form_data
from tests.factories import make_full_release, make_release, make_staff
from tests.test_import_workflow import IMPORT_URL, payload_of

pytestmark = pytest.mark.django_db
Status = Release.Status


@pytest.fixture
def alicia(db):
    return make_staff("alicia", "Writers")


@pytest.fixture
def bruno(db):
    return make_staff("bruno", "Writers")


@pytest.fixture
def elena(db):
    return make_staff("elena", "Editors")


def logged_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def delete_url(release):
    return reverse("admin:releases_release_delete", args=[release.pk])


def test_a_writer_edits_a_colleague_s_draft_and_the_history_says_who(alicia, bruno):
    draft = make_full_release(status=Status.DRAFT, created_by=bruno, title_es="Borrador de Bruno")
    client = logged_in(alicia)
    url = reverse("admin:releases_release_change", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="title_es"' in page.content.decode()
    assert (
        client.post(url, change_form_data(page, title_es="Borrador de Bruno, revisado por Alicia")).status_code == 302
    )
    draft.refresh_from_db()
    assert draft.title_es == "Borrador de Bruno, revisado por Alicia" and draft.updated_by == alicia
    assert draft.created_by == bruno


def test_a_writer_updates_a_colleague_s_draft_through_the_markdown_upload(alicia, bruno):
    draft = make_release(status=Status.DRAFT, created_by=bruno, slug="borrador-de-bruno", title_es="Viejo")
    client = logged_in(alicia)
    text = "# Borrador de Bruno, versión de Alicia\n\nCiudad de México, 3 de marzo de 2025.– Texto nuevo.\n"
    upload = SimpleUploadedFile("borrador-de-bruno.es.md", text.encode(), content_type="text/markdown")
    preview = client.post(IMPORT_URL, {"files": [upload]})
    client.post(IMPORT_URL, {"payload": payload_of(preview)})
    draft.refresh_from_db()
    assert draft.title_es == "Borrador de Bruno, versión de Alicia" and draft.status == Status.DRAFT


def test_a_writer_deletes_her_own_draft_but_not_a_colleague_s(alicia, bruno):
    own = make_release(status=Status.DRAFT, created_by=alicia)
    brunos = make_release(status=Status.DRAFT, created_by=bruno)
    client = logged_in(alicia)
    assert client.get(delete_url(brunos)).status_code == 403
    assert client.post(delete_url(brunos), {"post": "yes"}).status_code == 403
    change_page = client.get(reverse("admin:releases_release_change", args=[brunos.pk])).content.decode()
    assert delete_url(brunos) not in change_page, "no Delete link on a colleague's draft"
    with pytest.raises(PermissionDenied):
        services.release_delete(release=brunos, actor=alicia)
    assert client.post(delete_url(own), {"post": "yes"}).status_code == 302
    assert not Release.objects.filter(pk=own.pk).exists() and Release.objects.filter(pk=brunos.pk).exists()


def test_a_writer_s_bulk_delete_of_her_draft_and_a_colleague_s_deletes_nothing(alicia, bruno):
    own = make_release(status=Status.DRAFT, created_by=alicia)
    brunos = make_release(status=Status.DRAFT, created_by=bruno)
    response = logged_in(alicia).post(
        reverse("admin:releases_release_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, brunos.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Release.objects.filter(pk__in=[own.pk, brunos.pk]).count() == 2


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED])
def test_a_writer_deletes_no_release_of_her_own_once_it_is_past_draft(alicia, status):
    release = make_release(status=status, created_by=alicia)
    assert logged_in(alicia).post(delete_url(release), {"post": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.release_delete(release=release, actor=alicia)
    assert Release.objects.filter(pk=release.pk).exists()


def test_a_draft_nobody_created_in_the_admin_is_an_editor_s_to_delete(alicia, elena):
    imported = make_release(status=Status.DRAFT, created_by=None)  # e.g. import_releases on the command line
    assert not imported.can_be_deleted_by(alicia) and imported.can_be_deleted_by(elena)


def test_an_editor_deletes_any_draft_and_in_bulk(alicia, bruno, elena):
    drafts = [make_release(status=Status.DRAFT, created_by=author) for author in (alicia, bruno)]
    review = make_release(status=Status.IN_REVIEW, created_by=bruno)
    response = logged_in(elena).post(
        reverse("admin:releases_release_changelist"),
        {"action": "delete_selected", "_selected_action": [release.pk for release in [*drafts, review]], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Release.objects.exists()


def test_the_rule_is_on_the_releases_list(alicia):
    html = logged_in(alicia).get(reverse("admin:releases_release_changelist")).content.decode()
    assert "delete only drafts they created themselves" in html
