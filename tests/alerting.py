"""Helpers for the email alert tests: subscriptions, and a real SMTP server (aiosmtpd) to send to."""

import email
import socket
import threading
from contextlib import contextmanager
from datetime import timedelta
from email import policy

from aiosmtpd.controller import Controller
from django.utils import timezone

from alerts.models import AlertsStart, Delivery, ReleaseAlert, Subscription
from alerts.sending import Worker


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What a real SMTP server accepted, message by message (parsed), in order.

    `on_message(n)`, when set, is called before the n-th message is accepted (1-based) and may
    return an SMTP reply to give instead of accepting it (e.g. "451 try later").
    """

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.on_message = None
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seen += 1
            seen = self.seen
        if self.on_message is not None:
            reply = self.on_message(seen)
            if reply:
                return reply
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]

    def count_by_recipient(self):
        counts = {}
        for message in self.messages:
            counts[message["To"]] = counts.get(message["To"], 0) + 1
        return counts


class SmtpServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


@contextmanager
def running_smtp(settings):
    """A real SMTP server on a free local port, and the settings that send to it (the `smtp` fixture)."""
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.SITE_URL = "https://prensa.example.org"
        settings.DEFAULT_FROM_EMAIL = "Sala de prensa <alertas@prensa.example.org>"
        yield server.inbox


def switch_alerts_on(at=None):
    """Alerts count as switched on at `at` (a day ago by default): releases public since then are sent."""
    AlertsStart.objects.all().delete()
    AlertsStart.objects.create(at=at or timezone.now() - timedelta(days=1))


def make_subscription(email="periodista@medio.example", *, confirmed=True, organisations=(), topics=(), **fields):
    fields.setdefault("everything", not organisations and not topics)
    fields.setdefault("requested_at", timezone.now() - timedelta(days=3))
    if confirmed:
        fields.setdefault("confirmed_at", timezone.now() - timedelta(days=2))
    subscription = Subscription.objects.create(email=email, **fields)
    subscription.organisations.set(organisations)
    subscription.topics.set(topics)
    return subscription


def send_alerts():
    """One pass of the worker, in this process."""
    return Worker().run()


def make_alert_rows(release):
    """A subscription, an alert of `release` and its delivery: one row of each for admin pages."""
    subscription = make_subscription(email=f"admin-{release.pk}@medio.example")
    alert = ReleaseAlert.objects.create(release=release, fanned_out_at=timezone.now())
    Delivery.objects.create(alert=alert, subscription=subscription, due_at=timezone.now())
    return alert
