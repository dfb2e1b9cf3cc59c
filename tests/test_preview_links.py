"""Embargo preview links: what a journalist with a link sees, and how editors make and revoke them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from releases import services
from releases.models import PreviewLink, Release
from tests.factories import make_full_release, make_release

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Assertions below read the services' messages in English (pages set their own language)."""
    with translation.override("en"):
        yield


def preview_url(token, language="es"):
    with translation.override(language):
        return reverse("releases:preview", args=[token])


@pytest.fixture
def embargoed(db):
    return make_full_release(title_es="Informe bajo embargo", embargo_until=timezone.now() + 2 * HOUR)


@pytest.fixture
def token(embargoed, editor):
    _link, token = services.release_create_preview_link(release=embargoed, actor=editor, recipient="Ana, El Diario")
    return token


def test_preview_urls_are_under_the_language_prefix(token):
    assert preview_url(token) == f"/es/comunicados/vista-previa/{token}/"
    assert preview_url(token, "en") == f"/en/releases/preview/{token}/"


def test_a_valid_link_shows_the_release_marked_embargoed_private_and_unindexed(client, embargoed, token):
    response = client.get(preview_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert embargoed.title_es in html
    local = timezone.localtime(embargoed.embargo_until)
    assert f"EMBARGADO hasta el {local.day} de" in html and f"({local.tzname()})" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    # The public still gets nothing at the release's own URL.
    assert client.get(embargoed.get_absolute_url()).status_code == 404


def test_the_english_preview_says_embargoed_in_english(client, token):
    html = client.get(preview_url(token, "en")).content.decode()
    assert "EMBARGOED until" in html


@pytest.mark.parametrize("token_value", ["wrong", "x" * 43, ""])
def test_a_wrong_token_is_not_found(client, token, token_value):
    if not token_value:
        assert client.get("/es/comunicados/vista-previa//").status_code == 404
        return
    assert client.get(preview_url(token_value)).status_code == 404


def test_a_revoked_link_is_not_found(client, editor, token):
    services.release_revoke_preview_link(link=PreviewLink.objects.for_token(token), actor=editor)
    assert client.get(preview_url(token)).status_code == 404


def test_an_expired_link_is_not_found(client, editor, embargoed, time_machine):
    _link, token = services.release_create_preview_link(
        release=embargoed, actor=editor, recipient="Ana", expires_at=timezone.now() + HOUR
    )
    assert client.get(preview_url(token)).status_code == 200
    time_machine.move_to(timezone.now() + HOUR + timedelta(seconds=1), tick=False)
    assert client.get(preview_url(token)).status_code == 404


def test_after_the_embargo_the_link_leads_to_the_public_page(client, embargoed, token, time_machine):
    time_machine.move_to(embargoed.embargo_until + timedelta(seconds=1), tick=False)
    response = client.get(preview_url(token))
    assert response.status_code == 302
    assert response["Location"] == embargoed.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_after_the_embargo_a_revoked_link_is_still_not_found(client, editor, embargoed, token, time_machine):
    services.release_revoke_preview_link(link=PreviewLink.objects.for_token(token), actor=editor)
    time_machine.move_to(embargoed.embargo_until + timedelta(seconds=1), tick=False)
    assert client.get(preview_url(token)).status_code == 404


def test_a_link_never_shows_a_release_taken_back_to_draft(client, editor, embargoed, token):
    services.release_return_to_draft(release=embargoed, actor=editor)
    assert client.get(preview_url(token)).status_code == 404


def test_a_link_of_a_release_rescheduled_past_its_embargo_is_not_found_after_it(
    client, editor, token, embargoed, time_machine
):
    services.release_reschedule(release=embargoed, actor=editor, at=embargoed.embargo_until + 5 * HOUR)
    time_machine.move_to(embargoed.embargo_until + HOUR, tick=False)
    assert client.get(preview_url(token)).status_code == 404


@pytest.mark.parametrize("links", [0, 20])
def test_preview_page_query_count_does_not_grow(client, editor, links, django_assert_max_num_queries):
    release = make_full_release(embargo_until=timezone.now() + HOUR)
    for number in range(links):
        release.links.create(url=f"https://ref.example/{number}", position=10 + number)
    _link, token = services.release_create_preview_link(release=release, actor=editor, recipient="Ana")
    with django_assert_max_num_queries(10):
        assert client.get(preview_url(token)).status_code == 200


# --- The editors' page ---------------------------------------------------------------------


def test_an_editor_creates_a_link_and_sees_it_once(client, editor, embargoed):
    client.force_login(editor)
    url = reverse("admin:releases_release_preview_links", args=[embargoed.pk])
    response = client.post(
        url, {"_create": "1", "recipient": "Luis Pérez, Radio Centro", "expires_at_0": "", "expires_at_1": ""}
    )
    assert response.status_code == 200
    link = PreviewLink.objects.get()
    assert link.recipient == "Luis Pérez, Radio Centro" and link.created_by == editor
    html = response.content.decode()
    urls = [url for _name, url in response.context["created"]["urls"]]
    assert urls[0].startswith("http://testserver/es/comunicados/vista-previa/") and urls[0] in html
    token = urls[0].rstrip("/").rsplit("/", 1)[1]
    assert PreviewLink.objects.for_token(token) == link
    assert "no-store" in response["Cache-Control"]
    # Shown once: the list page afterwards has the link's holder but not its token.
    later = client.get(url).content.decode()
    assert "Luis Pérez, Radio Centro" in later and token not in later


def test_an_editor_revokes_a_link_from_the_page(client, editor, embargoed, token):
    client.force_login(editor)
    link = PreviewLink.objects.for_token(token)
    url = reverse("admin:releases_release_preview_links", args=[embargoed.pk])
    response = client.post(url, {"_revoke": link.pk})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == editor
    assert client.get(preview_url(token)).status_code == 404


def test_a_writer_cannot_open_or_use_the_preview_links_page(client, writer, embargoed, token):
    client.force_login(writer)
    url = reverse("admin:releases_release_preview_links", args=[embargoed.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"_create": "1", "recipient": "Colado"}).status_code == 403
    assert client.post(url, {"_revoke": PreviewLink.objects.get().pk}).status_code == 403
    assert PreviewLink.objects.count() == 1 and PreviewLink.objects.get().revoked_at is None


def test_the_page_explains_why_no_link_can_be_made_without_an_embargo(client, editor):
    release = make_release(status=Release.Status.DRAFT)
    client.force_login(editor)
    response = client.get(reverse("admin:releases_release_preview_links", args=[release.pk]))
    assert response.status_code == 200
    assert response.context["problem"]
    response = client.post(
        reverse("admin:releases_release_preview_links", args=[release.pk]), {"_create": "1", "recipient": "Ana"}
    )
    assert not PreviewLink.objects.exists()
    assert "Los enlaces de vista previa son para comunicados publicados" in str(
        response.context["form"].non_field_errors()
    )
