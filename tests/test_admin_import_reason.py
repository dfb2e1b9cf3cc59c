"""The Markdown upload keeps the journalist's guard (services.check_press_contacts) for releases
that go out by themselves: an editor may give a reason to let one go anyway; writers have no
such field and may not send one."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from releases.importing.parser import parse_release
from releases.importing.records import ImportFailed
from releases.importing.service import import_release
from releases.models import MediaContact, Release, ReleaseEvent
from tests.factories import make_media_contact, make_release

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/releases/release/import/"
# No media contact at all: journalists would not know whom to call.
TEXT = """# La red publica su informe

Ciudad de México, 28 de enero de 2025.– La red publicó hoy su informe anual.
"""


def logged_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the assertions read English messages
    client.force_login(user)
    return client


def preview(client, name="informe.es.md"):
    response = client.post(IMPORT_URL, {"files": [SimpleUploadedFile(name, TEXT.encode(), "text/markdown")]})
    assert response.status_code == 200
    return response


def payload_of(response):
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode())[1]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def scheduled():
    """A release waiting to go public, with a press contact journalists can reach."""
    release = make_release(import_key="informe", published_at=timezone.now() + timedelta(days=1))
    make_media_contact(release)
    return release


def test_an_upload_leaving_a_scheduled_release_nobody_to_call_is_refused_without_a_reason(editor, scheduled):
    client = logged_in(editor)
    page = preview(client)
    assert 'name="unreachable_contacts_reason"' in page.content.decode(), "editors see the reason field"
    response = client.post(IMPORT_URL, {"payload": payload_of(page)}, follow=True)
    [error] = [message for message in messages_of(response) if "no media contact" in message]
    assert "give a reason" in error
    assert MediaContact.objects.filter(release=scheduled).count() == 1, "the refused import left nothing"


def test_an_editor_s_reason_lets_it_through_and_the_audit_event_keeps_it(editor, scheduled):
    client = logged_in(editor)
    page = preview(client)
    data = {"payload": payload_of(page), "unreachable_contacts_reason": "Contacts go to each outlet by email"}
    response = client.post(IMPORT_URL, data, follow=True)
    assert not [message for message in messages_of(response) if "no media contact" in message]
    assert not MediaContact.objects.filter(release=scheduled).exists()
    event = scheduled.events.get(action=ReleaseEvent.Action.IMPORTED)
    assert "Reason: Contacts go to each outlet by email" in event.detail
    assert Release.objects.get(pk=scheduled.pk).status == Release.Status.PUBLISHED


def test_writers_have_no_reason_field_and_may_not_send_one(writer):
    client = logged_in(writer)
    page = preview(client, name="nuevo.es.md")
    assert 'name="unreachable_contacts_reason"' not in page.content.decode()
    data = {"payload": payload_of(page), "unreachable_contacts_reason": "because"}
    assert client.post(IMPORT_URL, data).status_code == 403
    assert not Release.objects.exists()
    client.post(IMPORT_URL, {"payload": payload_of(page)})
    assert Release.objects.get().status == Release.Status.DRAFT, "without the field, the draft is imported"


def import_text(text=TEXT, **options):
    return import_release(parsed=parse_release(text, source="informe.es.md"), import_key="informe", **options)


def test_the_import_command_checks_a_scheduled_release_s_press_contacts_too(scheduled):
    # The command applies the file's times: these keep the release waiting to go public.
    front = f"---\npublished_at: '{scheduled.published_at.isoformat()}'\n---\n\n"
    text = front + TEXT.replace("28 de enero de 2025", "")
    with translation.override("en"), pytest.raises(ImportFailed, match="no media contact"):
        import_text(text)
    assert MediaContact.objects.filter(release=scheduled).count() == 1
    import_text(text, unreachable_contacts_reason="Archive: contacts no longer valid")
    assert not MediaContact.objects.filter(release=scheduled).exists()
    assert Release.objects.get(pk=scheduled.pk).published_at == scheduled.published_at


def test_a_public_release_imported_again_is_not_checked_again():
    """It is out already: the check is for what goes out, as in the admin."""
    release = make_release(import_key="informe")
    make_media_contact(release)
    import_text()
    assert not MediaContact.objects.filter(release=release).exists()
