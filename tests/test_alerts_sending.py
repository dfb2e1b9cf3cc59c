"""Sending alerts end to end: the worker, in this process, hands real messages to a real SMTP server
(aiosmtpd on a free local port), on whichever database the suite runs on."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from alerts.models import Delivery, Digest, ReleaseAlert, Subscription
from alerts.sending import Worker
from releases import services as release_services
from releases.models import MediaContact, Release
from tests.alerting import make_subscription, send_alerts, switch_alerts_on
from tests.factories import make_contact, make_organisation, make_release, make_topic, ready_to_publish
from tests.test_leaks import HIDDEN_STATES, HOUR, hidden_release, secrets_of, visible_sibling

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def body(message, kind="plain"):
    return message.get_body(preferencelist=(kind,)).get_content()


def link_in(message, pattern):
    return re.search(pattern, body(message)).group(0)


@pytest.fixture
def alerts_on():
    switch_alerts_on()


def test_a_release_goes_to_every_follower_once_however_often_the_worker_runs(smtp, alerts_on):
    organisation, topic = make_organisation(), make_topic()
    everything = make_subscription("todo@medio.example")
    by_organisation = make_subscription("org@medio.example", organisations=[organisation])
    by_topic = make_subscription("tema@medio.example", topics=[topic])
    make_subscription("otra@medio.example", organisations=[make_organisation()])
    make_subscription("pendiente@medio.example", confirmed=False)
    release = make_release(issuing_organisations=[organisation], published_at=timezone.now() - timedelta(minutes=5))
    release.topics.add(topic)
    send_alerts()
    send_alerts()
    assert smtp.count_by_recipient() == {everything.email: 1, by_organisation.email: 1, by_topic.email: 1}
    assert all(message["Subject"] == release.title_es for message in smtp.messages)


def test_nothing_public_before_alerts_were_switched_on_is_sent(smtp):
    make_subscription(confirmed_at=timezone.now() - timedelta(days=30))
    make_release(published_at=timezone.now() - timedelta(days=2))
    switch_alerts_on(timezone.now() - timedelta(days=1))
    send_alerts()
    assert smtp.messages == []
    assert not ReleaseAlert.objects.exists()


def test_a_subscriber_gets_only_releases_that_became_public_after_they_confirmed(smtp, alerts_on):
    make_subscription(confirmed_at=timezone.now() - timedelta(minutes=1))
    make_release(published_at=timezone.now() - timedelta(minutes=2))
    send_alerts()
    assert smtp.messages == []


def test_the_message_is_multipart_in_the_subscribers_language_with_one_click_unsubscribe(smtp, alerts_on):
    press = make_contact(name="Lucía Moguel", phone="55 4065 8422", email="prensa@r3d.example", is_public=True)
    hidden = make_contact(name="Tomás Severino", phone="55 1111 2222", email="tomas@r3d.example", is_public=False)
    release = make_release(
        issuing_organisations=[make_organisation(name_es="Red en Defensa", name_en="Defence Network")],
        title_es="Sociedad civil deja la alianza",
        title_en="Civil society leaves the partnership",
        summary_es="Primer punto\nSegundo punto",
        summary_en="First point\nSecond point",
        body_en="The **text**.",
        dateline_place_es="Ciudad de México",
        published_at=timezone.now() - timedelta(minutes=1),
    )
    MediaContact.objects.create(release=release, press_contact=press, spokesperson=hidden, position=0)
    subscription = make_subscription("reportera@medio.example", language="en")
    send_alerts()
    (message,) = smtp.messages
    assert message["Subject"] == "Civil society leaves the partnership"
    assert message.get_content_type() == "multipart/alternative"
    text, html = body(message), body(message, "html")
    for part in (text, html):
        assert "First point" in part and "Second point" in part
        assert "Ciudad de México" in part
        assert "Lucía Moguel" in part and "+52 55 4065 8422" in part and "prensa@r3d.example" in part
        assert "Tomás Severino" in part  # named as the spokesperson, without his own details
        assert "55 1111 2222" not in part and "tomas@r3d.example" not in part
        assert "https://prensa.example.org/en/releases/" in part
        assert "/civil-society-leaves-the-partnership/" in part  # the English slug
    assert "<img" not in html and "src=" not in html  # no pixels, no remote images
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<https://prensa\.example\.org/en/alerts/unsubscribe/[^>]+/>", message["List-Unsubscribe"].strip()
    )
    delivery = Delivery.objects.get()
    assert message["Message-ID"] == f"<alert.{delivery.alert_id}.{subscription.pk}@prensa.example.org>"
    assert delivery.status == Status.SENT and delivery.sent_at is not None


def test_an_untranslated_release_reaches_english_subscribers_in_spanish(smtp, alerts_on):
    make_release(title_es="Sólo en español", title_en="", published_at=timezone.now() - timedelta(minutes=1))
    make_subscription(language="en")
    send_alerts()
    (message,) = smtp.messages
    assert message["Subject"] == "Sólo en español"
    assert 'lang="es"' in body(message, "html")
    assert "Read the release" in body(message, "html")  # the frame stays in English


def test_one_click_unsubscribe_ends_the_subscription_without_login_or_csrf_token(smtp, alerts_on, client):
    from django.test import Client

    make_subscription()
    make_release(published_at=timezone.now() - timedelta(minutes=1))
    send_alerts()
    url = smtp.messages[0]["List-Unsubscribe"].strip().strip("<>").removeprefix("https://prensa.example.org")
    strict = Client(enforce_csrf_checks=True)
    assert strict.get(url).status_code == 200  # opening the link (a mail scanner) changes nothing
    assert Subscription.objects.exists()
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists() and not Delivery.objects.exists()
    make_release(published_at=timezone.now())
    send_alerts()
    assert len(smtp.messages) == 1


def test_a_scheduled_release_is_sent_at_its_time_never_before(smtp, alerts_on, editor):
    make_subscription()
    start = timezone.now()
    release = ready_to_publish(make_release(status=Release.Status.DRAFT, published_at=None))
    release_services.release_publish(release=release, actor=editor, at=start + timedelta(hours=2))
    with time_machine.travel(start + timedelta(hours=2) - timedelta(seconds=1), tick=False):
        send_alerts()
        assert smtp.messages == []
    with time_machine.travel(start + timedelta(hours=2, seconds=1), tick=False):
        send_alerts()
    assert len(smtp.messages) == 1


def test_an_embargoed_release_is_sent_when_the_embargo_ends(smtp, alerts_on, editor):
    make_subscription()
    start = timezone.now()
    release = ready_to_publish(make_release(status=Release.Status.DRAFT, published_at=None))
    release_services.release_set_embargo(release=release, actor=editor, until=start + timedelta(hours=3))
    release_services.release_publish(release=release, actor=editor)
    with time_machine.travel(start + timedelta(hours=2, minutes=59), tick=False):
        send_alerts()
        assert smtp.messages == []
    with time_machine.travel(start + timedelta(hours=3, seconds=5), tick=False):
        send_alerts()
    assert len(smtp.messages) == 1


def test_a_worker_that_was_down_catches_up(smtp, alerts_on):
    make_subscription()
    for hours in (5, 4, 3):
        make_release(published_at=timezone.now() - timedelta(hours=hours))
    send_alerts()
    assert len(smtp.messages) == 3


def test_a_release_withdrawn_while_its_alerts_wait_is_not_sent(smtp, alerts_on, editor):
    make_subscription()
    release = make_release(published_at=timezone.now() - timedelta(minutes=1))
    worker = Worker()
    worker.discover_alerts()
    worker.list_recipients()  # queued, not sent yet
    assert Delivery.objects.get().status == Status.QUEUED
    release_services.release_withdraw(release=release, actor=editor, explanation_es="Error de fecha.")
    send_alerts()
    assert smtp.messages == []
    assert Delivery.objects.get().status == Status.CANCELLED


def test_a_correction_is_not_sent_again_unless_an_editor_resends_it(smtp, alerts_on, editor):
    make_subscription()
    release = make_release(published_at=timezone.now() - timedelta(minutes=1))
    send_alerts()
    release_services.release_add_change_note(release=release, actor=editor, text_es="Se corrigió la fecha.")
    send_alerts()
    assert len(smtp.messages) == 1
    from alerts import services

    services.alert_resend(release=release, actor=editor)
    send_alerts()
    assert len(smtp.messages) == 2
    resent = smtp.messages[1]
    assert resent["Subject"] == f"Actualizado: {release.title_es}"
    assert "Se corrigió la fecha." in body(resent)
    assert resent["Message-ID"] != smtp.messages[0]["Message-ID"]


def test_a_held_alert_waits_until_an_editor_lets_it_go(smtp, alerts_on, editor):
    from alerts import services

    make_subscription()
    release = ready_to_publish(make_release(status=Release.Status.DRAFT, published_at=None))
    (alert,) = services.alert_hold(release=release, actor=editor)  # before it is even public
    release_services.release_publish(release=release, actor=editor)
    send_alerts()
    assert smtp.messages == []
    services.alert_release(alert=alert, actor=editor)
    send_alerts()
    assert len(smtp.messages) == 1


def test_the_daily_digest_gathers_the_days_releases_at_the_chosen_hour(smtp, alerts_on):
    subscription = make_subscription(frequency=Subscription.Frequency.DAILY, digest_hour=8)
    local = timezone.localtime()
    morning = timezone.make_aware(local.replace(tzinfo=None, hour=9, minute=0, second=0, microsecond=0))
    if morning > timezone.now():
        morning -= timedelta(days=1)
    switch_alerts_on(morning - timedelta(days=1))
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=morning - timedelta(days=1))
    first = make_release(title_es="Primero del día", published_at=morning)
    second = make_release(title_es="Segundo del día", published_at=morning + timedelta(hours=6))
    with time_machine.travel(morning + timedelta(hours=7), tick=False):
        send_alerts()
        assert smtp.messages == []
    with time_machine.travel(morning + timedelta(hours=23, seconds=1), tick=False):  # 08:00 the next day
        send_alerts()
        send_alerts()
    (digest,) = smtp.messages
    assert "2" in digest["Subject"]
    text = body(digest)
    assert text.index(first.title_es.upper()) < text.index(second.title_es.upper())
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Digest.objects.get().status == Status.SENT
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}


def test_smtp_failures_are_retried_with_back_off_then_reported(smtp, alerts_on):
    subscription = make_subscription("rebota@medio.example")
    make_release(published_at=timezone.now() - timedelta(minutes=1))
    smtp.on_message = lambda n: "451 4.3.0 Mailbox busy for rebota@medio.example"
    start = timezone.now()
    send_alerts()
    delivery = Delivery.objects.get()
    assert delivery.status == Status.QUEUED and delivery.attempts == 1
    assert delivery.next_attempt_at >= start + timedelta(minutes=1)
    assert subscription.email not in delivery.last_error and "Mailbox busy" in delivery.last_error
    send_alerts()  # not due yet
    assert Delivery.objects.get().attempts == 1
    moment = start
    for _attempt in range(10):
        moment += timedelta(hours=7)
        with time_machine.travel(moment, tick=False):
            send_alerts()
    delivery = Delivery.objects.get()
    assert delivery.status == Status.FAILED and delivery.attempts == 7
    assert smtp.messages == []


def test_a_permanent_refusal_is_not_retried(smtp, alerts_on):
    make_subscription("noexiste@medio.example")
    make_release(published_at=timezone.now() - timedelta(minutes=1))
    smtp.on_message = lambda n: "550 5.1.1 No such user"
    send_alerts()
    delivery = Delivery.objects.get()
    assert delivery.status == Status.FAILED and delivery.attempts == 1


# --- The leak walk: no alert ever carries a hidden release ------------------------------------


def _everything_sent(inbox):
    return "\n".join(message.as_string() + body(message) + body(message, "html") for message in inbox.messages)


@pytest.mark.parametrize("state", [*HIDDEN_STATES, "withdrawn"])
def test_no_alert_carries_a_hidden_release(smtp, alerts_on, editor, state):
    if state == "withdrawn":
        release = hidden_release("scheduled")
        Release.objects.filter(pk=release.pk).update(published_at=timezone.now() - HOUR)  # public an hour ago
        release.refresh_from_db()
        release_services.release_withdraw(release=release, actor=editor, explanation_es="Se retira.")
    else:
        release = hidden_release(state)
    sibling = visible_sibling(release)
    for language in ("es", "en"):
        make_subscription(f"todo-{language}@medio.example", language=language)
        make_subscription(
            f"org-{language}@medio.example", language=language, organisations=[release.issuing_organisations.first()]
        )
        make_subscription(f"tema-{language}@medio.example", language=language, topics=[release.topics.first()])
    send_alerts()
    send_alerts()
    assert len(smtp.messages) == 6  # the visible sibling, once to each
    sent = _everything_sent(smtp)
    assert sibling.title_es in sent or sibling.title_en in sent
    for secret in secrets_of(release):
        assert secret not in sent, f"an alert carries {secret!r} of a release {state}"
    assert not ReleaseAlert.objects.filter(release=release).exists()
