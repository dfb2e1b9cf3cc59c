"""Importing keeps the editorial workflow: who may import what, statuses (in review, withdrawn),
public times, change notes, and the record every import leaves (version, revision, audit event)."""

import json
import re
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Organisation
from releases import history
from releases.admin.upload import SIGNING_SALT
from releases.importing.parser import ParseError, parse_release
from releases.importing.records import ImportRefused
from releases.importing.service import import_release
from releases.models import ChangeNote, PreviewLink, Release, ReleaseEvent
from tests.adminform import change_form_data
from tests.factories import image_upload, make_organisation, make_release, make_staff
from tests.test_admin_workflow import snapshot

pytestmark = pytest.mark.django_db

Status = Release.Status
Action = ReleaseEvent.Action
MEXICO = ZoneInfo("America/Mexico_City")
KEY = "la-red-publica-su-informe"  # like an exported file's name: it also matches the slug
IMPORT_URL = "/admin/releases/release/import/"

BODY = """# {title}

Ciudad de México, 28 de enero de 2025.– La red publicó hoy su informe anual.

Red Ciudadana por la Transparencia
"""
PUBLISHED = "published_at: '2025-01-28T10:00:00-06:00'\n"
WITHDRAWAL = (
    "withdrawn_at: '2025-02-03T18:30:00-06:00'\n"
    "withdrawal_explanation:\n"
    "  es: |-\n    Las cifras no estaban verificadas.\n\n    Publicaremos una versión corregida.\n"
    "  en: The figures had not been checked.\n"
)
NOTES = (
    "change_notes:\n"
    "- {at: '2025-01-29T09:15:00-06:00', text: {es: Se corrigió la fecha., en: Corrected the date.}}\n"
    "- {at: '2025-01-30T12:00:00.250000-06:00', text: {es: Se añadió una tabla.}}\n"
)


@pytest.fixture
def issuing_organisation(db):
    """The organisation that issues markdown(), added by an administrator: writers and editors may
    import files that name it, though they may not add it."""
    return make_organisation(name_es="Red Ciudadana por la Transparencia", slug="red-ciudadana")


@pytest.fixture(autouse=True)
def _in_english(_fresh_cache_and_language):
    """The messages checked below are the English ones (the catalogue has the Spanish)."""
    translation.activate("en")


# A press contact journalists can reach: what publishing asks for (services.check_press_contacts).
CONTACT = "\n### Contacto\n\nInés Barrera: medios@barrioclaro.example\n"


def markdown(front="", title="La red publica su informe anual", contact=""):
    text = BODY.format(title=title) + contact
    return f"---\n{front}---\n\n{text}" if front else text


def import_text(text, *, key=KEY, **options):
    return import_release(parsed=parse_release(text, source=f"{key}.es.md"), import_key=key, **options)


def write(folder, text, name=f"{KEY}.es.md"):
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8")
    return path


def command(*arguments, **options):
    """Run import_releases with command-line arguments (so argparse checks them); (its error, or ""
    when every file was imported; its standard error)."""
    errors = StringIO()
    try:
        call_command("import_releases", *map(str, arguments), stdout=StringIO(), stderr=errors, **options)
    except CommandError as error:
        return str(error), errors.getvalue()
    return "", errors.getvalue()


def imported(*arguments, **options):
    """Run import_releases, which must import every file; its standard error."""
    error, errors = command(*arguments, **options)
    assert not error, errors
    return errors


def state(release):
    """What a refused import must leave untouched: what a refused admin request must, and the
    release's kept versions and change notes."""
    return (*snapshot(release), history.versions_of(release).count(), release.change_notes.count())


def logged_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def upload(text, name=f"{KEY}.es.md"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/markdown")


def payload_of(response):
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode())[1]


# --- The record: version, revision, audit event -----------------------------------------------


def test_every_import_bumps_the_version_keeps_a_revision_and_records_an_event(editor):
    release = import_text(markdown()).release
    assert release.version == 1
    (version,) = history.versions_of(release)
    assert (version.revision.user, version.revision.comment) == (None, f"Imported from {KEY}.es.md.")
    (event,) = release.events.all()
    assert (event.action, event.actor, event.detail) == (Action.IMPORTED, None, f"{KEY}.es.md: new release, draft")

    again = import_text(markdown(title="La red publica su informe anual corregido"), user=editor).release
    assert again.pk == release.pk and Release.objects.get(pk=release.pk).version == 2
    newest = history.versions_of(release).first()
    assert (newest.revision.user, newest.revision.comment) == (editor, f"Imported from {KEY}.es.md.")
    assert newest.field_dict["title_es"] == "La red publica su informe anual corregido"
    assert [(event.action, event.actor) for event in release.events.all()] == [
        (Action.IMPORTED, editor),
        (Action.IMPORTED, None),
    ]


def test_a_status_set_by_the_command_is_in_the_audit_event(tmp_path):
    import_text(markdown())
    imported(write(tmp_path, markdown(contact=CONTACT)), "--status=published")
    event = Release.objects.get().events.first()
    assert event.detail == f"{tmp_path / KEY}.es.md: draft → published"
    assert event.get_action_display() == "imported from Markdown"


def test_a_release_without_history_is_kept_as_it_was_before_an_import_overwrites_it():
    release = make_release(slug=KEY, title_es="El titular de antes", status=Status.DRAFT)
    import_text(markdown())
    oldest, newest = history.versions_of(release).order_by("pk")
    assert oldest.revision.comment == "The release before it was imported again."
    assert oldest.field_dict["title_es"] == "El titular de antes"
    assert (oldest.field_dict["version"], newest.field_dict["version"]) == (1, 2)


def test_an_editor_who_had_the_release_open_is_told_what_the_import_changed(editor):
    release = import_text(markdown()).release
    client = logged_in(editor)
    page = client.get(reverse("admin:releases_release_change", args=[release.pk]))
    assert "<strong>Imported from Markdown</strong>: — · " in page.content.decode(), "in the workflow record"
    import_text(markdown(title="Titular del archivo nuevo"))

    response = client.post(
        reverse("admin:releases_release_change", args=[release.pk]), change_form_data(page, body_es="Mi cuerpo")
    )
    assert response.status_code == 200, "refused: the import moved the version on"
    changes = response.context["adminform"].form.conflict.changes
    assert ("La red publica su informe anual", "Titular del archivo nuevo") in [(c.old, c.new) for c in changes]
    assert "Mi cuerpo" in response.content.decode(), "the editor's text is still in the form"
    release.refresh_from_db()
    assert (release.title_es, release.version) == ("Titular del archivo nuevo", 2)


# --- Who may import what ----------------------------------------------------------------------


def test_a_writer_cannot_overwrite_a_published_release_by_importing(writer):
    published = make_release(slug=KEY, title_es="Publicado")
    before, organisations = state(published), Organisation.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_text(markdown(), user=writer, status_from_file=False)
    assert str(refused.value) == "This file updates “Publicado”, which is published: only editors may change it."
    assert state(published) == before
    assert Organisation.objects.count() == organisations


def test_writers_update_drafts_and_releases_in_review_which_keep_their_status(writer, issuing_organisation):
    for status in (Status.DRAFT, Status.IN_REVIEW):
        release = make_release(slug=KEY, status=status)
        result = import_text(markdown(f"status: published\n{PUBLISHED}"), user=writer, status_from_file=False)
        release.refresh_from_db()
        assert (release.title_es, release.status, release.version) == ("La red publica su informe anual", status, 2)
        assert any("keeps its status" in warning for warning in result.warnings)
        release.delete()


def test_someone_who_may_not_add_releases_cannot_create_one_by_importing():
    clerk = make_staff("clerk")
    clerk.user_permissions.set(Permission.objects.filter(codename__in=["change_release", "view_release"]))
    with pytest.raises(ImportRefused, match="you may not add releases"):
        import_text(markdown(), user=clerk)
    assert not Release.objects.exists() and not Organisation.objects.exists()
    draft = make_release(slug=KEY, status=Status.DRAFT)
    viewer = make_staff("viewer")
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["add_release", "view_release"]))
    with pytest.raises(ImportRefused, match="you may not change releases"):
        import_text(markdown(), user=viewer)
    assert state(draft)[0] != "La red publica su informe anual"


def test_an_editor_s_upload_leaves_a_published_release_s_status_and_times_to_the_workflow(editor, issuing_organisation):
    published_at = timezone.now() - timedelta(days=2)
    release = make_release(slug=KEY, published_at=published_at)
    later = (timezone.now() + timedelta(days=3)).isoformat()
    result = import_text(markdown(f"status: draft\nembargo_until: '{later}'\n"), user=editor, status_from_file=False)
    release.refresh_from_db()
    assert (release.status, release.published_at, release.embargo_until) == (Status.PUBLISHED, published_at, None)
    assert release.is_published and release.title_es == "La red publica su informe anual"
    assert any("The release is published: its publication time" in warning for warning in result.warnings)


def test_the_upload_refuses_a_writer_s_file_for_a_published_release_in_the_preview_and_on_confirming(
    writer, issuing_organisation
):
    published = make_release(slug=KEY, title_es="Publicado")
    before = state(published)
    client = logged_in(writer)
    response = client.post(IMPORT_URL, {"files": [upload(markdown()), upload(markdown(), "otro-comunicado.md")]})
    page = response.content.decode()
    assert "Files that cannot be imported" in page
    refusal = "This file updates “Publicado”, which is published: only editors may change it."
    assert f"{KEY}.es.md</strong>: {refusal}" in page
    assert "New draft release" in page  # the other file is fine
    files_to_confirm = signing.loads(payload_of(response), salt=SIGNING_SALT)
    assert [name for name, _text in files_to_confirm] == ["otro-comunicado.md"]

    # A confirmation made some other way (or after the release was published) is refused too.
    forged = signing.dumps([[f"{KEY}.es.md", markdown()]], salt=SIGNING_SALT, compress=True)
    response = client.post(IMPORT_URL, {"payload": forged}, follow=True)
    assert "only editors may change it" in response.content.decode()
    assert state(published) == before


# --- Statuses ---------------------------------------------------------------------------------


def test_in_review_comes_from_the_front_matter_or_from_the_command_line(tmp_path):
    imported(write(tmp_path, markdown(f"status: in_review\n{PUBLISHED}")))
    assert Release.objects.get().status == Status.IN_REVIEW
    Release.objects.update(status=Status.DRAFT)
    imported(write(tmp_path, markdown()), "--status=in_review")
    assert Release.objects.get().status == Status.IN_REVIEW


def test_a_withdrawn_release_is_imported_with_its_withdrawal_and_its_page_says_why(tmp_path, client):
    imported(write(tmp_path, markdown(f"status: withdrawn\n{PUBLISHED}{WITHDRAWAL}")))
    release = Release.objects.get()
    assert release.status == Status.WITHDRAWN
    assert release.withdrawn_at == datetime(2025, 2, 3, 18, 30, tzinfo=MEXICO)
    explanation = "Las cifras no estaban verificadas.\n\nPublicaremos una versión corregida."
    assert release.withdrawal_explanation_es == explanation
    assert release.withdrawal_explanation_en == "The figures had not been checked."
    assert release.is_on_public_record and not release.is_published
    assert "The figures had not been checked." in client.get(release.get_absolute_url()).content.decode()
    with translation.override("es"):
        page = client.get(release.get_absolute_url())
    assert page.status_code == 200
    assert "Publicaremos una versión corregida." in page.content.decode()


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (f"status: withdrawn\n{PUBLISHED}", "A withdrawn release needs its public explanation"),
        (
            f"status: withdrawn\n{PUBLISHED}withdrawal_explanation: Cifras sin verificar.\n",
            "A withdrawn release needs the time it was withdrawn",
        ),
        (
            f"status: withdrawn\npublished_at: '2025-03-01T10:00:00-06:00'\n{WITHDRAWAL}",
            "before it became public",
        ),
    ],
)
def test_a_withdrawn_status_without_what_a_withdrawal_needs_fails_and_writes_nothing(tmp_path, front, expected):
    text = markdown(front).replace("28 de enero", "1 de marzo") if "03-01" in front else markdown(front)
    error, errors = command(write(tmp_path, text))
    assert error == "1 file failed."
    (line,) = [line for line in errors.splitlines() if ": error:" in line]
    assert expected in line
    assert not Release.objects.exists() and not Organisation.objects.exists()


def test_withdrawn_from_the_command_line_needs_the_file_to_say_when_and_why(tmp_path):
    error, errors = command(write(tmp_path, markdown(PUBLISHED)), "--status=withdrawn")
    assert error and "needs its public explanation" in errors
    assert not Release.objects.exists()


def test_a_withdrawal_is_for_good_and_stays_as_it_was_recorded(tmp_path, editor):
    path = write(tmp_path, markdown(f"status: withdrawn\n{PUBLISHED}{WITHDRAWAL}"))
    imported(path)
    release = Release.objects.get()
    before = state(release)

    error, errors = command(path, "--status=published")
    assert error and "a withdrawal is for good" in errors
    assert state(release) == before

    changed = WITHDRAWAL.replace("The figures had not been checked.", "Another explanation.")
    result = import_text(markdown(f"status: withdrawn\n{PUBLISHED}{changed}"))
    release.refresh_from_db()
    assert release.withdrawal_explanation_en == "The figures had not been checked."
    assert any("withdrawal time and explanation stay as they were" in warning for warning in result.warnings)


def test_withdrawing_by_command_line_revokes_the_release_s_preview_links(tmp_path, editor):
    release = make_release(slug=KEY, published_at=datetime(2025, 1, 28, 10, tzinfo=MEXICO))
    link = PreviewLink.objects.create(
        release=release, token_hash="x" * 64, recipient="Ana", expires_at=timezone.now() + timedelta(days=1)
    )
    imported(write(tmp_path, markdown(f"status: withdrawn\n{PUBLISHED}{WITHDRAWAL}")), "--status=withdrawn")
    release.refresh_from_db()
    link.refresh_from_db()
    assert release.status == Status.WITHDRAWN and link.revoked_at is not None


def test_the_upload_makes_a_withdrawn_release_s_file_a_draft_without_a_withdrawal(editor, issuing_organisation):
    result = import_text(markdown(f"status: withdrawn\n{PUBLISHED}{WITHDRAWAL}"), user=editor, status_from_file=False)
    release = Release.objects.get(pk=result.release.pk)
    assert (release.status, release.withdrawn_at) == (Status.DRAFT, None)
    assert not release.withdrawal_explanation_es
    assert any("releases imported here are drafts" in warning for warning in result.warnings)


def test_an_old_file_never_hides_a_public_release_again(tmp_path):
    release = make_release(slug=KEY, published_at=datetime(2025, 1, 28, 10, tzinfo=MEXICO))
    later = (timezone.now() + timedelta(days=3)).isoformat()
    assert release.is_published
    result = import_text(markdown(f"status: published\n{PUBLISHED}embargo_until: '{later}'\n"))
    release.refresh_from_db()
    assert release.is_published and release.embargo_until is None
    assert any("would hide this public release again" in warning for warning in result.warnings)


# --- Change notes -----------------------------------------------------------------------------


def test_change_notes_are_restored_and_importing_again_adds_no_duplicates():
    release = import_text(markdown(f"status: published\n{PUBLISHED}{NOTES}", contact=CONTACT)).release
    notes = list(release.change_notes.order_by("created_at"))
    assert [(note.created_at, note.text_es, note.text_en) for note in notes] == [
        (datetime(2025, 1, 29, 9, 15, tzinfo=MEXICO), "Se corrigió la fecha.", "Corrected the date."),
        (datetime(2025, 1, 30, 12, 0, 0, 250000, tzinfo=MEXICO), "Se añadió una tabla.", ""),
    ]
    ChangeNote.objects.create(release=release, text_es="Una nota hecha después, en el admin.")

    import_text(markdown(f"{PUBLISHED}{NOTES.replace('Se añadió una tabla.', 'Se añadió la tabla.')}"))
    texts = list(release.change_notes.order_by("created_at").values_list("text_es", flat=True))
    assert texts == ["Se corrigió la fecha.", "Se añadió la tabla.", "Una nota hecha después, en el admin."]


def test_only_editors_bring_change_notes_in_through_the_upload(writer, editor, issuing_organisation):
    result = import_text(markdown(f"{PUBLISHED}{NOTES}"), user=writer, status_from_file=False)
    assert not result.release.change_notes.exists()
    assert "The file has 2 public change notes; only editors add them, so they were not imported." in result.warnings
    import_text(markdown(f"{PUBLISHED}{NOTES}"), user=editor, status_from_file=False)
    assert result.release.change_notes.count() == 2


def test_a_change_note_without_its_spanish_text_is_a_one_line_error():
    with pytest.raises(ParseError) as error:
        parse_release(markdown("change_notes:\n- {at: '2025-01-29T09:15:00-06:00', text: {en: Only English.}}\n"))
    assert str(error.value) == "Front matter, “change_notes[0].text”: a change note needs its Spanish text."


def test_the_json_shows_the_withdrawal_and_the_change_notes(tmp_path):
    out = StringIO()
    path = write(tmp_path, markdown(f"status: withdrawn\n{PUBLISHED}{WITHDRAWAL}{NOTES}"))
    call_command("import_releases", str(path), dry_run=True, format="json", stdout=out, stderr=StringIO())
    front = json.loads(out.getvalue())[0]["front_matter"]
    assert front["withdrawn_at"] == "2025-02-03T18:30:00-06:00"
    assert front["withdrawal_explanation"]["en"] == "The figures had not been checked."
    assert front["change_notes"][0] == {
        "at": "2025-01-29T09:15:00-06:00",
        "text": {"es": "Se corrigió la fecha.", "en": "Corrected the date."},
    }


# --- The directory: organisations' descriptions and logos --------------------------------------


def test_organisations_get_their_description_and_logo_only_when_they_have_none(tmp_path):
    (tmp_path / f"{KEY}.files").mkdir()
    (tmp_path / f"{KEY}.files" / "logo.png").write_bytes(image_upload("logo.png").read())
    front = (
        "organisations:\n- slug: red-ciudadana\n  name: {es: Red Ciudadana por la Transparencia}\n"
        "  description: {es: 'Una red de **organizaciones**.', en: A network.}\n"
        f"  logo: {KEY}.files/logo.png\n"
    )
    imported(write(tmp_path, markdown(front)))
    red = Organisation.objects.get()
    assert (red.description_es, red.description_en) == ("Una red de **organizaciones**.", "A network.")
    assert red.logo.name.startswith("organisations/logos/logo")

    Organisation.objects.update(description_es="La nuestra.", description_en="")
    logo = red.logo.name
    imported(write(tmp_path, markdown(front)))
    red.refresh_from_db()
    assert (red.description_es, red.description_en, red.logo.name) == ("La nuestra.", "A network.", logo)


def test_a_missing_logo_fails_the_release_like_any_other_file(tmp_path):
    front = "organisations:\n- name: {es: Red Ciudadana por la Transparencia}\n  logo: nada/logo.png\n"
    error, errors = command(write(tmp_path, markdown(front)))
    assert error and "nada/logo.png: no such file" in errors
    assert not Release.objects.exists() and not Organisation.objects.exists()


def test_a_withdrawn_release_keeps_its_publication_time_whatever_the_file_says(tmp_path):
    imported(write(tmp_path, markdown(f"status: withdrawn\n{PUBLISHED}{WITHDRAWAL}")))
    moved = markdown(f"status: withdrawn\npublished_at: '2025-01-28T23:00:00-06:00'\n{WITHDRAWAL}")
    result = import_text(moved)
    release = Release.objects.get()
    assert release.published_at == datetime(2025, 1, 28, 10, tzinfo=MEXICO)
    assert release.is_on_public_record
    assert "The release was withdrawn: its publication time and embargo stay as they were." in result.warnings
