"""What search engines are told: sitemap.xml with language alternates, and robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from releases.models import Release
from tests.factories import make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def read_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urls = {}
    for url in ET.fromstring(response.content).findall("s:url", NS):  # noqa: S314 - our own output
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
        urls[url.find("s:loc", NS).text] = alternates
    return urls


def test_sitemap_lists_releases_in_each_language_they_are_written_in(client):
    translated = make_release(slug="traducido", title_en="Translated", body_en="Text.")
    make_release(slug="solo-es", title_en="", body_en="")
    make_release(slug="borrador", status=Release.Status.DRAFT)
    make_release(slug="programado", published_at=translated.published_at.replace(year=2099))
    urls = read_sitemap(client)
    base = "http://testserver"
    es = next(url for url in urls if url.endswith("/traducido/") and "/es/" in url)
    # The English page has its own slug, made from the English headline.
    en = next(url for url in urls if url.endswith("/translated/") and "/en/" in url)
    assert es.startswith(f"{base}/es/comunicados/") and en.startswith(f"{base}/en/releases/")
    assert urls[es] == {"es": es, "en": en} == urls[en]
    solo = [url for url in urls if url.endswith("/solo-es/")]
    assert len(solo) == 1 and "/es/comunicados/" in solo[0] and urls[solo[0]] == {"es": solo[0]}
    assert not [url for url in urls if "borrador" in url or "programado" in url]


def test_sitemap_lists_pages_organisations_and_topics_with_alternates(client):
    make_organisation(slug="red", name_en="Network", is_listed=True)
    make_organisation(slug="sin-publicar")  # no public release names it yet, no editor listed it
    topic = make_topic(slug="privacidad", name_en="Privacy")
    make_release().topics.add(topic)
    make_topic(slug="sin-comunicados")
    urls = read_sitemap(client)
    base = "http://testserver"
    for spanish, english in [
        ("/es/", "/en/"),
        ("/es/comunicados/", "/en/releases/"),
        ("/es/temas/", "/en/topics/"),
        ("/es/organizaciones/", "/en/organisations/"),
        ("/es/contactos-de-prensa/", "/en/press-contacts/"),
        ("/es/organizaciones/red/", "/en/organisations/network/"),
        ("/es/temas/privacidad/", "/en/topics/privacy/"),
    ]:
        assert urls[base + spanish] == {"es": base + spanish, "en": base + english}
    assert not [url for url in urls if "sin-comunicados" in url or "sin-publicar" in url]
    assert not [url for url in urls if "buscar" in url or "search" in url]


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_search_results(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ("/admin/", "/es/buscar/", "/en/search/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
