"""export_releases, and the round trip: exporting the demo newsroom and importing it back."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from contacts.models import Contact, Organisation
from releases.exporting import release_markdown
from releases.models import Release
from tests.factories import make_contact, make_organisation, make_release

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "en")


def snapshot():
    """Everything a Markdown file carries about each release, keyed by slug."""

    def contact(person):
        if person is None:
            return None
        organisation = person.organisation
        return (
            person.name,
            person.email,
            person.phone,
            person.mobile,
            (organisation.name_es, organisation.name_en or "") if organisation else None,
        )

    releases = {}
    for release in Release.objects.with_page_related().order_by("slug"):
        fields = {
            f"{name}_{language}": getattr(release, f"{name}_{language}") or ""
            for name in ("title", "summary", "body", "context", "dateline_place")
            for language in LANGUAGES
        }
        releases[release.slug] = {
            **fields,
            "date": timezone.localtime(release.published_at).date() if release.published_at else None,
            "embargo_until": release.embargo_until,
            "links": [(link.url, link.label_es or "", link.label_en or "") for link in release.links.all()],
            "media_contacts": [
                (contact(pair.spokesperson)[0] if pair.spokesperson else None, contact(pair.press_contact))
                for pair in release.media_contacts.all()
            ],
            "issuing_organisations": [
                (
                    signatory.organisation.name_es,
                    signatory.organisation.name_en or "",
                    [(link.network, link.url) for link in signatory.organisation.links.all()],
                )
                for signatory in release.signatories.all()
            ],
        }
    return releases


def test_exporting_and_importing_the_demo_newsroom_reproduces_every_release(tmp_path):
    call_command("load_demo", stdout=StringIO())
    # The demo has no embargo: give one release an embargo so the round trip covers it.
    embargoed = Release.objects.get(slug="recorte-presupuesto-instituto-apertura-2027")
    embargoed.embargo_until = datetime(2026, 11, 3, 0, 1, tzinfo=ZoneInfo("America/Mexico_City"))
    embargoed.save()
    before = snapshot()
    assert len(before) == 12
    assert any(release["media_contacts"] for release in before.values())

    call_command("export_releases", str(tmp_path), stdout=StringIO())
    files = sorted(path.name for path in tmp_path.iterdir())
    assert "red-ciudadana-abandona-mesa-gobierno-abierto-por-espionaje.en.md" in files
    assert "software-espia-telefonos-reporteros-xalapa.en.md" not in files  # no English version
    assert len(files) == 12 + 10

    # A clean newsroom: no releases, people or organisations.
    Release.objects.all().delete()
    Contact.objects.all().delete()
    Organisation.objects.all().delete()
    errors = StringIO()
    call_command("import_releases", str(tmp_path), stdout=StringIO(), stderr=errors)
    assert "error" not in errors.getvalue()

    after = snapshot()
    assert after.keys() == before.keys()
    for slug, release in before.items():
        assert after[slug] == release, slug


def test_importing_an_export_again_updates_the_releases_in_place(tmp_path):
    call_command("load_demo", stdout=StringIO())
    before = snapshot()
    counts = (Release.objects.count(), Contact.objects.count(), Organisation.objects.count())
    call_command("export_releases", str(tmp_path), stdout=StringIO())
    call_command("import_releases", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert (Release.objects.count(), Contact.objects.count(), Organisation.objects.count()) == counts
    assert snapshot() == before


def test_export_writes_the_shape_the_importer_reads():
    organisation = make_organisation(name_es="Red Ciudadana", name_en="Citizens' Network")
    press = make_contact(name="Lucía Herrera", organisation=organisation, phone="55-0123-4567", mobile="55-0198-7654")
    spokesperson = make_contact(name="Mariana Solís", email="", phone="")
    release = make_release(
        issuers=[organisation],
        title_es="Título con *asteriscos*",
        dateline_place_es="Ciudad de México",
        published_at=datetime(2025, 1, 28, 10, tzinfo=ZoneInfo("America/Mexico_City")),
        embargo_until=datetime(2025, 1, 28, 9, tzinfo=ZoneInfo("America/Mexico_City")),
    )
    release.media_contacts.create(press_contact=press, spokesperson=spokesperson, position=0)
    text = release_markdown(Release.objects.with_page_related().get(pk=release.pk), "es")
    assert text.startswith("EMBARGADO HASTA el martes 28 de enero de 2025, 09:00 h (UTC-06:00)\n\n")
    assert "# Título con \\*asteriscos\\*\n" in text
    assert "- *Primer punto*\n- *Segundo punto*" in text
    assert "Ciudad de México, 28 de enero de 2025.– Texto del **comunicado**." in text
    assert (
        "Para entrevistas con Mariana Solís comunicarse con:  \n"
        f"Lucía Herrera (Red Ciudadana): 55-0123-4567 / móvil 55-0198-7654 / {press.email}"
    ) in text
    assert text.endswith("Red Ciudadana\n")
