"""Reading what organisations paste: email envelopes, word processors' lists, HTML from a website."""

import pytest

from releases.importing.pasted_html import html_to_markdown
from tests.test_import_reading import parsed, release

# --- what organisations paste: email envelopes and word processors ------------------------------


@pytest.mark.parametrize(
    ("envelope", "title"),
    [
        ("From: Lambat Media <media@lambat.example>\nDate: Fri, 14 Mar 2025 at 17:05\n"
         "Subject: Press release: Fisherfolk say the bay has halved their catch\nTo: desk@lambat.example",
         "Fisherfolk say the bay has halved their catch"),
        ("De: Prensa <prensa@red.example>\nEnviado: miércoles, 12 de marzo de 2025 16:42\n"
         "Asunto: RV: COMUNICADO | Vecinos piden agua potable", "Vecinos piden agua potable"),
    ],
)  # fmt: skip
def test_an_email_envelope_is_set_aside_and_its_subject_is_the_headline_of_a_text_without_one(envelope, title):
    data = parsed(f"{envelope}\n\nMadrid, 3 de marzo de 2025.– El texto del comunicado.").as_json()
    assert (data["title"], data["body"], data["date"]) == (title, "El texto del comunicado.", "2025-03-03")
    assert "@" not in data["body"] and any("From" in w or "De:" in w for w in data["warnings"])


def test_an_envelope_above_a_release_with_its_own_headline_never_makes_it_refused():
    text = "From: A <a@x.example>\nSubject: Fwd: news\n\n# El titular de verdad\n\nEl texto del comunicado."
    part = parsed(text).main
    assert (part.title, part.body) == ("El titular de verdad", "El texto del comunicado.")


def test_word_processor_bullets_dashes_and_numbering_are_lists():
    body = "Pedimos:\n•\tagua;\n\uf0b7\tluz.\n\nY además:\n–\tuna;\n–\totra.\n\nPuntos:\n1)\tuno;\n2)\tdos."
    part = parsed(release(body=body)).main
    assert part.body == "Pedimos:\n- agua;\n- luz.\n\nY además:\n- una;\n- otra.\n\nPuntos:\n1)\tuno;\n2)\tdos."


def test_text_saying_something_is_available_for_comment_names_no_spokesperson_and_stays_in_the_body():
    body = "El texto del comunicado.\n\nThe draft is available for comment until 30 June."
    part = parsed(release(body=body, tail="Media contact: Priya Raman, 0412 345 678")).main
    assert part.body == body
    assert [(e.spokesperson, e.press_contact.name) for e in part.media_contacts] == [(None, "Priya Raman")]


@pytest.mark.parametrize(
    "heading", ["Fact sheet", "Key facts", "**Key facts:**", "Datos clave", "**Datos clave:**", "Notas:", "**Notas:**"]
)
def test_background_headings_plain_or_bold(heading):
    part = parsed(release(tail=f"{heading}\n\n- Un dato.\n- Otro dato.")).main
    assert (part.context, part.body) == (["Un dato.", "Otro dato."], "El texto del comunicado.")


# --- HTML pasted from a website ---------------------------------------------------------------


def test_html_from_a_website_is_read_as_markdown():
    html = (
        "<p><strong>COMUNICADO</strong></p>\n<h2>Un titular</h2>\n<p>Texto con <em>énfasis</em>,<br>\n"
        'un <a href="https://red.example">enlace</a> &amp; un&nbsp;espacio.</p>\n'
        "<blockquote><p>Una cita.</p></blockquote>\n<ul><li>Uno</li><li>Dos</li></ul>\n"
        "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    assert html_to_markdown(html) == (
        "**COMUNICADO**\n\n## Un titular\n\nTexto con *énfasis*,  \nun [enlace](https://red.example) & un espacio."
        "\n\n> Una cita.\n\n- Uno\n- Dos\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    )


def test_an_html_paragraph_pasted_into_markdown_leaves_the_markdown_around_it_alone():
    text = "# Titular\n\nPárrafo uno\ncon dos líneas <https://red.example>.\n\n<p>Contacto:<br>Ana Ruiz</p>\n"
    assert html_to_markdown(text) == (
        "# Titular\n\nPárrafo uno\ncon dos líneas <https://red.example>.\n\nContacto:  \nAna Ruiz\n"
    )


def test_markdown_with_a_stray_tag_keeps_its_lines_and_autolinks():
    text = "Línea uno<br>\nlínea dos <https://red.example> y <strong>negritas</strong>\n\nOtro párrafo.\n"
    assert html_to_markdown(text) == "Línea uno  \nlínea dos <https://red.example> y **negritas**\n\nOtro párrafo.\n"


def test_windows_line_endings_and_fixed_spaces_given_to_the_parser_directly():
    part = parsed("# Titular\r\n\r\nLondon,\u00a03 April 2025 – The text.\r\n").main
    assert (part.dateline_place, part.body) == ("London", "The text.")
