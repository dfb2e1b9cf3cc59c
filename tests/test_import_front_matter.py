"""The front matter of exported files: reading it, and what importing does with it."""

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from contacts.models import Contact, Organisation
from releases.importing.parser import ParseError, parse_release
from releases.importing.records import ImportFailed
from releases.importing.service import import_release
from releases.models import Release
from tests.factories import image_upload, make_release
from tests.media import stored_files

MEXICO = ZoneInfo("America/Mexico_City")

BODY = """# La red publica su informe anual

Ciudad de México, 28 de enero de 2025.– La red publicó hoy su informe anual con los casos del año.

## Contacto

Para entrevistas con Mariana Solís comunicarse con:
Lucía Herrera (Red Ciudadana por la Transparencia): 55-0123-4567 / prensa@redciudadana.example

Red Ciudadana por la Transparencia

- <https://www.facebook.com/RedDemo>
- <https://redciudadana.example/informes/>
"""

FRONT_MATTER = """---
slug: informe
uuid: 6f1c1f0e-4d1a-4b51-9a57-0d9f3b0e8a11
status: published
published_at: '2025-01-28T10:00:17-06:00'
embargo_until: null
topics:
- slug: privacidad
  name: {es: Privacidad, en: Privacy}
featured_image:
  file: informe.files/portada.png
  alt: {es: Portada del informe, en: The report's cover}
  credit: 'Foto: Red'
attachments:
- file: informe.files/informe.pdf
  title: {es: Informe completo, en: Full report}
mentioned_organisations: [inai]
organisations:
- slug: red-ciudadana
  name: {es: Red Ciudadana por la Transparencia, en: Citizens' Network for Transparency}
  short_name: RCT
  kind: coalition
  website: https://redciudadana.example/
  is_publisher: true
  links:
  - {network: facebook, url: 'https://www.facebook.com/RedDemo'}
  - {network: website, url: 'https://redciudadana.example/informes/'}
- slug: inai
  name: {es: Instituto Nacional de Transparencia}
  short_name: INAI
  kind: regulator
  is_publisher: false
contacts:
- name: Mariana Solís
  role: {es: Directora ejecutiva, en: Executive director}
  organisation: red-ciudadana
  is_public: false
- name: Lucía Herrera
  role: {es: Coordinadora de comunicación, en: Communications coordinator}
  organisation: red-ciudadana
  email: prensa@redciudadana.example
  phone: 55-0123-4567
  mobile: 55-0198-7654
  is_public: true
---
"""

PDF = b"%PDF-1.4\n% informe\n"


@pytest.fixture(autouse=True)
def _in_english(_fresh_cache_and_language):
    """The messages checked below are the English ones (the catalogue has the Spanish)."""
    translation.activate("en")


def parse(text, **options):
    return parse_release(text, source="informe.es.md", **options)


def one_line(error):
    message = str(error)
    assert message and "\n" not in message
    return message


# --- reading -----------------------------------------------------------------------------------


def test_the_front_matter_is_read_and_the_text_below_it_is_the_release():
    parsed = parse(FRONT_MATTER + "\n" + BODY)
    front = parsed.front_matter
    assert parsed.main.title == "La red publica su informe anual"
    assert parsed.main.date == date(2025, 1, 28)
    assert (front.slug, front.status, front.uuid) == ("informe", "published", "6f1c1f0e-4d1a-4b51-9a57-0d9f3b0e8a11")
    assert front.published_at == datetime(2025, 1, 28, 10, 0, 17, tzinfo=MEXICO)
    assert front.given("embargo_until") and front.embargo_until is None
    assert not front.given("featured_image_credit")
    (topic,) = front.topics
    assert (topic.slug, topic.name) == ("privacidad", {"es": "Privacidad", "en": "Privacy"})
    assert (front.featured_image.file, front.featured_image.credit) == ("informe.files/portada.png", "Foto: Red")
    (attachment,) = front.attachments
    assert (attachment.file, attachment.text["en"]) == ("informe.files/informe.pdf", "Full report")
    assert front.organisations[0].links[1] == ("website", "https://redciudadana.example/informes/")
    lucia = front.contacts[1]
    assert (lucia.mobile, lucia.is_public, lucia.role["en"]) == ("55-0198-7654", True, "Communications coordinator")
    assert parsed.warnings == []
    data = parsed.as_json()
    assert data["front_matter"]["published_at"] == "2025-01-28T10:00:17-06:00"
    assert data["front_matter"]["topics"][0]["slug"] == "privacidad"


def test_a_release_opening_with_a_rule_is_read_as_before():
    """A hand-written file may open with `---` before its headline: that is not a front matter."""
    with_rule = parse("---\n\n" + BODY + "\n---\n")
    plain = parse(BODY)
    assert with_rule.front_matter is None
    assert with_rule.as_json() == plain.as_json()


def test_unknown_keys_give_warnings_and_the_rest_is_used():
    text = "---\nlayout: post\nslug: informe\ntopics:\n- {slug: privacidad, colour: red}\n---\n" + BODY
    parsed = parse(text)
    assert parsed.front_matter.slug == "informe"
    assert len(parsed.warnings) == 2
    assert "layout" in parsed.warnings[0] and "topics[0].colour" in parsed.warnings[1]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("slug: [informe\n", "not valid YAML (line 2 of the file)"),
        ("topics: privacidad\n", "“topics”: expected a list"),
        ("published_at: mañana\n", "“published_at”: “mañana” is not a date and time"),
        ("contacts:\n- role: Directora\n", "“contacts[0].name”: must not be empty"),
        ("uuid: not-a-uuid\n", "“uuid”: “not-a-uuid” is not a UUID"),
        ("contacts:\n- {name: Ana, is_public: sometimes}\n", "“contacts[0].is_public”: expected true or false"),
        ("organisations:\n- {slug: x, name: {en: Only English}}\n", "needs a Spanish name"),
        ("featured_image:\n  alt: Sin archivo\n", "“featured_image.file”: must not be empty"),
        ("slug: no\nstatus: yes\n", "“slug”: expected text; put it in quotes"),
    ],
)
def test_a_malformed_front_matter_is_a_one_line_error(front, expected):
    with pytest.raises(ParseError) as error:
        parse(f"---\n{front}---\n" + BODY)
    assert expected in one_line(error.value)


def test_an_unclosed_front_matter_is_an_error():
    with pytest.raises(ParseError) as error:
        parse("---\nslug: informe\n" + BODY)
    assert "not closed" in one_line(error.value)


def test_times_without_an_offset_are_in_the_newsroom_time_zone():
    front = parse("---\npublished_at: 2025-01-28 10:00\nembargo_until: 2025-01-29\n---\n" + BODY).front_matter
    assert front.published_at == datetime(2025, 1, 28, 10, 0, tzinfo=MEXICO)
    assert front.embargo_until == datetime(2025, 1, 29, 0, 0, tzinfo=MEXICO)
    utc = parse("---\npublished_at: 2025-01-28T16:00:00Z\n---\n" + BODY).front_matter
    assert utc.published_at == datetime(2025, 1, 28, 10, 0, tzinfo=MEXICO)


# --- importing ---------------------------------------------------------------------------------


def write_export(folder, front=FRONT_MATTER, body=BODY, image=True, attachment=True):
    files = folder / "informe.files"
    files.mkdir(exist_ok=True)
    if image:
        (files / "portada.png").write_bytes(image_upload("portada.png", size=(60, 40)).read())
    if attachment:
        (files / "informe.pdf").write_bytes(PDF)
    path = folder / "informe.es.md"
    path.write_text(front + "\n" + body, encoding="utf-8")
    return path


def import_file(path, **options):
    parsed = parse_release(path.read_text(encoding="utf-8"), source=str(path))
    parsed.folder = path.parent
    return import_release(parsed=parsed, import_key="informe", **options)


def sha(data):
    return hashlib.sha256(data).hexdigest()


@pytest.mark.django_db
def test_importing_a_file_with_front_matter_sets_everything_it_gives(tmp_path):
    path = write_export(tmp_path)
    result = import_file(path)
    release = Release.objects.get()
    assert result.created and result.warnings == []
    assert (release.slug, str(release.uuid), release.status) == (
        "informe",
        "6f1c1f0e-4d1a-4b51-9a57-0d9f3b0e8a11",
        Release.Status.PUBLISHED,
    )
    assert release.published_at == datetime(2025, 1, 28, 10, 0, 17, tzinfo=MEXICO)  # to the second
    assert [(topic.slug, topic.name_es, topic.name_en) for topic in release.topics.all()] == [
        ("privacidad", "Privacidad", "Privacy")
    ]
    with release.featured_image.open("rb") as image:
        assert sha(image.read()) == sha((tmp_path / "informe.files" / "portada.png").read_bytes())
    assert (release.featured_image_alt_es, release.featured_image_alt_en, release.featured_image_credit) == (
        "Portada del informe",
        "The report's cover",
        "Foto: Red",
    )
    assert release.featured_image_type == "image/png"
    (attachment,) = release.attachments.all()
    assert (attachment.title_es, attachment.title_en, attachment.kind, attachment.size) == (
        "Informe completo",
        "Full report",
        "PDF",
        len(PDF),
    )
    red = release.issuing_organisations.get()
    assert (red.slug, red.short_name, red.kind, red.website, red.name_en) == (
        "red-ciudadana",
        "RCT",
        "coalition",
        "https://redciudadana.example/",
        "Citizens' Network for Transparency",
    )
    assert [(link.network, link.url) for link in red.links.all()] == [
        ("facebook", "https://www.facebook.com/RedDemo"),
        ("website", "https://redciudadana.example/informes/"),
    ]
    inai = release.mentioned_organisations.get()
    assert (inai.slug, inai.short_name, inai.kind, inai.is_publisher) == ("inai", "INAI", "regulator", False)
    pair = release.media_contacts.get()
    mariana, lucia = pair.spokesperson, pair.press_contact
    assert (mariana.role_es, mariana.role_en, mariana.organisation, mariana.is_public) == (
        "Directora ejecutiva",
        "Executive director",
        red,
        False,
    )
    assert (lucia.phone, lucia.mobile, lucia.email, lucia.role_en) == (
        "55-0123-4567",
        "55-0198-7654",
        "prensa@redciudadana.example",
        "Communications coordinator",
    )


@pytest.mark.django_db
def test_importing_the_same_files_again_stores_nothing_twice(tmp_path):
    path = write_export(tmp_path)
    import_file(path)
    files = stored_files()
    again = import_file(path)
    assert not again.created
    assert stored_files() == files
    assert Release.objects.get().attachments.count() == 1
    # A changed attachment is stored, the unchanged image is not.
    (tmp_path / "informe.files" / "informe.pdf").write_bytes(PDF + b"% v2\n")
    import_file(path)
    assert len(stored_files()) == len(files) + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda folder: (folder / "informe.files" / "informe.pdf").unlink(), "informe.files/informe.pdf: no such file"),
        (
            lambda folder: (folder / "informe.files" / "portada.png").write_bytes(b"not a picture"),
            "informe.files/portada.png: The file is not an image",
        ),
        (
            lambda folder: (folder / "informe.files" / "informe.pdf").write_bytes(b"PK\x03\x04 a zip"),
            "does not match its “.pdf” extension",
        ),
    ],
)
def test_a_missing_or_bad_file_fails_the_release_and_writes_nothing(tmp_path, change, expected):
    path = write_export(tmp_path)
    change(tmp_path)
    files = stored_files()
    with pytest.raises(ImportFailed) as error:
        import_file(path)
    assert expected in one_line(error.value)
    assert not Release.objects.exists() and not Organisation.objects.exists() and not Contact.objects.exists()
    assert stored_files() == files


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../secreto.pdf", "/etc/passwd", "informe.files/../../secreto.pdf", "enlace.pdf"])
def test_files_outside_the_folder_of_the_markdown_are_refused(tmp_path, name):
    folder = tmp_path / "export"
    folder.mkdir()
    (tmp_path / "secreto.pdf").write_bytes(PDF)
    (folder / "enlace.pdf").symlink_to(tmp_path / "secreto.pdf")
    front = FRONT_MATTER.replace("file: informe.files/informe.pdf", f"file: '{name}'")
    path = write_export(folder, front=front)
    with pytest.raises(ImportFailed) as error:
        import_file(path)
    assert name in one_line(error.value)
    assert not Release.objects.exists()


@pytest.mark.django_db
def test_files_stored_before_a_later_failure_are_removed(tmp_path):
    body = BODY + "\n## Enlaces\n\n- [x](https://ejemplo.example/" + "x" * 1100 + ")\n"
    path = write_export(tmp_path, body=body)
    files = stored_files()
    with pytest.raises(ImportFailed):
        import_file(path)
    assert stored_files() == files
    assert not Release.objects.exists()


@pytest.mark.django_db
def test_an_upload_has_no_folder_so_its_files_are_left_alone(tmp_path):
    release = make_release(
        slug="informe", title_es="Anterior", featured_image=image_upload(), featured_image_alt_es="A"
    )
    parsed = parse(FRONT_MATTER + BODY)  # no folder, as in the admin upload
    result = import_release(parsed=parsed, import_key="informe", status_from_file=False)
    release.refresh_from_db()
    assert result.release == release and release.title_es == "La red publica su informe anual"
    assert release.featured_image and release.featured_image_alt_es == "A"
    assert not release.attachments.exists()
    assert any("import_releases" in warning for warning in result.warnings)
