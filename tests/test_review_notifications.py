"""Editors are mailed when a release is submitted for review (issue 13, point 7), through a real
SMTP server (aiosmtpd, tests/alerting.py), after the submission commits, never failing it."""

import logging

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from releases import services
from releases.models import Status
from tests.adminform import change_form_data
from tests.alerting import free_port
from tests.factories import make_full_release, make_release, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_release(
        status=Status.DRAFT, published_at=None, title_es="Denuncia de espionaje", title_en="Spying complaint"
    )


@pytest.fixture
def newsroom_staff():
    no_address = make_staff("no_address", "Editors")
    no_address.email = ""
    no_address.save()
    return {
        "chief": make_staff("chief", "Editors", first_name="Ana", last_name="Jefa"),
        "deputy": make_staff("deputy", "Editors"),
        "gone": make_staff("gone", "Editors", is_active=False),
        "no_address": no_address,
        "colleague": make_staff("colleague", "Writers"),
    }


def test_every_active_editor_with_an_address_gets_one_message_after_the_submit_commits(
    smtp, draft, writer, newsroom_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.release_submit_for_review(release=draft, actor=writer)
    assert smtp.messages == []  # nothing before the commit
    for callback in callbacks:
        callback()

    assert sorted(message["To"] for message in smtp.messages) == ["chief@newsroom.example", "deputy@newsroom.example"]
    message = smtp.messages[0]
    assert message["Subject"] == "Para revisar: Denuncia de espionaje"
    assert message["From"] == "Sala de prensa <alertas@prensa.example.org>"
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_content()
    assert "writer envió «Denuncia de espionaje» a revisión." in body
    assert "writer submitted “Spying complaint” for review." in body
    assert f"https://prensa.example.org/admin/releases/release/{draft.pk}/change/" in body
    assert body.index("envió") < body.index("submitted")  # Spanish first


def test_a_rolled_back_submission_mails_nobody(smtp, draft, writer, newsroom_staff, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.release_submit_for_review(release=draft, actor=writer)
        raise RuntimeError("the request failed after the submit")
    assert callbacks == []
    assert smtp.messages == []


def test_an_editor_who_submits_is_not_told_about_it(smtp, draft, newsroom_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.release_submit_for_review(release=draft, actor=newsroom_staff["chief"])
    assert [message["To"] for message in smtp.messages] == ["deputy@newsroom.example"]
    assert "Ana Jefa envió" in smtp.messages[0].get_content()


def test_a_refused_message_is_logged_and_the_others_still_go(
    smtp, draft, writer, newsroom_staff, django_capture_on_commit_callbacks, caplog
):
    smtp.on_message = lambda n: "550 mailbox unavailable" if n == 1 else None
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        services.release_submit_for_review(release=draft, actor=writer)
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    assert [message["To"] for message in smtp.messages] == ["deputy@newsroom.example"]
    assert "Could not mail editor" in caplog.text


def test_a_mail_server_that_is_down_does_not_fail_the_submission(
    smtp, settings, draft, writer, newsroom_staff, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        services.release_submit_for_review(release=draft, actor=writer)
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    assert "Could not reach the mail server" in caplog.text or "Could not mail editor" in caplog.text


def test_the_admin_s_submit_button_mails_the_editors_with_the_saved_headline(
    smtp, writer, newsroom_staff, django_capture_on_commit_callbacks
):
    release = make_full_release(status=Status.DRAFT)
    client = Client()
    client.force_login(writer)
    url = reverse("admin:releases_release_change", args=[release.pk])
    page = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, change_form_data(page, title_es="Titular nuevo", _submit_for_review="1"))
    assert response.status_code == 302
    assert sorted(message["To"] for message in smtp.messages) == ["chief@newsroom.example", "deputy@newsroom.example"]
    assert all(message["Subject"] == "Para revisar: Titular nuevo" for message in smtp.messages)
    assert f"https://prensa.example.org{url}" in smtp.messages[0].get_content()


def test_saving_a_draft_without_submitting_mails_nobody(
    smtp, writer, newsroom_staff, django_capture_on_commit_callbacks
):
    release = make_full_release(status=Status.DRAFT)
    client = Client()
    client.force_login(writer)
    url = reverse("admin:releases_release_change", args=[release.pk])
    page = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_form_data(page, title_es="Solo guardar"))
    assert smtp.messages == []
