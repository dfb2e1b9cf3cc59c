"""Search: the same expectations on SQLite and on PostgreSQL (the suite runs on both)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from newsroom import snippets
from newsroom.markdown import markdown_to_text
from newsroom.snippets import highlight, markdown_around, marked_snippet
from releases.models import Release
from releases.search import fold, search_terms, snippet
from tests.factories import make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db


def found(query, language="es"):
    return {release.slug for release in Release.objects.search(query, language)}


@pytest.fixture
def espionage():
    return make_release(
        slug="espionaje",
        title_es="Por ESPIONAJE, la sociedad civil deja la alianza en México",
        title_en="Over spying, civil society leaves the alliance in Mexico",
        summary_es="Confirmamos infecciones",
        body_es="Las organizaciones anunciamos nuestra salida.",
        body_en="The organisations announce their withdrawal.",
    )


@pytest.mark.parametrize("query", ["mexico", "MEXICO", "México", "méxico", "MÉXICO", "Mexico"])
def test_search_ignores_accents_and_case(espionage, query):
    assert found(query) == {"espionaje"}


@pytest.mark.parametrize("query", ["espionaje", "Espionaje", "espionáje", "ESPIONAJE"])
def test_lowercase_finds_capitals(espionage, query):
    assert found(query) == {"espionaje"}


def test_search_reads_title_summary_body_and_background():
    make_release(slug="titulo", title_es="Transparencia presupuestaria")
    make_release(slug="resumen", summary_es="Punto sobre vigilancia")
    make_release(slug="cuerpo", body_es="Un texto sobre biométricos.")
    make_release(slug="contexto", background_es="- Antecedentes: licitación de cámaras.")
    assert found("presupuestaria") == {"titulo"}
    assert found("vigilancia") == {"resumen"}
    assert found("biometricos") == {"cuerpo"}
    assert found("licitacion") == {"contexto"}


def test_every_word_must_match():
    make_release(slug="ambas", body_es="Datos abiertos y presupuesto.")
    make_release(slug="una", body_es="Datos personales.")
    assert found("datos presupuesto") == {"ambas"}


def test_search_is_in_the_visitors_language_with_the_spanish_text_where_untranslated(espionage):
    make_release(slug="sin-traduccion", title_es="Vigilancia sin control", title_en="", body_es="Cámaras.")
    assert found("withdrawal", "en") == {"espionaje"}
    assert found("withdrawal", "es") == set()
    assert found("salida", "en") == set()  # its English page shows the English text
    assert found("vigilancia", "en") == {"sin-traduccion"}  # shown in Spanish on English pages


def test_only_published_releases_are_found(espionage):
    make_release(slug="borrador", title_es="México borrador", status=Release.Status.DRAFT)
    make_release(
        slug="programado", title_es="México programado", published_at=espionage.published_at.replace(year=2099)
    )
    make_release(slug="embargado", title_es="México embargado", embargo_until=espionage.published_at.replace(year=2099))
    assert found("mexico") == {"espionaje"}


def test_a_match_in_the_headline_ranks_first():
    # The body match is newer, so only the rank can put the headline match first.
    now = timezone.now()
    make_release(
        slug="en-el-cuerpo",
        title_es="Informe anual",
        body_es="Habla de vigilancia.",
        published_at=now - timedelta(hours=1),
    )
    make_release(
        slug="en-el-titulo", title_es="Vigilancia masiva", body_es="Un informe.", published_at=now - timedelta(days=9)
    )
    assert [release.slug for release in Release.objects.search("vigilancia", "es")] == [
        "en-el-titulo",
        "en-el-cuerpo",
    ]


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "¿?¡!...", "-", '"', "el y la", 'or -"méxico', "<>&;'--", "x" * 10_000, "a" * 300 + " méxico"],
)
def test_odd_queries_give_no_error(espionage, query):
    assert isinstance(found(query), set)


def test_search_results_can_be_filtered():
    organisation, topic = make_organisation(slug="red"), make_topic(slug="datos")
    make_release(slug="de-la-red", issuing_organisations=[organisation], body_es="Datos abiertos.").topics.add(topic)
    make_release(slug="de-otra", body_es="Datos abiertos.").topics.add(topic)
    releases = Release.objects.search("datos", "es").filter(issuing_organisations=organisation)
    assert {release.slug for release in releases} == {"de-la-red"}


def test_snippets_mark_the_words_found_and_escape_everything_else(espionage):
    release = make_release(
        slug="peligroso",
        title_es="Informe",
        body_es='Texto <script>alert("x")</script> con **México** & <b>más</b>.',
    )
    result = Release.objects.search("mexico", "es").get(pk=release.pk)
    with translation.override("es"):
        html = snippet(result, search_terms("mexico"))
    assert "<mark>México</mark>" in html
    assert "<script" not in html and "<b>" not in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_python_highlight_keeps_the_original_spelling_and_escapes():
    html = highlight("Árbol & <b>MÉXICO</b> y mexico", search_terms("mexico"))
    assert html == "Árbol &amp; &lt;b&gt;<mark>MÉXICO</mark>&lt;/b&gt; y <mark>mexico</mark>"
    long_text = "palabra " * 100 + "vigilancia " + "palabra " * 100
    snippet = highlight(long_text, ["vigilancia"])
    assert snippet.startswith("… ") and snippet.endswith(" …") and "<mark>vigilancia</mark>" in snippet


@pytest.mark.parametrize("where", [0, 1, 2, 5, 9, 10, 11])
@pytest.mark.parametrize("summary", ["", "Un punto sin la palabra", "Un punto sobre Vigilancia"])
def test_snippets_read_only_the_blocks_around_the_word_and_say_the_same(where, summary):
    """markdown_around() makes the text of a few blocks, not a whole body: the snippet is the one
    the whole text gives, wherever the word is (or is not), with or without a summary holding it."""
    filler = "relleno " * 12
    paragraphs = [f"Párrafo {n} con **texto** y [un enlace](https://example.org/{n}) {filler}" for n in range(12)]
    paragraphs.insert(3, "## Una sección")
    if where < 10:
        paragraphs[where] = "VIGILÁNCIA estatal. " + paragraphs[where]  # the text before it is in other blocks
    body = "\n\n".join(paragraphs) + "\n"
    release = make_release(slug=f"larga-{where}", title_es="Informe", summary_es=summary, body_es=body)
    with translation.override("es"):
        result = Release.objects.get(pk=release.pk)
        whole = highlight(" ".join([*result.summary_points, markdown_to_text(result.body)]), ["vigilancia"])
        assert snippet(result, ["vigilancia"]) == whole
    assert len(markdown_around(body, ["vigilancia"])) < len(markdown_to_text(body)) / 2


def test_marked_snippet_only_lets_the_markers_become_html():
    raw = "\ue000México\ue001 <img src=x onerror=alert(1)> **negritas** \ue000sin cierre"
    html = marked_snippet(raw)
    assert html == "<mark>México</mark> &lt;img src=x onerror=alert(1)&gt; negritas sin cierre"


def test_a_snippet_asked_again_renders_no_markdown(monkeypatch):
    """Snippets are kept by their headline (newsroom.snippets.SNIPPETS_KEPT): the same page of
    results asked again costs no Markdown rendering, and a different headline is rendered."""
    rendered = []
    monkeypatch.setattr(snippets, "markdown_to_text", lambda text: rendered.append(text) or text.replace("**", ""))
    snippets.marked_snippet.cache_clear()
    headline = "Un **informe** sobre \ue000vigilancia\ue001"
    first, again = snippets.marked_snippet(headline), snippets.marked_snippet(headline)
    assert first == again == "Un informe sobre <mark>vigilancia</mark>" and rendered == [headline]
    assert snippets.marked_snippet(headline + " estatal") != first and len(rendered) == 2
    snippets.marked_snippet.cache_clear()


@pytest.mark.parametrize(
    "headline",
    [
        "Informe sobre \ue000vigilancia\ue001 estatal, 2024: cifras y (nuevas) preguntas.",
        "Primera línea\n1. un punto numerado\n2) otro",
        "  - una viñeta\n+ otra\n* y otra",
        "# Un título\nTexto\n===\nOtro\n---",
        "Texto con *énfasis*, __negritas__ y `código`",
        "[un enlace](https://example.org) y <https://example.org>",
        "Entidades &amp; &lt;b&gt; y \\*escapes\\*",
        "~~tachado~~ | columna\n-|-\na | b",
        "Dos espacios al final  \nde la línea, y\tun tabulador",
        "> una cita",
        "    un bloque de código con \ue000vigilancia\ue001",
    ],
)
def test_marked_snippet_of_plain_text_matches_the_markdown_reading(headline):
    """Headlines without Markdown skip the renderer: the snippet must be what the renderer gives."""
    rendered = " ".join(markdown_to_text(headline).split())
    expected = re.sub("\ue000([^\ue000\ue001]*)\ue001", r"<mark>\1</mark>", escape(rendered))
    assert marked_snippet(headline) == expected.replace("\ue000", "").replace("\ue001", "")


def test_fold_and_terms():
    assert fold("ÁRBOL Ñandú") == "arbol nandu"
    assert search_terms("¡México, MEXICO y méxico!") == ["mexico", "y"]
    assert len(search_terms(" ".join(f"palabra{n}" for n in range(100)))) == 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes exist only on PostgreSQL")
def test_postgresql_search_uses_the_gin_index(espionage):
    """The query must call the indexed function with the indexed columns, or the index is never used."""
    now = timezone.now()
    Release.objects.bulk_create(
        Release(
            slug=f"relleno-{number}",
            title_es=f"Comunicado {number}",
            title_en=f"Release {number}",
            body_es=f"Texto número {number} sobre otros asuntos.",
            body_en=f"Text number {number} about other matters.",
            status=Release.Status.PUBLISHED,
            published_at=now - timedelta(days=number),
        )
        for number in range(1, 500)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE releases_release")
    for language in ("es", "en"):
        plan = Release.objects.search("mexico", language).explain()
        assert f"Bitmap Index Scan on release_search_{language}" in plan, plan


def test_each_release_found_comes_with_its_snippet(espionage):
    (found,) = Release.objects.search("SALIDA", "es").filter(pk=espionage.pk)
    assert "anunciamos nuestra <mark>salida</mark>" in found.snippet


def test_a_query_is_tidied_and_cut_in_one_place():
    from releases.search import MAX_QUERY_LENGTH, query_text

    assert query_text("  datos \n abiertos ") == ("datos abiertos", False)
    assert query_text("a" * (MAX_QUERY_LENGTH + 1)) == ("a" * MAX_QUERY_LENGTH, True)


def test_a_filtered_search_reads_the_link_tables_alone_and_finds_what_the_filters_keep(client):
    """The filters narrow a search by the chosen organisation's and topic's ids (releases/forms.py):
    the database reads the link tables without the directory's, and plans with each one's share."""
    organisation, other = make_organisation(slug="red-vigilancia"), make_organisation(slug="otra-red")
    topic, other_topic = make_topic(slug="privacidad"), make_topic(slug="agua")
    kept = make_release(slug="ambas", title_es="Vigilancia en la red", issuing_organisations=[organisation])
    kept.topics.add(topic)
    for slug, organisations, topics in (("otra-org", [other], [topic]), ("otro-tema", [organisation], [other_topic])):
        make_release(slug=slug, title_es="Vigilancia aparte", issuing_organisations=organisations).topics.add(*topics)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/es/buscar/?q=vigilancia&organisation=red-vigilancia&topic=privacidad").content.decode()
    assert "/ambas/" in html and "/otra-org/" not in html and "/otro-tema/" not in html
    searches = [query["sql"] for query in queries if "vigilancia" in query["sql"].lower()]  # the count, the page
    assert searches and not any('"releases_topic"' in sql or '"contacts_organisation"' in sql for sql in searches)
