"""What the admin upload lets each role do, as the admin itself would: add organisations, people
and topics to the directory only with the permission to add them, and set publication times and
embargoes only as an editor. Checked in the preview and again on confirming (a confirmation
made some other way included); the import_releases command stays the administrator's tool."""

from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation

from contacts.models import Contact, Organisation
from releases.admin.upload import SIGNING_SALT
from releases.importing.batch import combine_versions, group_by_release, parse_source
from releases.importing.files import SourceText, import_key
from releases.importing.parser import parse_release
from releases.importing.records import ImportRefused
from releases.importing.service import import_release, new_entries
from releases.models import Release, Topic
from tests.factories import make_contact, make_organisation, make_release, make_staff, make_topic
from tests.test_import_front_matter import BODY as EXPORTED_BODY
from tests.test_import_front_matter import FRONT_MATTER
from tests.test_import_workflow import IMPORT_URL, logged_in, payload_of, state

pytestmark = pytest.mark.django_db

MEXICO = ZoneInfo("America/Mexico_City")
FIXTURES = Path(__file__).parent / "fixtures" / "import"
KEY = "la-red-publica-su-informe"  # like an exported file's name: it also matches the slug

# Two organisations (the issuing organisation and the press contact's), two people and, in TOPICS, a topic.
TEXT = """# La red publica su informe anual

Ciudad de México, 28 de enero de 2025.– La red publicó hoy su informe anual.

## Contacto

Para entrevistas con Mariana Solís comunicarse con:
Lucía Herrera (Colectivo Prensa Libre): 55-0123-4567 / prensa@redciudadana.example

Red Ciudadana por la Transparencia
"""
WITHOUT_CONTACTS = TEXT.split("## Contacto")[0] + "Red Ciudadana por la Transparencia\n"
TOPICS = "---\ntopics:\n- {slug: privacidad, name: {es: Privacidad, en: Privacy}}\n---\n\n"
EMBARGO_LINE = "EMBARGADO HASTA el 3 de marzo de 2025, 00:01 h (CDMX)\n\n"
EMBARGO_ENDS = datetime(2025, 3, 3, 0, 1, tzinfo=MEXICO)
NOT_EMBARGOED = "The embargo in this file was not applied: only editors set embargoes."
NOT_SCHEDULED = "The publication date in this file was not applied: only editors schedule releases."

WRITER_REFUSAL = (
    "This file names organisations that are not in the directory yet: Red Ciudadana por la Transparencia, "
    "Colectivo Prensa Libre. Only someone who may add organisations can import it; ask an administrator to add "
    "them first. This file names a topic that does not exist yet: Privacidad. Only someone who may add topics "
    "can import it; ask an editor to add it first."
)


@pytest.fixture(autouse=True)
def _in_english(_fresh_cache_and_language):
    """The messages checked below are the English ones (the catalogue has the Spanish)."""
    translation.activate("en")


@pytest.fixture
def superuser(db):
    return make_staff("admin", is_superuser=True)


@pytest.fixture
def organisations(db):
    """TEXT's organisations, as an administrator added them (the names differ in case and accents)."""
    return [
        make_organisation(name_es="RED CIUDADANA POR LA TRANSPARENCIA", name_en="", slug="red-ciudadana"),
        make_organisation(name_es="Colectivo Prensa Libre", name_en="", slug="colectivo-prensa-libre"),
    ]


@pytest.fixture
def directory(organisations):
    """Everything TEXT and TOPICS name is in the directory: Lucía by her email, under another
    spelling of her name, and Mariana by hers."""
    make_contact(name="Lucia Herrera Ruiz", email="PRENSA@redciudadana.example")
    make_contact(name="MARIANA SOLIS", email="")
    make_topic(slug="privacidad", name_es="Privacidad")


def rows():
    """{model: {pk: name}} of the directory."""
    return {
        Organisation: dict(Organisation.objects.values_list("pk", "name_es")),
        Contact: dict(Contact.objects.values_list("pk", "name")),
        Topic: dict(Topic.objects.values_list("pk", "name_es")),
    }


def added_since(before):
    """{model: sorted names} of the rows added since `before` (rows()), as new_entries gives them."""
    added = {}
    for model, names in rows().items():
        new = sorted(name for pk, name in names.items() if pk not in before[model])
        if new:
            added[model] = new
    return added


def sorted_entries(entries):
    return {model: sorted(names) for model, names in entries.items()}


def import_as(user, text=TEXT, *, key=KEY):
    return import_release(
        parsed=parse_release(text, source=f"{key}.es.md"), import_key=key, user=user, status_from_file=False
    )


def upload(text, name=f"{KEY}.es.md"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/markdown")


def forged(*files):
    """A confirmation that never went through the preview (or was made before the directory or
    the release changed): signed like a real one."""
    return signing.dumps([list(file) for file in files], salt=SIGNING_SALT, compress=True)


# --- What an import would add: one answer for the preview and the import ----------------------


def fixture_text(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "known"),
    [
        pytest.param(fixture_text("es_completo.md"), False, id="two issuing organisations, two pairs of contacts"),
        pytest.param(fixture_text("en_embargo.md"), False, id="in English"),
        pytest.param(fixture_text("bilingue.md"), False, id="in two languages"),
        pytest.param(fixture_text("acerca_de.md"), False, id="about section"),
        pytest.param(FRONT_MATTER + "\n" + EXPORTED_BODY, False, id="an export's front matter"),
        pytest.param(TOPICS + TEXT, False, id="nothing known yet"),
        pytest.param(TOPICS + TEXT, "organisations", id="the organisations known"),
        pytest.param(TOPICS + TEXT, "directory", id="everything known"),
    ],
)
def test_what_an_import_would_add_is_what_an_administrator_s_import_adds(request, superuser, text, known):
    if known:
        request.getfixturevalue(known)
    before = rows()
    parsed = parse_release(text, source=f"{KEY}.es.md")
    predicted = new_entries(parsed)
    assert rows() == before, "finding out writes nothing"
    import_release(parsed=parse_release(text, source=f"{KEY}.es.md"), import_key=KEY, user=superuser)
    assert sorted_entries(predicted) == added_since(before)
    assert bool(predicted) == (known != "directory")


def test_what_each_file_of_the_demo_newsroom_would_add_is_what_importing_it_adds(superuser, tmp_path):
    """Its export, uploaded release by release into an empty directory: the first files add most,
    the later ones find what the earlier added."""
    call_command("load_demo", stdout=StringIO())
    call_command("export_releases", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    for model in (Release, Contact, Organisation, Topic):
        model.objects.all().delete()
    sources = {
        path.name: SourceText(name=path.name, text=path.read_text(encoding="utf-8"), warnings=[])
        for path in sorted(tmp_path.glob("*.md"))
    }
    added = {}
    for names in group_by_release(sources).values():
        before = rows()
        predicted = new_entries(combine_versions([parse_source(sources[name]) for name in names]))
        assert rows() == before
        parsed = combine_versions([parse_source(sources[name]) for name in names])
        import_release(parsed=parsed, import_key=import_key(names[0]), user=superuser, status_from_file=False)
        assert sorted_entries(predicted) == added_since(before), names
        for model, entries in predicted.items():
            added.setdefault(model, []).extend(entries)
    assert Release.objects.count() == 12
    assert {model: len(entries) for model, entries in added.items()} == {
        model: model.objects.count() for model in (Organisation, Contact, Topic)
    }
    assert all(added.get(model) for model in (Organisation, Contact, Topic))


def test_a_lone_english_file_for_an_existing_release_adds_nothing(writer):
    release = make_release(slug=KEY, status=Release.Status.DRAFT, title_es="El informe")
    english = "# The network publishes its annual report\n\nThe report is out.\n\nCitizens' Network\n"
    parsed = parse_release(english, source=f"{KEY}.en.md", language="en")
    assert new_entries(parsed, release=release) == {}
    import_release(parsed=parsed, import_key=KEY, user=writer, status_from_file=False)
    release.refresh_from_db()
    assert release.title_en == "The network publishes its annual report"
    assert not Organisation.objects.exists()


# --- Who may add what: the import itself (where every confirmation ends) ----------------------


def test_a_writer_may_add_people_but_no_organisation_or_topic_and_the_refusal_names_them(writer):
    with pytest.raises(ImportRefused) as refused:
        import_as(writer, TOPICS + TEXT)
    assert str(refused.value) == WRITER_REFUSAL
    assert not Release.objects.exists()
    assert not Organisation.objects.exists() and not Contact.objects.exists() and not Topic.objects.exists()


def test_an_editor_adds_people_and_topics_but_not_organisations(editor, organisations):
    Organisation.objects.filter(slug="colectivo-prensa-libre").delete()
    before = rows()
    with pytest.raises(ImportRefused) as refused:
        import_as(editor, TOPICS + TEXT)
    assert str(refused.value) == (
        "This file names an organisation that is not in the directory yet: Colectivo Prensa Libre. Only someone "
        "who may add organisations can import it; ask an administrator to add it first."
    )
    assert rows() == before and not Release.objects.exists()

    make_organisation(name_es="Colectivo Prensa Libre", slug="colectivo-prensa-libre")
    before = rows()
    result = import_as(editor, TOPICS + TEXT)
    assert added_since(before) == {Contact: ["Lucía Herrera", "Mariana Solís"], Topic: ["Privacidad"]}
    assert [topic.slug for topic in result.release.topics.all()] == ["privacidad"]


def test_a_writer_adds_people_but_is_refused_the_topics_an_editor_may_add(writer, organisations):
    """Writers add a missing spokesperson or press contact, as on the release's form (releases/0017)."""
    with pytest.raises(ImportRefused) as refused:
        import_as(writer, TOPICS + TEXT)
    assert str(refused.value) == (
        "This file names a topic that does not exist yet: Privacidad. Only someone who may add "
        "topics can import it; ask an editor to add it first."
    )
    before = rows()
    import_as(writer, TEXT)
    assert added_since(before) == {Contact: ["Lucía Herrera", "Mariana Solís"]}


def test_a_superuser_adds_whatever_the_file_names(superuser):
    result = import_as(superuser, TOPICS + TEXT)
    assert added_since({model: {} for model in (Organisation, Contact, Topic)}) == {
        Organisation: ["Colectivo Prensa Libre", "Red Ciudadana por la Transparencia"],
        Contact: ["Lucía Herrera", "Mariana Solís"],
        Topic: ["Privacidad"],
    }
    assert [row.organisation.slug for row in result.release.issuing_organisation_rows.all()] == [
        "red-ciudadana-por-la-transparencia"
    ]


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_matching_what_the_directory_has_is_fine_for_everyone(request, role, directory):
    user = request.getfixturevalue(role)
    before = rows()
    release = import_as(user, TOPICS + TEXT).release
    assert added_since(before) == {}
    assert [s.organisation.slug for s in release.issuing_organisation_rows.all()] == ["red-ciudadana"]
    (pair,) = release.media_contacts.all()
    assert (pair.press_contact.name, pair.spokesperson.name) == ("Lucia Herrera Ruiz", "MARIANA SOLIS")


def test_a_refused_update_leaves_the_draft_as_it_was(writer, organisations):
    draft = import_as(writer, WITHOUT_CONTACTS).release
    before = state(draft)
    with pytest.raises(ImportRefused, match="Privacidad"):
        import_as(writer, TOPICS + TEXT.replace("La red publica", "La red corrige"))
    assert state(draft) == before


def test_the_command_line_is_the_administrator_s_trusted_tool(tmp_path):
    (tmp_path / f"{KEY}.es.md").write_text(TOPICS + TEXT, encoding="utf-8")
    call_command("import_releases", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert (Organisation.objects.count(), Contact.objects.count(), Topic.objects.count()) == (2, 2, 1)


# --- Who may add what: the upload's preview and confirmation ----------------------------------


def test_the_preview_refuses_a_writer_s_file_naming_new_entries_and_so_does_a_forged_confirmation(
    writer, organisations
):
    client = logged_in(writer)
    response = client.post(IMPORT_URL, {"files": [upload(TOPICS + TEXT), upload(WITHOUT_CONTACTS, "conocido.md")]})
    page = response.content.decode()
    assert "Files that cannot be imported" in page
    assert f"{KEY}.es.md</strong>: This file names a topic that does not exist yet" in page
    assert "New draft release" in page  # the other file is fine
    assert [name for name, _text in signing.loads(payload_of(response), salt=SIGNING_SALT)] == ["conocido.md"]

    before = rows()
    response = client.post(IMPORT_URL, {"payload": forged((f"{KEY}.es.md", TOPICS + TEXT))}, follow=True)
    page = response.content.decode()
    assert "ask an editor to add it first" in page
    assert rows() == before and not Release.objects.exists()


def test_an_editor_s_preview_names_the_organisations_only_an_administrator_may_add(editor):
    response = logged_in(editor).post(IMPORT_URL, {"files": [upload(TOPICS + TEXT)]})
    page = response.content.decode()
    assert (
        f"{KEY}.es.md</strong>: This file names organisations that are not in the directory yet: Red Ciudadana "
        "por la Transparencia, Colectivo Prensa Libre. Only someone who may add organisations can import it; ask an "
        "administrator to add them first.</li>"
    ) in page
    assert 'name="payload"' not in page


def test_a_superuser_s_upload_adds_what_the_file_names(superuser):
    client = logged_in(superuser)
    response = client.post(IMPORT_URL, {"files": [upload(TOPICS + TEXT)]})
    assert "Files that cannot be imported" not in response.content.decode()
    client.post(IMPORT_URL, {"payload": payload_of(response)})
    assert (Organisation.objects.count(), Contact.objects.count(), Topic.objects.count()) == (2, 2, 1)
    assert Release.objects.get().status == Release.Status.DRAFT


def test_the_files_of_one_release_are_checked_together_as_they_are_imported(writer, organisations):
    """The English signature alone names no organisation of the directory; with the Spanish file
    it is the same issuing organisation's English name."""
    spanish = "# La red publica su informe\n\nEl informe está listo.\n\nRed Ciudadana por la Transparencia\n"
    english = "# The network publishes its report\n\nThe report is ready.\n\nCitizens' Network for Transparency\n"
    client = logged_in(writer)
    alone = client.post(IMPORT_URL, {"files": [upload(english, f"{KEY}.en.md")]}).content.decode()
    assert "Citizens&#x27; Network for Transparency. Only someone who may add organisations" in alone

    response = client.post(IMPORT_URL, {"files": [upload(spanish), upload(english, f"{KEY}.en.md")]})
    assert "Files that cannot be imported" not in response.content.decode()
    client.post(IMPORT_URL, {"payload": payload_of(response)})
    release = Release.objects.get()
    assert (release.title_es, release.title_en) == ("La red publica su informe", "The network publishes its report")
    assert Organisation.objects.count() == 2
    assert release.issuing_organisation_rows.get().organisation.name_en == "Citizens' Network for Transparency"


# --- Times: only editors schedule and embargo -------------------------------------------------


def test_a_writer_s_upload_sets_no_embargo_or_publication_time_and_the_preview_says_so(writer, directory):
    client = logged_in(writer)
    response = client.post(IMPORT_URL, {"files": [upload(EMBARGO_LINE + TEXT)]})
    page = response.content.decode()
    assert NOT_EMBARGOED in page and NOT_SCHEDULED in page
    assert "2025-03-03T00:01:00-06:00" in page  # what was read is still shown

    response = client.post(IMPORT_URL, {"payload": payload_of(response)}, follow=True)
    release = Release.objects.get()
    assert (release.status, release.published_at, release.embargo_until) == (Release.Status.DRAFT, None, None)
    page = response.content.decode()
    assert NOT_EMBARGOED in page and NOT_SCHEDULED in page


def test_a_writer_s_forged_confirmation_sets_no_times_either(writer, directory):
    front = "---\npublished_at: '2025-01-28T10:00:00-06:00'\nembargo_until: '2025-01-28T09:00:00-06:00'\n---\n\n"
    response = logged_in(writer).post(IMPORT_URL, {"payload": forged((f"{KEY}.es.md", front + TEXT))}, follow=True)
    release = Release.objects.get()
    assert (release.published_at, release.embargo_until) == (None, None)
    page = response.content.decode()
    assert NOT_EMBARGOED in page and NOT_SCHEDULED in page
    assert "the release is embargoed" not in page  # which of the file's times won is moot


def test_a_writer_s_update_keeps_the_times_an_editor_set(writer, directory):
    planned = datetime(2025, 2, 1, 10, tzinfo=MEXICO)
    draft = make_release(slug=KEY, status=Release.Status.DRAFT, published_at=planned, embargo_until=EMBARGO_ENDS)
    client = logged_in(writer)
    cases = [
        (EMBARGO_LINE + TEXT.replace("28 de enero", "1 de febrero"), []),  # what the release has
        (EMBARGO_LINE + TEXT, [NOT_SCHEDULED]),
        (
            TEXT.replace("28 de enero", "1 de febrero"),
            ["The release keeps its embargo, which this file does not have: only editors lift it."],
        ),
    ]
    for text, expected in cases:
        preview = client.post(IMPORT_URL, {"files": [upload(text)]})
        assert [w for w in preview.context["previews"][0]["warnings"] if "only editors" in w] == expected
        result = import_as(writer, text)
        assert [w for w in result.warnings if "only editors" in w] == expected, "the preview said what happens"
        draft.refresh_from_db()
        assert (draft.published_at, draft.embargo_until) == (planned, EMBARGO_ENDS)


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_editors_and_superusers_set_the_file_s_embargo_and_date(request, role, directory):
    client = logged_in(request.getfixturevalue(role))
    response = client.post(IMPORT_URL, {"files": [upload(EMBARGO_LINE + TEXT)]})
    assert "only editors" not in response.content.decode()
    client.post(IMPORT_URL, {"payload": payload_of(response)})
    release = Release.objects.get()
    assert release.embargo_until == EMBARGO_ENDS
    assert release.published_at == datetime(2025, 1, 28, tzinfo=MEXICO)
    assert release.status == Release.Status.DRAFT


def test_a_writer_s_update_of_a_release_scheduled_by_an_editor_does_not_bring_it_forward(writer, directory):
    later = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    draft = make_release(slug=KEY, status=Release.Status.IN_REVIEW, published_at=later)
    import_as(writer, TEXT)
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Release.Status.IN_REVIEW, later)
