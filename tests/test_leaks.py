"""The leak walk: a release that is a draft, in review, scheduled or under embargo appears on no
public surface, in either language: not its title, slug, image or attachment URLs. A withdrawn
release leaves every listing (feeds, search and the sitemap included) and keeps its own page.

tests/test_leaks_names.py walks the same surfaces for the names that only hidden releases give
(organisations, people, topics).

Every public surface is one line in SURFACES: lists and archives, organisation and topic pages,
search, another release's page (its OpenGraph tags and JSON-LD), every feed, the subscribe page
and the sitemap. Add each new surface there and the walk covers it for every hidden state and
both languages.
"""

from datetime import timedelta
from functools import partial
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language

from releases import services
from releases.feed_discovery import feed_path
from releases.feeds import FORMATS
from releases.models import Attachment, Release
from tests.factories import (
    image_upload,
    make_full_release,
    make_organisation,
    make_release,
    make_topic,
)

pytestmark = pytest.mark.django_db

LISTING, LINKS, PAGE, OWN_PAGE = "listing", "links", "page", "own page"


def feed_surfaces():
    """Every feed: the newsroom's, the hidden release's issuing organisation's and its topic's, as
    RSS and Atom (the walk runs each in both languages)."""
    subjects = {
        "all": lambda release: None,
        "organisation": lambda release: release.issuing_organisations.first(),
        "topic": lambda release: release.topics.first(),
    }
    return [
        (f"{kind} feed ({feed_format})", partial(feed_url, kind, feed_format, subject), LISTING)
        for kind, subject in subjects.items()
        for feed_format in FORMATS
    ]


def feed_url(kind, feed_format, subject, release):
    return feed_path(kind, feed_format, subject(release))


def search_url(release, **filters):
    """A search for a word of the hidden release's title, which the visible sibling's text has too."""
    word = {"es": "secreto", "en": "secret"}[get_language()]
    return f"{reverse('releases:search')}?{urlencode({'q': word, **filters})}"


def archive_url(release, month=False):
    moment = timezone.localtime(release.published_at or release.created_at)
    return reverse("releases:month" if month else "releases:year", args=[moment.year, moment.month][: 1 + month])


def another_release_page(release):
    """The visible sibling's page: its OpenGraph tags, JSON-LD and everything around the release."""
    return release.issuing_organisations.first().releases.published().get().get_absolute_url()


# (name, URL of the surface given the hidden release, kind). A listing must show the published
# sibling (so the walk is really looking at content) and nothing of the hidden release; a list
# of links (the sitemap) must link to the sibling; a page must load and show nothing of the
# hidden release; the hidden release's own page must not be found. Any other surface must
# show nothing of it, whether it exists (200) or not (404).
SURFACES = [
    ("home", lambda release: reverse("releases:home"), LISTING),
    ("release list", lambda release: reverse("releases:list"), LISTING),
    ("release list, page 2", lambda release: reverse("releases:list") + "?page=2", None),
    (
        "release list, filtered by topic",
        lambda release: f"{reverse('releases:list')}?topic={release.topics.first().slug}",
        LISTING,
    ),
    ("archive of the year", archive_url, None),
    ("archive of the month", partial(archive_url, month=True), None),
    ("issuing organisation", lambda release: release.issuing_organisations.first().get_absolute_url(), LISTING),
    ("mentioned organisation", lambda release: release.mentioned_organisations.first().get_absolute_url(), LISTING),
    ("organisation list", lambda release: reverse("contacts:organisation_list"), PAGE),
    ("press contacts", lambda release: reverse("contacts:press_contacts"), PAGE),
    ("topic page", lambda release: release.topics.first().get_absolute_url(), LISTING),
    ("topic list", lambda release: reverse("topics:list"), PAGE),
    ("search", search_url, LISTING),
    (
        "search, filtered by organisation",
        lambda release: search_url(release, organisation=release.issuing_organisations.first().slug),
        LISTING,
    ),
    ("another release's page", another_release_page, LISTING),
    ("release page", lambda release: release.get_absolute_url(), OWN_PAGE),
    *feed_surfaces(),
    ("subscribe page", lambda release: reverse("releases:subscribe"), PAGE),
    ("email alerts sign-up", lambda release: reverse("alerts:subscribe"), PAGE),
    ("sitemap", lambda release: reverse("site:sitemap"), LINKS),
]

HOUR = timedelta(hours=1)
HIDDEN_STATES = {
    "draft": lambda: {"status": Release.Status.DRAFT},
    "in review": lambda: {"status": Release.Status.IN_REVIEW},
    "scheduled": lambda: {"published_at": timezone.now() + HOUR},
    "under embargo": lambda: {"embargo_until": timezone.now() + HOUR},
    # Under an embargo a release goes out when it ends: that is its publication time.
    "scheduled and under embargo": lambda: dict.fromkeys(["published_at", "embargo_until"], timezone.now() + HOUR),
}


def hidden_release(state, **fields):
    """A release with everything a page could leak: two titles, a slug, an image, an attachment."""
    key = state.replace(" ", "-")
    release = make_full_release(
        title_es=f"Secreto {state} ES",
        title_en=f"Secret {state} EN",
        slug=f"secreto-{key}-q7x",
        featured_image=image_upload(f"secreta-{key}.png"),
        featured_image_alt_es="Foto secreta",
        **HIDDEN_STATES[state](),
        **fields,
    )
    Attachment.objects.create(
        release=release,
        title_es="Anexo secreto",
        file=SimpleUploadedFile(f"anexo-secreto-{key}.pdf", b"%PDF-1.4 secreto"),
        position=0,
    )
    return release


def visible_sibling(release):
    """A published release, translated, from the hidden release's organisation and on its topic:
    every listing of the walk, feeds included, must show it."""
    sibling = make_release(
        title_es="Comunicado visible",
        title_en="Visible release",
        body_es="Texto del **comunicado**, sin ningún secreto.",
        body_en="The release's **text**, with no secret.",
        issuing_organisations=[release.issuing_organisations.first()],
    )
    sibling.topics.set(release.topics.all())
    sibling.mentioned_organisations.set(release.mentioned_organisations.all())
    return sibling


def shows(html, release, kind, language):
    """Whether a listing shows the release (its title in that language) or a list of links links to it."""
    if kind == LINKS:
        with translation.override(language):
            return release.get_absolute_url() in html
    return getattr(release, f"title_{language}") in html


def secrets_of(release):
    return [
        release.title_es,
        release.title_en,
        release.slug,
        release.featured_image.url,
        release.featured_image.name.rsplit("/", 1)[-1],
        *(attachment.file.url for attachment in release.attachments.all()),
        *(attachment.file.name.rsplit("/", 1)[-1] for attachment in release.attachments.all()),
    ]


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("state", HIDDEN_STATES)
@pytest.mark.parametrize(("surface", "url_for", "kind"), SURFACES, ids=[surface[0] for surface in SURFACES])
def test_a_hidden_release_appears_on_no_public_surface(client, settings, state, surface, url_for, kind, language):
    settings.DEBUG = False  # the real 404 page, not the debug one that echoes the URL
    release = hidden_release(state)
    sibling = visible_sibling(release)
    with translation.override(language):
        url = url_for(release)
    response = client.get(url)
    html = response.content.decode()
    secrets = secrets_of(release)
    if kind == OWN_PAGE:
        # The 404 page's language switcher repeats the path that was asked for: the slug in it
        # comes from the visitor, not from the release.
        secrets.remove(release.slug)
    for secret in secrets:
        assert secret not in html, f"{surface} ({language}) shows {secret!r} of a release {state}"
    if kind in (LISTING, LINKS):
        assert response.status_code == 200
        assert shows(html, sibling, kind, language), f"{surface} ({language}) does not show the published sibling"
    elif kind == PAGE:
        assert response.status_code == 200
    elif kind == OWN_PAGE:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 404)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(("surface", "url_for", "kind"), SURFACES, ids=[surface[0] for surface in SURFACES])
def test_a_withdrawn_release_leaves_every_listing_but_keeps_its_page(client, editor, surface, url_for, kind, language):
    release = hidden_release("draft")
    services.release_publish(release=release, actor=editor, at=timezone.now() - HOUR)
    services.release_withdraw(release=release, actor=editor, explanation_es="Retirado por un error.")
    sibling = visible_sibling(release)
    with translation.override(language):
        url = url_for(release)
    response = client.get(url)
    html = response.content.decode()
    if kind == OWN_PAGE:
        assert response.status_code == 200
        assert release.title_es in html or release.title_en in html
        return
    for secret in [release.title_es, release.title_en, release.slug]:
        assert secret not in html, f"{surface} ({language}) lists the withdrawn release"
    if kind in (LISTING, LINKS):
        assert response.status_code == 200
        assert shows(html, sibling, kind, language), f"{surface} ({language}) does not show the published sibling"


def test_the_walk_covers_a_public_release_so_it_can_fail(client):
    """The same walk on a published release finds it on its listings: the checks above are live."""
    organisation = make_organisation()
    release = make_release(title_es="Comunicado público, no secreto", issuing_organisations=[organisation])
    release.mentioned_organisations.add(make_organisation())
    release.topics.add(make_topic())
    for surface, url_for, kind in SURFACES:
        if kind in (LISTING, LINKS, OWN_PAGE):
            html = client.get(url_for(release)).content.decode()
            assert shows(html, release, LINKS if kind == LINKS else LISTING, "es"), surface
