"""The editorial workflow's records: public change notes, the audit trail, embargo preview links."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from releases.models.states import PublicState

# --- The editorial workflow's records -------------------------------------------------------
#
# Change notes and audit events point at their release without a database constraint and are
# left alone when it is deleted: the record of what was said and done outlives the release, and
# a release recovered from its history (same primary key) finds them again. Reverting a release
# to an old revision does not touch them either, since they are not part of its revisions.


class ChangeNote(models.Model):
    """A public, dated correction note (“Updated 12 May 2024: corrected the date of the hearing”)."""

    release = models.ForeignKey(
        "Release", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="change_notes"
    )
    text = models.CharField(
        _("public change note"),
        max_length=500,
        help_text=_("Shown on the release page with today’s date, e.g. “Corrected the date of the hearing.”"),
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")
        # A release's notes newest first: a feed item's newest note is one step into it
        # (ReleaseQuerySet.with_newest_change_note).
        indexes = [models.Index(fields=["release", "-created_at", "-id"], name="changenote_newest")]

    def __str__(self):
        return self.text


class ReleaseEvent(models.Model):
    """The audit trail: who did what to a release, and when. Written only by releases.services."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED_TO_DRAFT = "returned_to_draft", _("returned to draft")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        RESCHEDULED = "rescheduled", _("publication time changed")
        EMBARGO_SET = "embargo_set", _("embargo set")
        EMBARGO_CHANGED = "embargo_changed", _("embargo changed")
        EMBARGO_LIFTED = "embargo_lifted", _("embargo lifted")
        WITHDRAWN = "withdrawn", _("withdrawn")
        CHANGE_NOTE_ADDED = "change_note_added", _("public change note added")
        PREVIEW_LINK_CREATED = "preview_link_created", _("preview link created")
        PREVIEW_LINK_REVOKED = "preview_link_revoked", _("preview link revoked")
        RESTORED = "restored", _("restored from a revision")
        RECOVERED = "recovered", _("recovered after deletion")
        DELETED = "deleted", _("deleted")
        IMPORTED = "imported", _("imported from Markdown")
        # A press contact edited so that journalists cannot reach them, while the release waits
        # to go public (releases/services/press_contacts.py).
        PRESS_CONTACT_UNREACHABLE = "press_contact_unreachable", _("press contact no longer reachable")
        # Recorded by apps built on releases (alerts), through releases.services.record_event.
        ALERTS_HELD = "alerts_held", _("email alerts held")
        ALERTS_LET_GO = "alerts_let_go", _("email alerts let go")
        ALERTS_RESENT = "alerts_resent", _("sent again to email subscribers")

    release = models.ForeignKey("Release", on_delete=models.DO_NOTHING, db_constraint=False, related_name="events")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token):
        """The link a token belongs to (revoked and expired ones included), or None."""
        return self.select_related("release").filter(token_hash=PreviewLink.hash_token(token)).first()


class PreviewLink(models.Model):
    """A secret link that lets one accredited journalist read a release under embargo.

    Only a SHA-256 hash of the token is stored: the link is a bearer credential, so it is shown
    once, when it is created, and then exists only with the person it was sent to. Nobody who
    can read the database, a backup or the admin can recover a working link; a lost link is
    revoked and a new one made.
    """

    release = models.ForeignKey("Release", on_delete=models.CASCADE, related_name="preview_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    recipient = models.CharField(
        _("for"),
        max_length=200,
        help_text=_("Who the link is for: a name and outlet, e.g. “Ana López, El Universal”."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    expires_at = models.DateTimeField(_("expires"), help_text=_("At the end of the embargo at the latest."))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("revoked by")
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return self.recipient

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def shows_release(self):
        """Whether this link opens its release now: active, and the release still published and
        under embargo (a draft or withdrawn release is never shown through a link)."""
        return self.is_active and self.release.public_state == PublicState.EMBARGOED
