"""The Markdown parser: each press-release convention, in Spanish and English (no database)."""

import re
from datetime import date
from pathlib import Path

import pytest

from releases.importing.files import decode
from releases.importing.parser import ParseError, parse_release

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def parse(name, **options):
    text, _warnings = decode((FIXTURES / name).read_bytes())
    return parse_release(text, source=name, **options)


def words(text):
    """The words of a text, without Markdown punctuation: to check nothing was dropped."""
    return re.findall(r"[^\W_]+", text)


@pytest.fixture(scope="module")
def spanish():
    return parse("es_completo.md").as_json()


@pytest.fixture(scope="module")
def english():
    return parse("en_embargo.md").as_json()


def test_the_json_has_exactly_the_documented_keys(spanish):
    assert list(spanish) == [
        "source", "language", "title", "summary", "dateline_place", "date", "embargo_until", "body",
        "context_heading", "context", "media_contacts", "links", "issuing_organisations", "translations",
        "mentioned_organisations", "front_matter", "warnings",
    ]  # fmt: skip
    assert list(spanish["media_contacts"][0]) == ["spokesperson", "press_contact"]
    assert list(spanish["media_contacts"][0]["press_contact"]) == ["name", "organisation", "phones", "emails"]
    assert list(spanish["links"][0]) == ["label", "url"]
    assert list(spanish["issuing_organisations"][0]) == ["name", "links"]


def test_headline_from_a_heading_of_any_level_or_a_bold_first_line(spanish, english):
    assert spanish["title"] == "Colectivos vecinales exigen publicar los contratos del nuevo sistema de alumbrado"
    assert english["title"] == "River Watch report finds two in three monitoring stations offline"
    assert parse_release("#### Un titular de cuarto nivel\n\nTexto del cuerpo.").main.title == (
        "Un titular de cuarto nivel"
    )


def test_summary_points_are_the_italic_bullets(spanish, english):
    assert spanish["summary"] == [
        "La alcaldía adjudicó el contrato sin licitación pública y sin publicar sus anexos técnicos.",
        "Las organizaciones firmantes solicitaron la información en febrero y recibieron una respuesta incompleta.",
        "Piden una auditoría independiente antes de que inicie la segunda etapa de instalación.",
    ]
    assert len(english["summary"]) == 2


def test_plain_bullets_after_the_headline_stay_in_the_body():
    parsed = parse_release("# Titular\n\n- un punto sin cursivas\n- otro\n\nTexto.").as_json()
    assert parsed["summary"] == []
    assert parsed["body"].startswith("- un punto sin cursivas\n- otro")


def test_release_lines_are_recognised_and_dropped(spanish):
    assert "DIFUSIÓN" not in spanish["body"]
    parsed = parse_release("FOR IMMEDIATE RELEASE\n\n# Headline of the statement\n\nThe text of the release.")
    assert parsed.main.title == "Headline of the statement"
    assert parsed.main.body == "The text of the release."
    assert parsed.main.embargo_until is None


def test_english_embargo_in_gmt_is_utc(english):
    assert english["embargo_until"] == "2025-03-04T00:01:00+00:00"
    assert "EMBARGOED" not in english["body"]


def test_spanish_embargo_in_mexico_city_time():
    parsed = parse("bilingue.md").as_json()
    assert parsed["embargo_until"] == "2025-03-03T00:01:00-06:00"


def test_embargo_without_a_zone_is_in_the_newsrooms_time_zone():
    text = "# Titular\n\nEMBARGADO HASTA el 3 de marzo de 2025, 10:30 h\n\nTexto."
    assert parse_release(text, default_zone="America/Mexico_City").main.embargo_until.isoformat() == (
        "2025-03-03T10:30:00-06:00"
    )
    assert parse_release(text, default_zone="Europe/Madrid").main.embargo_until.isoformat() == (
        "2025-03-03T10:30:00+01:00"
    )


def test_an_unreadable_embargo_line_stays_in_the_body_with_a_warning():
    parsed = parse_release("# Titular\n\nEMBARGADO HASTA nuevo aviso\n\nTexto.")
    assert parsed.main.embargo_until is None
    assert parsed.main.embargo_unreadable
    assert parsed.main.body.startswith("EMBARGADO HASTA nuevo aviso")
    assert any("EMBARGADO HASTA nuevo aviso" in warning for warning in parsed.all_warnings)


def test_spanish_and_english_datelines_give_place_and_date(spanish, english):
    assert (spanish["dateline_place"], spanish["date"]) == ("Ciudad de México", "2024-05-12")
    assert spanish["body"].startswith("Las organizaciones del **Frente Vecinal por la Luz** exigimos")
    assert (english["dateline_place"], english["date"]) == ("Mexico City", "2025-03-03")
    assert english["body"].startswith("River Watch today published")


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        ("Xalapa, Veracruz, a martes 3 de junio de 2025. El texto.", "Xalapa, Veracruz", date(2025, 6, 3)),
        ("**Monterrey, 1 de abril de 2024.–** El texto.", "Monterrey", date(2024, 4, 1)),
        ("LONDON, May 12, 2024 — The text.", "London", date(2024, 5, 12)),
        ("CIUDAD DE MÉXICO.– El texto.", "Ciudad de México", None),
        ("12 May 2024 – The text.", None, date(2024, 5, 12)),
    ],
)
def test_dateline_forms(line, place, day):
    part = parse_release(f"# Titular del comunicado\n\n{line}").main
    assert (part.dateline_place, part.date) == (place, day)
    assert part.body in ("El texto.", "The text.")


def test_background_sections_go_to_context(spanish, english):
    assert spanish["context_heading"] == "Antecedentes"
    assert spanish["context"] == [
        "En 2023 la alcaldía anunció la sustitución de 12 mil luminarias.",
        "El presupuesto aprobado para el proyecto fue de 84 millones de pesos.",
    ]
    assert english["context_heading"] == "Notes to editors"
    assert english["context"][0].startswith("River Watch is a network")
    parsed = parse("es_completo.md")
    assert "**84 millones de pesos**" in parsed.main.context_markdown  # Markdown kept in the database


def test_an_about_section_keeps_its_heading_in_the_context():
    part = parse("acerca_de.md").main
    assert part.context_heading == "Acerca del Observatorio Ciudadano"
    assert part.context_markdown.startswith("**Acerca del Observatorio Ciudadano**\n\nEl **Observatorio Ciudadano**")


@pytest.mark.parametrize("marker", ["-30-", "###", "ENDS", "– FIN –", "# # #"])
def test_end_markers_are_dropped(marker):
    part = parse_release(f"# Titular del comunicado\n\nPrimer párrafo del texto.\n\n{marker}\n").main
    assert part.body == "Primer párrafo del texto."


def test_spokesperson_and_press_contact_pairs_with_every_phone_and_email(spanish):
    assert spanish["media_contacts"] == [
        {
            "spokesperson": "Rosa Elvira Tapia",
            "press_contact": {
                "name": "Hugo Salinas",
                "organisation": "Frente Vecinal por la Luz",
                "phones": ["55-1234-5678", "55-8765-4321"],
                "emails": ["prensa@frentevecinal.example", "hugo.salinas@frentevecinal.example"],
            },
        },
        {
            "spokesperson": "Martín Ocaña",
            "press_contact": {
                "name": "Inés Barrera",
                "organisation": None,
                "phones": ["(55) 2345 6789"],
                "emails": ["medios@barrioclaro.example"],
            },
        },
    ]
    hugo = parse("es_completo.md").main.media_contacts[0]
    assert hugo.press_contact.mobiles == ["55-8765-4321"]  # “cel.” marks the mobile number
    assert hugo.spokesperson_role == "vocera del Frente"


def test_english_pairs_and_a_bare_press_contact(english):
    assert [(pair["spokesperson"], pair["press_contact"]["name"]) for pair in english["media_contacts"]] == [
        ("Alma Reyes", "Tom Fairbanks"),
        (None, "Carmen Olvera"),
    ]
    assert english["media_contacts"][0]["press_contact"]["phones"] == ["+52 55 3456 7890"]
    assert english["media_contacts"][1]["press_contact"] == {
        "name": "Carmen Olvera",
        "organisation": "River Watch",
        "phones": ["55 4567 8901"],
        "emails": ["carmen@riverwatch.example"],
    }


def test_a_list_of_press_contacts_with_roles():
    part = parse("acerca_de.md").main
    (entry,) = part.media_contacts
    assert entry.spokesperson is None
    assert (entry.press_contact.name, entry.press_contact.organisation, entry.press_contact.role) == (
        "Laura Méndez",
        "Observatorio Ciudadano",
        "coordinadora de comunicación",
    )


def test_links_in_reference_inline_and_autolink_form(spanish, english):
    assert spanish["links"] == [
        {"label": "Solicitud de información y respuesta", "url": "https://frentevecinal.example/solicitud"},
        {"label": "Mapa de luminarias", "url": "https://frentevecinal.example/mapa"},
        {"label": None, "url": "https://frentevecinal.example/informe-2024.pdf"},
    ]
    assert english["links"][1] == {"label": "Dataset", "url": "https://data.riverwatch.example/stations"}
    # The definition only the links section used is gone; the body's own one stays.
    assert "[solicitud]:" not in spanish["body"]
    assert spanish["body"].endswith("[analisis]: https://frentevecinal.example/analisis-2023")


def test_signature_with_several_issuing_organisations_hard_breaks_and_social_links(spanish):
    assert spanish["issuing_organisations"] == [
        {
            "name": "Frente Vecinal por la Luz",  # “Frente Vecinal  \npor la Luz”: one name over two lines
            "links": ["https://www.facebook.com/FrenteVecinalLuz", "https://x.com/Frente_Luz"],
        },
        {"name": "Barrio Claro, A.C.", "links": ["https://www.instagram.com/barrioclaro/"]},
    ]


def test_a_signature_split_over_many_short_lines_is_one_organisation():
    text = (
        "# Titular del comunicado\n\nTexto del comunicado.\n\n"
        "Núcleo de la  \nSociedad Civil  \npara el  \nGobierno Abierto  \nen México\n\n"
        "- <https://www.facebook.com/NucleoDemo/>\n- [https://twitter.com/Nucleo\\\\_Demo](https://twitter.com/Nucleo_Demo)\n"
    )
    organisations = parse_release(text).as_json()["issuing_organisations"]
    assert organisations == [
        {
            "name": "Núcleo de la Sociedad Civil para el Gobierno Abierto en México",
            "links": ["https://www.facebook.com/NucleoDemo/", "https://twitter.com/Nucleo_Demo"],
        }
    ]


def test_escaped_markdown_in_a_bare_url_is_unescaped():
    text = "# Titular del comunicado\n\nTexto.\n\n## Enlaces\n\n- https://x.com/Gob\\_Abierto\n"
    assert parse_release(text).as_json()["links"] == [{"label": None, "url": "https://x.com/Gob_Abierto"}]


def test_a_file_with_both_languages_stores_the_second_as_the_translation():
    parsed = parse("bilingue.md").as_json()
    assert parsed["language"] == "es"
    assert parsed["title"] == "La Red de Bibliotecas Comunitarias abre su catálogo en datos abiertos"
    assert parsed["dateline_place"] == "Oaxaca, Oaxaca"
    english = parsed["translations"]["en"]
    assert list(english) == ["title", "summary", "body", "context_heading", "context"]
    assert english["title"] == "Community Libraries Network opens its catalogue as open data"
    assert english["body"].startswith("The Community Libraries Network today published")
    assert english["context_heading"] == "Background"
    assert "Community" not in parsed["body"]
    # The contacts and signature after both versions belong to the release.
    assert parsed["media_contacts"][0]["press_contact"]["name"] == "Pablo Jiménez"
    assert parsed["issuing_organisations"][0]["name"] == "Red de Bibliotecas Comunitarias"
    assert parse("bilingue.md").translations["en"].dateline_place == "Oaxaca"


def test_language_is_detected_and_can_be_overridden(english):
    assert english["language"] == "en"
    assert parse("en_embargo.md", language="es").language == "es"


def test_text_the_parser_does_not_understand_stays_in_the_body():
    parsed = parse("acerca_de.md").as_json()
    body = parsed["body"]
    assert "## Cifras clave\n\n- 38 municipios no publican su presupuesto." in body
    assert "Texto suelto que no sigue ninguna convención: debe quedarse en el cuerpo." in body
    assert "Horario de atención: de lunes a viernes" in body
    assert "Una línea sin enlace que no debe perderse" in body
    assert len(parsed["warnings"]) == 2


@pytest.mark.parametrize("name", ["es_completo.md", "en_embargo.md", "bilingue.md", "acerca_de.md"])
def test_no_word_of_a_fixture_is_lost(name):
    """Every word of the file is in some part of the parse, or is a recognised marker."""
    source = (FIXTURES / name).read_text(encoding="utf-8")
    parsed = parse(name)
    kept = []
    for part in [parsed.main, *parsed.translations.values()]:
        kept += [part.title, part.body, part.context_markdown, part.dateline_place or "", " ".join(part.summary)]
        kept += [part.context_heading or ""]
        for entry in part.media_contacts:
            contact = entry.press_contact
            kept += [entry.spokesperson or "", entry.spokesperson_role, contact.name, contact.organisation or ""]
            kept += [contact.role, *contact.phones, *contact.emails]
        kept += [f"{link.label or ''} {link.url}" for link in part.links]
        kept += [f"{o.name} {o.short_name or ''} {' '.join(o.links)}" for o in part.issuing_organisations]
        if part.embargo_until:
            kept.append(f"{part.embargo_until.day} {part.embargo_until.year} {part.embargo_until:%H %M}")
        if part.date:
            kept.append(f"{part.date.day} {part.date.year}")
    kept_words = {word.casefold() for word in words(" ".join(kept))}
    markers = set(
        words(
            "PARA DIFUSIÓN INMEDIATA EMBARGOED UNTIL GMT Tuesday EMBARGADO HASTA el de h CDMX ENDS FIN 30 Signed by "
            "Para entrevistas con comunicarse con please contact For interviews with cel mailto Contacto Contact "
            "Ligas y materiales de interés Further reading Media contacts Contactos de prensa Enlaces Notes to editors "
            "Antecedentes Contexto Background mayo May March marzo https www Dr"
        )
    )
    missing = [word for word in words(source) if word.casefold() not in kept_words and word not in markers]
    assert not missing, missing


def test_a_text_without_a_headline_is_refused():
    with pytest.raises(ParseError, match="titular"):
        parse_release("Un párrafo largo sin titular que ocupa varias líneas.\nY sigue en otra línea distinta.")


def test_a_single_first_line_is_used_as_the_headline_with_a_warning():
    parsed = parse_release("Un titular sin formato\n\nEl texto del comunicado.")
    assert parsed.main.title == "Un titular sin formato"
    assert parsed.all_warnings


@pytest.mark.parametrize(
    "heading",
    [
        "## CONTEXTO",
        "#### Notas para editores",
        "**Antecedentes:**",
        "Background:",
        "### Notes to editors:",
        "## About us",
    ],
)
def test_background_headings_of_any_level_with_or_without_colon(heading):
    part = parse_release(f"# Titular del comunicado\n\nTexto.\n\n{heading}\n\n- Un dato de contexto.\n").main
    assert part.body == "Texto."
    assert part.context[-1] == "Un dato de contexto."


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("# Título\n".encode("utf-8-sig"), "# Título\n"),
        ("# Título\r\n".encode("utf-16"), "# Título\n"),
        ("# Título\u00a0con\u202fespacios\r".encode(), "# Título con espacios\n"),
    ],
)
def test_byte_order_marks_line_endings_and_fixed_spaces_are_normalised(data, text):
    assert decode(data) == (text, [])
