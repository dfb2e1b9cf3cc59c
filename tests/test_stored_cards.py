"""Release cards made when a release changes and stored (releases/cards.py): a page whose cards no
process has made in this generation reads them instead of rendering them, and shows one only
where it was made from the rows the page read for it, by this version of the code."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from contacts.models import Organisation
from newsroom import fragments
from releases import cards
from releases.models import IssuingOrganisation, Release, ReleaseCard, Topic
from releases.models.queries import listing_related
from tests.factories import make_organisation, make_release, make_topic, unsaved_published_release

# Each change commits, as a page sees it: on PostgreSQL a stored card's check tells a row's versions
# by the transactions that wrote them (CardSource), and a test's one transaction writes them all.
pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/es/comunicados/"
SEARCH = "/es/buscar/?q=vigilancia"
FORGED = "<article>tarjeta guardada</article>"
FORGED_RESULT = f"<article>tarjeta guardada{cards.SNIPPET_PLACE}</article>"  # with its snippet's place


@pytest.fixture
def released(django_capture_on_commit_callbacks):
    """A published release about surveillance, by an organisation, under a topic, its cards made
    as they are once its change commits."""
    organisation = make_organisation(name_es="Red de Defensa Digital")
    topic = make_topic(name_es="Vigilancia", slug="vigilancia")
    with django_capture_on_commit_callbacks(execute=True):
        release = make_release(
            issuing_organisations=[organisation], title_es="Denunciamos la vigilancia masiva", body_es="La vigilancia."
        )
        release.topics.add(topic)
    return release


def page(client, url):
    fragments.clear()  # as a process that has made none of these cards in this generation
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def forge(release, **columns):
    """Change a stored card's text, keeping what it says it was made from: a page showing the
    forged text read it."""
    assert ReleaseCard.objects.filter(release=release).update(**columns) == 2


def test_a_release_gets_a_card_in_each_language_once_its_change_commits(released):
    stored = {card.language: card for card in ReleaseCard.objects.filter(release=released)}
    assert set(stored) == {"es", "en"}
    assert "Denunciamos la vigilancia masiva" in stored["es"].listed
    assert "Red de Defensa Digital" in stored["es"].listed
    assert cards.HEADING_PLACE in stored["es"].listed
    assert stored["es"].searched.count(cards.SNIPPET_PLACE) == 1


def test_a_change_rolled_back_makes_no_cards(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        make_release(title_es="Nunca publicado")
        raise RuntimeError
    assert not ReleaseCard.objects.exists()


def test_one_transaction_makes_its_cards_once(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks(execute=True)
    with mock.patch.object(cards, "make") as make, capture, transaction.atomic():
        first, second = make_release(), make_release(issuing_organisations=[make_organisation()])
        second.topics.add(make_topic())
    make.assert_called_once_with({first.pk, second.pk})


@pytest.mark.parametrize("url", [LIST, SEARCH])
def test_a_page_shows_stored_cards_without_rendering_them(client, released, url):
    forge(released, listed=FORGED, searched=FORGED_RESULT)
    with mock.patch.object(cards, "render", wraps=cards.render) as render:
        html = page(client, url)
    assert "tarjeta guardada" in html
    assert "Denunciamos la vigilancia masiva" not in html
    assert not render.called


@pytest.mark.parametrize("url", [LIST, SEARCH])
def test_stored_cards_are_the_cards_a_page_renders(client, released, url):
    with_stored = page(client, url)
    ReleaseCard.objects.all().delete()
    assert page(client, url) == with_stored
    assert "Red de Defensa Digital" in with_stored


EDITS_WITHOUT_SIGNALS = {
    "the release's headline": (Release, {"title_es": "Exigimos el fin de la vigilancia"}),
    "an issuing organisation's name": (Organisation, {"name_es": "Red por los Derechos Digitales"}),
    "a topic's name": (Topic, {"name_es": "Vigilancia estatal"}),
}


@pytest.mark.parametrize("url", [LIST, SEARCH])
@pytest.mark.parametrize("edit", EDITS_WITHOUT_SIGNALS)
def test_a_card_made_from_other_rows_is_never_shown(client, released, url, edit):
    forge(released, listed=FORGED, searched=FORGED_RESULT)
    # A plain update sends no signal, as a script's might: the card is not made again.
    model, columns = EDITS_WITHOUT_SIGNALS[edit]
    model.objects.update(**columns)
    html = page(client, url)
    assert "tarjeta guardada" not in html
    assert next(iter(columns.values())) in html


def _reorder_issuing_organisations(release):
    first, second = IssuingOrganisation.objects.filter(release=release).order_by("position")
    IssuingOrganisation.objects.filter(pk=first.pk).update(position=2)
    IssuingOrganisation.objects.filter(pk=second.pk).update(position=0)


# Changes a script could make without a signal, each to a column no card shows or to the order or
# set of a release's related rows: its card is no longer what its rows would render, or might not be.
CHANGES_TO_WHAT_A_CARD_IS_MADE_FROM = {
    "a column of the release no card shows": lambda release: Release.objects.update(import_key="otra-clave"),
    "a column left empty set": lambda release: Release.objects.update(featured_image_credit="Foto: Red"),
    "the issuing organisations' order": _reorder_issuing_organisations,
    "an issuing organisation added": lambda release: IssuingOrganisation.objects.bulk_create(
        [IssuingOrganisation(release=release, organisation=make_organisation(), position=5)]
    ),
    "an organisation's logo": lambda release: Organisation.objects.update(logo="logos/otro.png"),
    "a topic taken off": lambda release: Release.topics.through.objects.filter(release=release).delete(),
    "a topic's English address": lambda release: release.topics.filter(pk=release.topics.first().pk).update(
        slug_en="surveillance"
    ),
}


@pytest.mark.parametrize("change", CHANGES_TO_WHAT_A_CARD_IS_MADE_FROM)
def test_any_change_to_what_a_card_is_made_from_makes_it_not_current_until_made_again(
    django_capture_on_commit_callbacks, change
):
    with django_capture_on_commit_callbacks(execute=True):
        release = make_release(issuing_organisations=[make_organisation(), make_organisation()])
        release.topics.add(make_topic(), make_topic())
    with translation.override("es"):
        assert cards.read([release.pk], "listed")[release.pk].card is not None
        CHANGES_TO_WHAT_A_CARD_IS_MADE_FROM[change](release)
        assert cards.read([release.pk], "listed")[release.pk].card is None
        assert cards.make([release.pk]) == 2
        assert cards.read([release.pk], "listed")[release.pk].card is not None


@pytest.mark.parametrize("url", [LIST, SEARCH])
def test_a_card_made_by_another_version_of_the_code_is_never_shown(client, released, url):
    forge(released, listed=FORGED, searched=FORGED_RESULT)
    with mock.patch.object(cards, "code_version", return_value="another version"):
        html = page(client, url)
    assert "tarjeta guardada" not in html
    assert "Denunciamos la vigilancia masiva" in html


def test_an_edit_makes_the_cards_again(released, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        released.title_es = "Exigimos el fin de la vigilancia"
        released.save()
    card = ReleaseCard.objects.get(release=released, language="es")
    assert "Exigimos el fin de la vigilancia" in card.listed


def test_a_stored_search_card_that_is_not_two_halves_is_rendered(client, released):
    forge(released, searched=FORGED)  # no place for the snippet
    html = page(client, SEARCH)
    assert "tarjeta guardada" not in html
    assert "Denunciamos la vigilancia masiva" in html


def test_a_result_whose_card_is_kept_and_whose_snippet_text_is_not_still_shows(client, released):
    """A process may keep a results card and not the text its snippets are cut from (SQLite:
    each is a fragment of its own, and either may be dropped first): the release's row is read
    for the text, and the result shown."""
    page(client, SEARCH)  # keeps both
    for key in [key for key in fragments._store.entries if key[1] == "snippet-text"]:
        del fragments._store.entries[key]
    response = client.get(SEARCH)
    assert "Denunciamos la vigilancia masiva" in response.content.decode()


def test_a_list_card_gets_the_heading_level_of_its_place(released):
    card = ReleaseCard.objects.get(release=released, language="es")
    assert '<h3 class="release-card__title">' in cards.listed(card.listed, 3)
    assert cards.HEADING_PLACE not in cards.listed(card.listed, 3)


def test_make_cards_makes_the_missing_and_the_stale_ones_only(released):
    # Bulk inserts send no signal: their releases have no cards until the command runs.
    bulk = Release.objects.bulk_create(
        [unsaved_published_release(published_at=released.published_at, slug="bulk", title_es="Otro", body_es="Texto.")]
    )
    call_command("make_cards", verbosity=0)
    assert ReleaseCard.objects.filter(release=bulk[0]).count() == 2
    Organisation.objects.update(name_es="Otra red")
    with mock.patch.object(cards, "render", wraps=cards.render) as render:
        assert cards.make() == 2  # the organisation's release, in two languages; not the other
    assert render.call_count == 4  # its list and results cards
    assert cards.make() == 0


@pytest.mark.parametrize("url", [LIST, SEARCH])
def test_current_stored_cards_spare_a_page_the_queries_of_their_rows(client, released, url):
    def queries():
        fragments.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured]

    with_stored = queries()
    ReleaseCard.objects.all().delete()
    without = queries()
    # Checked and read in one query. Rendering reads the release's organisations and topics, and its
    # row, which a results page on SQLite reads anyway for the snippet's text.
    assert len(with_stored) <= len(without) - 2
    assert not [sql for sql in with_stored if "releases_issuingorganisation" in sql and "MD5" not in sql.upper()]


def test_the_code_version_changes_with_any_template_of_the_project(settings, tmp_path):
    (tmp_path / "card.html").write_text("<article>{{ release.title }}</article>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    cards.code_version.cache_clear()
    before = cards.code_version()
    (tmp_path / "card.html").write_text("<article>{{ release.summary }}</article>")
    cards.code_version.cache_clear()
    try:
        assert cards.code_version() != before
    finally:
        cards.code_version.cache_clear()


def test_a_deep_list_page_reads_the_stored_cards_of_its_own_releases_only(client):
    for number in range(25):
        make_release(title_es=f"Comunicado {number}")
    fragments.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{LIST}?page=2").status_code == 200
    cards_read = [query["sql"] for query in captured if "releases_releasecard" in query["sql"]]
    # Read by id for the page's five releases, not for every release its OFFSET skips.
    assert cards_read
    assert not [sql for sql in cards_read if "OFFSET" in sql.upper()]


def test_the_home_page_shows_the_stored_cards_under_its_lead_story(
    client, released, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_release(title_es="La noticia principal")  # newer: the lead story, not a card
    forge(released, listed=FORGED)
    with mock.patch.object(cards, "render", wraps=cards.render) as render:
        html = page(client, "/es/")
    assert "La noticia principal" in html
    assert "tarjeta guardada" in html
    assert not render.called


def test_cards_made_with_a_logo_and_english_text_are_current_in_both_languages(django_capture_on_commit_callbacks):
    """The database says what a card is made from when make() stores it and when a page reads it:
    each in the same words, a logo's name, an English text and two topics included."""
    organisations = [make_organisation(logo="logos/red.png"), make_organisation()]
    with django_capture_on_commit_callbacks(execute=True):
        release = make_release(issuing_organisations=organisations, title_en="We denounce mass surveillance")
        release.topics.add(make_topic(name_es="Vigilancia"), make_topic(name_es="Privacidad"))
    for language in ("es", "en"):
        with translation.override(language):
            read = cards.read([release.pk], "searched")[release.pk]
            row = Release.objects.published().with_stored_cards("searched").get(pk=release.pk)
            assert read.card is not None
            assert read.card == cards.current_card(row)
            shown = listing_related([row])[release.pk]
            assert read.card == cards.render(row, *shown, snippet=cards.SNIPPET_PLACE)


def test_a_current_card_is_read_without_building_what_it_shows(released):
    refused = classmethod(mock.Mock(side_effect=AssertionError("an instance was built")))
    with (
        translation.override("es"),
        mock.patch.object(Release, "from_db", refused),
        mock.patch.object(Organisation, "from_db", refused),
        mock.patch.object(Topic, "from_db", refused),
    ):
        read = cards.read([released.pk], "listed")
        assert read[released.pk].card == ReleaseCard.objects.get(release=released, language="es").listed
        assert read[released.pk].rows is None


def test_the_code_version_is_the_same_whichever_language_a_process_starts_in():
    """A worker whose first request is in English must find the cards make_cards stored."""
    versions = []
    try:
        for language in ("es", "en"):
            cards.code_version.cache_clear()
            with translation.override(language):
                versions.append(cards.code_version())
    finally:
        cards.code_version.cache_clear()
    assert versions[0] == versions[1]


def test_an_organisation_page_shows_the_stored_cards_of_its_releases(client, released):
    forge(released, listed=FORGED)
    organisation = released.issuing_organisations.get()
    with mock.patch.object(cards, "render", wraps=cards.render) as render:
        html = page(client, f"/es/organizaciones/{organisation.slug}/")
    assert "Red de Defensa Digital" in html
    assert "tarjeta guardada" in html
    assert not render.called


def test_stored_cards_are_read_through_sql_compiled_once_per_shape_with_each_reads_ids_and_time():
    """read()'s query is compiled once per kind, language and number of ids (CompiledReads): later
    reads of that shape build nothing in the ORM, and read their own releases at their own time."""
    from datetime import timedelta

    from django.utils import timezone

    from releases.models.queries import ReleaseQuerySet

    cards.compiled_reads._compiled.clear()
    now = timezone.now()
    first = make_release(title_es="Ya publicado", published_at=now - timedelta(hours=1))
    scheduled = make_release(title_es="Programado", published_at=now + timedelta(hours=1))
    cards.make()
    with translation.override("es"):
        assert set(cards.read([first.pk], "listed")) == {first.pk}
        with mock.patch.object(ReleaseQuerySet, "with_stored_cards", side_effect=AssertionError("built in the ORM")):
            assert cards.read([scheduled.pk], "listed") == {}  # not public yet
            with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=2)):
                found = cards.read([scheduled.pk, first.pk], "listed")
    assert "Programado" in found[scheduled.pk].card and "Ya publicado" in found[first.pk].card
    assert [value is not None for value in cards.compiled_reads._compiled.values()] == [True]
