"""Only Release.objects.published() reaches the public: not a draft, a scheduled or an embargoed release."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from releases.models import Release
from tests.factories import make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/es/",
    "/en/",
    "/es/comunicados/",
    "/en/releases/",
    "/es/comunicados/{year}/",
    "/es/organizaciones/oculta/",
    "/en/organisations/oculta/",
    "/es/organizaciones/mencionada/",
    "/es/temas/oculto/",
    "/en/topics/oculto/",
    "/es/temas/",
    "/es/buscar/?q=zafiro",
    "/en/search/?q=zafiro",
    "/es/buscar/?q=zafiro&organisation=oculta",
    "/sitemap.xml",
]


@pytest.fixture
def hidden_releases():
    """A visible release and three hidden ones, all sharing an organisation, a topic and a word."""
    organisation = make_organisation(slug="oculta")
    mentioned = make_organisation(slug="mencionada", is_publisher=False)
    topic = make_topic(slug="oculto")
    future = timezone.now() + timedelta(days=3)
    kinds = {
        "visible": {},
        "draft": {"status": Release.Status.DRAFT},
        "scheduled": {"published_at": future},
        "embargoed": {"embargo_until": future},
    }
    releases = {}
    for kind, fields in kinds.items():
        release = make_release(
            issuers=[organisation],
            slug=f"zafiro-{kind}",
            title_es=f"Zafiro {kind} es",
            title_en=f"Zafiro {kind} en",
            body_es="Zafiro",
            **fields,
        )
        release.topics.add(topic)
        release.mentioned_organisations.add(mentioned)
        releases[kind] = release
    return releases


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_unpublished_releases_appear_on_no_public_page(client, hidden_releases, url):
    year = timezone.localtime(hidden_releases["visible"].published_at).year
    html = client.get(url.format(year=year)).content.decode()
    for kind in ("draft", "scheduled", "embargoed"):
        assert f"zafiro-{kind}" not in html, f"{kind} release on {url}"
        assert f"Zafiro {kind}" not in html, f"{kind} release on {url}"
    if url != "/es/temas/":
        assert "zafiro-visible" in html, f"the published release is missing from {url}"


@pytest.mark.parametrize("kind", ["draft", "scheduled", "embargoed"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_an_unpublished_release_page_is_not_found(client, hidden_releases, kind, language):
    with translation.override(language):
        url = hidden_releases[kind].get_absolute_url()
    assert client.get(url).status_code == 404
