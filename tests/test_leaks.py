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


# --- The files of hidden releases ----------------------------------------------------------------
#
# Every file URL of a hidden release (its image, each of its image's renditions, its attachment)
# is walked for every hidden state and every kind of visitor: those who may have it get the file
# (streamed from MEDIA_ROOT, or, in the S3 leg, a redirect to a signed URL of the bucket that is
# fetched back), everyone else a 404 that is never cached.

FILE_STATES = {
    **HIDDEN_STATES,
    # Withdrawn before it ever became public (an import can leave one): never on the public record.
    "withdrawn, never public": lambda: {
        "status": Release.Status.WITHDRAWN,
        "embargo_until": timezone.now() + HOUR,
        "published_at": timezone.now() + HOUR,
        "withdrawn_at": timezone.now(),
    },
}
EMBARGOED = {"under embargo", "scheduled and under embargo"}
CHANGEABLE_BY_WRITERS = {"draft", "in review"}


def file_urls(release):
    """Every URL of the release's files: the image, each rendition of it, the attachment."""
    from newsroom import renditions

    image = release.featured_image
    return [
        image.url,
        *(url for _width, url in renditions.srcset(image, release.featured_image_width)),
        *(attachment.file.url for attachment in release.attachments.all()),
    ]


def link_token(release, **fields):
    """The file token of a preview link of `release` (made directly: the services make links only
    for releases under embargo, and the walk must also try links of releases in other states)."""
    from releases.media import preview_file_token
    from releases.models import PreviewLink

    fields.setdefault("expires_at", timezone.now() + HOUR)
    link = PreviewLink.objects.create(
        release=release, token_hash=f"{release.pk}-{len(fields)}-{timezone.now()}", recipient="Ana", **fields
    )
    return preview_file_token(link)


def visitors():
    """(name, function (release) -> (client, query string), whether they may have the files in a state)."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    from tests.factories import make_staff

    def logged_in(user):
        client = Client()
        client.force_login(user)
        return client

    def anonymous(release):
        return Client(), ""

    def writer(release):
        return logged_in(make_staff("writer", "Writers")), ""

    def editor(release):
        return logged_in(make_staff("editor", "Editors")), ""

    def viewer(release):
        user = make_staff("viewer")
        user.user_permissions.set(Permission.objects.filter(codename__in=["view_release", "view_organisation"]))
        return logged_in(user), ""

    def valid_link(release):
        return Client(), f"?access={link_token(release)}"

    def revoked_link(release):
        return Client(), f"?access={link_token(release, revoked_at=timezone.now())}"

    def expired_link(release):
        return Client(), f"?access={link_token(release, expires_at=timezone.now() - timedelta(seconds=1))}"

    def another_releases_link(release):
        other = make_release(slug="otro-embargo", embargo_until=timezone.now() + HOUR)
        return Client(), f"?access={link_token(other)}"

    def forged_token(release):
        token = link_token(release)
        return Client(), f"?access={token[:-2]}xx"

    return [
        ("anonymous", anonymous, lambda state: False),
        ("a writer", writer, lambda state: state in CHANGEABLE_BY_WRITERS),
        ("an editor", editor, lambda state: True),
        ("staff who may only view", viewer, lambda state: False),
        ("a valid preview link", valid_link, lambda state: state in EMBARGOED),
        ("a revoked preview link", revoked_link, lambda state: False),
        ("an expired preview link", expired_link, lambda state: False),
        ("another release's preview link", another_releases_link, lambda state: False),
        ("a forged link token", forged_token, lambda state: False),
    ]


VISITORS = visitors()


def received(client, url):
    """The bytes a visitor gets at `url`, or None for a 404 (asserted never cached). In the S3 leg
    the file comes by a redirect to a signed URL of the private bucket, fetched back."""
    import os
    import urllib.request

    response = client.get(url)
    if response.status_code == 404:
        assert "no-store" in response["Cache-Control"], url
        return None
    if os.environ.get("MEDIA_S3_BUCKET"):
        assert response.status_code == 302, url
        target = response["Location"]
        bucket = f"{os.environ['MEDIA_S3_ENDPOINT_URL']}/{os.environ['MEDIA_S3_BUCKET']}/"
        assert target.startswith(bucket) and "Signature=" in target, target
        with urllib.request.urlopen(target, timeout=10) as fetched:  # noqa: S310 - the throwaway server
            return fetched.read()
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("visitor", "visit", "may_have"), VISITORS, ids=[visitor[0] for visitor in VISITORS])
@pytest.mark.parametrize("state", FILE_STATES)
def test_the_files_of_a_hidden_release_go_only_to_who_may_see_it(settings, state, visitor, visit, may_have):
    from django.core.files.storage import default_storage

    settings.DEBUG = False
    release = make_full_release(
        slug=f"archivos-{state.replace(' ', '-').replace(',', '')}",
        featured_image=image_upload("secreta.png", size=(700, 400)),
        featured_image_alt_es="Foto secreta",
        **FILE_STATES[state](),
    )
    Attachment.objects.create(
        release=release, title_es="Anexo", file=SimpleUploadedFile("anexo.pdf", b"%PDF-1.4 secreto"), position=0
    )
    assert not release.is_on_public_record
    urls = file_urls(release)
    assert len(urls) == 5, "the image, its renditions (320, 640, 700 wide) and the attachment"
    client, query = visit(release)
    for url in urls:
        content = received(client, url + query)
        if may_have(state):
            name = url.removeprefix(settings.MEDIA_URL)
            with default_storage.open(name) as stored:
                assert content == stored.read(), f"{visitor} gets {url} of a release {state}"
        else:
            assert content is None, f"{visitor} gets {url} of a release {state}"


def test_the_files_walk_can_fail_a_public_release_s_files_go_to_everyone(client):
    release = make_full_release(
        featured_image=image_upload("publica.png", size=(700, 400)), featured_image_alt_es="Foto"
    )
    Attachment.objects.create(
        release=release, title_es="Anexo", file=SimpleUploadedFile("anexo.pdf", b"%PDF-1.4 abierto"), position=0
    )
    for url in file_urls(release):
        assert received(client, url), url
