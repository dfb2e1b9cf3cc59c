"""Reading bilingual files: one release in Spanish and English, its signature and contacts shared."""

from tests.test_import_reading import parsed, release

# --- bilingual files --------------------------------------------------------------------------


SPANISH = (
    "COMUNICADO DE PRENSA / PRESS RELEASE\n\n# La red publica su informe anual sobre el agua\n\n"
    "Oaxaca, 21 de febrero de 2025.– La red publicó hoy su informe anual, que reúne los datos de las "
    "comunidades de la región y las propuestas de las organizaciones para el próximo año."
)
ENGLISH = (
    "# The network publishes its annual water report\n\nOAXACA, 21 February 2025 – The network today published "
    "its annual report, which brings together the data of the communities of the region and the proposals of "
    "the organisations for the year to come."
)


def test_a_bilingual_file_with_a_shared_signature_and_contacts():
    tail = (
        "Para entrevistas con / For interviews with Eufrosina Martínez:\nAlberto Cruz · 951 123 4567\n\n"
        "Red del Agua / Water Network\n[X](https://x.com/RedAgua)"
    )
    result = parsed(f"{SPANISH}\n\n---\n\n{ENGLISH}\n\n{tail}")
    assert result.main.title == "La red publica su informe anual sobre el agua"
    assert result.translations["en"].title == "The network publishes its annual water report"
    assert "network" not in result.main.body
    assert [(o.name, o.links) for o in result.main.issuing_organisations] == [
        ("Red del Agua", ["https://x.com/RedAgua"])
    ]
    assert [o.name for o in result.translations["en"].issuing_organisations] == ["Water Network"]
    assert [e.spokesperson for e in result.main.media_contacts] == ["Eufrosina Martínez"]


def test_each_version_s_own_contacts_are_one_contact_when_they_are_the_same_person():
    es = f"{SPANISH}\n\nContacto de prensa: Elena Navarro · 611 222 333 · prensa@refugio.example"
    en = f"{ENGLISH}\n\nMedia contact: Elena Navarro · +34 611 222 333 · prensa@refugio.example"
    result = parsed(f"{es}\n\nEnglish version\n\n{en}")
    assert [e.press_contact.phones for e in result.main.media_contacts] == [["611 222 333"]]


def test_the_languages_told_apart_are_the_newsroom_s(settings):
    bilingual = f"{SPANISH}\n\n---\n\n{ENGLISH}"
    assert list(parsed(bilingual).translations) == ["en"]
    assert parsed("# Sí\n\nNo.").main.language == "es"  # too few words: the language of record
    settings.MODELTRANSLATION_LANGUAGES = ("en", "es")
    assert parsed("# Sí\n\nNo.").main.language == "en"
    settings.MODELTRANSLATION_LANGUAGES = ("es",)
    result = parsed(bilingual)
    assert (result.main.language, result.translations) == ("es", {})
    assert "The network publishes its annual water report" in result.main.body


def test_a_name_in_two_languages_in_a_file_with_one_is_kept_in_its_first_language_with_a_warning():
    part = parsed(release(tail="Red del Agua / Water Network")).main
    assert [o.name for o in part.issuing_organisations] == ["Red del Agua"]
    assert [w.field for w in part.warnings] == ["issuing_organisations"]
