"""Uploaded files at their one URL (/media/<name>): names nobody can guess, renditions of images,
how files are sent (streamed, by the proxy, or by a redirect to the bucket) and with which cache
headers, logos and photos, and the files of releases stored before names were unguessable.
Who may have the files of hidden releases is walked in tests/test_leaks.py."""

import io
import os
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from PIL import Image

from newsroom import renditions
from newsroom.uploads import download_name, unguessable_name
from releases import services
from releases.models import Release
from tests.factories import (
    image_upload,
    make_attachment,
    make_contact,
    make_organisation,
    make_release,
    make_staff,
)
from tests.test_leaks import received

pytestmark = pytest.mark.django_db


# Looked up in each test, not imported: pytest inspects a module's names while collecting it, which
# would open Django's lazy `default_storage` before tests/conftest.py has set the tests' own storage.
def storage():
    return storages["default"]


IN_BUCKET = bool(os.environ.get("MEDIA_S3_BUCKET"))
local_only = pytest.mark.skipif(IN_BUCKET, reason="files are in MEDIA_ROOT only without MEDIA_S3_BUCKET")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def photo(size=(2400, 1200), orientation=None, image_format="JPEG"):
    """A photo with EXIF metadata (a camera and, when given, an orientation), as phones take them."""
    image = Image.new("RGB", size, "navy")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, image_format, exif=exif)
    return SimpleUploadedFile(f"foto de prensa.{image_format.lower()}", buffer.getvalue())


# --- Names -------------------------------------------------------------------------------------


def test_stored_names_keep_a_readable_name_and_128_random_bits():
    names = {unguessable_name("releases/images", "Informe Técnico (final).PDF") for _ in range(50)}
    assert len(names) == 50
    for name in names:
        assert re.fullmatch(r"releases/images/Informe_Técnico_final\.[0-9a-f]{32}\.pdf", name), name
        assert download_name(name) == "Informe_Técnico_final.pdf"
    assert re.fullmatch(r"x/file\.[0-9a-f]{32}", unguessable_name("x", "../..")), "nothing is left: a name anyway"


def test_every_upload_field_stores_an_unguessable_name():
    release = make_release(featured_image=image_upload("portada.png"), featured_image_alt_es="Portada")
    attachment = make_attachment(release)
    organisation = make_organisation(logo=image_upload("logo.png"))
    contact = make_contact(photo=image_upload("cara.png"))
    for field_file, folder in [
        (release.featured_image, "releases/images/portada"),
        (attachment.file, "releases/attachments/informe"),
        (organisation.logo, "organisations/logos/logo"),
        (contact.photo, "contacts/photos/cara"),
    ]:
        assert re.fullmatch(rf"{folder}\.[0-9a-f]{{32}}\.(png|pdf)", field_file.name), field_file.name
        assert field_file.url == f"/media/{field_file.name}"


# --- Serving -------------------------------------------------------------------------------------


def test_a_public_file_is_sent_to_anyone_with_long_cache_headers(client):
    release = make_release()
    attachment = make_attachment(release)
    response = client.get(attachment.file.url)
    if IN_BUCKET:
        assert response.status_code == 302
        assert response["Cache-Control"] == "public, max-age=43200"
    else:
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'inline; filename="informe.pdf"'
        # The browser's PDF viewer works (an <embed> with inline styles); nothing else is allowed.
        policy = response["Content-Security-Policy"]
        assert "object-src 'self'" in policy and "style-src 'unsafe-inline'" in policy
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin", "feed readers and other sites may show it"
    assert received(client, attachment.file.url).startswith(b"%PDF-1.7")


def test_a_hidden_file_is_private_and_a_refusal_is_an_uncached_404(client, editor):
    release = make_release(status=Release.Status.DRAFT)
    attachment = make_attachment(release)
    refused = client.get(attachment.file.url)
    assert refused.status_code == 404 and refused["Cache-Control"] == "private, no-store"
    response = logged_in(editor).get(attachment.file.url)
    assert response.status_code in (200, 302)
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow" and response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    [
        "/media/",
        "/media/releases/",
        "/media/releases/images/",
        "/media/releases/images/../attachments/x.pdf",
        "/media/releases/images/%2e%2e/x.png",
        "/media/etc/passwd/x",
        "/media/releases/images/nada.0123456789abcdef0123456789abcdef.png",
        "/media/releases/images/nada.png.640w.webp",
        "/media/releases/images/a%00b.png",
    ],
)
def test_anything_that_is_not_a_stored_file_of_an_owner_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_name_with_accents_and_spaces_is_found_and_downloaded_as_written(client):
    attachment = make_attachment(make_release(), file=SimpleUploadedFile("Informe técnico 2025.pdf", b"%PDF-1.7 x"))
    assert "Informe_técnico_2025." in attachment.file.name and "%C3%A9" in attachment.file.url
    assert received(client, attachment.file.url) == b"%PDF-1.7 x"
    if not IN_BUCKET:
        disposition = client.get(attachment.file.url)["Content-Disposition"]
        assert disposition == "inline; filename*=utf-8''Informe_t%C3%A9cnico_2025.pdf"


def test_only_get_and_head(client):
    attachment = make_attachment(make_release())
    assert client.post(attachment.file.url).status_code == 405
    assert client.head(attachment.file.url).status_code in (200, 302)


@local_only
def test_a_byte_range_is_sent_alone(client):
    attachment = make_attachment(make_release())
    stored = attachment.file.read()
    response = client.get(attachment.file.url, headers={"Range": "bytes=5-14"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 5-14/{len(stored)}"
    assert b"".join(response.streaming_content) == stored[5:15]
    assert b"".join(client.get(attachment.file.url, headers={"Range": "bytes=-4"}).streaming_content) == stored[-4:]
    assert client.get(attachment.file.url, headers={"Range": f"bytes={len(stored)}-"}).status_code == 416


@local_only
def test_a_proxy_in_front_sends_the_file_when_told_to(client, settings):
    attachment = make_attachment(make_release())
    settings.MEDIA_X_ACCEL_REDIRECT = "/_media/"
    response = client.get(attachment.file.url)
    assert response["X-Accel-Redirect"] == f"/_media/{attachment.file.name}" and response.content == b""
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    settings.MEDIA_X_ACCEL_REDIRECT, settings.MEDIA_X_SENDFILE = "", True
    response = client.get(attachment.file.url)
    assert response["X-Sendfile"] == storage().path(attachment.file.name)
    draft = make_attachment(make_release(status=Release.Status.DRAFT))
    assert client.get(draft.file.url).status_code == 404, "the proxy is told only after the check"


def test_files_stored_before_names_were_unguessable_follow_the_same_rule(client):
    """Old names (releases/images/2025/05/foto.png) are not moved: the view finds their owner by
    name like any other, so they keep working, and stay hidden with their release."""
    legacy = storage().save("releases/images/2025/05/foto-antigua.png", image_upload("x.png"))
    public = make_release(featured_image=legacy, featured_image_alt_es="Foto")
    assert received(client, public.featured_image.url)
    Release.objects.filter(pk=public.pk).update(status=Release.Status.DRAFT)
    assert received(client, public.featured_image.url) is None


# --- Directory files -------------------------------------------------------------------------------


def test_logos_are_public_once_their_organisation_is_listed(client, editor):
    """The logo follows the organisation's name (issue 10.4): public once a release on the public
    record names it or an editor lists it, not because it publishes here."""
    named = make_organisation(is_publisher=False, logo=image_upload("named.png"))
    make_release().mentioned_organisations.add(named)
    listed = make_organisation(is_publisher=False, is_listed=True, logo=image_upload("listed.png"))
    for organisation in (named, listed):
        assert received(client, organisation.logo.url), organisation
    # A new co-signer of an embargoed joint statement: it publishes here, but no public page
    # names it yet, so neither may its logo.
    cosigner = make_organisation(logo=image_upload("cosigner.png"))
    end = timezone.now() + timezone.timedelta(hours=2)
    embargoed = make_release(issuing_organisations=[cosigner], embargo_until=end)
    unused = make_organisation(logo=image_upload("unused.png"))  # a publisher no release names yet
    assert client.get(cosigner.get_absolute_url()).status_code == 404
    assert received(client, cosigner.logo.url) is None, "only in a release under embargo: not yet"
    assert received(client, unused.logo.url) is None
    assert received(logged_in(editor), cosigner.logo.url)
    link, _token = services.release_create_preview_link(release=embargoed, actor=editor, recipient="Ana")
    from releases.media import preview_file_token

    assert received(client, f"{cosigner.logo.url}?access={preview_file_token(link)}")
    assert received(client, f"{unused.logo.url}?access={preview_file_token(link)}") is None
    services.release_revoke_preview_link(link=link, actor=editor)
    assert received(client, f"{cosigner.logo.url}?access={preview_file_token(link)}") is None
    with time_machine.travel(end, tick=False):  # the statement goes public at its end: no write
        assert received(client, cosigner.logo.url)


def test_photos_of_people_go_to_staff_who_may_see_the_directory_only(client, editor):
    contact = make_contact(photo=image_upload("cara.png"))
    assert received(client, contact.photo.url) is None
    nobody = make_staff("nobody")
    nobody.user_permissions.set(Permission.objects.filter(codename="view_release"))
    assert received(logged_in(nobody), contact.photo.url) is None
    assert received(logged_in(editor), contact.photo.url)


# --- Renditions ------------------------------------------------------------------------------------


def test_renditions_are_upright_stripped_webp_never_wider_than_the_original(client):
    # Stored 2400 x 1200 with EXIF orientation 6: seen upright, 1200 wide and 2400 high.
    release = make_release(featured_image=photo(orientation=6), featured_image_alt_es="Foto")
    assert (release.featured_image_width, release.featured_image_height) == (1200, 2400)
    sizes = renditions.srcset(release.featured_image, release.featured_image_width)
    assert [width for width, _url in sizes] == [320, 640, 1024, 1200]
    for width, url in sizes:
        content = received(client, url)
        with Image.open(io.BytesIO(content)) as image:
            assert image.format == "WEBP" and image.size == (width, width * 2)
            assert not image.getexif() and "xmp" not in image.info, "no metadata"
    small = make_release(featured_image=image_upload("chica.png", size=(200, 100)), featured_image_alt_es="x")
    assert [width for width, _url in renditions.srcset(small.featured_image, 200)] == [200], "never upscaled"
    assert client.get(f"/media/{small.featured_image.name}.320w.webp").status_code == 404
    assert client.get(f"/media/{release.featured_image.name}.333w.webp").status_code == 404, "only its widths"


def test_renditions_are_made_when_the_image_is_saved(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release = make_release(featured_image=photo(size=(900, 600)), featured_image_alt_es="Foto")
    for width in (320, 640, 900):
        assert storage().exists(renditions.rendition_name(release.featured_image.name, width))


def test_a_rendition_is_made_once(client):
    release = make_release(featured_image=photo(size=(900, 600)), featured_image_alt_es="Foto")
    url = f"{release.featured_image.url}.640w.webp"
    name = renditions.rendition_name(release.featured_image.name, 640)
    assert not storage().exists(name)
    first = received(client, url)
    assert storage().exists(name)
    storage().delete(release.featured_image.name)  # from now on only the stored rendition can answer
    assert received(client, url) == first


def test_a_rendition_of_a_missing_original_is_not_found(client):
    release = make_release(featured_image=photo(size=(900, 600)), featured_image_alt_es="Foto")
    storage().delete(release.featured_image.name)
    assert client.get(f"{release.featured_image.url}.640w.webp").status_code == 404


def test_the_release_image_tag_gives_sizes_from_the_row_alone(django_assert_num_queries):
    release = make_release(featured_image=photo(size=(3000, 2000)), featured_image_alt_es="Conferencia")
    release = Release.objects.get(pk=release.pk)
    template = Template('{% load release_images %}{% release_image release "card" %}')
    with django_assert_num_queries(0):
        html = template.render(Context({"release": release}))
    name = release.featured_image.name
    assert f'src="/media/{name}.640w.webp"' in html
    srcset = ", ".join(f"/media/{name}.{width}w.webp {width}w" for width in (320, 640, 1024, 1600))
    assert f'srcset="{srcset}"' in html
    # A card's box has the list's shape (CSS crops to it) and its image repeats the headline.
    assert 'width="192" height="108"' in html and 'alt=""' in html and 'loading="lazy"' in html
    page = Template('{% load release_images %}{% release_image release "page" %}').render(
        Context({"release": release, "media_access": "prueba"})
    )
    assert f'src="/media/{name}.1024w.webp?access=prueba"' in page and 'fetchpriority="high"' in page
    assert 'width="1024" height="683"' in page and 'alt="Conferencia"' in page
    assert (
        Template("{% load release_images %}{% release_image release %}").render(Context({"release": make_release()}))
        == ""
    )


def test_the_release_page_and_its_preview_link_page_use_the_renditions(client, editor):
    release = make_release(
        featured_image=photo(size=(1800, 1200)),
        featured_image_alt_es="Foto",
        embargo_until=timezone.now() + timezone.timedelta(hours=2),
    )
    _link, token = services.release_create_preview_link(release=release, actor=editor, recipient="Ana")
    from django.urls import reverse

    html = client.get(reverse("releases:preview", args=[token])).content.decode()
    urls = re.findall(r'(?:src|srcset)="([^" ]+)', html)
    assert urls and all("?access=" in url for url in urls if url.startswith("/media/"))
    image_url = re.search(r'<img [^>]*src="([^"]+)"', html.split('class="release__image"')[1])[1].replace("&amp;", "&")
    assert received(client, image_url)
    assert received(Client(), image_url.split("?")[0]) is None
