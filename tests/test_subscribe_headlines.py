"""The headlines feed (headline and summary of each release) on the subscribe page: offered as a
choice with its own label in both languages, advertised with `<link rel="alternate">` there, and
a feed only (email alerts already carry each headline and summary)."""

import re

import pytest

from tests.factories import make_media_contact, make_release

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def main(html):
    return html.split("<main")[1].split("</main>")[0]


def alternates(html):
    pattern = r'<link rel="alternate" type="application/(?:rss|atom)\+xml" title="([^"]*)" href="([^"]*)"'
    return re.findall(pattern, html)


@pytest.mark.parametrize(
    ("page", "label"),
    [
        ("/es/suscribirse/", "Solo titulares: el titular y el resumen de cada comunicado"),
        ("/en/subscribe/", "Headlines only: each release&#x27;s headline and summary"),
    ],
)
def test_the_subscribe_page_offers_the_headlines_feed_with_its_own_label(client, page, label):
    html = client.get(page).content.decode()
    assert f'<option value="headlines">{label}</option>' in html


@pytest.mark.parametrize(
    ("query", "address"),
    [
        ("subject=headlines&language=es&format=rss", "/es/canales/titulares/rss/"),
        ("subject=headlines&language=es&format=atom", "/es/canales/titulares/atom/"),
        ("subject=headlines&language=en&format=rss", "/en/feeds/headlines/rss/"),
    ],
)
def test_choosing_the_headlines_gives_their_feed_address(client, query, address):
    make_media_contact(make_release(title_es="Titular del día"))
    html = main(client.get(f"/es/suscribirse/?{query}").content.decode())
    assert re.findall(r'href="(http://testserver/[^"]*/(?:rss|atom)/)"', html) == [HOST + address]
    assert "each with its summary" in client.get(f"/en/subscribe/?{query}").content.decode()
    feed = client.get(address)
    assert feed.status_code == 200 and "Titular del día" in feed.content.decode()


def test_headlines_by_email_is_explained_and_gives_no_address_nor_alerts_form(client):
    html = main(client.get("/en/subscribe/?subject=headlines&language=en&format=email").content.decode())
    assert 'role="alert"' in html and "headlines come as a feed only" in html
    assert "/feeds/" not in html and 'name="email"' not in html


def test_the_subscribe_page_advertises_the_headlines_feed_after_the_newsroom_s(client):
    links = alternates(client.get("/es/suscribirse/").content.decode())
    assert [href for _title, href in links] == [
        f"{HOST}/es/canales/rss/",
        f"{HOST}/es/canales/atom/",
        f"{HOST}/es/canales/titulares/rss/",
        f"{HOST}/es/canales/titulares/atom/",
    ]
    assert links[2][0] == "Sala de prensa: titulares (RSS)"


def test_other_pages_still_advertise_the_newsroom_s_feeds_only(client):
    hrefs = [href for _title, href in alternates(client.get("/en/").content.decode())]
    assert hrefs == [f"{HOST}/en/feeds/rss/", f"{HOST}/en/feeds/atom/"]
