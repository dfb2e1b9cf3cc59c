"""The workflow in the admin, as writers and editors use it: roles enforced on the server,
workflow buttons, previews and the audit trail. Edit conflicts are in test_admin_conflicts.py,
history (compare, restore, recover) in test_admin_revisions.py, the roles themselves in
test_admin_roles.py."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from newsroom.text import describe_moment
from releases.models import ChangeNote, ReferenceLink, Release, ReleaseEvent
from tests.adminform import change_form_data
from tests.factories import make_full_release, make_release, make_staff

pytestmark = pytest.mark.django_db

Status = Release.Status
Action = ReleaseEvent.Action
HOUR = timedelta(hours=1)


def change_url(release):
    return reverse("admin:releases_release_change", args=[release.pk])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def snapshot(release):
    """What a refused request must leave untouched."""
    release = Release.objects.get(pk=release.pk)
    return (
        release.title_es,
        release.status,
        release.published_at,
        release.embargo_until,
        release.version,
        release.events.count(),
        release.links.count(),
    )


def split(moment):
    local = timezone.localtime(moment)
    return [local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")]


# --- Writers: what they may do, and forged requests that must fail ---------------------------


def test_a_writer_edits_a_draft_and_submits_it_for_review(writer):
    release = make_full_release(status=Status.DRAFT)
    client = logged_in(writer)
    page = client.get(change_url(release))
    html = page.content.decode()
    assert 'name="_submit_for_review"' in html
    assert 'name="_publish"' not in html, "writers do not see a publish button"
    assert 'name="published_at_0"' not in html and 'name="embargo_until_0"' not in html
    response = client.post(
        change_url(release), change_form_data(page, title_es="Nuevo titular", _submit_for_review="1")
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.title_es, release.status) == ("Nuevo titular", Status.IN_REVIEW)
    event = release.events.get()
    assert (event.action, event.actor) == (Action.SUBMITTED, writer)


@pytest.mark.parametrize(
    "forged",
    [
        {"status": "published"},
        {"published_at_0": "2020-01-01", "published_at_1": "10:00:00"},
        {"embargo_until_0": "2030-01-01", "embargo_until_1": "10:00:00"},
        {"_publish": "1"},
        {"withdrawal_explanation_es": "x"},
        {"version": "99"},
    ],
    ids=["status", "published_at", "embargo", "publish button", "withdrawal", "version"],
)
def test_a_writers_forged_post_is_refused_and_changes_nothing(writer, forged):
    release = make_full_release(status=Status.DRAFT)
    client = logged_in(writer)
    page = client.get(change_url(release))
    before = snapshot(release)
    response = client.post(change_url(release), change_form_data(page, title_es="Colado", **forged))
    assert response.status_code == 403
    assert snapshot(release) == before


def test_a_writers_forged_publish_on_the_add_form_creates_nothing(writer):
    client = logged_in(writer)
    page = client.get(reverse("admin:releases_release_add"))
    data = change_form_data(page, title_es="Nuevo", slug="nuevo", body_es="Texto", _publish="1")
    assert client.post(reverse("admin:releases_release_add"), data).status_code == 403
    assert not Release.objects.exists()


def test_a_writer_cannot_change_a_published_release(writer):
    release = make_full_release()
    client = logged_in(writer)
    page = client.get(change_url(release))
    assert page.status_code == 200, "writers may read it"
    html = page.content.decode()
    assert 'name="_save"' not in html and 'name="title_es"' not in html
    assert 'name="links-0-url"' not in html, "nor edit its rows"
    before = snapshot(release)
    response = client.post(change_url(release), change_form_data(page, title_es="Colado"))
    assert response.status_code == 403
    assert snapshot(release) == before


def test_a_writer_cannot_delete_a_published_release_nor_in_bulk(writer):
    release = make_full_release()
    draft = make_release(status=Status.DRAFT, created_by=writer)
    client = logged_in(writer)
    delete_url = reverse("admin:releases_release_delete", args=[release.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:releases_release_changelist"),
        {"action": "delete_selected", "_selected_action": [release.pk, draft.pk], "post": "yes"},
    )
    assert Release.objects.filter(pk=release.pk).exists()
    # A draft of their own they may delete (and recover: see below).
    assert client.post(reverse("admin:releases_release_delete", args=[draft.pk]), {"post": "yes"}).status_code == 302
    assert not Release.objects.filter(pk=draft.pk).exists()


def test_a_writer_cannot_withdraw_or_manage_history_of_published_releases(writer):
    release = make_full_release()
    client = logged_in(writer)
    assert client.get(reverse("admin:releases_release_withdraw", args=[release.pk])).status_code == 403
    assert (
        client.post(reverse("admin:releases_release_withdraw", args=[release.pk]), {"explanation_es": "x"}).status_code
        == 403
    )
    boss = logged_in(make_staff("boss", is_superuser=True))
    boss.post(change_url(release), change_form_data(boss.get(change_url(release))))  # a save keeps a revision
    version = Version.objects.get_for_object(release).first()
    revision_url = reverse("admin:releases_release_revision", args=[release.pk, version.pk])
    assert client.get(revision_url).status_code == 403
    assert Release.objects.get(pk=release.pk).status == Status.PUBLISHED


# --- Editors: the buttons, scheduling, embargo, change notes, withdrawal ---------------------


def test_an_editor_publishes_with_the_button_and_the_admin_shows_who_and_when(editor):
    release = make_full_release(status=Status.IN_REVIEW)
    client = logged_in(editor)
    page = client.get(change_url(release))
    response = client.post(change_url(release), change_form_data(page, _publish="1"))
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.is_published
    html = client.get(change_url(release)).content.decode()
    assert "<strong>Publicado</strong>: editor" in html, "who published, on the edit page"
    assert str(Action.PUBLISHED.label) in html


def test_an_editor_schedules_and_the_list_shows_it(editor):
    release = make_full_release(status=Status.DRAFT, title_es="Para mañana")
    client = logged_in(editor)
    page = client.get(change_url(release))
    tomorrow = timezone.now() + 24 * HOUR
    data = change_form_data(page, _publish="1")
    data["published_at_0"], data["published_at_1"] = split(tomorrow)
    assert client.post(change_url(release), data).status_code == 302
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED and release.public_state == Release.PublicState.SCHEDULED
    assert release.events.get().action == Action.SCHEDULED
    changelist = reverse("admin:releases_release_changelist")
    scheduled = client.get(changelist + "?state=scheduled")
    assert scheduled.context["cl"].result_count == 1
    assert client.get(changelist + "?state=public").context["cl"].result_count == 0
    assert client.get(changelist + "?status=published").context["cl"].result_count == 1


def test_an_editor_sets_an_embargo_through_the_form_and_it_is_recorded(editor):
    release = make_full_release(status=Status.DRAFT)
    client = logged_in(editor)
    page = client.get(change_url(release))
    until = timezone.now() + 24 * HOUR
    data = change_form_data(page)
    data["embargo_until_0"], data["embargo_until_1"] = split(until)
    assert client.post(change_url(release), data).status_code == 302
    release.refresh_from_db()
    assert release.embargo_until == until.replace(microsecond=0)
    assert release.events.get().action == Action.EMBARGO_SET
    # A draft planned under an embargo: the list says so, though it is still a draft.
    listing = client.get(reverse("admin:releases_release_changelist") + "?state=draft")
    assert listing.context["cl"].result_count == 1
    assert f"Borrador, embargo hasta {describe_moment(release.embargo_until)}" in listing.content.decode()


def test_a_later_embargo_on_a_scheduled_release_moves_its_publication_with_it(editor):
    release = make_full_release(published_at=timezone.now() + HOUR)
    client = logged_in(editor)
    data = change_form_data(client.get(change_url(release)))
    until = (timezone.now() + 24 * HOUR).replace(microsecond=0)
    data["embargo_until_0"], data["embargo_until_1"] = split(until)
    assert client.post(change_url(release), data).status_code == 302
    release.refresh_from_db()
    assert release.published_at == release.embargo_until == until


def test_a_publication_time_before_the_embargo_is_a_form_error(editor):
    release = make_full_release(embargo_until=timezone.now() + 24 * HOUR)
    client = logged_in(editor)
    data = change_form_data(client.get(change_url(release)), title_es="No se guarda")
    data["published_at_0"], data["published_at_1"] = split(timezone.now() + HOUR)
    before = snapshot(release)
    response = client.post(change_url(release), data)
    assert response.status_code == 200
    assert "no puede hacerse público antes" in str(response.context["adminform"].form.errors["published_at"])
    assert snapshot(release) == before


def test_an_embargo_on_a_public_release_is_a_form_error_and_saves_nothing(editor):
    release = make_full_release()
    client = logged_in(editor)
    page = client.get(change_url(release))
    data = change_form_data(page, title_es="No se guarda")
    data["embargo_until_0"], data["embargo_until_1"] = split(timezone.now() + HOUR)
    before = snapshot(release)
    response = client.post(change_url(release), data)
    assert response.status_code == 200
    assert "embargo_until" in response.context["adminform"].form.errors
    assert snapshot(release) == before


def test_an_editor_corrects_a_public_release_with_a_public_change_note(client, editor):
    release = make_full_release()
    admin = logged_in(editor)
    page = admin.get(change_url(release))
    data = change_form_data(
        page, body_es="Texto corregido.", change_note_es="Se corrigió la fecha.", change_note_en="Date corrected."
    )
    assert admin.post(change_url(release), data).status_code == 302
    note = ChangeNote.objects.get(release=release)
    assert (note.text_es, note.text_en, note.created_by) == ("Se corrigió la fecha.", "Date corrected.", editor)
    html = client.get(release.get_absolute_url()).content.decode()
    assert "Texto corregido." in html and "Se corrigió la fecha." in html
    assert release.events.get().action == Action.CHANGE_NOTE_ADDED


def test_an_untouched_publication_time_is_not_a_change(editor):
    release = make_full_release()  # published_at has microseconds the form does not show
    client = logged_in(editor)
    page = client.get(change_url(release))
    assert client.post(change_url(release), change_form_data(page, title_es="Solo el titular")).status_code == 302
    release.refresh_from_db()
    assert release.title_es == "Solo el titular"
    assert not release.events.exists()


def test_an_editor_withdraws_a_release_with_a_public_explanation(client, editor):
    release = make_full_release()
    admin = logged_in(editor)
    url = reverse("admin:releases_release_withdraw", args=[release.pk])
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"explanation_es": "  ", "explanation_en": ""})
    assert response.status_code == 200 and "explanation_es" in response.context["form"].errors
    assert Release.objects.get(pk=release.pk).status == Status.PUBLISHED
    response = admin.post(url, {"explanation_es": "Se retiró por un error.", "explanation_en": ""})
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == Status.WITHDRAWN
    html = admin.get(change_url(release)).content.decode()
    assert "Se retiró por un error." in html and "<strong>Retirado</strong>: editor" in html
    assert client.get(release.get_absolute_url()).status_code == 200


def test_the_change_page_has_preview_links_in_both_languages_in_the_publishing_panel(editor):
    release = make_full_release(status=Status.DRAFT, slug="borrador")
    client = logged_in(editor)
    html = client.get(change_url(release)).content.decode()
    with translation.override("es"):
        spanish = release.get_absolute_url()
    with translation.override("en"):
        english = release.get_absolute_url()
    assert spanish.startswith("/es/comunicados/") and english.startswith("/en/releases/")
    panel = html[html.index('class="module publishing-panel"') : html.index("</section>")]
    assert f'href="{spanish}"' in panel and f'href="{english}"' in panel
    for url in (spanish, english):
        response = client.get(url)
        assert response.status_code == 200
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_writers_preview_drafts_too(writer):
    release = make_full_release(status=Status.DRAFT)
    assert logged_in(writer).get(release.get_absolute_url()).status_code == 200


def test_the_audit_trail_is_on_the_change_page(editor):
    release = make_full_release(status=Status.DRAFT)
    client = logged_in(editor)
    page = client.get(change_url(release))
    client.post(change_url(release), change_form_data(page, _submit_for_review="1"))
    page = client.get(change_url(release))
    client.post(change_url(release), change_form_data(page, _publish="1"))
    html = client.get(change_url(release)).content.decode()
    assert "enviado a revisión" in html and "publicado" in html
    assert html.count("editor") >= 2


def test_the_changelist_shows_where_each_release_stands_public_now_scheduled_or_under_embargo(editor):
    make_release(title_es="Ya público")
    scheduled = make_release(title_es="Programado", published_at=timezone.now() + HOUR)
    embargoed = make_release(title_es="Embargado", embargo_until=timezone.now() + HOUR)
    html = logged_in(editor).get(reverse("admin:releases_release_changelist")).content.decode()
    rows = {title: html[html.index(title) :].split("</tr>")[0] for title in ("Ya público", "Programado", "Embargado")}
    assert 'class="field-state">Público<' in rows["Ya público"]
    assert f"Programado para {describe_moment(scheduled.published_at)}" in rows["Programado"]
    assert f"Bajo embargo hasta {describe_moment(embargoed.embargo_until)}" in rows["Embargado"]


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_the_changelist_offers_import_and_recover_to_whoever_may_add_releases(role, request):
    client = logged_in(request.getfixturevalue(role))
    response = client.get(reverse("admin:releases_release_changelist"), headers={"accept-language": "en"})
    html = response.content.decode()
    import_url, recover_url = reverse("admin:releases_release_import"), reverse("admin:releases_release_recoverlist")
    assert f'href="{import_url}"' in html and "Import from Markdown" in html
    assert f'href="{recover_url}"' in html and "Recover deleted releases" in html
    assert "addlink" in html  # the admin's own "Add release" is still there


def test_the_changelist_offers_neither_to_someone_who_may_only_look():
    viewer = make_staff("lectora")
    viewer.user_permissions.set(Permission.objects.filter(codename="view_release"))
    html = logged_in(viewer).get(reverse("admin:releases_release_changelist")).content.decode()
    assert reverse("admin:releases_release_import") not in html
    assert reverse("admin:releases_release_recoverlist") not in html


def test_reference_links_of_a_draft_stay_editable_by_its_writer(writer):
    release = make_full_release(status=Status.DRAFT)
    client = logged_in(writer)
    page = client.get(change_url(release))
    data = change_form_data(page, **{"links-0-url": "https://nuevo.example/informe"})
    assert client.post(change_url(release), data).status_code == 302
    assert ReferenceLink.objects.filter(release=release, url="https://nuevo.example/informe").exists()
