"""Claiming rows to send with a lease, so that two workers never send the same message at once.

A worker marks a batch of due rows with its token and a lease end in one UPDATE. Until the
lease runs out no other worker takes them; a worker that dies leaves them to be claimed again
when it does. Rows the worker did not get to are handed back (`release_claims`) when it is done.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from alerts.models import Delivery

Status = Delivery.Status


def unleased(now):
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def claimable(now):
    return Q(status=Status.QUEUED, next_attempt_at__lte=now) & unleased(now)


def claim(queryset, *, batch_size, handled):
    """Claim up to `batch_size` due rows of `queryset`: (token, lease end), or None when none are left.

    `handled` maps each model to the primary keys this pass has already claimed; it is updated.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    lease_until = now + timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    model = queryset.model
    chosen = queryset.filter(claimable(now)).order_by("next_attempt_at", "pk").values("pk")[:batch_size]
    # The conditions are repeated on the rows themselves: of two workers racing for a row,
    # the second finds it leased when the first commits, and leaves it.
    claimed = model.objects.filter(claimable(now), pk__in=chosen).update(lease_until=lease_until, claimed_by=token)
    if not claimed:
        return None
    pks = set(model.objects.filter(claimed_by=token).values_list("pk", flat=True))
    seen = handled.setdefault(model, set())
    if pks <= seen:
        # Only rows this pass already handled and left queued (a lease that ran short): leave
        # them to the next pass rather than going round in circles.
        release_claims(model, token)
        return None
    seen |= pks
    return token, lease_until


def lease_running_out(lease_until):
    margin = min(settings.EMAIL_TIMEOUT, settings.ALERTS_LEASE_SECONDS / 3)
    return timezone.now() > lease_until - timedelta(seconds=margin)


def release_claims(model, token):
    model.objects.filter(claimed_by=token, status=Status.QUEUED).update(lease_until=None, claimed_by="")
