"""The secrets in a subscriber's links: signed, so nothing about them is stored.

A token names a subscription and a keyed digest of its address, so a link stops working when
the subscription is deleted, even if the number is later given to another address. The
confirmation link expires; the links to manage and to end a subscription do not (they are in
every message, and must work without logging in).
"""

from datetime import timedelta

from django.core import signing
from django.utils.crypto import salted_hmac

CONFIRMATION_MAX_AGE = timedelta(days=3)
_SALTS = {"confirm": "alerts.confirm", "manage": "alerts.manage"}


def _address_digest(email):
    return salted_hmac("alerts.address", email).hexdigest()[:16]


def make_token(subscription, purpose):
    return signing.dumps([subscription.pk, _address_digest(subscription.email)], salt=_SALTS[purpose])


def read_token(token, purpose, queryset):
    """The subscription a token is for, or None (unknown, tampered with, expired, or deleted)."""
    max_age = CONFIRMATION_MAX_AGE if purpose == "confirm" else None
    try:
        pk, digest = signing.loads(token, salt=_SALTS[purpose], max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscription = queryset.filter(pk=pk).first()
    if subscription is None or _address_digest(subscription.email) != digest:
        return None
    return subscription
