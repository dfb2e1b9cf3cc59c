"""Reading releases as organisations write them: each shape the importer reads, one by one.

The corpus test (test_import_corpus.py) measures whole releases; these pin each convention,
time zone and warning, so that a change that breaks one says which.
"""

import pytest
import time_machine

from releases.importing.parser import parse_release


def release(top="", body="El texto del comunicado.", tail="", headline="# Titular del comunicado"):
    return "\n\n".join(part for part in [top, headline, body, tail] if part)


def parsed(text, **options):
    return parse_release(text, **options)


# --- time zones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "moment"),
    [
        # Spain: CET in March, CEST from the last Sunday of March, in words or letters.
        ("EMBARGADO HASTA LAS 10:00 H (HORA PENINSULAR) DEL 28 DE MARZO DE 2025", "2025-03-28T10:00:00+01:00"),
        ("EMBARGADO HASTA LAS 10:00 H (HORA PENINSULAR) DEL 1 DE ABRIL DE 2025", "2025-04-01T10:00:00+02:00"),
        ("EMBARGADO HASTA LAS 00:01 CET DEL 4 DE MARZO DE 2025", "2025-03-04T00:01:00+01:00"),
        ("EMBARGADO HASTA LAS 12:00 HORA DE CANARIAS DEL 15 DE OCTUBRE DE 2025", "2025-10-15T12:00:00+01:00"),
        # Latin America.
        ("EMBARGADO HASTA EL 3 DE MARZO DE 2025, 00:01 (CDMX)", "2025-03-03T00:01:00-06:00"),
        ("EMBARGADO HASTA LAS 09:00 HORA DEL CENTRO DEL 3 DE JULIO DE 2025", "2025-07-03T09:00:00-06:00"),
        ("Embargo: hasta el 6 de marzo de 2025 a las 11 h (hora argentina)", "2025-03-06T11:00:00-03:00"),
        ("EMBARGADO HASTA: 5 de junio de 2025, 00:01 (COT)", "2025-06-05T00:01:00-05:00"),
        ("Embargo: hasta las 18:00 horas (hora de Lima) del 3 de marzo de 2025", "2025-03-03T18:00:00-05:00"),
        ("EMBARGADO HASTA LAS 08:00 HRS. (CLST) DEL 7 DE FEBRERO DE 2025", "2025-02-07T08:00:00-03:00"),
        ("EMBARGADO HASTA LAS 08:00 HRS. (HORA DE CHILE) DEL 7 DE ABRIL DE 2025", "2025-04-07T08:00:00-04:00"),
        # The United Kingdom and the United States.
        ("EMBARGOED UNTIL 00:01 GMT, Wednesday 5 February 2025", "2025-02-05T00:01:00+00:00"),
        ("EMBARGOED UNTIL 00:01 BST, THURSDAY 3 APRIL 2025", "2025-04-03T00:01:00+01:00"),
        ("EMBARGO: 10:30 UK time, Tuesday 17 June 2025", "2025-06-17T10:30:00+01:00"),
        ("EMBARGOED UNTIL 6:00 A.M. ET, TUESDAY, MARCH 4, 2025", "2025-03-04T06:00:00-05:00"),
        ("EMBARGOED UNTIL 10 A.M. (ET) MARCH 12, 2025", "2025-03-12T10:00:00-04:00"),
        ("EMBARGOED UNTIL 9:00 AM PT, WEDNESDAY, APRIL 16, 2025", "2025-04-16T09:00:00-07:00"),
        # Elsewhere.
        ("EMBARGOED UNTIL 10:00 EAT, MONDAY 3 MARCH 2025", "2025-03-03T10:00:00+03:00"),
        ("EMBARGOED UNTIL 11:00 SAST ON 25 JUNE 2025", "2025-06-25T11:00:00+02:00"),
        ("EMBARGOED TILL 11:00 AM IST, MARCH 5, 2025", "2025-03-05T11:00:00+05:30"),
        ("EMBARGOED UNTIL 5:00 AM NZDT, THURSDAY 6 MARCH 2025", "2025-03-06T05:00:00+13:00"),
        ("Embargoed until 6am NZST, Thursday 12 June 2025", "2025-06-12T06:00:00+12:00"),
        ("Embargoed until 6 a.m. AEDT, Tuesday 4 March 2025", "2025-03-04T06:00:00+11:00"),
        ("Embargoed: 9:30am ACST, Wednesday 14 May 2025", "2025-05-14T09:30:00+09:30"),
        ("NOT FOR RELEASE BEFORE 10:00 WAT, 18 MARCH 2025", "2025-03-18T10:00:00+01:00"),
        ("EMBARGOED UNTIL 00:01 ICT (Bangkok), 20 March 2025", "2025-03-20T00:01:00+07:00"),
        ("EMBARGOED UNTIL 10:00 AM PHT, MONDAY 17 MARCH 2025", "2025-03-17T10:00:00+08:00"),
        ("EMBARGOED until 12 March 2025, 2pm Singapore time", "2025-03-12T14:00:00+08:00"),
        ("EMBARGOED UNTIL 9:00 AM AST, MARCH 5, 2025", "2025-03-05T09:00:00-04:00"),
        ("EMBARGO: 08:00 HLV del 17 de marzo de 2025", "2025-03-17T08:00:00-04:00"),
        # A place: “hora de <city>”, “<city> time”, capitals and large cities of both languages' world.
        ("Embargo hasta las 10:00 hora de Ginebra del 4 de marzo de 2025", "2025-03-04T10:00:00+01:00"),
        ("EMBARGO: 10:00 hora de Nueva York del 3 de junio de 2025", "2025-06-03T10:00:00-04:00"),
        ("Bajo embargo hasta el 4 de marzo de 2025 a las 10:00 hora de Guatemala", "2025-03-04T10:00:00-06:00"),
        ("EMBARGO: 6:00 p. m. (hora dominicana) del jueves 13 de marzo de 2025", "2025-03-13T18:00:00-04:00"),
        ("EMBARGOED UNTIL 10:00 Nairobi time, 3 March 2025", "2025-03-03T10:00:00+03:00"),
        ("EMBARGOED UNTIL 09:00 Manila time, 3 March 2025", "2025-03-03T09:00:00+08:00"),
        # An offset as written (what export_releases writes) is fixed.
        ("EMBARGADO HASTA el lunes 3 de marzo de 2025, 00:01 h (UTC-06:00)", "2025-03-03T00:01:00-06:00"),
    ],
)
def test_an_embargo_gets_its_zone_s_real_offset_on_its_date(line, moment):
    part = parsed(release(top=line)).main
    assert part.embargo_until.isoformat() == moment
    assert not [w for w in part.warnings if w.field == "embargo_until"]


def test_an_embargo_line_in_bold_is_read():
    part = parsed(release(top="**Embargoed: 00:01 BST Wednesday 2 April 2025**")).main
    assert part.embargo_until.isoformat() == "2025-04-02T00:01:00+01:00"


def test_a_place_nobody_knows_is_not_a_zone_and_the_warning_says_which_was_assumed():
    part = parsed(release(top="EMBARGOED UNTIL 10:00 Springfield time, 3 March 2025")).main
    assert part.embargo_until.isoformat() == "2025-03-03T10:00:00-06:00"
    assert [w for w in part.warnings if w.field == "embargo_until" and "America/Mexico_City" in w]


def test_one_minute_past_midnight_stays_one_minute_past_midnight():
    part = parsed(release(top="EMBARGADO HASTA LAS 00:01 HORAS (HORA DEL CENTRO) DEL 4 DE MARZO DE 2025")).main
    assert (part.embargo_until.hour, part.embargo_until.minute) == (0, 1)


def test_cst_is_mexico_s_central_time_in_spanish_and_chicago_s_in_english():
    spanish = parsed(release(top="EMBARGADO HASTA LAS 10:00 CST DEL 3 DE JULIO DE 2025"), language="es")
    english = parsed(release(top="EMBARGOED UNTIL 10:00 CST, 3 JULY 2025"), language="en")
    assert spanish.main.embargo_until.isoformat() == "2025-07-03T10:00:00-06:00"
    assert english.main.embargo_until.isoformat() == "2025-07-03T10:00:00-05:00"  # Chicago keeps summer time


def test_an_abbreviation_that_disagrees_with_the_date_gets_the_real_offset_and_a_warning():
    part = parsed(release(top="EMBARGOED UNTIL 12:01 a.m. EST, Thursday, July 10, 2025")).main
    assert part.embargo_until.isoformat() == "2025-07-10T00:01:00-04:00"
    (warning,) = part.warnings
    assert warning.field == "embargo_until" and "EST" in warning and "UTC-04:00" in warning


def test_without_a_zone_the_newsroom_s_zone_applies_and_the_warning_names_it():
    text = release(top="EMBARGOED UNTIL 00:01 on Monday 7 July 2025")
    part = parsed(text, default_zone="Europe/Madrid").main
    assert part.embargo_until.isoformat() == "2025-07-07T00:01:00+02:00"
    (warning,) = part.warnings
    assert warning.field == "embargo_until" and "Europe/Madrid" in warning


@time_machine.travel("2025-03-10 12:00", tick=False)
def test_a_date_without_a_year_takes_the_nearest_year_and_says_so():
    part = parsed(
        release(body="Madrid, 3 mar (EFE).- El texto.", top="EMBARGADO HASTA LAS 00:01 CET DEL 4 DE MARZO")
    ).main
    assert (part.dateline_place, part.date.isoformat()) == ("Madrid", "2025-03-03")
    assert part.embargo_until.isoformat() == "2025-03-04T00:01:00+01:00"
    assert sorted(w.field for w in part.warnings) == ["date", "embargo_until"]
    # A year elsewhere in the release is used before today's.
    part = parsed(
        release(body="Madrid, 3 de marzo de 2019.- El texto.", top="EMBARGADO HASTA LAS 00:01 DEL 4 DE MARZO")
    ).main
    assert part.embargo_until.year == 2019


# --- the top of a release ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "top",
    [
        "COMUNICADO DE PRENSA",
        "PRESS RELEASE / COMUNICADO",
        "Comunicado conjunto n.º 12",
        "NOTA DE PRENSA N.° 015-2025",
        "**FOR IMMEDIATE RELEASE**",
        "MEDIA STATEMENT",
        "NEWS RELEASE\nFor immediate release",
        "For Immediate Release: May 6, 2025",
        "COMUNICADO DE PRENSA | PRESS RELEASE\n(English below)",
        "# COMUNICADO DE PRENSA",
        "![Logo de la Red](logo.png)\n\nCOMUNICADO",
    ],
)
def test_labels_above_the_headline_are_not_the_headline(top):
    part = parsed(release(top=top, headline="**Un titular en negritas**")).main
    assert part.title == "Un titular en negritas"
    assert "Logo" not in part.title


@pytest.mark.parametrize(
    "top",
    ["Issued: 12 September 2025\nImmediate release", "Date: 12 September 2025", "Fecha: 12 de septiembre de 2025"],
)
def test_a_date_line_above_the_headline_dates_the_release(top):
    part = parsed(release(top=top)).main
    assert (part.title, part.date.isoformat(), part.body) == ("Titular del comunicado", "2025-09-12", part.body)
    assert part.body == "El texto del comunicado."


def test_a_dateline_and_a_press_contact_above_the_headline():
    text = release(
        top="FOR IMMEDIATE RELEASE\nMarch 3, 2025\n\nContact: Dana Whitfield, (202) 555-0142, dana@orp.example",
        body="WASHINGTON (March 3, 2025) — The text.",
    )
    data = parsed(text).as_json()
    assert (data["dateline_place"], data["date"], data["body"]) == ("Washington", "2025-03-03", "The text.")
    assert data["media_contacts"][0]["press_contact"]["name"] == "Dana Whitfield"


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        ("Madrid, 3 mar (EFE).- El texto.", "Madrid", "2025-03-03"),
        ("NAIROBI, Kenya, March 3, 2025 /PRNewswire/ -- The text.", "Nairobi, Kenya", "2025-03-03"),
        ("TORONTO, March 12, 2025 /CNW/ - The text.", "Toronto", "2025-03-12"),
        ("SAN FRANCISCO, CA — April 15, 2025 — The text.", "San Francisco, CA", "2025-04-15"),
        ("VANCOUVER, B.C. – June 2, 2025 – The text.", "Vancouver, B.C.", "2025-06-02"),
        ("Mombasa, 12th March 2025: The text.", "Mombasa", "2025-03-12"),
        ("Santiago de Cali, marzo 17 de 2025. El texto.", "Santiago de Cali", "2025-03-17"),
        ("(Mendoza, 14 de abril de 2025).- El texto.", "Mendoza", "2025-04-14"),
        ("**Cartagena de Indias, 2 de junio de 2025.** El texto.", "Cartagena de Indias", "2025-06-02"),
        ("Lima, 03 de marzo de 2025.— El texto.", "Lima", "2025-03-03"),
        ("Cusco, 10 de abril del 2025. El texto.", "Cusco", "2025-04-10"),
        ("New Delhi | 2 December 2025 — The text.", "New Delhi", "2025-12-02"),
        ("Madrid, 20/05/2025. El texto.", "Madrid", "2025-05-20"),
        ("Austin, 05/20/2025 – The text.", "Austin", "2025-05-20"),
        ("GINEBRA / BOGOTÁ (4 de marzo de 2025) – El texto.", "Ginebra / Bogotá", "2025-03-04"),
        ("**KINGSTON, Jamaica, March 24, 2025:** The text.", "Kingston, Jamaica", "2025-03-24"),
        ("GLASGOW, 2 April 2025 &ndash; The text.", "Glasgow", "2025-04-02"),
        ("LAGOS, Nigeria--(BUSINESS WIRE)--March 18, 2025--The text.", "Lagos, Nigeria", "2025-03-18"),
        ("SAN FRANCISCO--(BUSINESS WIRE)--March 4, 2025--The text.", "San Francisco", "2025-03-04"),
        ("Thursday, 13th March 2025: The text.", None, "2025-03-13"),
        ("Santiago, martes 11 de marzo de 2025. El texto.", "Santiago", "2025-03-11"),
    ],
)
@time_machine.travel("2025-03-10 12:00", tick=False)
def test_wire_service_and_local_datelines(line, place, day):
    part = parsed(release(body=line)).main
    body = "El texto." if line.endswith("El texto.") else "The text."
    assert (part.dateline_place, part.date.isoformat(), part.body) == (place, day, body)


def test_a_dateline_under_the_text_is_read_when_the_top_has_none():
    part = parsed(release(body="Rechazamos el desalojo.\n\nTemuco, 8 de julio de 2025.", tail="Red de Abogadas")).main
    assert (part.dateline_place, part.date.isoformat(), part.body) == (
        "Temuco",
        "2025-07-08",
        "Rechazamos el desalojo.",
    )


def test_summary_as_a_subheadline_a_bold_line_or_plain_points_before_the_dateline():
    assert parsed(release(body="## Un subtítulo largo del comunicado\n\nTexto.")).main.summary == [
        "Un subtítulo largo del comunicado"
    ]
    assert parsed(release(body="**Una bajada en negritas.**\n\nTexto.")).main.summary == ["Una bajada en negritas."]
    part = parsed(release(body="- Un punto.\n- Otro punto.\n\nLima, 3 de marzo de 2025.— Texto.")).main
    assert (part.summary, part.body) == (["Un punto.", "Otro punto."], "Texto.")


# --- contacts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("Contacto de prensa:\nSofía Treviño\nCoordinadora de comunicación, Red Agua\nTel. 81 1234 5678\n"
         "Móvil 81 8765 4321\nprensa@redagua.example",
         [(None, "Sofía Treviño", "Red Agua", ["81 1234 5678", "81 8765 4321"], ["prensa@redagua.example"])]),
        ("Media enquiries: Tom Bradley, press officer, on 020 7946 0123 or tom@feed.example. "
         "Out of hours: 07700 900123.",
         [(None, "Tom Bradley", None, ["020 7946 0123", "07700 900123"], ["tom@feed.example"])]),
        ("Interview requests for Dr. Imani Brooks, the lead author: Sam Ortiz at sam@riders.example or 415-555-0107.",
         [("Imani Brooks", "Sam Ortiz", None, ["415-555-0107"], ["sam@riders.example"])]),
        ("Contacto de prensa: Nuria Castells · 612 345 678 · prensa@frontera.example",
         [(None, "Nuria Castells", None, ["612 345 678"], ["prensa@frontera.example"])]),
        ("Contacto para medios:\nMontse Vidal / 633 456 789 / montse@inquilinas.example\n"
         "Pau Ferrer | 644 321 987 | pau@inquilinas.example",
         [(None, "Montse Vidal", None, ["633 456 789"], ["montse@inquilinas.example"]),
          (None, "Pau Ferrer", None, ["644 321 987"], ["pau@inquilinas.example"])]),
        ("**Contacto de prensa**\n\nAlianza por la Vivienda: Laura Espinosa, 55 5678 9012, laura@vivienda.example",
         [(None, "Laura Espinosa", "Alianza por la Vivienda", ["55 5678 9012"], ["laura@vivienda.example"])]),
        ("Media contact:\nEilidh Grant\nCommunications Manager, Youth Housing Alliance\nT: 0131 496 0000 | "
         "M: 07700 900789\neilidh@yhas.example",
         [(None, "Eilidh Grant", "Youth Housing Alliance", ["0131 496 0000", "07700 900789"],
           ["eilidh@yhas.example"])]),
        ("Para entrevistas con / For interviews with Eufrosina Martínez:\nAlberto Cruz, Colectivo Lenguas Vivas\n"
         "Tel. 951 123 4567 · prensa@lenguas.example",
         [("Eufrosina Martínez", "Alberto Cruz", "Colectivo Lenguas Vivas", ["951 123 4567"],
           ["prensa@lenguas.example"])]),
        ("<p><strong>Contacto:</strong><br>Natalia Restrepo<br>Cel. 300 123 4567<br>"
         '<a href="mailto:natalia@red.example">natalia@red.example</a></p>',
         [(None, "Natalia Restrepo", None, ["300 123 4567"], ["natalia@red.example"])]),
        ("Press: press@cpan.example", [(None, "press@cpan.example", None, [], ["press@cpan.example"])]),
        ("Prensa FUTSP: Martín Ferreira – 099 123 456 – prensa@futsp.example",
         [(None, "Martín Ferreira", "FUTSP", ["099 123 456"], ["prensa@futsp.example"])]),
        ("Para más información:\n\nEn Bogotá: Juliana Restrepo, oficial de prensa, +57 601 658 3300 ext. 1172, "
         "jr@onu.example\n\nIn Geneva: Marc Dubois, Media Relations, +41 22 555 7010, md@onu.example",
         [(None, "Juliana Restrepo", None, ["+57 601 658 3300 ext. 1172"], ["jr@onu.example"]),
          (None, "Marc Dubois", None, ["+41 22 555 7010"], ["md@onu.example"])]),
        ("Leah Donnelly is available for interview from 6 a.m.\n\nMedia contact: Priya Raman, 0412 345 678 or "
         "(02) 9876 5432, media@tv.example",
         [("Leah Donnelly", "Priya Raman", None, ["0412 345 678", "(02) 9876 5432"], ["media@tv.example"])]),
        ("La directora Ana Ruiz está disponible para entrevistas.\n\nContacto: Luis Gil, 55 1234 5678",
         [("Ana Ruiz", "Luis Gil", None, ["55 1234 5678"], [])]),
        ("Contacto:\nDirección de Comunicación\nUniversidad del Valle (UV)\nTel.: (591-4) 425 1234 int. 204\n"
         "prensa@uv.example",
         [(None, "prensa@uv.example", "Universidad del Valle", ["(591-4) 425 1234 int. 204"], ["prensa@uv.example"])]),
        ("For media enquiries, please contact:\n\n| Name | Designation | Email | Phone |\n|---|---|---|---|\n"
         "| Tan Wei Ling | Senior Manager | tan@ku.example | +65 6516 1234 |\n"
         "| Nur Aisyah Binte Rahman | Manager | nur@ku.example | +65 9123 4567 |",
         [(None, "Tan Wei Ling", None, ["+65 6516 1234"], ["tan@ku.example"]),
          (None, "Nur Aisyah Binte Rahman", None, ["+65 9123 4567"], ["nur@ku.example"])]),
        ("Para más información:\nNombre\tCargo\tTeléfono\tCorreo\n"
         "Lidia Ayala\tAbogada, Coordinadora por la Tierra\t(021) 425 345 int. 14\tlayala@tierra.example",
         [(None, "Lidia Ayala", "Coordinadora por la Tierra", ["(021) 425 345 int. 14"], ["layala@tierra.example"])]),
        ("Vocerías:\nJuana Millalonco, werken de Quetalco\nLuis Andrade, presidente del sindicato\n\n"
         "Contacto de prensa: Camila Rojas · +56 9 8765 4321",
         [("Juana Millalonco", "Camila Rojas", None, ["+56 9 8765 4321"], []),
          ("Luis Andrade", "Camila Rojas", None, ["+56 9 8765 4321"], [])]),
        ("Enquiries:\nMr Lwazi Mthembu\nCell: 072 555 0198\nEmail: lwazi@ombud.example",
         [(None, "Lwazi Mthembu", None, ["072 555 0198"], ["lwazi@ombud.example"])]),
    ],
)  # fmt: skip
def test_press_contacts_in_the_shapes_organisations_write_them(tail, expected):
    part = parsed(release(tail=tail)).main
    got = [
        (e.spokesperson, e.press_contact.name, e.press_contact.organisation, e.press_contact.phones,
         e.press_contact.emails)
        for e in part.media_contacts
    ]  # fmt: skip
    assert got == expected
    assert part.body == "El texto del comunicado."


def test_a_mobile_number_is_known_by_its_label():
    part = parsed(release(tail="Contacto:\nAna Ruiz\nTel. 55 1234 5678 / Cel. 55 8765 4321")).main
    assert part.media_contacts[0].press_contact.mobiles == ["55 8765 4321"]


def test_an_interview_line_without_a_person_s_name_sets_no_spokesperson_and_says_so():
    part = parsed(release(tail="Para entrevistas con familiares, comunicarse con:\nAna Ruiz: 55 1234 5678")).main
    assert part.media_contacts[0].spokesperson is None
    assert [w.field for w in part.warnings] == ["media_contacts"]


# --- background, links, end markers -----------------------------------------------------------


def test_a_background_section_ends_where_the_contacts_and_links_begin():
    tail = (
        "ENDS\n\nNotes to editors\n\n1. The network was founded in 2015.\n2. The full report\nis online.\n\n"
        "About the Network\nThe Network has 40 members.\n\n"
        "Media enquiries: Ana Ruiz on 020 7946 0123\n\nFurther information:\n- Report: https://net.example/report"
    )
    data = parsed(release(tail=tail)).as_json()
    assert data["context_heading"] == "Notes to editors"
    assert data["context"] == [
        "The network was founded in 2015.",
        "The full report is online.",
        "The Network has 40 members.",
    ]
    assert data["media_contacts"][0]["press_contact"]["name"] == "Ana Ruiz"
    assert data["links"] == [{"label": "Report", "url": "https://net.example/report"}]
    assert data["body"] == "El texto del comunicado."


@pytest.mark.parametrize(
    "links",
    [
        "Más información\n\n- Informe: https://red.example/informe",
        "**Materiales:**\n- [Informe](https://red.example/informe)",
        "Recursos:\nInforme: https://red.example/informe",
        '<h3>Links</h3>\n<ul><li><a href="https://red.example/informe">Informe</a></li></ul>',
    ],
)
def test_link_sections_by_any_name(links):
    assert parsed(release(tail=links)).as_json()["links"] == [
        {"label": "Informe", "url": "https://red.example/informe"}
    ]


def test_a_label_and_its_link_on_one_line_are_a_link():
    part = parsed(release(tail="Más información: https://red.example/informe")).main
    assert [(link.label, link.url) for link in part.links] == [("Más información", "https://red.example/informe")]


@pytest.mark.parametrize("marker", ["-30-", "###", "FIN", "– FIN –", "ENDS", "-ENDS-", "**ENDS**"])
def test_end_markers_close_the_body(marker):
    part = parsed(release(tail=f"{marker}\n\nContacto: Ana Ruiz, 55 1234 5678")).main
    assert part.body == "El texto del comunicado."
    assert part.media_contacts[0].press_contact.name == "Ana Ruiz"


@pytest.mark.parametrize("label", ["PRESS COMMUNIQUÉ", "AVISO A LOS MEDIOS", "AVISO A LOS MEDIOS DE COMUNICACIÓN"])
def test_a_label_above_a_plain_headline_in_capitals(label):
    part = parsed(f"{label}\n\nVECINOS DE LA COLONIA PIDEN AGUA POTABLE\n\nEl texto del comunicado.").main
    assert (part.title, part.body) == ("VECINOS DE LA COLONIA PIDEN AGUA POTABLE", "El texto del comunicado.")
