"""The editorial workflow: every change of a release's state goes through these functions.

States (Release.Status): draft -> in review -> published -> withdrawn. A published release
with a future publication time is scheduled, and one whose embargo has not ended is hidden;
both are decided at query time by Release.objects.published(), so nothing has to run at the
moment a release goes live.

Each service is keyword-only and, in one transaction on the locked release row:
checks the actor's permission (PermissionDenied) and the release's current state
(WorkflowError, with a message an editor can act on), makes the change, bumps the release's
`version` (so an editor holding an older form is warned instead of overwriting it), keeps a
revision of the release and records a ReleaseEvent (who, when, what).

The `check_*` guards are the same rules without the writing: the admin's form validation calls
them, so a refused action is a form error and nothing is saved.
"""

import secrets

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from releases.models import ChangeNote, PreviewLink, Release, ReleaseEvent

Status = Release.Status
Action = ReleaseEvent.Action


class WorkflowError(ValidationError):
    """The release is not in a state that allows this action (or the input makes no sense)."""


def describe_moment(moment):
    """A moment as staff read it in messages and the audit trail: local date, time and zone."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def _require(actor, permission):
    if not actor.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


def _require_editable(release, actor):
    if not release.can_be_edited_by(actor):
        raise PermissionDenied(_("You do not have permission to change this release."))


# --- Guards ------------------------------------------------------------------------------


def check_submit_for_review(*, release, actor):
    _require_editable(release, actor)
    if release.status != Status.DRAFT:
        raise WorkflowError(_("Only a draft can be submitted for review."))


def check_return_to_draft(*, release, actor):
    if release.status == Status.IN_REVIEW:
        _require_editable(release, actor)
        return
    if release.status == Status.PUBLISHED and not release.is_published:
        # Scheduled or under embargo: nobody outside has seen it, so it can go back quietly.
        _require(actor, "releases.publish_release")
        return
    if release.status == Status.PUBLISHED:
        raise WorkflowError(_("This release is already public: withdraw it instead, with an explanation."))
    raise WorkflowError(_("Only a release in review, scheduled or under embargo can be returned to draft."))


def check_publish(*, release, actor, at=None):
    _require(actor, "releases.publish_release")
    if release.status not in (Status.DRAFT, Status.IN_REVIEW):
        raise WorkflowError(_("Only a draft or a release in review can be published."))


_UNCHANGED = object()


def check_reschedule(*, release, actor, at, embargo_until=_UNCHANGED):
    """`embargo_until`: the embargo the release will have, when a save changes both."""
    _require(actor, "releases.publish_release")
    if release.status != Status.PUBLISHED:
        raise WorkflowError(_("Only a published release has a publication time to change."))
    if at is None:
        raise WorkflowError(_("A published release needs a publication time."))
    if release.is_published and at > timezone.now():
        raise WorkflowError(_("This release is already public: it cannot be moved to the future. Withdraw it instead."))
    if embargo_until is _UNCHANGED:
        embargo_until = release.embargo_until
    if embargo_until is not None and at < embargo_until and not release.is_published:
        raise WorkflowError(
            _("The embargo ends on %(when)s: the release cannot become public earlier. Change the embargo first.")
            % {"when": describe_moment(embargo_until)}
        )


def check_set_embargo(*, release, actor, until):
    _require(actor, "releases.publish_release")
    if release.status == Status.WITHDRAWN:
        raise WorkflowError(_("A withdrawn release cannot be put under embargo."))
    if until is None:
        return
    if until <= timezone.now():
        raise WorkflowError(_("An embargo must end in the future."))
    if release.is_published:
        raise WorkflowError(_("This release is already public: an embargo can no longer hide it."))


def check_withdraw(*, release, actor, explanation_es=""):
    _require(actor, "releases.withdraw_release")
    if not release.is_published:
        raise WorkflowError(
            _(
                "Only a public release can be withdrawn. A scheduled or embargoed release can be "
                "returned to draft instead."
            )
        )
    if not (explanation_es or "").strip():
        raise WorkflowError(_("Explain publicly, in Spanish at least, why the release is withdrawn."))


def check_add_change_note(*, release, actor):
    _require(actor, "releases.publish_release")
    if not release.is_published:
        raise WorkflowError(_("Change notes are for corrections to a public release."))


def check_create_preview_link(*, release, actor, expires_at=None):
    _require(actor, "releases.manage_preview_links")
    if release.public_state != release.PublicState.EMBARGOED:
        raise WorkflowError(_("Preview links are for published releases under an embargo that has not ended."))
    if expires_at is not None and expires_at > release.embargo_until:
        raise WorkflowError(_("A preview link must expire at the end of the embargo at the latest."))
    if expires_at is not None and expires_at <= timezone.now():
        raise WorkflowError(_("A preview link must expire in the future."))


# --- Writing -----------------------------------------------------------------------------


def _locked(release):
    return Release.objects.select_for_update().get(pk=release.pk)


def _write(release, actor, comment, **fields):
    """Update the release's row (only these fields), bump its version and keep a revision.

    An UPDATE of the named fields, not a save(): whatever the caller holds in memory about the
    other fields cannot overwrite someone else's newer text.
    """
    now = timezone.now()
    Release.objects.filter(pk=release.pk).update(**fields, version=F("version") + 1, updated_at=now, updated_by=actor)
    fresh = Release.objects.get(pk=release.pk)
    for name in [*fields, "version", "updated_at", "updated_by_id"]:
        setattr(release, name, getattr(fresh, name))
    keep_revision(fresh, actor, comment)
    return release


def keep_revision(release, actor, comment):
    """Add the release (with its links, contacts, issuing organisations and attachments) to a revision."""
    with reversion.create_revision():
        reversion.set_user(actor)
        reversion.set_comment(comment)
        reversion.add_to_revision(release)


def record_event(*, release, actor, action, detail=""):
    """Add a line to the release's audit trail (also used by the admin for restore and delete)."""
    return ReleaseEvent.objects.create(release_id=release.pk, actor=actor, action=action, detail=detail[:500])


@transaction.atomic
def release_submit_for_review(*, release, actor):
    check_submit_for_review(release=_locked(release), actor=actor)
    _write(release, actor, _("Submitted for review."), status=Status.IN_REVIEW)
    record_event(release=release, actor=actor, action=Action.SUBMITTED)
    return release


@transaction.atomic
def release_return_to_draft(*, release, actor):
    locked = _locked(release)
    check_return_to_draft(release=locked, actor=actor)
    detail = ""
    if locked.status == Status.PUBLISHED:
        detail = _("It was to become public on %(when)s.") % {"when": describe_moment(locked.public_since)}
    _write(release, actor, _("Returned to draft."), status=Status.DRAFT)
    record_event(release=release, actor=actor, action=Action.RETURNED_TO_DRAFT, detail=detail)
    return release


@transaction.atomic
def release_publish(*, release, actor, at=None):
    """Publish now, or schedule for `at` when that is in the future (no job needed: published()
    compares the time in every query).

    Under an embargo the release becomes public when the embargo ends, so that is its publication
    time: the date journalists see, feeds give and URLs carry is the day it really went out.
    """
    locked = _locked(release)
    check_publish(release=locked, actor=actor, at=at)
    now = timezone.now()
    at = max(at or now, locked.embargo_until or now)
    _write(release, actor, _("Published."), status=Status.PUBLISHED, published_at=at)
    action = Action.SCHEDULED if at > now else Action.PUBLISHED
    record_event(release=release, actor=actor, action=action, detail=describe_moment(at))
    return release


@transaction.atomic
def release_reschedule(*, release, actor, at):
    """Change the publication time of a published release (a scheduled one, or to correct the date
    of a public one; a public release cannot be moved to the future)."""
    locked = _locked(release)
    check_reschedule(release=locked, actor=actor, at=at)
    if locked.published_at == at:
        return release
    _write(release, actor, _("Publication time changed."), published_at=at)
    detail = _("from %(old)s to %(new)s") % {"old": describe_moment(locked.published_at), "new": describe_moment(at)}
    record_event(release=release, actor=actor, action=Action.RESCHEDULED, detail=detail)
    return release


@transaction.atomic
def release_set_embargo(*, release, actor, until):
    """Set, change or lift (until=None) the embargo. Preview links never outlive the embargo, so
    an earlier embargo shortens them.

    A published (so far scheduled) release keeps its publication time at or after the end of
    its embargo: a later embargo moves it along; a release that was waiting for its embargo to
    end follows the embargo when it moves earlier, and goes out now when it is lifted.
    """
    locked = _locked(release)
    check_set_embargo(release=locked, actor=actor, until=until)
    if locked.embargo_until == until:
        return release
    fields = {"embargo_until": until}
    if locked.status == Status.PUBLISHED:
        waiting_for_embargo = locked.published_at == locked.embargo_until
        if until is None:
            if waiting_for_embargo:
                fields["published_at"] = timezone.now()
        elif waiting_for_embargo or locked.published_at < until:
            fields["published_at"] = until
    _write(release, actor, _("Embargo changed."), **fields)
    if until is None:
        record_event(release=release, actor=actor, action=Action.EMBARGO_LIFTED)
        return release
    release.preview_links.filter(expires_at__gt=until).update(expires_at=until)
    if locked.embargo_until is None:
        record_event(release=release, actor=actor, action=Action.EMBARGO_SET, detail=describe_moment(until))
    else:
        detail = _("from %(old)s to %(new)s") % {
            "old": describe_moment(locked.embargo_until),
            "new": describe_moment(until),
        }
        record_event(release=release, actor=actor, action=Action.EMBARGO_CHANGED, detail=detail)
    return release


@transaction.atomic
def release_withdraw(*, release, actor, explanation_es, explanation_en=""):
    """Retract a public release. Its page stays online, marked withdrawn with the explanation and
    date; it leaves lists, feeds, the sitemap and search (they use published())."""
    check_withdraw(release=_locked(release), actor=actor, explanation_es=explanation_es)
    now = timezone.now()
    explanation = {
        build_localized_fieldname("withdrawal_explanation", "es"): explanation_es.strip(),
        build_localized_fieldname("withdrawal_explanation", "en"): (explanation_en or "").strip(),
    }
    _write(release, actor, _("Withdrawn."), status=Status.WITHDRAWN, withdrawn_at=now, **explanation)
    release.preview_links.filter(revoked_at__isnull=True).update(revoked_at=now, revoked_by=actor)
    record_event(release=release, actor=actor, action=Action.WITHDRAWN, detail=explanation_es.strip())
    return release


@transaction.atomic
def release_add_change_note(*, release, actor, text_es, text_en=""):
    """A public, dated correction note, listed on the release page and in feeds' `updated`."""
    check_add_change_note(release=_locked(release), actor=actor)
    if not (text_es or "").strip():
        raise WorkflowError(_("Write the change note in Spanish at least."))
    note = ChangeNote.objects.create(
        release=release, text_es=text_es.strip(), text_en=(text_en or "").strip(), created_by=actor
    )
    record_event(release=release, actor=actor, action=Action.CHANGE_NOTE_ADDED, detail=note.text_es)
    return note


@transaction.atomic
def release_create_preview_link(*, release, actor, recipient, expires_at=None):
    """A secret link for one accredited journalist to read the release before its embargo ends.

    Returns (link, token). Only the token's hash is stored: the caller shows the link once.
    """
    locked = _locked(release)
    check_create_preview_link(release=locked, actor=actor, expires_at=expires_at)
    recipient = (recipient or "").strip()
    if not recipient:
        raise WorkflowError(_("Say who the link is for."))
    token = secrets.token_urlsafe(32)
    link = PreviewLink.objects.create(
        release=release,
        token_hash=PreviewLink.hash_token(token),
        recipient=recipient,
        created_by=actor,
        expires_at=expires_at or locked.embargo_until,
    )
    detail = _("for %(recipient)s, until %(when)s") % {"recipient": recipient, "when": describe_moment(link.expires_at)}
    record_event(release=release, actor=actor, action=Action.PREVIEW_LINK_CREATED, detail=detail)
    return link, token


@transaction.atomic
def release_revoke_preview_link(*, link, actor):
    _require(actor, "releases.manage_preview_links")
    link = PreviewLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise WorkflowError(_("This preview link was already revoked."))
    link.revoked_at = timezone.now()
    link.revoked_by = actor
    link.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        release=link.release, actor=actor, action=Action.PREVIEW_LINK_REVOKED, detail=_("for %s") % link.recipient
    )
    return link
