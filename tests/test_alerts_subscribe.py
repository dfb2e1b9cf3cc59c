"""Signing up for email alerts: the form on every page that offers it, double opt-in, revealing
nothing about an address, throttling, the honeypot, the manage page, and deleting unconfirmed
sign-ups. Messages go to a real SMTP server through the worker."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from alerts.models import Delivery, Subscription, SubscriptionMessage
from tests.alerting import make_subscription, send_alerts, switch_alerts_on
from tests.factories import make_organisation, make_release, make_topic

pytestmark = pytest.mark.django_db
SIGN_UP = "/es/alertas/"


def sign_up(client, email="periodista@medio.example", **fields):
    data = {"email": email, "everything": "on", "language": "es", "frequency": "each", "digest_hour": "8", **fields}
    return client.post(SIGN_UP, data)


def link(message, name):
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"https://prensa\.example\.org(/\w\w/[\w-]+/{name}/[^\s/]+/)", text).group(1)


def test_the_form_is_on_the_subscribe_page_and_every_organisation_and_topic_page(client):
    organisation, topic = make_organisation(slug="r3d"), make_topic(slug="vigilancia")
    make_release(issuing_organisations=[organisation]).topics.add(topic)  # both on the public record
    for url, chosen in [
        # The subscribe page, once email alerts are chosen there.
        (
            reverse("releases:subscribe") + "?subject=all&language=es&format=email",
            f'name="organisations" value="{organisation.pk}"',
        ),
        (
            organisation.get_absolute_url(),
            f'name="organisations" value="{organisation.pk}" id="alerts-subject" checked',
        ),
        (topic.get_absolute_url(), f'name="topics" value="{topic.pk}" id="alerts-subject" checked'),
        (SIGN_UP, f'name="topics" value="{topic.pk}"'),
    ]:
        html = client.get(url).content.decode()
        assert f'action="{SIGN_UP}"' in html, url
        assert 'type="email" name="email"' in html, url
        assert 'name="website"' in html, url  # the honeypot
        if chosen:
            assert chosen in html, url
    english = client.get("/en/alerts/").content.decode()
    assert 'action="/en/alerts/"' in english and 'value="en" ' in english
    assert "In the newsroom’s time zone (America/Mexico_City)." in english


def test_a_choice_is_required(client):
    response = sign_up(client, everything="")
    assert response.status_code == 400
    assert "Elija todos los comunicados" in response.content.decode()
    assert not Subscription.objects.exists()


def test_double_opt_in_nothing_but_the_confirmation_until_its_link_is_followed(client, smtp):
    switch_alerts_on()
    assert sign_up(client).url == "/es/alertas/revise-su-correo/"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    make_release(published_at=timezone.now())
    send_alerts()
    send_alerts()
    (confirmation,) = smtp.messages
    assert confirmation["To"] == "periodista@medio.example"
    confirm_url = link(confirmation, "confirmar")
    page = client.get(confirm_url)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert Subscription.objects.get().confirmed_at is None
    response = client.post(confirm_url)
    assert response.status_code == 302 and "/es/alertas/suscripcion/" in response.url
    assert Subscription.objects.get().confirmed_at is not None
    send_alerts()
    assert len(smtp.messages) == 1  # the release before the confirmation is not sent
    make_release(published_at=timezone.now() + timedelta(seconds=1))
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        send_alerts()
    assert len(smtp.messages) == 2


def test_the_confirmation_link_expires(client, smtp):
    sign_up(client)
    send_alerts()
    confirm_url = link(smtp.messages[0], "confirmar")
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert client.get(confirm_url).status_code == 404
        assert client.post(confirm_url).status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_a_tampered_link_leads_nowhere(client, smtp):
    sign_up(client)
    send_alerts()
    confirm_url = link(smtp.messages[0], "confirmar")
    assert client.post(confirm_url.replace(":", ":x", 1)).status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_asking_again_for_a_subscribed_address_reveals_nothing(client, smtp):
    organisation = make_organisation()
    subscription = make_subscription("ya@medio.example", organisations=[organisation])
    new = sign_up(client, "nueva@medio.example")
    again = sign_up(client, "YA@medio.example ")
    assert (new.status_code, new.url) == (again.status_code, again.url)
    assert client.get(new.url).content == client.get(again.url).content
    subscription.refresh_from_db()
    assert not subscription.everything and list(subscription.organisations.all()) == [organisation]
    send_alerts()
    (manage_message,) = smtp.to("ya@medio.example")
    assert "/es/alertas/suscripcion/" in manage_message.get_body(preferencelist=("plain",)).get_content()
    assert len(smtp.to("nueva@medio.example")) == 1


def test_the_honeypot_catches_robots_and_tells_them_nothing(client):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 302 and response.url == "/es/alertas/revise-su-correo/"
    assert not Subscription.objects.exists()


def test_sign_ups_are_throttled_per_address(client, settings):
    settings.ALERTS_SIGNUP_RATE_PER_ADDRESS = "2/h"
    for _attempt in range(3):
        assert sign_up(client, "Blanco@medio.example", REMOTE_ADDR="10.0.0.1").status_code == 302
        SubscriptionMessage.objects.update(status=SubscriptionMessage.Status.SENT)
    assert SubscriptionMessage.objects.count() == 2  # the third request queued nothing, and said so to nobody


def test_sign_ups_are_throttled_per_network(client, settings):
    settings.ALERTS_SIGNUP_RATE_PER_IP = "3/h"
    for number in range(3):
        assert sign_up(client, f"p{number}@medio.example").status_code == 302
    response = sign_up(client, "p9@medio.example")
    assert response.status_code == 429
    assert not Subscription.objects.filter(email="p9@medio.example").exists()
    cache.clear()
    assert sign_up(client, "p9@medio.example").status_code == 302


def test_unconfirmed_sign_ups_are_deleted_after_seven_days(client, settings):
    settings.SITE_URL = "https://prensa.example.org"
    sign_up(client, "olvidada@medio.example")
    make_subscription("confirmada@medio.example", requested_at=timezone.now() - timedelta(days=30))
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        send_alerts_without_mail()
    assert Subscription.objects.filter(email="olvidada@medio.example").exists()
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        send_alerts_without_mail()
    assert list(Subscription.objects.values_list("email", flat=True)) == ["confirmada@medio.example"]


def send_alerts_without_mail():
    from django.core.management import call_command

    call_command("send_alerts", verbosity=0)


def test_the_manage_page_shows_everything_held_and_deletes_it_all(client, smtp):
    switch_alerts_on()
    topic = make_topic(name_es="Vigilancia")
    subscription = make_subscription("todo@medio.example", topics=[topic], language="es")
    release = make_release(title_es="Sobre vigilancia", published_at=timezone.now())
    release.topics.add(topic)
    send_alerts()
    manage_url = link(smtp.messages[0], "suscripcion")
    response = client.get(manage_url)
    html = response.content.decode()
    assert response.status_code == 200 and response["Referrer-Policy"] == "no-referrer"
    for fact in ("todo@medio.example", "Vigilancia", "Sobre vigilancia", "enviada"):
        assert fact in html, fact
    response = client.post(
        manage_url, {"everything": "on", "language": "en", "frequency": "daily", "digest_hour": "7"}, follow=True
    )
    subscription.refresh_from_db()
    assert (subscription.language, subscription.frequency, subscription.digest_hour) == ("en", "daily", 7)
    assert subscription.everything and subscription.changed_at is not None
    client.post(manage_url, {"delete": "1"})
    assert not Subscription.objects.exists() and not Delivery.objects.exists()
    assert client.get(manage_url).status_code == 404
