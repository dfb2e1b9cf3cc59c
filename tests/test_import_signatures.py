"""Reading signatures, and text that fits no part of a release (the warnings say so)."""

import json

import pytest

from releases.importing.problems import FieldWarning
from tests.test_import_reading import parsed, release

# --- signatures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("Atentamente,\n\n**Red Agua Monterrey**\nwww.redagua.example\n"
         "[Facebook](https://www.facebook.com/RedAgua) | [X](https://x.com/RedAgua)",
         [("Red Agua Monterrey", ["https://www.redagua.example", "https://www.facebook.com/RedAgua", "https://x.com/RedAgua"])]),
        ("Firman:\n\n- Defensa Digital MX\n- Periodistas en Red",
         [("Defensa Digital MX", []), ("Periodistas en Red", [])]),
        ("— Acoge Canarias", [("Acoge Canarias", [])]),
        ("SOURCE Tenant Futures Coalition", [("Tenant Futures Coalition", [])]),
        ("Issued by Koli Samaj Samiti and the Coastal Rights Centre",
         [("Koli Samaj Samiti", []), ("Coastal Rights Centre", [])]),
        ("Cape Civic Forum · Water Justice Collective", [("Cape Civic Forum", []), ("Water Justice Collective", [])]),
        ("Sincerely,\n\nTexas Librarians for Free Inquiry\nFreedom to Read Texas\n\nFollow us:\n"
         "[Facebook](https://www.facebook.com/FreedomToReadTX) | [Instagram](https://www.instagram.com/freedomtoreadtx)",
         [("Texas Librarians for Free Inquiry", []),
          ("Freedom to Read Texas", ["https://www.facebook.com/FreedomToReadTX",
                                     "https://www.instagram.com/freedomtoreadtx"])]),
        ("Síguenos en:\nhttps://bsky.app/profile/red.example\n\nRed de Bibliotecas",
         [("Red de Bibliotecas", ["https://bsky.app/profile/red.example"])]),
        ("Asambleas por el Agua\nInstagram: @asambleasagua",
         [("Asambleas por el Agua", ["https://www.instagram.com/asambleasagua"])]),
        ("Núcleo de la  \nSociedad Civil  \npara el  \nGobierno Abierto",
         [("Núcleo de la Sociedad Civil para el Gobierno Abierto", [])]),
        ("Issued by: Ghana Association of Rotation Nurses and Midwives (GARNM)",
         [("Ghana Association of Rotation Nurses and Midwives", [])]),
        ("Emitido por: Asociación de Médicos Residentes (ASOMER) y Colegio de Enfermeras (COLENF)",
         [("Asociación de Médicos Residentes", []), ("Colegio de Enfermeras", [])]),
        ("**Convocan:** Comité Loíza Resiste · Coalición Piñones se Defiende",
         [("Comité Loíza Resiste", []), ("Coalición Piñones se Defiende", [])]),
        ("Federación Uruguaya de la Salud (FUS)\nwww.fus.example.uy",
         [("Federación Uruguaya de la Salud", ["https://www.fus.example.uy"])]),
        ("Sindicato del Hogar (SINDHO) — sindho.example.es", [("Sindicato del Hogar", ["https://sindho.example.es"])]),
        ("Asociación de Defensoras\nFacebook: https://www.facebook.com/Defensoras · Instagram: https://www.instagram.com/defensoras",
         [("Asociación de Defensoras", ["https://www.facebook.com/Defensoras", "https://www.instagram.com/defensoras"])]),
        ("Observatorio Ciudadano\nX: @ObsCiudadano | Facebook: /ObsCiudadanoMX",
         [("Observatorio Ciudadano", ["https://x.com/ObsCiudadano", "https://www.facebook.com/ObsCiudadanoMX"])]),
        ("Federación de Cooperativas\nSeguinos en [Instagram](https://www.instagram.com/fecoop) y "
         "[Facebook](https://www.facebook.com/fecoop)",
         [("Federación de Cooperativas", ["https://www.instagram.com/fecoop", "https://www.facebook.com/fecoop"])]),
        ("\\# \\# \\#\n\nCool Classrooms Jamaica", [("Cool Classrooms Jamaica", [])]),
    ],
)  # fmt: skip
def test_signatures_in_the_shapes_organisations_write_them(tail, expected):
    part = parsed(release(tail=tail)).main
    assert [(o.name, o.links) for o in part.issuing_organisations] == expected
    assert part.body == "El texto del comunicado."
    assert not part.warnings


def test_links_after_several_issuing_organisations_naming_none_of_them_go_to_the_last_with_a_warning():
    part = parsed(
        release(tail="Firman:\n\nColectivo Norte\nColectivo Sur\n\nSíguenos en: https://x.com/prensa_unida")
    ).main
    assert [o.links for o in part.issuing_organisations] == [[], ["https://x.com/prensa_unida"]]
    assert [w.field for w in part.warnings] == ["issuing_organisations"]


def test_a_person_signing_stays_in_the_body_and_the_organisation_signs():
    part = parsed(release(tail="Signed:\n\nHon. Peter Odhiambo\nChairman, Lake Fishers Union")).main
    assert [o.name for o in part.issuing_organisations] == ["Lake Fishers Union"]
    assert part.body.endswith("Hon. Peter Odhiambo\nChairman, Lake Fishers Union")
    assert [w.field for w in part.warnings] == ["issuing_organisations"]


# --- when unsure, say so ----------------------------------------------------------------------


def test_text_that_fits_no_part_goes_to_the_body_with_a_warning_naming_it_and_its_field():
    part = parsed(release(tail="###\n\nUn párrafo suelto después del final, que no es de ninguna sección.")).main
    assert part.body.endswith("Un párrafo suelto después del final, que no es de ninguna sección.")
    (warning,) = part.warnings
    assert isinstance(warning, FieldWarning) and warning.field == "body" and "Un párrafo suelto" in warning


def test_warnings_are_plain_strings_in_the_json_and_can_be_asked_for_by_field():
    result = parsed(release(top="EMBARGOED UNTIL 00:01, 7 July 2025", tail="###\n\nUn párrafo suelto, sin sección."))
    data = json.loads(json.dumps(result.as_json()))
    assert all(isinstance(warning, str) for warning in data["warnings"]) and len(data["warnings"]) == 2
    about_embargo, about_body = result.warnings_about("embargo_until"), result.warnings_about("body")
    assert len(about_embargo) == len(about_body) == 1 and "párrafo" in about_body[0]
    assert sorted(data["warnings"]) == sorted([str(about_embargo[0]), str(about_body[0])])
