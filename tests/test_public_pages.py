"""The public site as a journalist uses it: every page in both languages."""

import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.utils import timezone, translation
from django.views.defaults import server_error

from contacts.models import Organisation
from releases.models import MediaContact, ReferenceLink, Release
from tests.factories import (
    image_upload,
    make_attachment,
    make_contact,
    make_full_release,
    make_membership,
    make_organisation,
    make_organisation_link,
    make_release,
    make_topic,
)
from tests.media import media_url

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def moment(year, month, day=10):
    return datetime(year, month, day, 18, tzinfo=UTC)


class Headings(HTMLParser):
    """Collects heading levels and landmarks, to check the outline of a page."""

    def __init__(self):
        super().__init__()
        self.levels, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def assert_well_formed_page(html):
    parser = Headings()
    parser.feed(html)
    assert parser.levels.count(1) == 1, parser.levels
    assert parser.levels[0] == 1
    for previous, level in zip(parser.levels, parser.levels[1:], strict=False):
        assert level <= previous + 1, f"heading level skipped: {parser.levels}"
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in parser.tags
    assert 'class="skip-link" href="#main"' in html


# --- Language and navigation ------------------------------------------------------------


def test_root_sends_visitors_to_spanish_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_root_sends_english_browsers_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


def test_language_switcher_keeps_the_page_and_its_filters(client):
    topic = make_topic(slug="privacidad", name_en="Privacy")
    make_release().topics.add(topic)  # a topic page exists once a public release is filed under it
    html = get(client, f"/es/temas/{topic.slug}/?year=2024")
    assert 'href="/en/topics/privacy/?year=2024" hreflang="en" lang="en"' in html
    html = get(client, "/en/releases/?page=1")
    assert 'href="/es/comunicados/?page=1" hreflang="es" lang="es"' in html


def test_language_switcher_keeps_each_search_though_the_header_is_kept_for_the_path(client):
    """The header is kept once per path (newsroom/fragments.py); the switcher after it is not."""
    for words in ("uno", "dos"):
        html = get(client, f"/es/buscar/?q={words}")
        assert f'href="/en/search/?q={words}" hreflang="en" lang="en"' in html
        assert f'<link rel="alternate" hreflang="en" href="http://testserver/en/search/?q={words}">' in html
    assert "q=uno" not in html


# --- Home -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_home_shows_latest_releases_publishers_topics_and_search(client, language):
    publisher = make_organisation(name_es="Red Ciudadana", name_en="Citizens' Network")
    make_organisation(name_es="Instituto Mencionado", is_publisher=False)
    topic = make_topic(name_es="Privacidad", name_en="Privacy")
    release = make_release(issuing_organisations=[publisher], title_en="")
    release.topics.add(topic)
    html = get(client, f"/{language}/")
    assert_well_formed_page(html)
    assert release.title_es in html
    assert publisher.get_absolute_url() in html
    assert "Instituto Mencionado" not in html
    assert ("Privacidad" if language == "es" else "Privacy") in html
    assert 'role="search"' in html and 'name="q"' in html
    if language == "en":
        assert f'lang="es">{release.title_es}</a>' in html


# --- Releases list, filters, archive ----------------------------------------------------


@pytest.fixture
def archive():
    """Releases across two organisations, two topics and three months."""
    first, second = make_organisation(slug="primera"), make_organisation(slug="segunda")
    privacy, data = make_topic(slug="privacidad"), make_topic(slug="datos")
    rows = {
        "a": (first, privacy, moment(2024, 3)),
        "b": (first, data, moment(2024, 3, 20)),
        "c": (second, privacy, moment(2024, 11)),
        "d": (first, privacy, moment(2025, 5)),
    }
    releases = {}
    for key, (organisation, topic, published_at) in rows.items():
        releases[key] = make_release(
            issuing_organisations=[organisation],
            title_es=f"Comunicado {key.upper()}",
            title_en="",
            published_at=published_at,
        )
        releases[key].topics.add(topic)
    return releases


def shown(html, releases):
    return {key for key, release in releases.items() if release.title_es in html}


@pytest.mark.parametrize("language", ["es", "en"])
def test_release_list_shows_published_releases_newest_first(client, archive, language):
    html = get(client, "/es/comunicados/" if language == "es" else "/en/releases/")
    assert_well_formed_page(html)
    positions = [html.index(archive[key].title_es) for key in "dcba"]
    assert positions == sorted(positions)
    assert ("4 comunicados" if language == "es" else "4 releases") in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?organisation=primera", {"a", "b", "d"}),
        ("?topic=privacidad", {"a", "c", "d"}),
        ("?year=2024", {"a", "b", "c"}),
        ("?organisation=primera&topic=privacidad", {"a", "d"}),
        ("?organisation=primera&topic=privacidad&year=2024", {"a"}),
        ("?organisation=segunda&year=2025", set()),
    ],
)
def test_release_filters_combine(client, archive, query, expected):
    html = get(client, "/es/comunicados/" + query)
    assert shown(html, archive) == expected
    if not expected:
        assert "Ningún comunicado publicado coincide con estos filtros." in html
    # The canonical URL of a filtered list is the filtered list, so it can be shared.
    assert re.search(r'<link rel="canonical" href="http://testserver/es/comunicados/\?[^"]*organisation|year', html)


def test_an_unknown_filter_value_is_reported_and_the_others_still_apply(client, archive):
    html = get(client, "/es/comunicados/?organisation=no-existe&topic=privacidad")
    assert shown(html, archive) == {"a", "c", "d"}
    assert "Se ignoró este filtro:" in html
    html = get(client, "/es/comunicados/?year=dosmil")
    assert shown(html, archive) == set("abcd")


def test_filters_offer_only_organisations_and_topics_with_published_releases(client, archive):
    make_organisation(slug="sin-comunicados", name_es="Organización Silenciosa")
    hidden_topic = make_topic(slug="oculto", name_es="Tema Oculto")
    make_release(status=Release.Status.DRAFT).topics.add(hidden_topic)
    html = get(client, "/es/comunicados/")
    assert 'value="primera"' in html and 'value="privacidad"' in html
    assert "Organización Silenciosa" not in html and "Tema Oculto" not in html
    assert '<option value="2025">2025</option>' in html and '<option value="2024">2024</option>' in html


def test_pagination_is_twenty_a_page_and_keeps_the_filters(client):
    organisation = make_organisation(slug="prolifica")
    start = timezone.now() - timedelta(days=100)
    for day in range(25):
        make_release(
            issuing_organisations=[organisation], title_es=f"Nota {day:02d}", published_at=start + timedelta(days=day)
        )
    make_release(title_es="De otra organización")
    html = get(client, "/es/comunicados/?organisation=prolifica")
    assert html.count('class="release-card"') == 20
    assert "Nota 24" in html and "Nota 04" not in html
    assert 'href="?organisation=prolifica&amp;page=2" rel="next"' in html
    html = get(client, "/es/comunicados/?organisation=prolifica&page=2")
    assert html.count('class="release-card"') == 5
    assert "Nota 04" in html and "De otra organización" not in html
    assert 'href="?organisation=prolifica&amp;page=1" rel="prev"' in html
    assert "Página 2 de 2" in html
    assert 'href="http://testserver/es/comunicados/?organisation=prolifica&amp;page=2"' in html
    get(client, "/es/comunicados/?page=9", status=404)


@pytest.mark.parametrize(
    ("url", "expected", "heading"),
    [
        ("/es/comunicados/2024/", {"a", "b", "c"}, "Comunicados de 2024"),
        ("/es/comunicados/2024/03/", {"a", "b"}, "Comunicados de marzo de 2024"),
        ("/en/releases/2024/11/", {"c"}, "Releases from November 2024"),
        ("/en/releases/2025/?organisation=primera", {"d"}, "Releases from 2025"),
        ("/es/comunicados/2024/?topic=datos", {"b"}, "Comunicados de 2024"),
    ],
)
def test_archive_by_year_and_month(client, archive, url, expected, heading):
    html = get(client, url)
    assert shown(html, archive) == expected
    assert f"<h1>{heading}</h1>" in html
    assert 'name="year"' not in html  # the year is in the URL


def test_archive_months_are_those_of_the_newsroom_time_zone_like_release_urls(client):
    # 03:00 on 1 January in UTC is still 31 December in Mexico City.
    release = make_release(title_es="Fin de año", title_en="", published_at=datetime(2025, 1, 1, 3, tzinfo=UTC))
    assert release.get_absolute_url().startswith("/es/comunicados/2024/12/")
    assert "Fin de año" in get(client, "/es/comunicados/2024/12/")
    assert "Fin de año" in get(client, "/es/comunicados/?year=2024")
    get(client, "/es/comunicados/2025/01/", status=404)
    assert list(Release.objects.published_in(2024, 12)) == [release]
    assert list(Release.objects.published_in(2025)) == []


def test_a_release_is_written_in_spanish_and_in_each_language_it_has_a_headline_and_body_in():
    assert make_release(title_en="Title", body_en="Body").languages == ["es", "en"]
    assert make_release(title_en="Title only", body_en="").languages == ["es"]
    assert make_release(title_en="", body_en="").languages == ["es"]


def test_archive_of_a_period_without_releases_is_not_found(client, archive):
    get(client, "/es/comunicados/2023/", status=404)
    get(client, "/es/comunicados/2024/04/", status=404)


def test_archive_navigation_lists_months_with_releases(client, archive):
    html = get(client, "/en/releases/")
    assert 'href="/en/releases/2024/03/"' in html and 'href="/en/releases/2025/05/"' in html
    assert 'href="/en/releases/2024/04/"' not in html


def test_release_list_shows_only_published_releases(client):
    shown_release = make_release(title_es="Publicado")
    hidden = [
        make_release(title_es="Borrador", status=Release.Status.DRAFT),
        make_release(title_es="Programado", published_at=shown_release.published_at.replace(year=2099)),
        make_release(title_es="Embargado", embargo_until=shown_release.published_at.replace(year=2099)),
    ]
    html = get(client, "/es/comunicados/")
    assert shown_release.title_es in html
    for release in hidden:
        assert release.title_es not in html


def test_release_list_in_english_marks_untranslated_titles_as_spanish(client):
    make_release(title_es="Solo en español", title_en="", summary_en="")
    make_release(title_es="Con traducción", title_en="With a translation")
    html = get(client, "/en/releases/")
    assert 'lang="es">Solo en español</a>' in html
    assert ">With a translation</a>" in html
    assert '<p class="release-card__summary" lang="es">Primer punto</p>' in html


# --- Release page -----------------------------------------------------------------------


@pytest.fixture
def full_release():
    coalition = make_organisation(
        name_es="Red Ciudadana por la Transparencia",
        name_en="Citizens' Network for Transparency",
        short_name="RCT",
        slug="red-ciudadana",
        logo=image_upload("rct.png"),
    )
    make_organisation_link(coalition, network="facebook", url="https://www.facebook.com/RedCiudadana")
    member = make_organisation(name_es="Observatorio Digital", short_name="ODD", slug="observatorio")
    inai = make_organisation(name_es="Instituto de Transparencia", short_name="IT", is_publisher=False)
    release = make_release(
        issuing_organisations=[coalition, member],
        slug="por-espionaje",
        title_es="Por espionaje, la Red deja la Mesa",
        title_en="Over spying, the Network leaves the Roundtable",
        summary_es="La Red se retira\nExigimos transparencia",
        summary_en="The Network withdraws\nWe demand transparency",
        body_es="La **Red** anuncia su salida.",
        body_en="The **Network** announces its withdrawal.",
        background_es="- La Mesa existe desde 2016.",
        background_en="- The Roundtable has existed since 2016.",
        dateline_place_es="Ciudad de México",
        dateline_place_en="Mexico City",
        published_at=moment(2025, 1, 28),
        featured_image=image_upload("foto.png", size=(120, 63)),
        featured_image_alt_es="Integrantes de la Red en conferencia",
        featured_image_credit="Foto: Archivo RCT",
    )
    release.topics.add(make_topic(name_es="Privacidad", name_en="Privacy", slug="privacidad"))
    release.mentioned_organisations.add(inai)
    spokesperson = make_contact(name="Tomás Severino", is_public=False, phone="")
    press = make_contact(
        name="Lucía Moguel",
        email="prensa@red.example",
        phone="55-4065-8422",
        mobile="55-3521-2521",
        organisation=coalition,
    )
    MediaContact.objects.create(release=release, spokesperson=spokesperson, press_contact=press, position=0)
    ReferenceLink.objects.create(
        release=release, label_es="Informe forense", url="https://lab.example/informe", position=0
    )
    ReferenceLink.objects.create(release=release, url="https://red.example/posicionamiento", position=1)
    make_attachment(release, title_es="Informe completo", title_en="Full report")
    return release


def test_release_page_in_spanish_shows_every_part(client, full_release):
    html = get(client, full_release.get_absolute_url())
    assert_well_formed_page(html)
    assert "<h1>Por espionaje, la Red deja la Mesa</h1>" in html
    assert "<li>La Red se retira</li>" in html and "<li>Exigimos transparencia</li>" in html
    assert "<span>Ciudad de México</span>, " in html and "28 de enero de 2025" in html
    assert "<strong>Red</strong>" in html
    assert '<h2 id="background-heading">Contexto</h2>' in html and "La Mesa existe desde 2016." in html
    assert "Para entrevistas con <strong>Tomás Severino</strong> comunicarse con <strong>Lucía Moguel</strong>:" in html
    contacts = html[html.index('id="contacts-heading"') : html.index('id="background-heading"')]
    phone, mobile, email = re.findall(r'<li class="contact-detail">(.*?)</li>', contacts, re.S)
    assert (
        "Teléfono" in phone
        and '<a class="contact-detail__value contact-detail__phone" href="tel:+525540658422">+52 55 4065 8422</a>'
        in phone
    )
    assert "Móvil" in mobile and 'href="tel:+525535212521">+52 55 3521 2521</a>' in mobile
    assert "Correo electrónico" in email and 'href="mailto:prensa@red.example">prensa@red.example</a>' in email
    assert 'data-copy-value="+52 55 4065 8422"' in phone and 'value="prensa@red.example"' in email
    assert '<a href="https://lab.example/informe" rel="noopener">Informe forense</a>' in html
    assert ">https://red.example/posicionamiento</a>" in html
    attachments = re.escape(media_url("releases/attachments/", base=""))
    assert re.search(
        rf'<a href="{attachments}[^"?]+\.pdf(\?[^"]+)?">Informe completo</a> <span class="muted">\(PDF, 2,0\xa0KB\)',
        html,
    )
    assert 'href="/es/organizaciones/red-ciudadana/"' in html and media_url("organisations/logos/rct", base="") in html
    assert 'href="https://www.facebook.com/RedCiudadana" rel="noopener">Facebook</a>' in html
    assert 'href="/es/temas/privacidad/"' in html
    assert "Instituto de Transparencia (IT)" in html
    assert 'alt="Integrantes de la Red en conferencia"' in html and "Foto: Archivo RCT" in html
    assert "También disponible en:" in html
    english = "/en/releases/2025/01/over-spying-the-network-leaves-the-roundtable/"
    assert f'<a href="{english}" hreflang="en" lang="en">English</a>' in html
    main = html[html.index("<main") : html.index("</main>")]
    assert 'lang="es"' not in main  # nothing on a Spanish page is in another language but the link


def test_release_page_in_english_marks_what_falls_back_to_spanish(client, full_release):
    html = get(client, "/en/releases/2025/01/over-spying-the-network-leaves-the-roundtable/")
    assert_well_formed_page(html)
    assert "<h1>Over spying, the Network leaves the Roundtable</h1>" in html
    assert 'href="tel:+525540658422">+52 55 4065 8422</a>' in html  # the same format in English
    assert '<h2 id="background-heading">Background</h2>' in html
    assert "For interviews with <strong>Tomás Severino</strong> contact <strong>Lucía Moguel</strong>:" in html
    # Not translated: the link label and the image description are shown in Spanish, so marked.
    assert 'rel="noopener" lang="es">Informe forense</a>' in html
    assert 'alt="Integrantes de la Red en conferencia" lang="es"' in html
    assert ">Full report</a>" in html
    assert 'hreflang="es" lang="es">Español</a>' in html
    assert "has not been translated" not in html


def test_untranslated_release_is_shown_in_spanish_on_english_pages_marked_lang_es(client):
    release = make_release(
        slug="solo-espanol",
        title_es="Solo en español",
        title_en="",
        summary_es="Un punto",
        body_es="Cuerpo en español.",
    )
    with translation.override("en"):
        html = get(client, release.get_absolute_url())
    assert '<h1 lang="es">Solo en español</h1>' in html
    assert '<ul class="release__summary" lang="es">' in html
    assert '<div class="release__body prose" lang="es">' in html
    assert "This release has not been translated into English; it is shown in Spanish." in html
    assert "Also available in" not in html
    # The copy under /en/ points search engines at the Spanish original.
    spanish = f"http://testserver{release.get_absolute_url()}"
    assert f'<link rel="canonical" href="{spanish}">' in html
    assert 'hreflang="en" href=' not in html
    # And the Spanish page does not offer an English version.
    assert "También disponible" not in get(client, release.get_absolute_url())


def test_release_page_has_search_and_sharing_metadata(client, full_release):
    html = get(client, full_release.get_absolute_url())
    url = "http://testserver/es/comunicados/2025/01/por-espionaje/"
    assert "<title>Por espionaje, la Red deja la Mesa · Sala de prensa</title>" in html
    assert '<meta name="description" content="La Red se retira Exigimos transparencia">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<link rel="alternate" hreflang="es" href="{url}">' in html
    english = "http://testserver/en/releases/2025/01/over-spying-the-network-leaves-the-roundtable/"
    assert f'<link rel="alternate" hreflang="en" href="{english}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Por espionaje, la Red deja la Mesa">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert re.search(rf'<meta property="og:image" content="{re.escape(media_url("releases/images/"))}[^"]+">', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Por espionaje, la Red deja la Mesa"
    assert data["url"] == url and data["inLanguage"] == "es"
    assert data["datePublished"].startswith("2025-01-28")
    assert data["image"][0].startswith(media_url("releases/images/"))
    assert [author["name"] for author in data["author"]] == [
        "Red Ciudadana por la Transparencia",
        "Observatorio Digital",
    ]
    assert data["publisher"]["logo"].startswith(media_url("organisations/logos/"))


def test_structured_data_cannot_break_out_of_its_script_element(client):
    release = make_release(title_es='Cierre </script><script>alert("x")</script> & más')
    html = get(client, release.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == 'Cierre </script><script>alert("x")</script> & más'
    assert "<script>alert" not in html


def test_titles_and_labels_are_escaped(client):
    release = make_release(title_es="<b>Negritas</b> & <i>cursivas</i>", summary_es="<img src=x onerror=alert(1)>")
    ReferenceLink.objects.create(release=release, label_es="<script>x</script>", url="https://x.example", position=0)
    html = get(client, release.get_absolute_url())
    assert "&lt;b&gt;Negritas&lt;/b&gt; &amp; &lt;i&gt;cursivas&lt;/i&gt;" in html
    assert "<img src=x" not in html and "<script>x" not in html


def test_release_page_shows_a_release_with_nothing_optional(client):
    release = make_release(summary_es="", background_es="", dateline_place_es="")
    html = get(client, release.get_absolute_url())
    assert release.title_es in html
    for absent in ("background-heading", "contacts-heading", "links-heading", "attachments-heading", "<figure"):
        assert absent not in html


def test_release_page_shows_the_release(client):
    release = make_full_release(body_es="Texto con **negritas**.")
    html = get(client, release.get_absolute_url())
    assert release.title_es in html
    assert "<strong>negritas</strong>" in html
    for link in release.links.all():
        assert link.url in html


def test_draft_release_page_is_not_found_for_the_public(client):
    release = make_release(status=Release.Status.DRAFT)
    assert client.get(release.get_absolute_url()).status_code == 404


def test_staff_who_can_change_releases_preview_a_draft_uncached(client):
    release = make_release(status=Release.Status.DRAFT)
    writer = get_user_model().objects.create_user("writer", password="pw", is_staff=True)
    writer.user_permissions.add(Permission.objects.get(codename="change_release"))
    client.force_login(writer)
    response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_release_url_with_a_wrong_date_redirects_to_the_real_one(client):
    release = make_release(slug="fecha")
    response = client.get("/es/comunicados/2001/01/fecha/")
    assert response.status_code == 301
    assert response["Location"] == release.get_absolute_url()


# --- Organisations ----------------------------------------------------------------------


@pytest.fixture
def coalition():
    """A coalition with its directory: members, a coalition it belongs to, people. Editors
    listed them all (names not yet on the public record are otherwise private: test_leaks.py)."""
    coalition = make_organisation(
        is_listed=True,
        name_es="Red Ciudadana",
        name_en="Citizens' Network",
        short_name="RCT",
        slug="red",
        kind=Organisation.Kind.COALITION,
        description_es="Una **coalición** de organizaciones.",
        description_en="",
        website="https://red.example",
    )
    make_organisation_link(coalition, network="x", url="https://x.com/red")
    for name in ("Artículo Diecinueve", "Borde Jurídico"):
        make_membership(coalition, make_organisation(name_es=name, name_en="", is_listed=True))
    umbrella = make_organisation(name_es="Alianza Regional", name_en="", slug="alianza", is_listed=True)
    make_membership(umbrella, coalition)
    make_contact(name="Lucía Moguel", organisation=coalition, role_es="Prensa", role_en="", is_listed=True)
    make_contact(name="Vocera Privada", organisation=coalition, is_public=False, is_listed=True)
    return coalition


@pytest.mark.parametrize("language", ["es", "en"])
def test_organisation_page_shows_profile_members_contacts_and_releases(client, coalition, language):
    issued = make_release(issuing_organisations=[coalition], title_es="Emitido por la Red", title_en="")
    mentioned = make_release(title_es="Menciona a la Red", title_en="")
    mentioned.mentioned_organisations.add(coalition)
    draft = make_release(
        issuing_organisations=[coalition], title_es="Borrador de la Red", title_en="", status=Release.Status.DRAFT
    )
    html = get(client, f"/{language}/{'organizaciones/red' if language == 'es' else 'organisations/citizens-network'}/")
    assert_well_formed_page(html)
    assert "<strong>coalición</strong>" in html
    assert "Artículo Diecinueve" in html and "Borde Jurídico" in html and "Alianza Regional" in html
    assert "Lucía Moguel" in html and "Vocera Privada" not in html
    assert issued.title_es in html and mentioned.title_es in html and draft.title_es not in html
    assert 'href="https://x.com/red" rel="noopener"' in html and 'href="https://red.example" rel="noopener"' in html
    assert "?organisation=red" in html
    if language == "en":
        assert "<h1>Citizens' Network" in html.replace("&#x27;", "'")
        assert '<div class="prose" lang="es">' in html  # the description has no English version
        assert '<span class="muted" lang="es">Prensa</span>' in html


def test_organisation_page_lists_only_its_published_releases(client):
    organisation = make_organisation()
    shown_release = make_release(issuing_organisations=[organisation])
    draft = make_release(issuing_organisations=[organisation], status=Release.Status.DRAFT)
    html = get(client, organisation.get_absolute_url())
    assert shown_release.title_es in html
    assert draft.title_es not in html


def test_unknown_organisation_is_not_found(client):
    get(client, "/es/organizaciones/no-existe/", status=404)


@pytest.mark.parametrize("url", ["/es/organizaciones/", "/en/organisations/"])
def test_organisations_index_separates_publishers_from_the_others(client, url):
    make_organisation(name_es="Publica Aquí", name_en="", is_publisher=True, is_listed=True)
    make_organisation(name_es="Solo Mencionada", name_en="", is_publisher=False, is_listed=True)
    html = get(client, url)
    assert_well_formed_page(html)
    assert html.index("Publica Aquí") < html.index("Solo Mencionada")


@pytest.mark.parametrize("url", ["/es/contactos-de-prensa/", "/en/press-contacts/"])
def test_press_contacts_are_public_ones_grouped_by_organisation(client, url):
    listed = {"is_listed": True}  # by an editor: see test_leaks.py for names not yet public
    first = make_organisation(name_es="Alfa Ciudadana", name_en="Alpha Citizens", **listed)
    second = make_organisation(name_es="Beta Datos", name_en="", **listed)
    make_contact(name="Ana Prensa", organisation=second, phone="55-1234-5678", email="ana@beta.example", **listed)
    make_contact(name="Raúl Medios", organisation=first, **listed)
    make_contact(name="Sin Organización", **listed)
    make_contact(name="Persona Privada", organisation=first, is_public=False, **listed)
    html = get(client, url)
    assert_well_formed_page(html)
    assert html.index("Raúl Medios") < html.index("Ana Prensa") < html.index("Sin Organización")
    assert "Persona Privada" not in html
    assert 'href="tel:+525512345678">+52 55 1234 5678</a>' in html and 'href="mailto:ana@beta.example"' in html
    if url.startswith("/en/"):
        assert 'lang="es">Beta Datos</a>' in html


# --- Topics -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_topic_page_lists_its_published_releases(client, language):
    topic = make_topic(name_es="Privacidad", name_en="", slug="privacidad")
    other = make_topic(slug="otro")
    shown_release = make_release(title_es="Sobre privacidad", title_en="")
    shown_release.topics.add(topic)
    make_release(title_es="Sobre otra cosa", title_en="").topics.add(other)
    make_release(title_es="Borrador privado", title_en="", status=Release.Status.DRAFT).topics.add(topic)
    html = get(client, f"/{language}/{'temas' if language == 'es' else 'topics'}/privacidad/")
    assert_well_formed_page(html)
    assert "Sobre privacidad" in html and "Sobre otra cosa" not in html and "Borrador privado" not in html
    assert 'name="topic"' not in html
    if language == "en":
        assert '<h1 lang="es">Privacidad</h1>' in html


def test_unknown_topic_is_not_found(client):
    get(client, "/en/topics/no-such-topic/", status=404)


@pytest.mark.parametrize(("url", "count"), [("/es/temas/", "1 comunicado<"), ("/en/topics/", "1 release<")])
def test_topics_index_counts_published_releases_only(client, url, count):
    topic = make_topic(name_es="Privacidad", name_en="", slug="privacidad")
    make_release().topics.add(topic)
    make_release(status=Release.Status.DRAFT).topics.add(topic)
    make_topic(name_es="Sin comunicados", name_en="No releases")
    html = get(client, url)
    assert_well_formed_page(html)
    assert count in html and "Sin comunicados" not in html and "No releases" not in html
    assert f'<a href="{url}privacidad/"' in html
    if url.startswith("/en/"):
        assert 'lang="es">Privacidad</a>' in html


# --- Errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "text"), [("/es/no-existe/", "Página no encontrada"), ("/en/nowhere/", "Page not found")]
)
def test_unknown_url_gets_a_styled_404(client, url, text):
    html = get(client, url, status=404)
    assert f"<h1>{text}</h1>" in html
    assert "/static/css/site.css" in html and 'role="search"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_500_page_needs_no_database_and_no_context_processors(django_assert_num_queries):
    request = RequestFactory().get("/es/")
    with translation.override("en"), django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html and "/static/css/site.css" in html
    assert '<html lang="en">' in html


# --- Search page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "count"), [("/es/buscar/?q=mexico", "1 comunicado coincide"), ("/en/search/?q=mexico", "1 release matches")]
)
def test_search_page_finds_and_highlights_in_both_languages(client, url, count):
    make_release(title_es="Espionaje en México", title_en="", body_es="Ocurrió en MÉXICO.", summary_es="")
    make_release(title_es="Otra cosa", title_en="Something else", body_es="Nada.")
    html = get(client, url)
    assert_well_formed_page(html)
    assert count in html
    assert "Espionaje en México" in html and "Otra cosa" not in html
    assert "<mark>MÉXICO</mark>" in html
    assert '<meta name="robots" content="noindex, follow">' in html
    if url.startswith("/en/"):
        assert 'lang="es">Espionaje en México</a>' in html
        assert 'release-card__snippet" lang="es">' in html


def test_search_combines_with_filters(client):
    organisation = make_organisation(slug="red")
    make_release(issuing_organisations=[organisation], title_es="Vigilancia de la Red", title_en="")
    make_release(title_es="Vigilancia de otros", title_en="")
    html = get(client, "/es/buscar/?q=vigilancia&organisation=red")
    assert "Vigilancia de la Red" in html and "Vigilancia de otros" not in html
    assert '<details class="filters__more" open>' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=",
        "q=+++",
        "q=%21%21%21%3F%3F",
        "q=" + "x" * 10_000,
        "q=%00",
        "q=a%00b",
        "q=%3Cscript%3E",
        "q=" + "%C3%B1" * 5000,
    ],
)
def test_absurd_searches_get_a_normal_page(client, query):
    make_release(title_es="Algo publicado")
    html = get(client, "/es/buscar/?" + query)
    assert "<h1>Buscar comunicados</h1>" in html
    assert "<script>" not in html.split("<main")[1]


def test_a_long_search_is_cut_with_a_note(client):
    make_release(title_es="Transparencia presupuestaria")
    html = get(client, "/es/buscar/?q=" + "presupuestaria " + "x" * 400)
    assert "solo se usaron sus primeros 200 caracteres" in html


def test_a_search_without_words_says_so(client):
    html = get(client, "/en/search/?q=%21%21%21")
    assert "Type at least one word" in html


# --- Lists: lead story, cards ------------------------------------------------------------


def test_home_leads_with_the_newest_release_larger_with_its_image_and_summary(client):
    older = make_release(title_es="Anterior", published_at=timezone.now() - timedelta(days=3))
    newest = make_release(
        title_es="El más reciente",
        summary_es="Primer punto\nSegundo punto",
        featured_image=image_upload("portada.png", size=(160, 90)),
        featured_image_alt_es="Conferencia de prensa",
    )
    html = get(client, "/es/")
    assert_well_formed_page(html)
    lead = html[html.index('<article class="lead-story"') : html.index("</article>")]
    assert "El más reciente" in lead and "<li>Primer punto</li><li>Segundo punto</li>" in lead
    image = re.search(r"<img [^>]*>", lead).group(0)
    # The image itself or one of its renditions (named after it: <original>.<width>w.webp).
    assert f'src="{newest.featured_image.url}' in image and 'alt="Conferencia de prensa"' in image
    assert 'width="736" height="414"' in image and 'loading="lazy"' not in image
    # The others follow as cards, the lead story not repeated.
    assert html.count("El más reciente") == 1 + html.count("<title>El más reciente")
    assert html.index("lead-story") < html.index(older.title_es)


def test_cards_name_issuers_in_full_and_show_the_time_and_an_image_slot(client):
    issuer = make_organisation(name_es="Red Ciudadana", name_en="", short_name="RCT")
    release = make_release(
        issuing_organisations=[issuer],
        title_en="",
        published_at=moment(2025, 3, 1),
        featured_image=image_upload("foto.png", size=(160, 90)),
        featured_image_alt_es="Foto",
    )
    make_release(title_es="Sin imagen", title_en="", published_at=moment(2025, 2, 1))
    html = get(client, "/en/releases/")
    card = html[html.index(f">{release.title_es}<") : html.index("Sin imagen")]
    assert '<span lang="es">Red Ciudadana</span>' in card and ">RCT<" not in card
    assert '<time datetime="2025-03-01T12:00:00-06:00">March 1, 2025, noon CST</time>' in card
    image = re.search(r"<img [^>]*>", card).group(0)
    assert 'alt=""' in image and 'width="192" height="108"' in image and 'loading="lazy"' in image
    assert html.count('class="release-card__image"') == 1


@pytest.mark.parametrize("language", ["es", "en"])
def test_organisation_and_topic_pages_show_their_feeds_and_the_alert_sign_up(client, language):
    organisation = make_organisation(slug="red", name_en="Network", is_listed=True)
    topic = make_topic(slug="privacidad", name_en="Privacy")
    make_release().topics.add(topic)
    feeds = {"es": "/es/canales/", "en": "/en/feeds/"}[language]
    for obj, kind in ((organisation, "organisations" if language == "en" else "organizaciones"), (topic, "")):
        with translation.override(language):
            url = obj.get_absolute_url()
        html = get(client, url)
        main = html[html.index("<main") :]
        slug = obj.slug_for(language)
        assert f'href="http://testserver{feeds}' in main and f"/{slug}/rss/" in main and f"/{slug}/atom/" in main
        assert 'class="alerts-form"' in main
        assert "?subject=" in main
        assert kind in url
