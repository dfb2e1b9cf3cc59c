"""The worker: everything that is due, once (`Worker.run`), or in a loop (`Worker.run_forever`).

1. Find releases that have become public (`Release.objects.published()`) since alerts were
   switched on and have no alert yet, and give each one. Publishing runs nothing: a scheduled
   release or an ended embargo is found by the first run after its moment, and a worker that
   was down finds everything it missed when it starts again.
2. List each new alert's recipients: one Delivery per subscription that was confirmed when the
   release became public and follows it. (alert, subscription) is unique, so listing again
   after a crash adds nobody twice.
3. Send what is due: messages about subscriptions, alerts, then daily digests. A worker claims
   rows with a lease, checks again that each release is still public and its alert not held
   (a withdrawn release is not sent), sends, and marks each row sent right after the mail
   server accepts it. Transient failures are retried with back-off; permanent ones, and those
   that keep failing, are marked failed and shown in the admin.
4. Clean up sign-ups never confirmed within 7 days.

Exactly once, and its limit: a row is marked sent in its own UPDATE right after the server
accepts the message. A worker killed between the two (a few milliseconds) leaves the row to be
sent again when its lease runs out: SMTP has no two-phase commit. The copy carries the same
Message-ID, so mail programs can recognise it.
"""

import logging
import smtplib
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import ngettext

from alerts import leases, services
from alerts.mail import (
    ConnectionLost,
    ReleaseParts,
    alert_message,
    classify_failure,
    digest_message,
    release_related_lookups,
    subscription_message,
)
from alerts.models import (
    AlertsStart,
    Delivery,
    Digest,
    ReleaseAlert,
    Subscription,
    SubscriptionMessage,
    next_digest_at,
)
from releases.models import Release

logger = logging.getLogger(__name__)
Status = Delivery.Status
# Waits between attempts after a transient failure; after the last one the row is marked failed.
RETRY_DELAYS = [timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 360)]
BATCH_SIZE = 200
# How often, in messages, a batch checks again that its releases are still public and not held.
RECHECK_EVERY = 50


@dataclass
class Report:
    alerts: int = 0
    listed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    unconfirmed_deleted: int = 0
    problems: list = field(default_factory=list)

    def __str__(self):
        counts = [
            (self.alerts, ngettext("%(count)d new alert", "%(count)d new alerts", self.alerts)),
            (self.listed, ngettext("%(count)d delivery listed", "%(count)d deliveries listed", self.listed)),
            (self.sent, ngettext("%(count)d message sent", "%(count)d messages sent", self.sent)),
            (self.retried, ngettext("%(count)d to retry", "%(count)d to retry", self.retried)),
            (self.failed, ngettext("%(count)d failed", "%(count)d failed", self.failed)),
            (self.cancelled, ngettext("%(count)d not sent", "%(count)d not sent", self.cancelled)),
            (
                self.unconfirmed_deleted,
                ngettext(
                    "%(count)d unconfirmed sign-up deleted",
                    "%(count)d unconfirmed sign-ups deleted",
                    self.unconfirmed_deleted,
                ),
            ),
        ]
        return ", ".join(message % {"count": number} for number, message in counts)


class Worker:
    def __init__(self, *, batch_size=BATCH_SIZE, should_stop=lambda: False):
        self.batch_size = batch_size
        self.should_stop = should_stop
        self.connection = None
        self.parts = ReleaseParts()
        self.alerts = {}
        self.handled = {}
        self.report = Report()

    # --- One pass -------------------------------------------------------------------------

    def run(self):
        """Do everything that is due now, then return a Report."""
        if not settings.SITE_URL:
            raise RuntimeError("Set SITE_URL (e.g. https://prensa.example.org): messages link to the site.")
        if connection.vendor == "postgresql":
            # Commit without waiting for the disk: the worker commits once per message sent, and a
            # commit still survives the worker dying (only a crash of PostgreSQL itself could undo
            # the last few, which resends those messages: see README, "Exactly once").
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        self.report = Report()
        self.parts = ReleaseParts()  # a release edited since the last pass is rendered afresh
        self.alerts = {}
        self.handled = {}
        self.discover_alerts()
        self.list_recipients()
        try:
            self.send_subscription_messages()
            self.send_alerts()
            self.assemble_digests()
            self.send_digests()
        except ConnectionLost as error:
            self.report.problems.append(f"mail server unreachable: {error}")
            logger.warning("Mail server unreachable, trying again later: %s", error)
        finally:
            self.close()
        self.report.unconfirmed_deleted = services.subscriptions_delete_unconfirmed()
        SubscriptionMessage.objects.exclude(status=Status.QUEUED).filter(
            created_at__lt=timezone.now() - services.UNCONFIRMED_KEPT_FOR
        ).delete()
        return self.report

    def run_forever(self, interval=10):
        """Run, sleep `interval` seconds, and again, until should_stop() says so."""
        while not self.should_stop():
            try:
                report = self.run()
                if report.sent or report.failed or report.alerts:
                    logger.info("send_alerts: %s", report)
            except Exception:
                # A bad pass must not end the worker: log it and try again on the next one.
                logger.exception("send_alerts: the pass failed")
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not self.should_stop():
                time.sleep(0.2)

    # --- 1 and 2: alerts and their recipients ----------------------------------------------------

    def discover_alerts(self):
        """Give every release that became public since alerts were switched on its first alert."""
        new = (
            Release.objects.published()
            .filter(published_at__gte=AlertsStart.moment())
            .exclude(email_alerts__sequence=0)
            .values_list("pk", flat=True)
        )
        alerts = [ReleaseAlert(release_id=pk, sequence=0) for pk in new]
        ReleaseAlert.objects.bulk_create(alerts, ignore_conflicts=True)
        self.report.alerts = len(alerts)

    def list_recipients(self):
        waiting = ReleaseAlert.objects.filter(
            fanned_out_at__isnull=True, held_at__isnull=True, release__in=Release.objects.published()
        ).select_related("release")
        for alert in waiting:
            self.report.listed += self._list_recipients(alert)

    @staticmethod
    def _list_recipients(alert):
        release, now = alert.release, timezone.now()
        since = alert.recipients_since
        recipients = (
            Subscription.objects.confirmed()
            .filter(confirmed_at__lte=since)
            .following(
                organisation_ids=list(release.issuing_organisation_rows.values_list("organisation_id", flat=True)),
                topic_ids=list(release.topics.values_list("pk", flat=True)),
            )
            .values_list("pk", "frequency", "digest_hour")
        )
        slots = {}
        deliveries = []
        for pk, frequency, hour in recipients:
            in_digest = frequency == Subscription.Frequency.DAILY
            if in_digest and hour not in slots:
                slots[hour] = next_digest_at(since, hour)
            due = slots[hour] if in_digest else now
            deliveries.append(
                Delivery(alert=alert, subscription_id=pk, in_digest=in_digest, due_at=due, next_attempt_at=due)
            )
        Delivery.objects.bulk_create(deliveries, batch_size=500, ignore_conflicts=True)
        ReleaseAlert.objects.filter(pk=alert.pk).update(fanned_out_at=now)
        return len(deliveries)

    # --- 3: sending ------------------------------------------------------------------------

    def _claims(self, queryset):
        """Claim batch after batch of due rows of `queryset` until none are left or the worker must stop."""
        while not self.should_stop():
            claim = leases.claim(queryset, batch_size=self.batch_size, handled=self.handled)
            if claim is None:
                return
            yield claim

    def _send(self, message, address):
        """Hand one message to the mail server: None when accepted, else (permanent?, problem)."""
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            try:
                self.connection.open()
            except (OSError, smtplib.SMTPException) as error:
                self.connection = None
                raise ConnectionLost(str(error)) from error
        try:
            self.connection.send_messages([message])
        except (OSError, smtplib.SMTPException) as error:
            try:
                return classify_failure(error, address)
            except ConnectionLost:
                self.close()
                raise
        return None

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None

    def _settle(self, model, pk, token, outcome, *, deliveries=()):
        """Record how sending went for one message (and, for a digest, the deliveries in it)."""
        now = timezone.now()
        row = model.objects.filter(pk=pk, claimed_by=token)
        included = Delivery.objects.filter(pk__in=deliveries)
        if outcome is None:
            sent = {"status": Status.SENT, "sent_at": now, "lease_until": None, "last_error": ""}
            row.update(**sent, attempts=F("attempts") + 1)
            included.update(**sent)
            self.report.sent += 1
            return
        permanent, problem = outcome
        attempts = row.values_list("attempts", flat=True).first() or 0
        if permanent or attempts >= len(RETRY_DELAYS):
            failed = {"status": Status.FAILED, "lease_until": None, "last_error": problem}
            row.update(**failed, attempts=F("attempts") + 1)
            included.update(**failed)
            self.report.failed += 1
            logger.warning("Gave up on a %s: %s", model._meta.verbose_name, problem)
            return
        row.update(
            next_attempt_at=now + RETRY_DELAYS[attempts],
            lease_until=None,
            attempts=F("attempts") + 1,
            last_error=problem,
        )
        included.update(last_error=problem)
        self.report.retried += 1

    def _cancel(self, model, pks, reason):
        model.objects.filter(pk__in=pks).update(status=Status.CANCELLED, lease_until=None, last_error=reason)
        self.report.cancelled += len(pks)

    def _alerts(self, alert_ids):
        """The alerts with their releases and everything a message shows, loaded once per pass."""
        missing = set(alert_ids) - set(self.alerts)
        if missing:
            alerts = ReleaseAlert.objects.filter(pk__in=missing).select_related("release")
            for alert in alerts.prefetch_related(*release_related_lookups()):
                self.alerts[alert.pk] = alert
        return self.alerts

    @staticmethod
    def _sendable(alert_ids):
        """(alerts that may go out now, alerts whose release is no longer public)."""
        alerts = ReleaseAlert.objects.filter(pk__in=set(alert_ids))
        public = set(alerts.filter(release__in=Release.objects.published()).values_list("pk", flat=True))
        held = set(alerts.filter(held_at__isnull=False).values_list("pk", flat=True))
        return public - held, set(alert_ids) - public

    def send_subscription_messages(self):
        for token, lease_until in self._claims(SubscriptionMessage.objects.all()):
            notices = SubscriptionMessage.objects.filter(claimed_by=token, status=Status.QUEUED)
            for notice in notices.select_related("subscription"):
                if self.should_stop() or leases.lease_running_out(lease_until):
                    break
                if notice.kind == SubscriptionMessage.Kind.CONFIRM and notice.subscription.is_confirmed:
                    self._cancel(SubscriptionMessage, [notice.pk], "already confirmed")
                    continue
                outcome = self._send(subscription_message(notice), notice.subscription.email)
                self._settle(SubscriptionMessage, notice.pk, token, outcome)
            leases.release_claims(SubscriptionMessage, token)

    def send_alerts(self):
        """Alerts for subscribers who get each release as it is published."""
        due = Delivery.objects.filter(in_digest=False, alert__held_at__isnull=True)
        for token, lease_until in self._claims(due):
            try:
                self._send_alert_batch(token, lease_until)
            finally:
                leases.release_claims(Delivery, token)

    def _send_alert_batch(self, token, lease_until):
        batch = list(Delivery.objects.filter(claimed_by=token, status=Status.QUEUED).select_related("subscription"))
        alerts = self._alerts({delivery.alert_id for delivery in batch})
        for position, delivery in enumerate(batch):
            if self.should_stop() or leases.lease_running_out(lease_until):
                return
            if position % RECHECK_EVERY == 0:
                sendable, withdrawn = self._sendable({delivery.alert_id for delivery in batch[position:]})
            if delivery.alert_id in withdrawn:
                self._cancel(Delivery, [delivery.pk], "the release is no longer public")
                continue
            if delivery.alert_id not in sendable:
                continue  # held: its claim is released with the rest of the batch
            delivery.alert = alerts[delivery.alert_id]
            outcome = self._send(alert_message(delivery, self.parts), delivery.subscription.email)
            self._settle(Delivery, delivery.pk, token, outcome)

    def assemble_digests(self):
        """Gather due digest deliveries into their subscriber's digest for that day."""
        now = timezone.now()
        queued = Delivery.objects.filter(status=Status.QUEUED, in_digest=True)
        # A digest that went out (or is going out) without a delivery leaves it for the next one.
        queued.filter(digest__isnull=False).exclude(digest__status=Status.QUEUED).update(
            digest=None, due_at=F("due_at") + timedelta(days=1)
        )
        due = queued.filter(digest__isnull=True, due_at__lte=now, alert__held_at__isnull=True)
        same_day = Digest.objects.filter(subscription=OuterRef("subscription"), due_at=OuterRef("due_at"))
        taken = same_day.exclude(Q(status=Status.QUEUED) & leases.unleased(now))
        due.filter(Exists(taken)).update(due_at=F("due_at") + timedelta(days=1))
        keys = set(due.values_list("subscription_id", "due_at"))
        Digest.objects.bulk_create(
            [Digest(subscription_id=pk, due_at=at, next_attempt_at=at) for pk, at in keys], ignore_conflicts=True
        )
        open_digest = same_day.filter(Q(status=Status.QUEUED) & leases.unleased(now))
        due.filter(Exists(open_digest)).update(digest=Subquery(open_digest.values("pk")[:1]))

    def send_digests(self):
        for token, lease_until in self._claims(Digest.objects.all()):
            try:
                self._send_digest_batch(token, lease_until)
            finally:
                leases.release_claims(Digest, token)

    def _send_digest_batch(self, token, lease_until):
        digests = list(Digest.objects.filter(claimed_by=token, status=Status.QUEUED).select_related("subscription"))
        contents = {}
        for delivery in Delivery.objects.filter(digest__in=digests, status=Status.QUEUED):
            contents.setdefault(delivery.digest_id, []).append(delivery)
        alerts = self._alerts({delivery.alert_id for group in contents.values() for delivery in group})
        for digest in digests:
            if self.should_stop() or leases.lease_running_out(lease_until):
                return
            deliveries = contents.get(digest.pk, [])
            sendable, withdrawn = self._sendable({delivery.alert_id for delivery in deliveries})
            self._cancel(Delivery, [d.pk for d in deliveries if d.alert_id in withdrawn], "no longer public")
            # Held ones leave this digest and wait for a later one.
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries if d.alert_id not in sendable | withdrawn]).update(
                digest=None, due_at=F("due_at") + timedelta(days=1)
            )
            deliveries = [d for d in deliveries if d.alert_id in sendable]
            if not deliveries:
                Digest.objects.filter(pk=digest.pk).update(status=Status.CANCELLED, lease_until=None)
                continue
            for delivery in deliveries:
                delivery.alert = alerts[delivery.alert_id]
            deliveries.sort(key=lambda delivery: (delivery.alert.release.published_at, delivery.pk))
            outcome = self._send(digest_message(digest, deliveries, self.parts), digest.subscription.email)
            with transaction.atomic():
                self._settle(Digest, digest.pk, token, outcome, deliveries=[delivery.pk for delivery in deliveries])
