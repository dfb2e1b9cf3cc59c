"""Importing a front matter: topics and organisations in the directory, the export and import
commands, and the JSON of a parse."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from contacts.models import OrganisationLink
from releases.importing.parser import parse_release
from releases.models import Release, Topic
from tests.factories import make_organisation, make_topic
from tests.test_import_front_matter import (
    BODY,
    FRONT_MATTER,
    PDF,
    import_file,
    write_export,
)


@pytest.fixture(autouse=True)
def _in_english(_fresh_cache_and_language):
    """The messages checked below are the English ones (the catalogue has the Spanish)."""
    translation.activate("en")


# --- the directory ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_topics_match_by_slug_then_name_and_are_created_otherwise(tmp_path):
    by_name = make_topic(slug="privacy", name_es="Privacidad", name_en="")
    front = FRONT_MATTER.replace(
        "- slug: privacidad\n  name: {es: Privacidad, en: Privacy}\n",
        "- slug: privacidad\n  name: {es: Privacidad, en: Privacy}\n- slug: datos\n  name: Datos abiertos\n",
    )
    release = import_file(write_export(tmp_path, front=front)).release
    assert [topic.slug for topic in release.topics.order_by("slug")] == ["datos", "privacy"]
    by_name.refresh_from_db()
    assert by_name.name_en == "Privacy"  # a blank filled in
    assert Topic.objects.get(slug="datos").name_es == "Datos abiertos"
    # An empty list empties them; leaving the key out leaves them.
    import_file(write_export(tmp_path, front=front.replace("topics:\n", "topics: []\nx_topics:\n")))
    assert not release.topics.exists()
    release.topics.add(by_name)
    import_file(write_export(tmp_path, front=front.replace("topics:\n", "x_topics:\n")))
    assert list(release.topics.all()) == [by_name]


@pytest.mark.django_db
def test_existing_organisations_only_get_blanks_filled_in(tmp_path):
    red = make_organisation(name_es="Red Ciudadana por la Transparencia", name_en="", slug="la-red", kind="other")
    OrganisationLink.objects.create(organisation=red, url="https://www.facebook.com/RedDemo", network="other")
    release = import_file(write_export(tmp_path)).release
    red.refresh_from_db()
    assert list(release.issuing_organisations.all()) == [red]
    assert (red.slug, red.kind, red.short_name, red.name_en) == (
        "la-red",
        "other",
        "RCT",
        "Citizens' Network for Transparency",
    )
    assert [(link.network, link.url) for link in red.links.all()] == [
        ("other", "https://www.facebook.com/RedDemo"),
        ("website", "https://redciudadana.example/informes/"),
    ]


@pytest.mark.django_db
def test_the_export_command_writes_what_the_import_command_reads(tmp_path):
    (tmp_path / "entrada").mkdir()
    path = write_export(tmp_path / "entrada")
    call_command("import_releases", str(path), stdout=StringIO(), stderr=StringIO())
    out = tmp_path / "salida"
    call_command("export_releases", str(out), stdout=StringIO())
    text = (out / "informe.es.md").read_text(encoding="utf-8")
    assert text.startswith("---\nslug: informe\nuuid: 6f1c1f0e-4d1a-4b51-9a57-0d9f3b0e8a11\nstatus: published\n")
    assert "published_at: '2025-01-28T10:00:17-06:00'\n" in text
    assert "\n---\n\n# La red publica su informe anual\n" in text  # the release itself follows
    front = parse_release(text).front_matter
    # Copied beside the Markdown under their stored names, which storage may have suffixed.
    assert front.attachments[0].file.startswith("informe.files/informe")
    assert (out / front.attachments[0].file).read_bytes() == PDF
    cover = tmp_path / "entrada" / "informe.files" / "portada.png"
    assert (out / front.featured_image.file).read_bytes() == cover.read_bytes()


@pytest.mark.django_db
def test_the_command_reports_a_malformed_front_matter_and_imports_the_other_files(tmp_path):
    (tmp_path / "bueno.md").write_text(BODY, encoding="utf-8")
    (tmp_path / "roto.md").write_text("---\nslug: [roto\n---\n" + BODY, encoding="utf-8")
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command("import_releases", str(tmp_path), stdout=StringIO(), stderr=stderr)
    (error,) = [line for line in stderr.getvalue().splitlines() if ": error: " in line]
    assert "roto.md" in error and "YAML" in error
    assert list(Release.objects.values_list("import_key", flat=True)) == ["bueno"]


@pytest.mark.django_db
def test_the_json_shows_the_front_matter(tmp_path):
    path = write_export(tmp_path)
    stdout = StringIO()
    call_command("import_releases", "--dry-run", "--format", "json", str(path), stdout=stdout, stderr=StringIO())
    (data,) = json.loads(stdout.getvalue())
    assert data["front_matter"]["slug"] == "informe"
    assert data["front_matter"]["featured_image"]["file"] == "informe.files/portada.png"
    assert data["mentioned_organisations"] == ["Instituto Nacional de Transparencia"]
    assert not Release.objects.exists()
