"""Organisations named in an imported release's text become its mentioned organisations."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from contacts.models import Organisation, OrganisationLink
from releases.importing.mentions import find_mentions
from releases.importing.parser import parse_release
from releases.importing.service import import_release
from tests.factories import make_organisation

DIRECTORY = [
    ("sfp", ["Secretaría de la Función Pública", "Ministry of Public Administration"], "SFP"),
    ("fundar", ["Fundar"], ""),
    ("r3d", ["Red en Defensa de los Derechos Digitales (R3D)"], ""),
    ("citizen-lab", ["Citizen Lab"], ""),
    ("socialtic", ["Social TIC"], "SocialTic"),
    ("inai", ["Instituto Nacional de Transparencia"], "INAI"),
    ("red", ["Organización Roja"], "Red"),  # a short name that is also a word
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("La SECRETARIA DE LA FUNCION PUBLICA respondió.", ["sfp"]),  # case and accents
        ("The ministry of public administration said…", ["sfp"]),  # either language
        ("La SFP no respondió.", ["sfp"]),  # the acronym, as written in the directory
        ("Una sfp cualquiera.", []),  # not in capitals: not the acronym
        ("Fundar presentó el amparo.", ["fundar"]),
        ("Decidimos fundar una red.", []),  # a one-word name needs its capital
        ("El análisis de Citizen-Lab y de la R3D.", ["r3d", "citizen-lab"]),
        ("Red en defensa de los derechos digitales", ["r3d"]),  # the name without its acronym
        ("SocialTic y el INAI.", ["socialtic", "inai"]),
        ("INAIS, SFPs y SocialTicos no son nombres.", []),  # whole words only
        ("La Red Ciudadana.", []),  # “Red” does not look like an acronym
    ],
)
def test_names_and_acronyms_found_in_text(text, found):
    assert find_mentions([text], DIRECTORY) == [key for key, _names, _short in DIRECTORY if key in found]


RELEASE = """# La red presenta un amparo contra la Secretaría de la Función Pública

Ciudad de México, 12 de mayo de 2024.– La Red Ciudadana por la Transparencia (RCT) presentó hoy un amparo
con el acompañamiento de Fundar. El INAI no ha respondido a las solicitudes; la Agencia Nueva tampoco.

Red Ciudadana por la Transparencia
"""


@pytest.fixture
def directory():
    return {
        "red": make_organisation(name_es="Red Ciudadana por la Transparencia", short_name="RCT"),
        "sfp": make_organisation(name_es="Secretaría de la Función Pública", short_name="SFP", is_publisher=False),
        "fundar": make_organisation(name_es="Fundar", is_publisher=False),
        "inai": make_organisation(name_es="Instituto Nacional de Transparencia", short_name="INAI"),
        "other": make_organisation(name_es="Artículo 19", short_name="A19"),
    }


@pytest.mark.django_db
def test_import_links_the_organisations_the_text_names_but_not_the_issuing_ones_and_creates_none(directory):
    count = Organisation.objects.count()
    release = import_release(parsed=parse_release(RELEASE), import_key="amparo").release
    assert set(release.mentioned_organisations.all()) == {directory["sfp"], directory["fundar"], directory["inai"]}
    assert Organisation.objects.count() == count  # “la Agencia Nueva” is not made into an organisation


@pytest.mark.django_db
def test_reimporting_adds_mentions_and_keeps_those_added_by_hand(directory):
    release = import_release(parsed=parse_release(RELEASE), import_key="amparo").release
    release.mentioned_organisations.add(directory["other"])
    import_release(parsed=parse_release(RELEASE), import_key="amparo")
    assert directory["other"] in release.mentioned_organisations.all()
    assert release.mentioned_organisations.count() == 4


@pytest.mark.django_db
def test_a_front_matter_lists_the_mentions_exactly(directory):
    text = "---\nmentioned_organisations: [Fundar, Nadie Conocido]\n---\n" + RELEASE
    result = import_release(parsed=parse_release(text), import_key="amparo")
    assert list(result.release.mentioned_organisations.all()) == [directory["fundar"]]
    assert any("Nadie Conocido" in warning for warning in result.warnings)
    assert not Organisation.objects.filter(name_es="Nadie Conocido").exists()


@pytest.mark.django_db
def test_the_json_lists_the_mentioned_organisations(directory, tmp_path):
    path = tmp_path / "amparo.md"
    path.write_text(RELEASE, encoding="utf-8")
    stdout = StringIO()
    call_command("import_releases", "--dry-run", "--format", "json", str(path), stdout=stdout, stderr=StringIO())
    (data,) = json.loads(stdout.getvalue())
    assert sorted(data["mentioned_organisations"]) == [
        "Fundar",
        "Instituto Nacional de Transparencia",
        "Secretaría de la Función Pública",
    ]


def test_a_page_of_the_organisation_s_own_website_is_its_website():
    from_url = OrganisationLink.Network.from_url
    assert from_url("https://red.example/informes/", website="https://www.red.example/") == "website"
    assert from_url("https://www.facebook.com/Red", website="https://red.example/") == "facebook"
    assert from_url("https://otra.example/", website="https://red.example/") == "other"
    assert from_url("https://red.example/informes/") == "other"


@pytest.mark.django_db
def test_a_signature_link_to_the_organisation_s_website_is_recorded_as_such():
    red = make_organisation(name_es="Red Ciudadana por la Transparencia", website="https://redciudadana.example/")
    text = RELEASE + "\n- <https://redciudadana.example/informes/>\n"
    import_release(parsed=parse_release(text), import_key="amparo")
    assert [(link.network, link.url) for link in red.links.all()] == [
        ("website", "https://redciudadana.example/informes/")
    ]
