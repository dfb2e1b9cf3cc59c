"""Whom to call, on a release's page: the press contacts first after the summary, each number
labelled in one international format, a copy button for each detail, a vCard per public press
contact, and the publication time with its zone."""

import re

import pytest
from django.utils import timezone, translation

from contacts.vcard import contact_vcard, escape, fold
from releases.models import MediaContact, Release
from tests.factories import make_contact, make_organisation, make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def release():
    coalition = make_organisation(name_es="Red Ciudadana", name_en="Citizens' Network", slug="red")
    release = make_release(
        slug="salida",
        title_es="La Red deja la Mesa",
        title_en="The Network leaves the Roundtable",
        summary_es="Primer punto",
        body_es="Cuerpo con un [enlace](https://example.org/).",
        background_es="- Contexto con [otro](https://example.org/2).",
    )
    press = make_contact(
        name="Lucía Moguel",
        role_es="Prensa; vocería",
        role_en="Press office",
        organisation=coalition,
        email="comunicacion.social@observatorio-derechos-digitales.example",
        phone="55-4065-8422",
        mobile="55 3521 2521",
    )
    spokesperson = make_contact(name="Tomás Severino", is_public=False, phone="55-1111-2222")
    MediaContact.objects.create(release=release, press_contact=press, spokesperson=spokesperson, position=0)
    release.press = press
    release.spokesperson = spokesperson
    return release


def page(client, release, language="es"):
    with translation.override(language):
        url = release.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_press_contacts_come_right_after_the_summary_and_before_any_other_link_of_the_text(client, release):
    html = page(client, release)
    main = html[html.index("<main") :]
    assert main.index("release__summary") < main.index('id="contacts-heading"') < main.index("release__body")
    # The first link a keyboard reaches in the page's content is the first phone number.
    first_link = re.search(r'<a [^>]*href="([^"]+)"', main[main.index("</header>") :]).group(1)
    assert first_link == "tel:+525540658422"


@pytest.mark.parametrize("language", ["es", "en"])
def test_each_number_is_labelled_and_in_one_international_format_in_both_languages(client, release, language):
    html = page(client, release, language)
    labels = {"es": ("Teléfono", "Móvil", "Correo electrónico"), "en": ("Phone", "Mobile", "Email")}[language]
    details = re.findall(r'<li class="contact-detail">(.*?)</li>', html, re.S)
    assert [re.search(r'contact-detail__label">([^<]+)<', item).group(1) for item in details] == list(labels)
    assert (
        '<a class="contact-detail__value contact-detail__phone" href="tel:+525540658422">+52 55 4065 8422</a>' in html
    )
    assert 'href="tel:+525535212521">+52 55 3521 2521</a>' in html
    # The spokesperson's details are private: named, never shown.
    assert "Tomás Severino" in html and "1111" not in html


def test_every_detail_has_a_copy_button_that_works_without_javascript(client, release):
    html = page(client, release)
    copies = re.findall(r'<details class="copy" data-copy-value="([^"]+)">(.*?)</details>', html, re.S)
    assert [value for value, _markup in copies] == [
        "+52 55 4065 8422",
        "+52 55 3521 2521",
        "comunicacion.social@observatorio-derechos-digitales.example",
    ]
    for value, markup in copies:
        # Without JavaScript the disclosure opens a read-only field holding the value.
        assert f'<input class="copy__field" type="text" readonly value="{value}"' in markup
        assert "Copiar" in markup and "de Lucía Moguel" in markup
    assert '<script src="/static/js/copy.js" defer></script>' in html


def test_the_vcard_of_a_public_press_contact_has_what_the_page_shows(client, release):
    html = page(client, release, "en")
    url = re.search(r'<a href="([^"]+\.vcf)" download type="text/vcard">Save contact \(vCard\)', html).group(1)
    slug = "the-network-leaves-the-roundtable"
    assert (
        url == f"/en/releases/{timezone.localtime(release.published_at):%Y/%m}/{slug}/contacts/{release.press.pk}.vcf"
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lucia-moguel.vcf"'
    card = response.content.decode()
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and card.endswith("END:VCARD\r\n")
    unfolded = card.replace("\r\n ", "")
    for line in [
        "FN:Lucía Moguel",
        "N:;Lucía Moguel;;;",
        "ORG:Citizens' Network",
        "TITLE:Press office",
        "TEL;TYPE=WORK,VOICE:+52 55 4065 8422",
        "TEL;TYPE=CELL:+52 55 3521 2521",
        "EMAIL;TYPE=INTERNET:comunicacion.social@observatorio-derechos-digitales.example",
    ]:
        assert line in unfolded.split("\r\n"), line
    assert all(len(line.encode()) <= 75 for line in card.split("\r\n"))


def test_the_vcard_escapes_what_vcard_gives_a_meaning():
    assert escape("Prensa; vocería, y más\\ o\nmenos") == "Prensa\\; vocería\\, y más\\\\ o\\nmenos"
    folded = fold("NOTE:" + "á" * 60)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "NOTE:" + "á" * 60
    contact = make_contact(name="Ana; Pérez", role_es="Jefa, prensa", phone="", email="")
    card = contact_vcard(contact)
    assert "FN:Ana\\; Pérez\r\n" in card and "TITLE:Jefa\\, prensa\r\n" in card and "TEL" not in card


def test_vcards_only_for_public_press_contacts_of_releases_on_the_public_record(client, release):
    url = release.contact_card_url(release.press.pk)
    assert client.get(url).status_code == 200
    # The spokesperson (private) and people of other releases have none.
    assert client.get(release.contact_card_url(release.spokesperson.pk)).status_code == 404
    stranger = make_contact()
    assert client.get(release.contact_card_url(stranger.pk)).status_code == 404
    # A private press contact has none, and the page offers none.
    release.press.is_public = False
    release.press.save()
    assert client.get(url).status_code == 404
    assert ".vcf" not in page(client, release)


def test_no_vcard_for_a_release_the_public_cannot_see(client, release):
    url = release.contact_card_url(release.press.pk)
    Release.objects.filter(pk=release.pk).update(status=Release.Status.DRAFT)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("language", "text"), [("es", "28 de enero de 2025, 12:00 (CST, UTC−06:00)"), ("en", "noon (CST, UTC−06:00)")]
)
def test_the_publication_time_shows_with_its_zone(client, release, language, text):
    from datetime import UTC, datetime

    Release.objects.filter(pk=release.pk).update(published_at=datetime(2025, 1, 28, 18, tzinfo=UTC))
    release.refresh_from_db()
    html = page(client, release, language)
    dateline = re.search(r'<p class="release__dateline">(.*?)</p>', html, re.S).group(1)
    assert '<time datetime="2025-01-28T12:00:00-06:00">' in dateline and text in dateline
