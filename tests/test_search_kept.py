"""What the search page keeps for the generation ({% search_cards %}, releases/templatetags/
release_cards.py): each result's card, in two halves around its snippet, and on SQLite the text
its snippet is cut from; and the filters under the search box. Its snippets, which depend on the
words searched for, are made at every request.

Each test first makes a results page, so that what it reads is kept, then changes the newsroom
and searches again: the answer must be the new one, as the page made afresh would be.
"""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from releases import services
from releases.models import Release
from tests.factories import make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db

SEARCH = "/es/buscar/"


def search(client, query, **filters):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, {"q": query, **filters})
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def fresh(client, query, **filters):
    """The same page made with nothing kept (NEWSROOM_FRAGMENT_CACHE=0)."""
    with override_settings(NEWSROOM_FRAGMENT_CACHE=False):
        return search(client, query, **filters)[0]


def test_a_search_for_other_words_reads_only_the_count_and_the_page(client):
    body = "\n\n".join(f"Párrafo {n} sobre vigilancia estatal y **cámaras**." for n in range(6))
    for _ in range(3):
        make_release(body_es=body, issuing_organisations=[make_organisation()]).topics.add(make_topic())
    _html, first = search(client, "vigilancia")
    html, again = search(client, "cámaras")
    # The cards and snippet texts are kept: the count and the page's ids are read, nothing else.
    assert again == 2 < first
    assert html.count("release-card__snippet") == 3 and "<mark>cámaras</mark>" in html
    assert html == fresh(client, "cámaras")


def test_a_body_edited_by_a_script_gives_its_new_snippet_at_once(client):
    release = make_release(title_es="Informe", body_es="Texto viejo sobre espionaje.")
    html, _queries = search(client, "espionaje")
    assert "<mark>espionaje</mark>" in html and "Texto viejo" in html
    release = Release.objects.get(pk=release.pk)
    release.body_es = "Texto nuevo sobre espionaje."  # a script, not the services: the signals tell
    release.save()
    html, _queries = search(client, "espionaje")
    assert "Texto nuevo sobre <mark>espionaje</mark>" in html and "Texto viejo" not in html


def test_an_organisation_renamed_shows_on_its_results_at_once(client):
    organisation = make_organisation(name_es="Colectivo Antiguo")
    make_release(body_es="Sobre biometría.", issuing_organisations=[organisation])
    html, _queries = search(client, "biometria")
    assert "Colectivo Antiguo" in html
    organisation.name_es = "Colectivo Renombrado"
    organisation.save()
    html, _queries = search(client, "biometria")
    assert "Colectivo Renombrado" in html and "Colectivo Antiguo" not in html


def test_a_withdrawn_release_leaves_the_results_at_once(client, editor):
    release = make_release(title_es="Comunicado sobre drones")
    make_release(title_es="Otro sobre drones")
    html, _queries = search(client, "drones")
    assert "Comunicado sobre drones" in html
    services.release_withdraw(release=release, actor=editor, explanation_es="Retirado.")
    html, _queries = search(client, "drones")
    assert "Comunicado sobre drones" not in html and "Otro sobre drones" in html


def test_a_release_without_text_shows_its_card_without_a_snippet(client):
    make_release(title_es="Solo titular sobre satélites", summary_es="", body_es="")
    for _ in range(2):  # made, then kept
        html, _queries = search(client, "satelites")
        assert "Solo titular sobre satélites" in html and "release-card__snippet" not in html
    assert html == fresh(client, "satelites")


def test_the_kept_filters_show_what_was_given_and_a_topic_renamed(client):
    topic = make_topic(name_es="Datos personales", slug="datos")
    make_release(body_es="Sobre reconocimiento facial.").topics.add(topic)
    html, _queries = search(client, "facial", topic="datos")
    assert 'value="datos" selected' in html and '<details class="filters__more" open>' in html
    html, _queries = search(client, "reconocimiento", topic="nada")
    assert "Se ignoró este filtro" in html
    assert 'value="datos" selected' not in html
    html, _queries = search(client, "facial")
    assert '<details class="filters__more">' in html
    topic.name_es = "Privacidad"
    topic.save()
    html, _queries = search(client, "facial")
    assert ">Privacidad</option>" in html and ">Datos personales</option>" not in html


def test_staff_never_read_what_is_kept(client, editor):
    release = make_release(title_es="Titular publicado sobre censura")
    search(client, "censura")
    # update() sends no signal: the generation stands, so anonymous visitors get what is kept ...
    Release.objects.filter(pk=release.pk).update(title_es="Titular sin aviso sobre censura")
    html, _queries = search(client, "censura")
    assert "Titular publicado" in html
    # ... while staff read the database every time.
    client.force_login(editor)
    html, _queries = search(client, "censura")
    assert "Titular sin aviso" in html and "Titular publicado" not in html


def test_kept_snippets_are_the_snippets_made_afresh_for_any_words(client):
    long_body = "\n\n".join(
        [f"Párrafo {n} de relleno sin nada que buscar, con texto suficiente para cortar." for n in range(8)]
        + ["La **Straße** y el <script>alert(1)</script> [enlace](https://example.org) de ÑANDÚ.", "Fin del texto."]
    )
    make_release(title_es="Largo", summary_es="Un resumen sobre cámaras\nOtro punto", body_es=long_body)
    make_release(title_es="Corto", summary_es="", body_es="Sólo una línea sobre *cámaras* y ñandú.")
    # How many each finds (None: it differs between databases, which read markup and ß their own way).
    found = {
        "camaras": 2,
        "ñandu": 2,
        "straße": None,
        "script": None,
        "parrafo relleno": 1,
        "fin": 1,
        "camaras nandu": 2,
    }
    for words, results in found.items():
        kept_once, _queries = search(client, words)
        kept, _queries = search(client, words)  # made from what the first kept
        assert kept == kept_once == fresh(client, words), words
        assert results is None or kept.count("release-card__snippet") == results, words
