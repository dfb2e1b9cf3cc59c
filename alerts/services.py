"""Every change to subscriptions and release alerts goes through these functions.

Subscribing never sends mail from the request: it queues a SubscriptionMessage for the worker,
so the page answers in the same way and time whether the address is new, waiting for its
confirmation or already subscribed (see subscription_request).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.models import Delivery, ReleaseAlert, Subscription, SubscriptionMessage, normalise_email
from releases import services as release_services
from releases.models import Release, ReleaseEvent

Status = Delivery.Status
UNCONFIRMED_KEPT_FOR = timezone.timedelta(days=7)
CHOICE_FIELDS = ("language", "frequency", "digest_hour", "everything")


def _set_choices(subscription, choices):
    for name in CHOICE_FIELDS:
        setattr(subscription, name, choices[name])
    subscription.save()
    subscription.organisations.set(choices["organisations"] if not choices["everything"] else [])
    subscription.topics.set(choices["topics"] if not choices["everything"] else [])


def _queue_message(subscription, kind):
    """Queue a message unless one is still waiting to go (a second request adds no second mail)."""
    waiting = subscription.messages.filter(status=SubscriptionMessage.Status.QUEUED)
    if not waiting.exists():
        SubscriptionMessage.objects.create(subscription=subscription, kind=kind)


@transaction.atomic
def subscription_request(*, email, choices, send_mail=True):
    """Someone asked, through the form, to subscribe `email` with these `choices` (the form's
    cleaned data: language, frequency, digest_hour, everything, organisations, topics).

    A new address becomes a subscription waiting for confirmation, and a confirmation message is
    queued. One still waiting takes the new choices and gets a new confirmation. A confirmed one
    keeps its choices (whoever asked may not be its owner) and gets a message with the link to
    manage them. With `send_mail` False (the address asked too often) nothing is queued.
    Returns nothing: the caller must show the same page in every case.
    """
    subscription, created = Subscription.objects.get_or_create(
        email=normalise_email(email), defaults={name: choices[name] for name in CHOICE_FIELDS}
    )
    if subscription.is_confirmed:
        if send_mail:
            _queue_message(subscription, SubscriptionMessage.Kind.MANAGE)
        return
    subscription.requested_at = timezone.now()
    _set_choices(subscription, choices)
    if send_mail:
        _queue_message(subscription, SubscriptionMessage.Kind.CONFIRM)


@transaction.atomic
def subscription_confirm(*, subscription):
    """The link in the confirmation message was followed: alerts start with releases that become
    public from now on."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_change(*, subscription, choices):
    """New choices from the manage page. They apply to releases that become public from now on;
    alerts already queued go as they were."""
    subscription.changed_at = timezone.now()
    _set_choices(subscription, choices)
    return subscription


def subscription_delete(*, subscription):
    """Unsubscribe: the address, the choices, the consent times and every delivery record go."""
    subscription.delete()


def subscriptions_delete_unconfirmed(*, now=None):
    """Sign-ups never confirmed within 7 days are deleted. Returns how many."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT_FOR
    _total, by_model = Subscription.objects.unconfirmed().filter(requested_at__lt=cutoff).delete()
    return by_model.get(Subscription._meta.label, 0)


# --- Staff: holding and resending ------------------------------------------------------------


def _require_editor(actor):
    if not actor.has_perm("alerts.hold_and_resend_alerts"):
        raise PermissionDenied(_("You do not have permission to hold or resend alerts."))


@transaction.atomic
def alert_hold(*, release, actor):
    """Stop the release's alerts that have not gone out yet, or hold its first alert before the
    release is public. Returns the alerts held."""
    _require_editor(actor)
    now = timezone.now()
    if not release.email_alerts.exists():
        held = [ReleaseAlert.objects.create(release=release, sequence=0, held_at=now, held_by=actor)]
    else:
        alerts = release.email_alerts.select_for_update().filter(held_at__isnull=True)
        held = [
            alert
            for alert in alerts
            if alert.fanned_out_at is None or alert.deliveries.filter(status=Status.QUEUED).exists()
        ]
        ReleaseAlert.objects.filter(pk__in=[alert.pk for alert in held]).update(held_at=now, held_by=actor)
    if held:
        _record(release, actor, ReleaseEvent.Action.ALERTS_HELD, held)
    return held


@transaction.atomic
def alert_release(*, alert, actor):
    """Let a held alert go. Digest deliveries whose digest went out meanwhile wait for the next one."""
    _require_editor(actor)
    alert = ReleaseAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.held_at is None:
        return alert
    alert.held_at, alert.held_by = None, None
    alert.save(update_fields=["held_at", "held_by"])
    _record(alert.release, actor, ReleaseEvent.Action.ALERTS_LET_GO, [alert])
    return alert


@transaction.atomic
def alert_resend(*, release, actor):
    """Send a public release again to everyone following it now (after a correction, say)."""
    _require_editor(actor)
    release = Release.objects.select_for_update().get(pk=release.pk)
    if not Release.objects.published().filter(pk=release.pk).exists():
        raise PermissionDenied(_("Only a public release can be sent again."))
    last = release.email_alerts.aggregate(last=Max("sequence"))["last"]
    alert = ReleaseAlert.objects.create(release=release, sequence=(last or 0) + 1, requested_by=actor)
    _record(release, actor, ReleaseEvent.Action.ALERTS_RESENT, [alert])
    return alert


def _record(release, actor, action, alerts):
    """A line in the release's audit trail (its admin page), through the releases' services."""
    sendings = [
        _("resending %(number)s") % {"number": alert.sequence} if alert.sequence else _("when it became public")
        for alert in alerts
    ]
    release_services.record_event(release=release, actor=actor, action=action, detail="; ".join(sendings))
