"""The messages: a release alert, a daily digest, and the messages about a subscription itself;
and how to read the mail server's answer when it refuses one.

Each is multipart (plain text and HTML) in the subscriber's language. A release is read in that
language when it is translated, otherwise in Spanish, as the pages do (modeltranslation's
fallback, marked with lang="es"). No images, no remote resources and no tracking: every link
is a plain link to the newsroom's own pages.

A release's part of a message is rendered once per language and reused for every subscriber
(`ReleaseParts`); only the frame around it, with the subscriber's own links, is rendered per
message. That keeps 10,000 alerts of one release cheap.
"""

import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from alerts.models import SubscriptionMessage
from alerts.tokens import make_token
from releases.models import IssuingOrganisation, MediaContact


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def mail_domain():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def release_related_lookups():
    """What a release's part of a message shows beyond the release row."""
    return [
        Prefetch(
            "release__issuing_organisation_rows", queryset=IssuingOrganisation.objects.select_related("organisation")
        ),
        Prefetch(
            "release__media_contacts", queryset=MediaContact.objects.select_related("press_contact", "spokesperson")
        ),
        "release__change_notes",
    ]


class ReleaseParts:
    """A release alert rendered as (subject, text, html), once per language."""

    def __init__(self):
        self._rendered = {}

    def get(self, alert, language):
        key = (alert.pk, language)
        if key not in self._rendered:
            self._rendered[key] = self._render(alert, language)
        return self._rendered[key]

    @staticmethod
    def _render(alert, language):
        release = alert.release
        with translation.override(language):
            context = {
                "release": release,
                "url": absolute(release.get_absolute_url()),
                "issuing_organisations": [row.organisation for row in release.issuing_organisation_rows.all()],
                "media_contacts": release.media_contacts.all(),
                # A resend follows a correction: its newest change note comes first.
                "change_note": next(iter(release.change_notes.all()), None) if alert.sequence else None,
                "translated": release.content_language(language) == language,
            }
            title = release.title
            if alert.sequence:
                title = gettext("Updated: %(title)s") % {"title": title}
            text = render_to_string("alerts/email/release.txt", context).strip()
            html = render_to_string("alerts/email/release.html", context).strip()
        return title, text, html


def _headers(subscription, message_id):
    unsubscribe = subscription_links(subscription)["unsubscribe"]
    return {
        "Message-ID": message_id,
        # RFC 8058: mail programs offer one-click unsubscribing by POSTing to this URL.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Newsroom alerts <alerts.{mail_domain()}>",
        "Auto-Submitted": "auto-generated",
        "Content-Language": subscription.language,
    }


def subscription_links(subscription):
    token = make_token(subscription, "manage")
    with translation.override(subscription.language):
        return {
            "manage": absolute(reverse("alerts:manage", args=[token])),
            "unsubscribe": absolute(reverse("alerts:unsubscribe", args=[token])),
        }


def _message(subscription, subject, template, context, headers):
    with translation.override(subscription.language):
        context = {**context, **subscription_links(subscription), "subscription": subscription}
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [subscription.email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def alert_message(delivery, parts):
    """One release for one subscriber. The Message-ID is the same every time this delivery is
    built, so a copy sent twice (see README, "Exactly once") is recognisable as one message."""
    subscription = delivery.subscription
    subject, text, html = parts.get(delivery.alert, subscription.language)
    message_id = f"<alert.{delivery.alert_id}.{subscription.pk}@{mail_domain()}>"
    context = {"texts": [text], "htmls": [mark_safe(html)], "digest": False}  # noqa: S308 - rendered by our template
    return _message(subscription, subject, "alerts/email/message", context, _headers(subscription, message_id))


def digest_message(digest, deliveries, parts):
    """A subscriber's daily digest: each release the way an alert shows it, oldest first."""
    subscription = digest.subscription
    rendered = [parts.get(delivery.alert, subscription.language) for delivery in deliveries]
    with translation.override(subscription.language):
        day = date_format(timezone.localtime(digest.due_at), "DATE_FORMAT")
        subject = ngettext(
            "Newsroom: %(count)d release, %(day)s", "Newsroom: %(count)d releases, %(day)s", len(rendered)
        ) % {"count": len(rendered), "day": day}
    context = {
        "texts": [text for _subject, text, _html in rendered],
        "htmls": [mark_safe(html) for _subject, _text, html in rendered],  # noqa: S308 - rendered by our template
        "digest": True,
        "day": day,
    }
    message_id = f"<digest.{digest.pk}@{mail_domain()}>"
    return _message(subscription, subject, "alerts/email/message", context, _headers(subscription, message_id))


def subscription_message(notice):
    """The confirmation link (it expires), or the link to manage an existing subscription."""
    subscription = notice.subscription
    with translation.override(subscription.language):
        if notice.kind == SubscriptionMessage.Kind.CONFIRM:
            subject = gettext("Confirm your subscription to the newsroom’s alerts")
            path = reverse("alerts:confirm", args=[make_token(subscription, "confirm")])
        else:
            subject = gettext("Your subscription to the newsroom’s alerts")
            path = None
    headers = {"Message-ID": f"<subscription.{notice.pk}@{mail_domain()}>", "Auto-Submitted": "auto-generated"}
    context = {"kind": notice.kind, "confirm_url": absolute(path) if path else ""}
    return _message(subscription, subject, "alerts/email/subscription", context, headers)


# --- When the server says no -----------------------------------------------------------------


class ConnectionLost(Exception):
    """The mail server cannot be reached: stop sending for this run and try again later."""


def _redact(error, address):
    """A server's complaint without the recipient's address: editors see failures, not addresses."""
    return str(error).replace(address, "<recipient>")[:500]


def classify_failure(error, address):
    """(permanent?, message) for a failed SMTP transaction; ConnectionLost when the server is gone."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()), (0, b""))
        return code >= 500, _redact(f"{code} {reply!r}", address)
    if isinstance(error, smtplib.SMTPServerDisconnected | OSError) and not isinstance(
        error, smtplib.SMTPResponseException
    ):
        raise ConnectionLost(str(error)) from error
    code = getattr(error, "smtp_code", 0)
    return code >= 500, _redact(error, address)
