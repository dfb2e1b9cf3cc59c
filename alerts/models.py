"""Email alerts: who follows what by email, and the outbox that sends each release to each of them once.

A release's alert (ReleaseAlert) comes into being when the release becomes public, found by the
worker (alerts/sending.py) through `Release.objects.published()`; nothing runs when an editor
publishes. The worker then writes one Delivery per (alert, subscription) — the unique constraint
is what makes "at most once" hold across crashes and reruns — and sends them, each on its own or
gathered into a subscriber's daily Digest. Messages about the subscription itself (the
confirmation, the link to manage it) wait in SubscriptionMessage. All three are outbox rows
(OutboxItem): a worker claims a row with a lease, sends it, and marks it sent right after the
mail server accepts it.

What is held on a subscriber is the address, the choices, the consent times and these outbox
rows; deleting the subscription deletes them all.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation
from releases.models import Release, Topic


class AlertsStart(models.Model):
    """When email alerts were switched on (recorded by a migration): releases that became public
    before it are never sent, so switching alerts on does not mail out the archive."""

    at = models.DateTimeField(_("alerts switched on"))

    class Meta:
        verbose_name = _("start of email alerts")
        verbose_name_plural = _("start of email alerts")

    def __str__(self):
        return str(self.at)

    @classmethod
    def moment(cls):
        start = cls.objects.order_by("at").values_list("at", flat=True).first()
        # Without the migration's row nothing is sent rather than everything.
        return start or timezone.now()


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def following(self, *, organisation_ids, topic_ids):
        """Subscriptions that want a release issued by these organisations, on these topics."""
        wanted = Q(everything=True) | Q(organisations__in=organisation_ids) | Q(topics__in=topic_ids)
        return self.filter(wanted).distinct()


def normalise_email(address):
    """Addresses are compared without case: one subscription per mailbox, however it is typed."""
    return (address or "").strip().lower()


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        EACH = "each", _("Each release, as it is published")
        DAILY = "daily", _("A daily digest")

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="es")
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.EACH)
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"),
        default=8,
        validators=[MaxValueValidator(23)],
        help_text=_("The hour of the daily digest, in the newsroom’s time zone."),
    )
    everything = models.BooleanField(_("all releases"), default=False)
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("organisations followed")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics followed"))
    requested_at = models.DateTimeField(_("asked to subscribe"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    changed_at = models.DateTimeField(_("choices last changed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("email subscription")
        verbose_name_plural = _("email subscriptions")
        permissions = [("view_subscriber_address", _("Can see subscribers’ email addresses"))]
        constraints = [
            models.CheckConstraint(condition=Q(digest_hour__lte=23), name="subscription_digest_hour_of_day"),
        ]

    def __str__(self):
        # Never the address: this string ends up in the admin's history and messages.
        return str(_("Subscription %(number)s") % {"number": self.pk})

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def next_digest_at(self, after):
        return next_digest_at(after, self.digest_hour)


def next_digest_at(after, hour):
    """The first moment at `hour` o'clock in the newsroom's time zone strictly after `after`."""
    day = timezone.localtime(after).date()
    while True:
        slot = timezone.make_aware(datetime.combine(day, time(hour)))
        if slot > after:
            return slot
        day += timedelta(days=1)


class ReleaseAlert(models.Model):
    """One sending of a release to its subscribers: when it becomes public (sequence 0), and
    again each time an editor resends it (1, 2, ...)."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="email_alerts", verbose_name=_("release")
    )
    sequence = models.PositiveIntegerField(_("sending"), default=0)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resent by"),
    )
    fanned_out_at = models.DateTimeField(_("recipients listed"), null=True, blank=True)
    held_at = models.DateTimeField(_("held since"), null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("held by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("release alert")
        verbose_name_plural = _("release alerts")
        permissions = [("hold_and_resend_alerts", _("Can hold and resend release alerts"))]
        constraints = [
            models.UniqueConstraint(fields=["release", "sequence"], name="releasealert_unique_sequence"),
        ]

    def __str__(self):
        if self.sequence:
            return str(_("%(release)s (resent, %(number)s)") % {"release": self.release, "number": self.sequence})
        return str(self.release)

    @property
    def is_held(self):
        return self.held_at is not None

    @property
    def recipients_since(self):
        """Subscribers confirmed by this moment receive the alert: when the release became public,
        or when an editor asked to resend it."""
        return self.release.published_at if self.sequence == 0 else self.created_at


class OutboxItem(models.Model):
    """An email waiting to be sent, sent, given up on or cancelled.

    A worker claims a queued row by setting `lease_until` and `claimed_by` in one UPDATE (so two
    workers never claim the same row), sends it, and marks it sent right after the mail server
    accepts it. A worker that dies leaves its lease to run out; the row is then claimed again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("not sent")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_by = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last problem"), max_length=500, blank=True)

    class Meta:
        abstract = True


class Digest(OutboxItem):
    """A subscriber's daily digest for one day: the releases that became public since the last one."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    due_at = models.DateTimeField(_("due"))

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "due_at"], name="digest_unique_day"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="digest_claim_idx")]

    def __str__(self):
        return f"{self.subscription} · {self.due_at:%Y-%m-%d %H:%M}"


class Delivery(OutboxItem):
    """One release alert for one subscriber: sent on its own, or in a digest."""

    alert = models.ForeignKey(ReleaseAlert, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    in_digest = models.BooleanField(default=False)
    due_at = models.DateTimeField(_("due"))
    digest = models.ForeignKey(Digest, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries")

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # The guarantee behind "each subscriber gets each release at most once".
            models.UniqueConstraint(fields=["alert", "subscription"], name="delivery_once_per_subscription"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_claim_idx")]

    def __str__(self):
        return f"{self.alert} → {self.subscription}"


class SubscriptionMessage(OutboxItem):
    """A message about the subscription itself: the confirmation link, or the link to manage it."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("confirmation")
        MANAGE = "manage", _("link to manage the subscription")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)

    class Meta:
        verbose_name = _("subscription message")
        verbose_name_plural = _("subscription messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="subscriptionmessage_claim_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.subscription}"
