"""The editor guards the journalist (issue 13.2): a release does not go out (published or
scheduled) when journalists could not reach its press contacts, by any path (services, admin,
import), unless an editor gives a reason, which the audit trail keeps."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from releases import services
from releases.models import MediaContact, Release, ReleaseEvent
from tests.adminform import change_form_data
from tests.factories import make_contact, make_full_release, make_media_contact, make_release

pytestmark = pytest.mark.django_db

Status = Release.Status
Action = ReleaseEvent.Action
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


def draft_calling(press_contact):
    release = make_release(status=Status.DRAFT, published_at=None)
    make_media_contact(release, press_contact=press_contact)
    return release


UNREACHABLE = {
    "private": lambda: make_contact(name="Ana Privada", is_public=False),
    "no phone or email": lambda: make_contact(name="Ana Muda", phone="", mobile="", email=""),
}


@pytest.mark.parametrize("when", ["now", "scheduled"])
@pytest.mark.parametrize("kind", UNREACHABLE)
def test_publishing_or_scheduling_with_an_unreachable_press_contact_is_refused(editor, kind, when):
    release = draft_calling(UNREACHABLE[kind]())
    at = timezone.now() + 24 * HOUR if when == "scheduled" else None
    with pytest.raises(services.UnreachableContacts) as refusal:
        services.release_publish(release=release, actor=editor, at=at)
    assert "Ana" in str(refusal.value.messages) and "give a reason" in str(refusal.value.messages)
    release.refresh_from_db()
    assert release.status == Status.DRAFT and release.published_at is None and not release.events.exists()


def test_a_release_without_any_media_contact_is_refused(editor):
    release = make_release(status=Status.DRAFT, published_at=None)
    with pytest.raises(services.UnreachableContacts, match="no media contact"):
        services.release_publish(release=release, actor=editor)


def test_one_reachable_contact_among_unreachable_ones_is_still_refused_naming_the_others(editor):
    release = draft_calling(make_contact())
    make_media_contact(release, press_contact=make_contact(name="Beto Privado", is_public=False))
    with pytest.raises(services.UnreachableContacts) as refusal:
        services.release_publish(release=release, actor=editor)
    assert refusal.value.problems == ["Beto Privado: the phone and email are not public"]


def test_a_public_contact_with_only_a_mobile_is_reachable(editor):
    release = draft_calling(make_contact(phone="", email="", mobile="55-0199-0000"))
    services.release_publish(release=release, actor=editor)
    assert Release.objects.get(pk=release.pk).is_published


@pytest.mark.parametrize("when", ["now", "scheduled"])
def test_an_editor_overrides_with_a_reason_kept_in_the_audit_trail(editor, when):
    release = draft_calling(make_contact(name="Ana Privada", is_public=False))
    at = timezone.now() + 24 * HOUR if when == "scheduled" else None
    services.release_publish(
        release=release, actor=editor, at=at, unreachable_contacts_reason="  The spokesperson calls back.  "
    )
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    event = release.events.get()
    assert event.action == (Action.SCHEDULED if at else Action.PUBLISHED) and event.actor == editor
    assert "Reason: The spokesperson calls back." in event.detail
    assert "Ana Privada: the phone and email are not public" in event.detail


def test_a_blank_reason_is_no_reason(editor):
    release = draft_calling(make_contact(is_public=False))
    with pytest.raises(services.UnreachableContacts):
        services.release_publish(release=release, actor=editor, unreachable_contacts_reason="   ")


def test_a_reachable_release_records_no_override(editor):
    release = draft_calling(make_contact())
    services.release_publish(release=release, actor=editor, unreachable_contacts_reason="not needed")
    assert "Reason" not in release.events.get().detail


# --- The admin ---------------------------------------------------------------------------------


def change_url(release):
    return reverse("admin:releases_release_change", args=[release.pk])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def private_release():
    """A full release in review whose press contacts are all private."""
    release = make_full_release(status=Status.IN_REVIEW, published_at=None)
    for row in release.media_contacts.all():
        row.press_contact.is_public = False
        row.press_contact.save()
    return release


def test_the_admin_refuses_with_a_clear_message_and_keeps_the_form(editor):
    release = private_release()
    client = logged_in(editor)
    page = client.get(change_url(release))
    assert 'name="unreachable_contacts_reason"' in page.content.decode(), "editors see the reason field"
    data = change_form_data(page, _publish="1", title_es="Título cambiado")
    response = client.post(change_url(release), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="publishing-refused"' in html
    assert (
        "Los periodistas no podrían localizar a los contactos de prensa de este comunicado" in html
    )  # the admin speaks Spanish
    assert 'value="Título cambiado"' in html, "the editor's text is still in the form"
    release.refresh_from_db()
    assert release.status == Status.IN_REVIEW and release.title_es != "Título cambiado"
    assert not release.events.exists()


def test_the_admin_publishes_with_the_reason_and_shows_it_in_the_audit_trail(editor):
    release = private_release()
    client = logged_in(editor)
    page = client.get(change_url(release))
    data = change_form_data(page, _publish="1", unreachable_contacts_reason="Numbers sent to each outlet privately")
    assert client.post(change_url(release), data).status_code == 302
    release.refresh_from_db()
    assert release.is_published
    assert "Motivo: Numbers sent to each outlet privately" in release.events.get(action=Action.PUBLISHED).detail
    assert "Numbers sent to each outlet privately" in client.get(change_url(release)).content.decode()


def test_the_admin_refuses_scheduling_too(editor):
    release = private_release()
    client = logged_in(editor)
    page = client.get(change_url(release))
    data = change_form_data(page, _publish="1")
    local = timezone.localtime(timezone.now() + 24 * HOUR)
    data["published_at_0"], data["published_at_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")
    assert client.post(change_url(release), data).status_code == 200
    assert Release.objects.get(pk=release.pk).status == Status.IN_REVIEW


def test_the_admin_reads_the_press_contacts_on_the_page_not_those_saved_before(editor):
    """Fixing the contacts and publishing is one save; removing the last reachable one in the
    same save as publishing is refused."""
    release = private_release()
    reachable = make_contact()
    client = logged_in(editor)
    page = client.get(change_url(release))
    data = change_form_data(page, _publish="1")
    prefix = page.context["inline_admin_formsets"][1].formset.prefix
    for index in range(release.media_contacts.count()):
        data[f"{prefix}-{index}-press_contact"] = str(reachable.pk)
    assert client.post(change_url(release), data).status_code == 302
    assert Release.objects.get(pk=release.pk).is_published

    other = make_full_release(status=Status.IN_REVIEW, published_at=None)
    page = client.get(change_url(other))
    data = change_form_data(page, _publish="1")
    for index in range(other.media_contacts.count()):
        data[f"{prefix}-{index}-DELETE"] = "on"
    response = client.post(change_url(other), data)
    assert response.status_code == 200 and "no tiene contacto para medios" in response.content.decode()
    assert Release.objects.get(pk=other.pk).status == Status.IN_REVIEW
    assert MediaContact.objects.filter(release=other).count() == 2


def test_writers_have_no_reason_field_and_may_not_send_one(writer):
    release = make_full_release(status=Status.DRAFT, published_at=None)
    client = logged_in(writer)
    page = client.get(change_url(release))
    assert 'name="unreachable_contacts_reason"' not in page.content.decode()
    data = change_form_data(page, unreachable_contacts_reason="because")
    assert client.post(change_url(release), data).status_code == 403


# --- Import --------------------------------------------------------------------------------------

UNREACHABLE_FILE = """---
status: published
published_at: '2025-01-28T10:00:00-06:00'
---

# La red publica su informe

Ciudad de México, 28 de enero de 2025.– La red publicó hoy su informe anual.
"""


def import_text(text, **options):
    from releases.importing.parser import parse_release
    from releases.importing.service import import_release

    return import_release(parsed=parse_release(text, source="informe.es.md"), import_key="informe", **options)


def test_an_import_that_would_publish_without_a_media_contact_is_refused_and_leaves_nothing():
    from releases.importing.records import ImportFailed

    with pytest.raises(ImportFailed, match="no media contact"):
        import_text(UNREACHABLE_FILE)
    assert not Release.objects.exists()
    import_text(UNREACHABLE_FILE.replace("status: published\n", ""))  # a draft is imported
    assert Release.objects.get().status == Status.DRAFT


def test_an_import_publishes_past_the_guard_only_with_a_reason_kept_in_its_audit_event():
    import_text(UNREACHABLE_FILE, unreachable_contacts_reason="Contacts are in the email to outlets")
    release = Release.objects.get()
    assert release.status == Status.PUBLISHED
    assert "Reason: Contacts are in the email to outlets" in release.events.get(action=Action.IMPORTED).detail


def test_the_import_command_refuses_then_takes_a_reason(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "informe.es.md"
    path.write_text(UNREACHABLE_FILE, encoding="utf-8")
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("import_releases", str(path), stdout=StringIO(), stderr=errors)
    assert "no media contact" in errors.getvalue() and not Release.objects.exists()
    reason = ["--unreachable-contacts-reason", "Archive of 2025: contacts no longer valid"]
    call_command("import_releases", str(path), *reason, stdout=StringIO(), stderr=StringIO())
    assert "Archive of 2025" in Release.objects.get().events.get().detail
