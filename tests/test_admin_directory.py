"""Listing a name of the directory before a release names it (issue 10): editors may, writers may
not; the admin shows whether and since when each is listed, and keeps a line in its history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from contacts.models import Contact, Organisation
from tests.factories import make_contact, make_organisation, make_release

pytestmark = pytest.mark.django_db


def list_publicly(client, model, obj):
    changelist = reverse(f"admin:contacts_{model}_changelist")
    return client.post(changelist, {"action": "list_publicly", "_selected_action": [obj.pk]})


def test_an_editor_lists_an_organisation_and_a_person_before_any_release_names_them(client, editor):
    organisation, person = make_organisation(slug="nueva"), make_contact(name="Persona Nueva")
    assert client.get("/es/organizaciones/nueva/").status_code == 404
    client.force_login(editor)
    assert list_publicly(client, "organisation", organisation).status_code == 302
    assert list_publicly(client, "contact", person).status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).is_listed
    assert Contact.objects.get(pk=person.pk).is_listed
    assert LogEntry.objects.filter(user=editor, object_id=str(organisation.pk)).exists()
    client.logout()
    assert client.get("/es/organizaciones/nueva/").status_code == 200
    assert "Persona Nueva" in client.get("/es/contactos-de-prensa/").content.decode()
    client.force_login(editor)
    client.post(
        reverse("admin:contacts_organisation_changelist"),
        {"action": "stop_listing", "_selected_action": [organisation.pk]},
    )
    client.logout()
    assert client.get("/es/organizaciones/nueva/").status_code == 404


def test_a_writer_cannot_list_anyone(client, writer):
    organisation, person = make_organisation(), make_contact()
    client.force_login(writer)
    page = client.get(reverse("admin:contacts_organisation_changelist")).content.decode()
    assert "list_publicly" not in page
    list_publicly(client, "organisation", organisation)
    list_publicly(client, "contact", person)
    assert not Organisation.objects.get(pk=organisation.pk).is_listed
    assert not Contact.objects.get(pk=person.pk).is_listed


def test_the_change_page_shows_since_when_and_only_editors_change_the_flag(client, editor, writer):
    person = make_contact(name="Vocera")
    make_release().media_contacts.create(press_contact=person, position=0)
    change = reverse("admin:contacts_contact_change", args=[person.pk])
    client.force_login(writer)
    html = client.get(change).content.decode()
    assert 'name="is_listed"' not in html  # read-only for writers (they only view people)
    client.force_login(editor)
    html = client.get(change).content.decode()
    assert 'name="is_listed"' in html
    assert Contact.objects.get(pk=person.pk).listed_from is not None
