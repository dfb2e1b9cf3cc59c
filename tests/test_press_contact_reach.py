"""A press contact who can no longer be reached after a release naming them was scheduled.

Scheduled and embargoed releases go public at their moment by time alone, with no job to check
anything then; so the change of the person is the moment: every release waiting to go public
with them as press contact gets an audit event, and whoever saved the person is told which.
The save itself is never refused (hiding a threatened spokesperson's number must not wait)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Contact
from releases.models import Release, ReleaseEvent
from tests.adminform import change_form_data
from tests.factories import make_contact, make_media_contact, make_release

pytestmark = pytest.mark.django_db

Action = ReleaseEvent.Action
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


def logged_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the assertions read English messages
    client.force_login(user)
    return client


def save_person(client, person, **changes):
    """Save `person`'s admin page with `changes`: (the response, the warnings shown)."""
    change = reverse("admin:contacts_contact_change", args=[person.pk])
    response = client.post(change, change_form_data(client.get(change), **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    warnings = [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]
    return response, warnings


def calling(person, **fields):
    release = make_release(**fields)
    make_media_contact(release, press_contact=person)
    return release


@pytest.fixture
def ana():
    return make_contact(name="Ana Vocera", email="ana@red.example", phone="55-1111-2222", mobile="", is_public=True)


@pytest.fixture
def releases(ana):
    now = timezone.now()
    return {
        "scheduled": calling(ana, title_en="Scheduled one", published_at=now + 24 * HOUR),
        "embargoed": calling(ana, title_en="Embargoed one", embargo_until=now + 2 * HOUR),
        "public": calling(ana, title_en="Public one"),
        "draft": calling(ana, title_en="Draft one", status=Release.Status.DRAFT, published_at=None),
    }


def flagged(release):
    return list(release.events.filter(action=Action.PRESS_CONTACT_UNREACHABLE))


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"is_public": ""}, "Ana Vocera: the phone and email are not public"),
        ({"email": "", "phone": "", "mobile": ""}, "Ana Vocera: no phone or email"),
    ],
)
def test_an_editor_making_a_press_contact_unreachable_is_told_and_waiting_releases_are_flagged(
    editor, ana, releases, changes, problem
):
    _response, warnings = save_person(logged_in(editor), ana, **changes)
    person = Contact.objects.get(pk=ana.pk)
    assert not person.is_reachable, "the save itself is never refused"
    assert len(warnings) == 1
    assert problem in warnings[0] and "Scheduled one" in warnings[0] and "Embargoed one" in warnings[0]
    assert "Public one" not in warnings[0] and "Draft one" not in warnings[0]
    assert "Choose another press contact, or return them to draft" in warnings[0]
    for kind in ["scheduled", "embargoed"]:
        [event] = flagged(releases[kind])
        assert event.actor == editor and event.detail == problem
    assert not flagged(releases["public"]) and not flagged(releases["draft"])
    # The releases keep their state: an editor decides what happens to them.
    assert Release.objects.get(pk=releases["scheduled"].pk).status == Release.Status.PUBLISHED


def test_the_event_is_on_the_release_s_audit_trail_in_the_admin(editor, ana, releases):
    client = logged_in(editor)
    save_person(client, ana, is_public="")
    page = client.get(reverse("admin:releases_release_change", args=[releases["scheduled"].pk])).content.decode()
    assert "press contact no longer reachable" in page and "the phone and email are not public" in page


def test_a_save_that_leaves_the_person_reachable_flags_nothing(editor, ana, releases):
    _response, warnings = save_person(logged_in(editor), ana, phone="", email="ana.nueva@red.example")
    assert not warnings
    assert not ReleaseEvent.objects.filter(action=Action.PRESS_CONTACT_UNREACHABLE).exists()


def test_a_person_already_unreachable_is_not_flagged_again_on_every_save(editor, releases):
    hidden = make_contact(name="Beto Oculto", is_public=False)
    calling(hidden, published_at=timezone.now() + HOUR)
    _response, warnings = save_person(logged_in(editor), hidden, name="Beto Oculto Ruiz")
    assert not warnings
    assert not ReleaseEvent.objects.filter(action=Action.PRESS_CONTACT_UNREACHABLE).exists()


def test_a_person_no_waiting_release_names_is_saved_without_a_warning(editor):
    person = make_contact(name="Carla Libre")
    calling(person)  # public already: its page simply stops showing the numbers
    _response, warnings = save_person(logged_in(editor), person, is_public="")
    assert not warnings
    assert not ReleaseEvent.objects.filter(action=Action.PRESS_CONTACT_UNREACHABLE).exists()


def test_one_release_is_named_in_the_singular(editor, ana):
    calling(ana, title_en="Only one", published_at=timezone.now() + HOUR)
    _response, [warning] = save_person(logged_in(editor), ana, is_public="")
    assert "This release names them as its press contact" in warning and "Only one" in warning
