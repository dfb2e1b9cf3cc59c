"""The release's change form for press officers (issue 13.7): the publishing panel at the top,
the time zone named, the live preview's endpoint (staff only, the public page's renderer and
sanitiser), and the changelist's state column."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from releases.models import Release
from tests.factories import make_full_release, make_staff

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/releases/release/live-preview/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_publishing_panel_comes_first_with_the_primary_action_and_delete_apart(editor):
    release = make_full_release(status=Release.Status.IN_REVIEW, published_at=None)
    html = logged_in(editor).get(reverse("admin:releases_release_change", args=[release.pk])).content.decode()
    panel_at = html.index('class="module publishing-panel"')
    assert panel_at < html.index('name="published_at_0"') < html.index('name="title_es"'), (
        "panel, then dates, then text"
    )
    panel = html[panel_at : html.index("</section>", panel_at)]
    buttons = [name for name in ("_continue", "_publish", "_submit_for_review") if f'name="{name}"' in panel]
    assert buttons == ["_continue", "_publish"], "an editor's panel: save, and publish as its primary action"
    assert 'name="_publish" class="default primary-action"' in panel
    assert "deletelink" not in panel and "Withdraw" not in panel and "Retirar" not in panel
    assert html.index("deletelink") > html.index('name="title_es"'), "Delete stays at the bottom"


def test_a_writer_s_primary_action_is_submitting_for_review(writer):
    release = make_full_release(status=Release.Status.DRAFT, published_at=None)
    html = logged_in(writer).get(reverse("admin:releases_release_change", args=[release.pk])).content.decode()
    assert 'name="_submit_for_review" class="default primary-action"' in html and 'name="_publish"' not in html


def test_the_date_fields_name_the_time_zone_and_each_part_is_labelled(editor):
    html = logged_in(editor).get(reverse("admin:releases_release_add")).content.decode()
    assert f"Las horas son de {settings.TIME_ZONE}" in html
    assert re.search(r'name="published_at_0"[^>]*aria-label="[^"]+: fecha"', html)
    assert re.search(r'name="published_at_1"[^>]*aria-label="[^"]+: hora"', html)


def test_the_live_preview_renders_and_sanitises_like_the_public_page(writer):
    client = logged_in(writer)
    text = "La red **exige**.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[ver](javascript:alert(1))"
    response = client.post(PREVIEW_URL, {"text": text, "language": "en"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<strong>exige</strong>" in html and 'lang="en"' in html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html  # shown as text


def test_the_live_preview_is_for_staff_who_write_releases_and_only_by_post(writer):
    assert Client().post(PREVIEW_URL, {"text": "x"}).status_code == 302  # to the login page
    stranger = make_staff("stranger")  # staff, but no permission on releases
    assert logged_in(stranger).post(PREVIEW_URL, {"text": "x"}).status_code == 403
    assert logged_in(writer).get(PREVIEW_URL).status_code == 405
    anonymous_csrf = Client(enforce_csrf_checks=True)
    anonymous_csrf.force_login(writer)
    assert anonymous_csrf.post(PREVIEW_URL, {"text": "x"}).status_code == 403, "a forged request has no CSRF token"


def test_the_changelist_names_the_public_state(editor):
    from datetime import timedelta

    from django.utils import timezone

    from newsroom.text import describe_moment

    public = make_full_release(title_es="Público")
    make_full_release(title_es="Programado", published_at=timezone.now() + timedelta(hours=2))
    make_full_release(title_es="Borrador", status=Release.Status.DRAFT, published_at=None)
    html = logged_in(editor).get(reverse("admin:releases_release_changelist")).content.decode()
    assert "Programado para" in html and "Borrador" in html
    assert f'<td class="field-published">{describe_moment(public.published_at)}</td>' in html, "with its zone"


def test_a_writer_adds_a_missing_person_from_the_form_but_not_an_organisation(writer):
    """The "+" beside the autocomplete opens the person's add form in a popup (releases/0017)."""
    release = make_full_release(status=Release.Status.DRAFT, published_at=None)
    client = logged_in(writer)
    html = client.get(reverse("admin:releases_release_change", args=[release.pk])).content.decode()
    assert 'id="add_id_media_contacts-0-press_contact"' in html and 'id="add_id_media_contacts-0-spokesperson"' in html
    assert 'id="add_id_issuing_organisation_rows-0-organisation"' not in html
    assert 'id="change_id_media_contacts-0-press_contact"' not in html, "writers change nobody's details"
    popup = reverse("admin:contacts_contact_add") + "?_to_field=id&_popup=1"
    assert client.get(popup).status_code == 200
