"""export_releases, and the round trip: exporting the demo newsroom and importing it back."""

import hashlib
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from contacts.models import Contact, Organisation
from releases import services
from releases.exporting import release_markdown
from releases.models import Attachment, ChangeNote, Release, Topic
from tests.factories import image_upload, make_contact, make_organisation, make_release
from tests.media import stored_files

pytestmark = pytest.mark.django_db

# What a release's files do not carry, and why. Every other column is compared, so a field
# added to these models later fails the round trip until the export carries it (or it is
# listed here with its reason).
NOT_EXPORTED = {
    # Row identity and bookkeeping of this database, not of the release: who created and last
    # saved it and when, how many times it was saved (`version`, the admin's edit-conflict
    # check) and the file it was imported from. None of it is shown to the public.
    Release: {"id", "created_at", "updated_at", "created_by", "updated_by", "import_key", "version"},
    # When a name is on the public record is worked out from the releases that name it (the import
    # works it out again: tests/test_public_index.py); listing a name before any release does is
    # an editor's decision for this newsroom's directory, like a person's photo below.
    Organisation: {"id", "listed_from", "is_listed"},
    # A person's photo is shown on no public page: it stays with the newsroom's directory.
    Contact: {"id", "photo", "listed_from", "is_listed"},
    Topic: {"id", "listed_from"},
    Attachment: {"id", "release"},
    # Who wrote a change note is the admin's audit trail; the public note is its time and text.
    ChangeNote: {"id", "release", "created_by"},
}


def digest(field_file):
    if not field_file:
        return None
    with field_file.storage.open(field_file.name, "rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def columns(instance):
    """Every column of a row, with files as the digest of their bytes and foreign keys by their
    natural key; relations are compared by the callers."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name in NOT_EXPORTED[type(instance)]:
            continue
        if isinstance(model_field, models.FileField):
            values[model_field.name] = digest(getattr(instance, model_field.name))
        elif model_field.is_relation:
            related = getattr(instance, model_field.name)
            values[model_field.name] = related.slug if related is not None else None
        else:
            values[model_field.name] = getattr(instance, model_field.attname)
    return values


def organisation_row(organisation):
    return {
        **columns(organisation),
        "links": [(link.network, link.url, link.position) for link in organisation.links.all()],
    }


def contact_row(person):
    if person is None:
        return None
    row = columns(person)
    row["organisation"] = organisation_row(person.organisation) if person.organisation else None
    return row


def snapshot():
    """Everything about each release, keyed by slug: every column in both languages, and its
    organisations, people, topics, links and files."""
    releases = {}
    for release in Release.objects.order_by("slug"):
        releases[release.slug] = {
            **columns(release),
            "issuing_organisation_rows": [
                (row.position, organisation_row(row.organisation)) for row in release.issuing_organisation_rows.all()
            ],
            "mentioned_organisations": [
                organisation_row(organisation) for organisation in release.mentioned_organisations.order_by("slug")
            ],
            "topics": [columns(topic) for topic in release.topics.order_by("slug")],
            "links": [
                (link.position, link.url, link.label_es, link.label_en, link.label) for link in release.links.all()
            ],
            "media_contacts": [
                (pair.position, contact_row(pair.spokesperson), contact_row(pair.press_contact))
                for pair in release.media_contacts.all()
            ],
            "attachments": [columns(attachment) for attachment in release.attachments.all()],
            "change_notes": [columns(note) for note in release.change_notes.order_by("created_at")],
        }
    return releases


WITHDRAWN = "sobreprecios-camaras-reconocimiento-facial"
CORRECTED = "cierre-portal-nacional-datos-abiertos"
EMBARGOED = "declaracion-conjunta-apertura-rendicion-cuentas-alianza-internacional"
IN_REVIEW = "informe-anual-2026-red-ciudadana"


@pytest.fixture
def demo(editor):
    """The demo newsroom, with what it lacks for a thorough round trip: embargoes (one over, one
    still running) and publication times to the second, attachments, a release in review, a
    withdrawn release and one with two public change notes."""
    call_command("load_demo", stdout=StringIO())
    services.release_withdraw(
        release=Release.objects.get(slug=WITHDRAWN),
        actor=editor,
        explanation_es="Las cifras de sobreprecio no estaban verificadas.\n\nPublicaremos una versión corregida.",
        explanation_en="The overpricing figures had not been checked.",
    )
    corrected = Release.objects.get(slug=CORRECTED)
    services.release_add_change_note(release=corrected, actor=editor, text_es="Se corrigió la fecha del cierre.")
    services.release_add_change_note(
        release=corrected, actor=editor, text_es="Se añadió la tabla por sector.", text_en="Added the table by sector."
    )
    # Scheduled for the minute its embargo ends, a month from now.
    ends = (timezone.now() + timedelta(days=30)).replace(second=41, microsecond=0)
    Release.objects.filter(slug=EMBARGOED).update(embargo_until=ends, published_at=ends)
    Release.objects.filter(slug=IN_REVIEW).update(status=Release.Status.IN_REVIEW)
    release = Release.objects.get(slug="recorte-presupuesto-instituto-apertura-2027")
    release.embargo_until = datetime(2026, 11, 3, 0, 1, 30, tzinfo=ZoneInfo("America/Mexico_City"))
    release.published_at = datetime(2026, 11, 3, 10, 0, 17, tzinfo=ZoneInfo("America/Mexico_City"))
    release.save()
    report = Attachment(release=release, title_es="Análisis del presupuesto", title_en="Budget analysis", position=0)
    report.file.save("analisis.pdf", ContentFile(b"%PDF-1.4\n% an analysis\n"), save=False)
    report.save()
    chart = Attachment(release=release, title_es="Gráfica del recorte", title_en="", position=1)
    chart.file.save("grafica.png", image_upload("grafica.png"), save=False)
    chart.save()
    return release


def front_matter_of(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_exporting_and_importing_the_demo_newsroom_reproduces_every_release(demo, tmp_path):
    before = snapshot()
    assert len(before) == 12
    assert any(release["media_contacts"] for release in before.values())
    assert {release["status"] for release in before.values()} == {"draft", "in_review", "published", "withdrawn"}
    assert before[WITHDRAWN]["withdrawal_explanation_en"] == "The overpricing figures had not been checked."
    assert [note["text_en"] for note in before[CORRECTED]["change_notes"]] == ["", "Added the table by sector."]
    assert before[EMBARGOED]["embargo_until"] > timezone.now()
    assert ("website", "https://seminario-gobiernoabierto.example/publicaciones/", 0) in [
        link for release in before.values() for row in release["mentioned_organisations"] for link in row["links"]
    ]
    assert all(row["description_es"] and row["logo"] for _, row in before[demo.slug]["issuing_organisation_rows"])

    stdout = StringIO()
    call_command("export_releases", str(tmp_path), stdout=stdout, stderr=StringIO())
    markdown = sorted(path.name for path in tmp_path.glob("*.md"))
    assert "red-ciudadana-abandona-mesa-gobierno-abierto-por-espionaje.en.md" in markdown
    assert "software-espia-telefonos-reporteros-xalapa.en.md" not in markdown  # no English version
    assert len(markdown) == 12 + 10
    # The files the front matter names are copied beside the Markdown, under their stored names
    # (which storage may have suffixed): the image, the attachments and the organisations' logos.
    front = front_matter_of(tmp_path / f"{demo.slug}.es.md")
    logos = [organisation["logo"] for organisation in front["organisations"] if "logo" in organisation]
    named = [front["featured_image"]["file"], *(attachment["file"] for attachment in front["attachments"]), *logos]
    folder = tmp_path / f"{demo.slug}.files"
    assert sorted(named) == sorted(f"{folder.name}/{path.name}" for path in folder.iterdir())
    assert len(logos) == len(front["organisations"])
    copied = sum(1 for path in tmp_path.glob("*.files/*"))
    assert f"{len(markdown)} " in stdout.getvalue() and f" {copied} " in stdout.getvalue()

    # A clean newsroom: no releases, people, organisations or topics to match against.
    Release.objects.all().delete()
    Contact.objects.all().delete()
    Organisation.objects.all().delete()
    Topic.objects.all().delete()
    errors = StringIO()
    call_command("import_releases", str(tmp_path), stdout=StringIO(), stderr=errors)
    assert ": error:" not in errors.getvalue()
    assert ": warning:" not in errors.getvalue() and ": aviso:" not in errors.getvalue()

    after = snapshot()
    assert after.keys() == before.keys()
    for slug, release in before.items():
        for key, value in release.items():
            assert after[slug][key] == value, (slug, key)
    # The withdrawn release's page stays online, marked withdrawn with its explanation.
    assert Release.objects.public_record().filter(slug=WITHDRAWN).exists()


def test_importing_an_export_again_updates_the_releases_in_place(demo, tmp_path):
    before = snapshot()
    models_counted = (Release, Contact, Organisation, Topic, Attachment, ChangeNote)
    counts = [model.objects.count() for model in models_counted]
    files = stored_files()
    call_command("export_releases", str(tmp_path), stdout=StringIO())
    call_command("import_releases", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert [model.objects.count() for model in models_counted] == counts
    assert snapshot() == before
    assert stored_files() == files  # the same images and attachments are not stored twice


def test_export_writes_the_shape_the_importer_reads():
    organisation = make_organisation(name_es="Red Ciudadana", name_en="Citizens' Network")
    press = make_contact(name="Lucía Herrera", organisation=organisation, phone="55-0123-4567", mobile="55-0198-7654")
    spokesperson = make_contact(name="Mariana Solís", email="", phone="")
    release = make_release(
        issuing_organisations=[organisation],
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


def test_the_front_matter_carries_a_withdrawal_and_the_change_notes(editor, tmp_path):
    release = make_release(slug="comunicado-retirado", title_en="")
    services.release_add_change_note(release=release, actor=editor, text_es="Se corrigió una cifra.")
    services.release_withdraw(
        release=release, actor=editor, explanation_es="Cifras sin verificar.\n\nLo sentimos.", explanation_en="Sorry."
    )
    call_command("export_releases", str(tmp_path), stdout=StringIO())
    front = front_matter_of(tmp_path / "comunicado-retirado.es.md")
    release.refresh_from_db()
    note = release.change_notes.get()
    assert front["status"] == "withdrawn"
    assert front["withdrawn_at"] == timezone.localtime(release.withdrawn_at).isoformat()
    assert front["withdrawal_explanation"] == {"es": "Cifras sin verificar.\n\nLo sentimos.", "en": "Sorry."}
    assert front["change_notes"] == [
        {"at": timezone.localtime(note.created_at).isoformat(), "text": {"es": "Se corrigió una cifra."}}
    ]
