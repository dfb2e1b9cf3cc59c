"""import_release and the matching rules it relies on."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from contacts.models import Contact, Organisation
from releases.importing.parser import parse_release
from releases.importing.records import ImportFailed
from releases.importing.service import import_release
from releases.models import Release
from tests.factories import make_contact, make_organisation, make_organisation_link, make_release

pytestmark = pytest.mark.django_db

RELEASE = """# Un comunicado de prueba

Ciudad de México, 12 de mayo de 2024.– Texto del comunicado.

## Contacto

Para entrevistas con MARIANA SOLIS comunicarse con:
lucia herrera (RCT): 55-0123-4567 / PRENSA@REDCIUDADANA.EXAMPLE

Red en Defensa de la Transparencia (RCT)

- <https://www.facebook.com/RedDemo>
"""


def test_organisations_match_by_name_in_either_language_or_short_name_ignoring_case_and_accents():
    red = make_organisation(name_es="Red Ciudadana por la Transparencia", name_en="Citizens' Network", short_name="RCT")
    make_organisation(name_es="Otra organización")
    for name in [
        "red ciudadana por la transparencia",
        "RED CIUDADANA POR LA TRANSPARENCIA.",
        "Citizens’ Network",
        "rct",
        "Red en Defensa de la Transparencia (RCT)",
    ]:
        assert list(Organisation.objects.matching(name)) == [red], name
    accents = make_organisation(name_es="Núcleo de la Sociedad Civil")
    assert list(Organisation.objects.matching("NUCLEO DE LA SOCIEDAD CIVIL")) == [accents]
    assert not Organisation.objects.matching("Red Ciudadana").exists()
    assert not Organisation.objects.matching("").exists()


def test_contacts_match_by_email_first_then_by_name():
    lucia = make_contact(name="Lucía Herrera", email="prensa@redciudadana.example")
    namesake = make_contact(name="Tomás Arreola", email="tomas@otra.example")
    assert list(Contact.objects.matching(name="Otra Persona", emails=["PRENSA@RedCiudadana.example"])) == [lucia]
    assert list(Contact.objects.matching(name="LUCIA HERRERA")) == [lucia]
    assert list(Contact.objects.matching(name="tomas arreola", emails=["nuevo@x.example"])) == [namesake]
    assert not Contact.objects.matching(name="Nadie").exists()


def test_import_uses_existing_organisations_and_contacts_and_only_fills_blanks():
    red = make_organisation(name_es="Red Ciudadana por la Transparencia", short_name="RCT", is_publisher=False)
    make_organisation_link(red, url="https://www.facebook.com/RedDemo", network="facebook")
    lucia = make_contact(name="Lucía Herrera", email="prensa@redciudadana.example", phone="55-9999-0000", mobile="")
    mariana = make_contact(name="Mariana Solís", email="", phone="", is_public=False)
    counts = (Organisation.objects.count(), Contact.objects.count())

    result = import_release(parsed=parse_release(RELEASE), import_key="prueba")

    assert (Organisation.objects.count(), Contact.objects.count()) == counts
    assert list(result.release.issuing_organisations.all()) == [red]
    red.refresh_from_db()
    assert red.is_publisher  # it signs releases in this newsroom now
    assert red.links.count() == 1  # the same link is not added twice
    pair = result.release.media_contacts.get()
    assert (pair.press_contact, pair.spokesperson) == (lucia, mariana)
    lucia.refresh_from_db()
    assert lucia.phone == "55-9999-0000"  # an existing detail is not overwritten by an old release
    assert lucia.organisation == red  # a blank is filled in


def test_more_phones_and_emails_than_a_contact_holds_are_reported():
    text = (
        "# Titular del comunicado\n\nTexto.\n\n## Contacto\n\n"
        "Ana Ruiz: 55-1111-2222 / 55-3333-4444 / 55-5555-6666 / ana@x.example / prensa@x.example\n"
    )
    result = import_release(parsed=parse_release(text), import_key="telefonos")
    ana = Contact.objects.get(name="Ana Ruiz")
    assert (ana.phone, ana.mobile, ana.email) == ("55-1111-2222", "55-3333-4444", "ana@x.example")
    assert any("55-5555-6666" in warning and "prensa@x.example" in warning for warning in result.warnings)


def test_a_number_without_country_code_is_read_in_the_release_s_country(settings):
    """A Madrid release under a Mexican newsroom: “611 222 333” is a Spanish mobile, stored
    with its country code so that it dials from anywhere; the same from Buenos Aires is Argentine."""
    settings.NEWSROOM_PHONE_REGION = "MX"
    text = (
        "# Titular del comunicado\n\nMadrid, 3 de marzo de 2025.– Texto.\n\n## Contacto\n\n"
        "Ana Ruiz: 611 222 333 / 91 555 12 34 / ana@x.example\n"
    )
    result = import_release(parsed=parse_release(text), import_key="madrid")
    ana = Contact.objects.get(name="Ana Ruiz")
    assert (ana.phone, ana.mobile) == ("+34 611 22 23 33", "+34 915 55 12 34")
    assert not any("611" in warning for warning in result.warnings)
    assert [number.tel for number in ana.phone_numbers] == ["tel:+34611222333", "tel:+34915551234"]


def test_the_embargo_zone_tells_the_country_when_the_dateline_does_not(settings):
    settings.NEWSROOM_PHONE_REGION = "MX"
    text = (
        "EMBARGADO HASTA LAS 10:00 (HORA PENINSULAR) DEL 4 DE MARZO DE 2025\n\n# Titular del comunicado\n\n"
        "Texto.\n\n## Contacto\n\nAna Ruiz: 611 222 333 / ana@x.example\n"
    )
    import_release(parsed=parse_release(text), import_key="zona")
    assert Contact.objects.get(name="Ana Ruiz").phone == "+34 611 22 23 33"


def test_a_number_that_cannot_be_placed_is_kept_as_written_with_a_warning_and_the_import_goes_on(settings):
    settings.NEWSROOM_PHONE_REGION = "MX"
    text = "# Titular del comunicado\n\nTexto.\n\n## Contacto\n\nAna Ruiz: 611 222 333 / ana@x.example\n"
    result = import_release(parsed=parse_release(text), import_key="sin-pais")
    ana = Contact.objects.get(name="Ana Ruiz")
    assert ana.phone == "611 222 333"
    assert [(number.display, number.tel) for number in ana.phone_numbers] == [
        ("611 222 333", "")
    ]  # not dialled wrongly
    assert any("611 222 333" in warning and warning.field == "media_contacts" for warning in result.warnings)
    assert Release.objects.filter(import_key="sin-pais").exists()
    # A number with a country code the number plan does not know is kept too, and said so.
    text = "# Titular del comunicado\n\nTexto.\n\n## Contacto\n\nIfe Adeyemi: +234 9 555 0183 / ife@x.example\n"
    result = import_release(parsed=parse_release(text), import_key="con-codigo")
    assert Contact.objects.get(name="Ife Adeyemi").phone == "+234 9 555 0183"
    assert any("+234 9 555 0183" in warning and warning.field == "media_contacts" for warning in result.warnings)


def test_reimport_keeps_the_time_of_day_when_the_date_is_unchanged_and_status_unless_told():
    result = import_release(parsed=parse_release(RELEASE), import_key="prueba", status="published")
    release = result.release
    release.published_at = datetime(2024, 5, 12, 10, 30, tzinfo=ZoneInfo("America/Mexico_City"))
    release.save()
    again = import_release(parsed=parse_release(RELEASE), import_key="prueba")
    assert not again.created and again.release.pk == release.pk
    assert again.release.status == Release.Status.PUBLISHED
    assert again.release.published_at == release.published_at


def test_a_file_named_after_a_slug_updates_that_release():
    existing = make_release(slug="salida-de-la-mesa-nacional", title_es="Título anterior")
    result = import_release(parsed=parse_release(RELEASE), import_key="salida-de-la-mesa-nacional")
    assert not result.created and result.release.pk == existing.pk
    assert result.release.title_es == "Un comunicado de prueba"


def test_a_failure_rolls_back_the_whole_release():
    text = RELEASE + "\n## Enlaces\n\n- [x](https://ejemplo.example/" + "x" * 1100 + ")\n"
    with pytest.raises(ImportFailed):
        import_release(parsed=parse_release(text), import_key="roto")
    assert not Release.objects.exists()
    assert not Organisation.objects.exists() and not Contact.objects.exists()
