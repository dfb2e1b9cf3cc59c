"""What an organisation's page and a topic's page keep for the generation (contacts/kept.py, the
fragments of their templates): each test makes the page once, so that what it reads is kept, then
changes the newsroom (through the services, a model saved by hand, or the clock alone) and asks
again: the answer must be the new one. Staff never read what is kept.
"""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from contacts.models import Contact, Organisation
from releases import services
from releases.models import Topic
from tests.factories import make_contact, make_membership, make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode(), len(queries)


def page_of(thing, language="es"):
    with translation.override(language):
        return thing.get_absolute_url()


@pytest.fixture
def organisation():
    organisation = make_organisation(name_es="Red de Defensa Digital", description_es="Defendemos **derechos**.")
    make_release(title_es="Comunicado de la red", issuing_organisations=[organisation])
    make_release(title_es="Comunicado que la nombra").mentioned_organisations.add(organisation)
    make_membership(organisation, make_organisation(name_es="Colectivo Miembro", is_listed=True))
    make_contact(name="Ana Portavoz", organisation=organisation, is_listed=True)
    return Organisation.objects.get(pk=organisation.pk)


def test_an_organisation_page_made_again_reads_only_its_releases_ids_and_is_the_same(client, organisation):
    pages = {}
    for language in ("es", "en"):
        made, made_queries = get(client, page_of(organisation, language))
        again, again_queries = get(client, page_of(organisation, language))
        # Its releases' and the releases naming it: the rest is kept.
        assert again_queries == 2 < made_queries
        assert again == made
        pages[language] = made
    assert pages["es"] != pages["en"]
    made = pages["es"]
    for text in ("Comunicado de la red", "Comunicado que la nombra", "Colectivo Miembro", "Ana Portavoz", "<strong>"):
        assert text in made


def test_an_organisation_renamed_shows_at_once(client, organisation):
    get(client, page_of(organisation))
    organisation.name_es = "Red por los Derechos Digitales"
    organisation.description_es = "Otra **descripción**."
    organisation.save()
    html, _queries = get(client, page_of(organisation))
    assert "Red por los Derechos Digitales" in html and "Otra <strong>descripción</strong>" in html
    assert "Red de Defensa Digital" not in html


def test_a_member_renamed_shows_at_once(client, organisation):
    get(client, page_of(organisation))
    member = Organisation.objects.get(name_es="Colectivo Miembro")
    member.name_es = "Colectivo Renombrado"
    member.save()
    html, _queries = get(client, page_of(organisation))
    assert "Colectivo Renombrado" in html and "Colectivo Miembro" not in html


def test_a_press_contact_made_private_leaves_at_once(client, organisation):
    html, _queries = get(client, page_of(organisation))
    assert "Ana Portavoz" in html
    contact = Contact.objects.get(name="Ana Portavoz")
    contact.is_public = False
    contact.save()
    html, _queries = get(client, page_of(organisation))
    assert "Ana Portavoz" not in html


def test_a_release_withdrawn_leaves_the_organisation_page_at_once(client, organisation, editor):
    get(client, page_of(organisation))
    release = organisation.releases.get()
    services.release_withdraw(release=release, actor=editor, explanation_es="Retirado.")
    html, _queries = get(client, page_of(organisation))
    assert "Comunicado de la red" not in html


def test_a_scheduled_release_and_its_press_contact_go_public_by_time_alone(client, organisation):
    goes_public = timezone.now() + timedelta(hours=2)
    make_release(title_es="Comunicado programado", issuing_organisations=[organisation], published_at=goes_public)
    make_release(title_es="Mención programada", published_at=goes_public).mentioned_organisations.add(organisation)
    # Named by that release only: listed from its moment (contacts/listed.py), with no write then.
    make_contact(name="Berta Programada", organisation=organisation, listed_from=goes_public)
    before, _queries = get(client, page_of(organisation))
    get(client, page_of(organisation))
    for text in ("Comunicado programado", "Mención programada", "Berta Programada"):
        assert text not in before
    with time_machine.travel(goes_public + timedelta(minutes=1)):
        after, _queries = get(client, page_of(organisation))
    for text in ("Comunicado programado", "Mención programada", "Berta Programada", "Comunicado de la red"):
        assert text in after


def test_an_organisation_listed_by_time_alone_is_found_at_its_moment(client):
    goes_public = timezone.now() + timedelta(hours=2)
    organisation = make_organisation(name_es="Coalición Embargada", listed_from=goes_public)
    get(client, page_of(organisation), status=404)  # not found: nothing is kept for that slug
    with time_machine.travel(goes_public + timedelta(minutes=1)):
        html, _queries = get(client, page_of(organisation))
    assert "Coalición Embargada" in html


def test_a_topic_renamed_shows_on_its_page_at_once(client):
    topic = make_topic(name_es="Datos personales", slug="datos")
    make_release().topics.add(topic)
    before, _queries = get(client, page_of(topic))
    assert "Datos personales" in before
    topic = Topic.objects.get(pk=topic.pk)
    topic.name_es = "Protección de datos"
    topic.save()
    after, _queries = get(client, page_of(topic))
    assert "Protección de datos" in after and "Datos personales" not in after


def test_a_scheduled_release_goes_public_on_its_topic_page_by_time_alone(client):
    topic = make_topic(name_es="Vigilancia estatal")
    make_release(title_es="Comunicado de ayer").topics.add(topic)
    goes_public = timezone.now() + timedelta(hours=2)
    make_release(title_es="Comunicado programado", published_at=goes_public).topics.add(topic)
    before, _queries = get(client, page_of(topic))
    again, _queries = get(client, page_of(topic))
    assert again == before and "Comunicado programado" not in before
    with time_machine.travel(goes_public + timedelta(minutes=1)):
        after, _queries = get(client, page_of(topic))
    assert "Comunicado programado" in after and "Comunicado de ayer" in after


def test_staff_never_read_what_an_organisation_or_topic_page_keeps(client, organisation, editor):
    topic = make_topic(name_es="Nombre publicado")
    make_release().topics.add(topic)
    get(client, page_of(organisation))
    get(client, page_of(topic))
    # update() sends no signal: the generation stands, so anonymous visitors get what is kept ...
    Organisation.objects.filter(pk=organisation.pk).update(name_es="Nombre sin aviso")
    Contact.objects.filter(name="Ana Portavoz").update(is_public=False)
    Topic.objects.filter(pk=topic.pk).update(name_es="Tema sin aviso")
    anonymous, _queries = get(client, page_of(organisation))
    assert "Red de Defensa Digital" in anonymous and "Ana Portavoz" in anonymous
    assert "Nombre publicado" in get(client, page_of(topic))[0]
    # ... while staff read the database every time.
    client.force_login(editor)
    staff, _queries = get(client, page_of(organisation))
    assert "Nombre sin aviso" in staff and "Red de Defensa Digital" not in staff and "Ana Portavoz" not in staff
    staff, _queries = get(client, page_of(topic))
    assert "Tema sin aviso" in staff and "Nombre publicado" not in staff


def test_a_topic_listed_by_time_alone_is_found_at_its_moment(client):
    goes_public = timezone.now() + timedelta(hours=2)
    topic = make_topic(name_es="Tema embargado", listed_from=goes_public)
    get(client, page_of(topic), status=404)  # not found: nothing is kept for that slug
    with time_machine.travel(goes_public + timedelta(minutes=1)):
        html, _queries = get(client, page_of(topic))
    assert "Tema embargado" in html
