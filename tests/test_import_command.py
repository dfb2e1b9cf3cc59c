"""import_releases: batches, output formats, bad input, idempotent re-import."""

import json
import os
import shutil
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from contacts.models import Contact, Organisation
from releases.models import Release

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(*args):
    """(stdout, stderr, error or None) of import_releases."""
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("import_releases", *[str(arg) for arg in args], stdout=stdout, stderr=stderr)
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), error
    return stdout.getvalue(), stderr.getvalue(), None


@pytest.fixture
def folder(tmp_path):
    for name in ("es_completo.md", "en_embargo.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def test_dry_run_json_prints_only_the_parse_on_stdout_and_writes_nothing(folder):
    stdout, stderr, error = run("--dry-run", "--format", "json", folder)
    assert error is None
    parses = json.loads(stdout)  # nothing but the JSON array on standard output
    assert [parse["source"] for parse in parses] == [str(folder / "en_embargo.md"), str(folder / "es_completo.md")]
    assert parses[1]["title"].startswith("Colectivos vecinales")
    assert "2 read, 0 failed" in stderr or "2 leídos, 0 fallidos" in stderr
    assert Release.objects.count() == Contact.objects.count() == Organisation.objects.count() == 0


def test_dry_run_text_describes_each_file(folder):
    stdout, _stderr, error = run("--dry-run", folder / "es_completo.md")
    assert error is None
    assert "Colectivos vecinales exigen publicar" in stdout
    assert Release.objects.count() == 0


def test_import_creates_drafts_with_everything_the_file_holds(folder):
    stdout, stderr, error = run(folder / "es_completo.md")
    assert error is None
    release = Release.objects.with_page_related().get()
    assert release.status == Release.Status.DRAFT
    assert release.title_es == "Colectivos vecinales exigen publicar los contratos del nuevo sistema de alumbrado"
    assert release.import_key == "es_completo"
    assert release.summary_points[0].startswith("La alcaldía adjudicó")
    assert release.dateline_place_es == "Ciudad de México"
    assert timezone.localtime(release.published_at).date() == date(2024, 5, 12)
    assert release.background_es.startswith("- En 2023 la alcaldía")
    assert [str(row.organisation) for row in release.issuing_organisation_rows.all()] == [
        "Frente Vecinal por la Luz",
        "Barrio Claro, A.C.",
    ]
    frente = release.issuing_organisation_rows.all()[0].organisation
    assert frente.is_publisher
    assert [(link.network, link.url) for link in frente.links.all()] == [
        ("facebook", "https://www.facebook.com/FrenteVecinalLuz"),
        ("x", "https://x.com/Frente_Luz"),
    ]
    hugo, ines = [pair.press_contact for pair in release.media_contacts.all()]
    assert (hugo.name, hugo.phone, hugo.mobile, hugo.email) == (
        "Hugo Salinas",
        "55-1234-5678",
        "55-8765-4321",
        "prensa@frentevecinal.example",
    )
    assert hugo.organisation == frente and hugo.is_public
    assert (ines.phone, ines.email) == ("(55) 2345 6789", "medios@barrioclaro.example")
    spokesperson = release.media_contacts.all()[0].spokesperson
    assert (spokesperson.name, spokesperson.role_es, spokesperson.is_public) == (
        "Rosa Elvira Tapia",
        "vocera del Frente",
        False,
    )
    assert [(link.label_es, link.url) for link in release.links.all()] == [
        ("Solicitud de información y respuesta", "https://frentevecinal.example/solicitud"),
        ("Mapa de luminarias", "https://frentevecinal.example/mapa"),
        ("", "https://frentevecinal.example/informe-2024.pdf"),
    ]
    # The second email does not fit on a contact: kept in the parse, reported, not silently lost.
    assert "hugo.salinas@frentevecinal.example" in stderr
    assert "1 imported, 0 updated, 0 failed" in stderr or "1 importado, 0 actualizados, 0 fallidos" in stderr
    assert "es_completo.md" in stdout


def test_embargo_and_english_text(folder):
    run(folder / "en_embargo.md")
    release = Release.objects.get()
    assert release.embargo_until == datetime(2025, 3, 4, 0, 1, tzinfo=ZoneInfo("UTC"))
    # No Spanish version: the English text is the Spanish one too, until someone translates it.
    assert release.title_es == release.title_en == "River Watch report finds two in three monitoring stations offline"


def test_reimporting_the_same_file_updates_its_release(folder):
    run(folder / "es_completo.md")
    first = Release.objects.get()
    counts = (Contact.objects.count(), Organisation.objects.count())
    path = folder / "es_completo.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Colectivos vecinales", "Vecinos"), encoding="utf-8")
    _stdout, stderr, error = run(path)
    assert error is None
    release = Release.objects.get()
    assert release.pk == first.pk and release.slug == first.slug
    assert release.title_es.startswith("Vecinos exigen")
    assert (Contact.objects.count(), Organisation.objects.count()) == counts
    assert (
        release.media_contacts.count() == 2
        and release.links.count() == 3
        and release.issuing_organisation_rows.count() == 2
    )
    assert "1 updated" in stderr or "1 actualizado," in stderr


def test_two_files_with_the_same_title_get_different_slugs(folder, tmp_path):
    other = tmp_path / "copia.md"
    shutil.copy(folder / "es_completo.md", other)
    run(folder / "es_completo.md", other)
    slugs = sorted(Release.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and slugs[0] != slugs[1]
    assert slugs[1] == slugs[0] + "-2"


@time_machine.travel(datetime(2025, 6, 1, 12, tzinfo=ZoneInfo("UTC")), tick=False)
def test_status_published_uses_the_dateline_date_else_now(folder, tmp_path):
    undated = tmp_path / "sin-fecha.md"
    contact = "### Contacto\n\nInés Barrera: medios@barrioclaro.example\n"
    undated.write_text(f"# Un comunicado sin fecha\n\nTexto del comunicado.\n\n{contact}", encoding="utf-8")
    run("--status", "published", folder / "es_completo.md", undated)
    dated = Release.objects.get(import_key="es_completo")
    assert dated.status == Release.Status.PUBLISHED
    assert dated.published_at == datetime(2024, 5, 12, tzinfo=ZoneInfo("America/Mexico_City"))
    assert dated.is_published
    assert Release.objects.get(import_key="sin-fecha").published_at == timezone.now()


def test_an_unreadable_embargo_is_not_published(tmp_path):
    path = tmp_path / "embargo.md"
    path.write_text("# Titular del comunicado\n\nEMBARGADO HASTA nuevo aviso\n\nTexto.\n", encoding="utf-8")
    _stdout, stderr, error = run("--status", "published", path)
    assert error is not None
    assert Release.objects.count() == 0
    run(path)  # as a draft it is imported, with the line kept in the body
    assert Release.objects.get().body_es.startswith("EMBARGADO HASTA nuevo aviso")


def test_language_option_overrides_detection(folder):
    stdout, _stderr, _error = run("--dry-run", "--format", "json", "--language", "es", folder / "en_embargo.md")
    assert json.loads(stdout)[0]["language"] == "es"


def test_files_named_for_two_languages_are_one_release(tmp_path):
    (tmp_path / "bibliotecas.es.md").write_text(
        "# La red abre su catálogo\n\nOaxaca, 2 de marzo de 2025.– La red publicó hoy su catálogo completo para "
        "que cualquier persona lo consulte y lo reutilice en sus proyectos.\n\nRed de Bibliotecas\n",
        encoding="utf-8",
    )
    (tmp_path / "bibliotecas.en.md").write_text(
        "# The network opens its catalogue\n\nOAXACA, 2 March 2025 – The network today published its full "
        "catalogue so that anyone can search it and reuse it in their projects.\n\nLibraries Network\n",
        encoding="utf-8",
    )
    _stdout, _stderr, error = run(tmp_path)
    assert error is None
    release = Release.objects.get()
    assert (release.title_es, release.title_en) == ("La red abre su catálogo", "The network opens its catalogue")
    assert (release.dateline_place_es, release.dateline_place_en) == ("Oaxaca", "Oaxaca")
    organisation = release.issuing_organisations.get()
    assert (organisation.name_es, organisation.name_en) == ("Red de Bibliotecas", "Libraries Network")


def test_a_lone_english_file_updates_only_the_translation(tmp_path):
    spanish = tmp_path / "catalogo.es.md"
    spanish.write_text("# La red abre su catálogo\n\nTexto en español.\n\nRed de Bibliotecas\n", encoding="utf-8")
    run(spanish)
    english = tmp_path / "catalogo.en.md"
    english.write_text("# The network opens its catalogue\n\nText in English.\n", encoding="utf-8")
    spanish.unlink()
    run(english)
    release = Release.objects.get()
    assert (release.title_es, release.body_es) == ("La red abre su catálogo", "Texto en español.")
    assert (release.title_en, release.body_en) == ("The network opens its catalogue", "Text in English.")
    assert release.issuing_organisation_rows.count() == 1


def bad_batch(tmp_path):
    """A folder with two good files and one of each kind of bad input."""
    shutil.copy(FIXTURES / "es_completo.md", tmp_path / "bueno.md")
    (tmp_path / "windows.md").write_bytes(
        "# Comunicado en Windows\r\n\r\nEl texto dice \u201cdatos abiertos\u201d y a\u00f1o.\r\n".encode("cp1252")
    )
    (tmp_path / "vacio.md").write_bytes(b"  \n\n")
    (tmp_path / "binario.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "enorme.md").write_bytes(b"# Titular\n\n" + b"texto " * 400_000)
    (tmp_path / "ilegible.md").write_bytes(b"\x81\x8d\x8f\x90\x9d no es UTF-8 ni Windows-1252")
    (tmp_path / "notas.pdf").write_bytes(b"%PDF-1.4")  # not Markdown: a folder import skips it
    return tmp_path


def test_each_bad_file_gets_a_one_line_error_and_the_rest_is_imported(tmp_path):
    folder = bad_batch(tmp_path)
    stdout, stderr, error = run(folder)
    assert error is not None  # the exit status is not zero
    assert "4" in str(error)
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    assert len(errors) == 4
    reasons = "\n".join(errors)
    for name in ("vacio.md", "binario.md", "enorme.md", "ilegible.md"):
        assert name in reasons
    assert Release.objects.count() == 2
    windows = Release.objects.get(import_key="windows")
    assert windows.body_es == "El texto dice \u201cdatos abiertos\u201d y a\u00f1o."  # smart quotes survive
    assert "Windows-1252" in stderr
    assert "notas.pdf" not in stderr


def test_crlf_and_non_breaking_spaces_are_read_like_plain_text(tmp_path):
    text = (FIXTURES / "es_completo.md").read_text(encoding="utf-8")
    text = text.replace("Ciudad de México, 12 de mayo", "Ciudad\u00a0de\u00a0México,\u00a012 de mayo")
    text = text.replace("comunicarse con:  \n", "comunicarse con:\u00a0\u00a0\n").replace("\n", "\r\n")
    path = tmp_path / "crlf.md"
    path.write_bytes(text.encode("utf-8"))
    stdout, _stderr, _error = run("--dry-run", "--format", "json", path)
    (parsed,) = json.loads(stdout)
    expected = json.loads(run("--dry-run", "--format", "json", FIXTURES / "es_completo.md")[0])[0]
    assert {**parsed, "source": None} == {**expected, "source": None}


def make_unreadable(path, monkeypatch, owner, name):
    """chmod 000. Tests may run as root, who reads whatever the mode: then `owner.name` (the
    call that reads) is also made to fail for `path`, as it would for anyone else."""
    path.chmod(0)
    if os.geteuid() != 0:
        return
    original = getattr(owner, name)

    def refuse(target, *args, **kwargs):
        if Path(target) == path:
            raise PermissionError(13, "Permission denied", str(target))
        return original(target, *args, **kwargs)

    monkeypatch.setattr(owner, name, refuse)


def test_an_unreadable_file_in_a_folder_is_reported_and_the_rest_imported(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "es_completo.md", tmp_path / "bueno.md")
    locked = tmp_path / "cerrado.md"
    locked.write_text("# Titular\n\nTexto.\n", encoding="utf-8")
    make_unreadable(locked, monkeypatch, Path, "read_bytes")
    _stdout, stderr, error = run(tmp_path)
    locked.chmod(0o644)
    assert error is not None
    assert "cerrado.md: error:" in stderr and "Permission denied" in stderr
    assert Release.objects.count() == 1


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "es_completo.md", tmp_path / "bueno.md")
    locked = tmp_path / "privado"
    locked.mkdir()
    (locked / "dentro.md").write_text("# Titular\n\nTexto.\n", encoding="utf-8")
    make_unreadable(locked, monkeypatch, os, "scandir")
    _stdout, stderr, error = run(tmp_path)
    locked.chmod(0o755)
    assert error is not None
    assert "privado: error:" in stderr
    assert Release.objects.count() == 1


def test_a_missing_path_is_an_error():
    _stdout, stderr, error = run("/no/such/folder/x.md")
    assert error is not None and "x.md: error:" in stderr


def test_a_file_that_fails_while_saving_leaves_nothing_behind(tmp_path):
    shutil.copy(FIXTURES / "es_completo.md", tmp_path / "bueno.md")
    broken = tmp_path / "roto.md"
    # The signature creates an organisation before the over-long link fails validation.
    broken.write_text(
        "# Titular del comunicado roto\n\nTexto.\n\n## Enlaces\n\n"
        f"- [Informe](https://ejemplo.example/{'x' * 1100})\n\nOrganización Nueva Que No Debe Quedar\n",
        encoding="utf-8",
    )
    _stdout, stderr, error = run(tmp_path)
    assert error is not None and "roto.md: error:" in stderr
    assert list(Release.objects.values_list("import_key", flat=True)) == ["bueno"]
    assert not Organisation.objects.filter(name_es__startswith="Organización Nueva").exists()


def test_an_unexpected_error_in_one_file_does_not_stop_the_batch(folder, monkeypatch):
    from releases.management.commands import import_releases

    original = import_releases.parse_source

    def parse_source(source, **options):
        if source.name.endswith("en_embargo.md"):
            raise RuntimeError("a parser bug")
        return original(source, **options)

    monkeypatch.setattr(import_releases, "parse_source", parse_source)
    _stdout, stderr, error = run(folder)
    assert error is not None
    assert "en_embargo.md: error:" in stderr and "a parser bug" in stderr
    assert Release.objects.get().import_key == "es_completo"
