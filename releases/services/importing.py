"""Writing an imported release: the workflow's rules, kept by an import that writes a whole release.

An import (releases.importing) reads a file into a release's text and rows; it cannot take the
workflow's steps one by one, so it hands what the file asks of the release's state to
`release_import()`, which keeps their rules, and leaves the same record (`release_record_import`):

- Who: the admin upload runs as a user, who may create a release only with the permission to
  add releases, and update one only when `release.can_be_edited_by(user)` (`check_import`). The
  import_releases command runs without a user: it is the administrator's tool and is trusted,
  but it keeps the rules below.
- Status: a new release takes `--status`, else the front matter's (the command) or is a draft
  (the upload); an existing one keeps its status unless `--status` says otherwise, so importing
  again never publishes or unpublishes anything unasked, and the upload never changes it. A
  withdrawal is for good, as in the workflow (nothing leaves the withdrawn state).
- Times: only editors schedule and embargo, so the upload of someone who may not publish sets
  and changes neither time (`times_not_applied` says so); an old file's publication time or
  embargo never hides a public release again, the upload leaves the times of a published
  release to the workflow's checked steps, and a withdrawn release keeps the times it had.
  Under an embargo a release goes out when the embargo ends (transitions.publication_time).
- Withdrawal: a withdrawn release comes with when and why (the public explanation), or the
  file fails; an existing withdrawal stays as it was recorded; preview links end with it.
- Change notes are public record: restored from the file, matched by their time (so importing
  again adds no duplicates), never deleted; only editors bring them in.
- Record: every import bumps `version` (an editor holding the release open in the admin is told
  what the import changed instead of overwriting it), keeps a baseline revision of a release
  without history, a revision of the result and an audit event.

Refusals are WorkflowError or PermissionDenied, with a message for the person importing.
"""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from releases.importing.problems import FieldWarning
from releases.models import ChangeNote, ReleaseEvent, Status
from releases.services.recording import end_preview_links, keep_baseline, keep_revision, record_event
from releases.services.transitions import (
    WorkflowError,
    check_press_contacts,
    press_contact_problems,
    publication_time,
    unreachable_contacts_note,
)
from releases.signals import announce


def _status_name(status):
    return str(Status(status).label).lower()


def import_refusal(*, user, release):
    """Why `user` may not import a file that creates a release (`release` None) or updates
    `release`, or None when they may. Without a user (the command line) nothing is refused."""
    if user is None:
        return None
    if release is None:
        if user.has_perm("releases.add_release"):
            return None
        return _("This file would create a release, and you may not add releases.")
    if release.can_be_edited_by(user):
        return None
    if not user.has_perm("releases.change_release"):
        return _("This file updates “%(title)s”, and you may not change releases.") % {"title": release.title_es}
    return _("This file updates “%(title)s”, which is %(status)s: only editors may change it.") % {
        "title": release.title_es,
        "status": _status_name(release.status),
    }


def check_import(*, user, release):
    refusal = import_refusal(user=user, release=release)
    if refusal is not None:
        raise PermissionDenied(refusal)


def may_set_times(user):
    """Whether an import by `user` may set a publication time or an embargo: scheduling and
    embargoes are editors' steps (the admin shows writers those fields read-only)."""
    return user is None or user.has_perm("releases.publish_release")


def times_not_applied(user, *, was, times):
    """The warnings for the file's `times` (publication time, embargo) that an import by `user`
    leaves out, keeping those of `was` (the release as it stood, None for a new one)."""
    if times is None or may_set_times(user):
        return []
    published_at, embargo_until = times
    warnings = []
    if embargo_until != (was.embargo_until if was else None):
        if embargo_until is None:
            message = _("The release keeps its embargo, which this file does not have: only editors lift it.")
        else:
            message = _("The embargo in this file was not applied: only editors set embargoes.")
        warnings.append(FieldWarning(message, "embargo_until"))
    # Without a date the file leaves the publication time as it is, so only a date can differ.
    if published_at != (was.published_at if was else None):
        message = _("The publication date in this file was not applied: only editors schedule releases.")
        warnings.append(FieldWarning(message, "date"))
    return warnings


@dataclass
class ImportedState:
    """What an imported file asks of a release's state; release_import decides what it gets."""

    status: str = ""  # --status, or "" to leave it to the rules
    file_status: str = ""  # the front matter's status, or ""
    from_file: bool = True  # a new release takes file_status (the command); the upload makes drafts
    published_at: object = None  # the file's times (releases.importing.times), before the rules
    embargo_until: object = None
    embargo_unreadable: bool = False  # an embargo line was there but could not be read
    withdrawn_at: object = None
    withdrawal_explanation: dict = field(default_factory=dict)  # language -> text


@transaction.atomic
def release_import(*, release, actor, created, state, warnings):
    """Give `release` (its text set by the import; saved or new) the state `state` asks for, as
    far as the workflow's rules allow (see the module's docstring), and save it. `warnings`
    collects what was not applied. `state` None: only the text changes (an English version)."""
    was = None if created else copy.copy(release)
    if not created:
        keep_baseline(release, _("The release before it was imported again."))
        release.version += 1
    release.updated_by = actor
    if state is not None:
        release.status = _status(release, created=created, state=state, warnings=warnings)
        if release.status == Status.PUBLISHED and state.embargo_unreadable:
            raise WorkflowError(_("The embargo line could not be read, so the release was not published."))
        _apply_times(release, was, actor=actor, state=state, warnings=warnings)
        _apply_withdrawal(release, was, actor=actor, state=state, warnings=warnings)
    release.save()
    return release


def _status(release, *, created, state, warnings):
    if state.status:
        if release.status == Status.WITHDRAWN and state.status != Status.WITHDRAWN:
            raise WorkflowError(
                _(
                    "The release was withdrawn, and a withdrawal is for good: import it without --status to "
                    "update its text."
                )
            )
        return state.status
    wanted = state.file_status
    if not wanted or wanted == release.status:
        return release.status
    if wanted not in Status.values:
        raise WorkflowError(
            _("The front matter’s status “%(status)s” is not one of: %(choices)s.")
            % {"status": wanted, "choices": ", ".join(Status.values)}
        )
    if created and state.from_file:
        return wanted
    if created:
        warnings.append(
            _("The file says “%(status)s”; releases imported here are drafts: review it and publish it in the admin.")
            % {"status": wanted}
        )
    else:
        warnings.append(
            _(
                "The file says “%(file)s”; the release keeps its status “%(status)s”, as importing again never "
                "changes it (use --status, or change it in the admin)."
            )
            % {"file": wanted, "status": release.status}
        )
    return release.status


def _apply_times(release, was, *, actor, state, warnings):
    """The file's times, as far as the rules allow them over `was` (None: a new release)."""
    release.published_at, release.embargo_until = state.published_at, state.embargo_until
    if release.status == Status.PUBLISHED and release.published_at is None:
        release.published_at = timezone.now()
    if release.status in (Status.PUBLISHED, Status.WITHDRAWN) and release.published_at is not None:
        release.published_at = publication_time(release.published_at, release.embargo_until)
    kept = (was.published_at, was.embargo_until) if was else (None, None)
    times = (release.published_at, release.embargo_until)
    if not may_set_times(actor):
        warnings += times_not_applied(actor, was=was, times=times)
        release.published_at, release.embargo_until = kept
    elif was is None or times == kept:
        return
    elif was.status == Status.WITHDRAWN:
        # They are part of the withdrawal's record: whether and when the release had been public.
        warnings.append(_("The release was withdrawn: its publication time and embargo stay as they were."))
        release.published_at, release.embargo_until = kept
    elif actor is not None and was.status == Status.PUBLISHED:
        # In the admin these change only through the workflow's steps (reschedule, embargo),
        # each checked and recorded; an uploaded file does not get round them.
        warnings.append(
            _(
                "The release is published: its publication time and embargo change only on its page in the "
                "admin, so those of the file were not used."
            )
        )
        release.published_at, release.embargo_until = kept
    elif was.is_published and release.status == Status.PUBLISHED and not release.is_published:
        warnings.append(
            _(
                "The file’s publication time or embargo would hide this public release again; it keeps its own "
                "(change them in the admin, or withdraw the release)."
            )
        )
        release.published_at, release.embargo_until = kept


def _apply_withdrawal(release, was, *, actor, state, warnings):
    """Give a release the file makes withdrawn its withdrawal time and public explanation, or
    fail; a release withdrawn before keeps the withdrawal it has (the admin shows it read-only)."""
    if release.status != Status.WITHDRAWN:
        return
    given_at, explanation = state.withdrawn_at, state.withdrawal_explanation
    if was is not None and was.status == Status.WITHDRAWN:
        recorded = {"es": was.withdrawal_explanation_es, "en": was.withdrawal_explanation_en or ""}
        if (given_at and given_at != was.withdrawn_at) or (explanation and {"en": "", **explanation} != recorded):
            warnings.append(
                _("The release was withdrawn on %(when)s; its withdrawal time and explanation stay as they were.")
                % {"when": timezone.localtime(was.withdrawn_at).isoformat()}
            )
        return
    _check_withdrawal(release, given_at, explanation)
    release.withdrawn_at = given_at
    release.withdrawal_explanation_es = explanation["es"]
    release.withdrawal_explanation_en = explanation.get("en", "")
    if was is not None:
        end_preview_links(release, actor=actor, at=timezone.now())


def _check_withdrawal(release, given_at, explanation):
    if not explanation.get("es"):
        raise WorkflowError(
            _(
                "A withdrawn release needs its public explanation: give withdrawal_explanation (in Spanish at "
                "least) in the front matter."
            )
        )
    if given_at is None:
        raise WorkflowError(
            _("A withdrawn release needs the time it was withdrawn: give withdrawn_at in the front matter.")
        )
    if release.published_at is None:
        raise WorkflowError(
            _("A withdrawn release needs the time it was published: give published_at in the front matter.")
        )
    if given_at < release.public_since:
        raise WorkflowError(
            _(
                "The front matter says the release was withdrawn at %(withdrawn)s, before it became public at "
                "%(public)s; only a public release can be withdrawn."
            )
            % {
                "withdrawn": timezone.localtime(given_at).isoformat(),
                "public": timezone.localtime(release.public_since).isoformat(),
            }
        )


def release_import_change_notes(*, release, actor, entries, warnings):
    """Add the file's public change notes (front matter entries: `at`, `text` by language) the
    release lacks; a note of the same time gets the file's text. Notes the file lacks are kept:
    the public record is never deleted. Only editors bring them in."""
    if not entries:
        return
    if actor is not None and not actor.has_perm("releases.publish_release"):
        warnings.append(
            ngettext(
                "The file has %(count)d public change note; only editors add them, so it was not imported.",
                "The file has %(count)d public change notes; only editors add them, so they were not imported.",
                len(entries),
            )
            % {"count": len(entries)}
        )
        return
    existing = {note.created_at: note for note in release.change_notes.all()}
    for entry in entries:
        note = existing.get(entry.at) or ChangeNote(release=release, created_at=entry.at)
        texts = {"text_es": entry.text["es"], "text_en": entry.text.get("en", "")}
        if note.pk is not None and all(getattr(note, name) == text for name, text in texts.items()):
            continue
        for name, text in texts.items():
            setattr(note, name, text)
        note.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
        note.save()
        existing[entry.at] = note


def release_record_import(*, release, actor, sources, created, previous_status, unreachable_contacts_reason=""):
    """The revision and the audit event of an import (the release and its rows written).

    An import that publishes a release keeps the publishing guard: journalists must be able to
    reach its press contacts (check_press_contacts), unless `unreachable_contacts_reason` says
    why it goes out anyway, which the audit event keeps. So does an import that rewrites the
    press contacts of a release waiting to go public (scheduled or under embargo): it goes out
    by itself at its time, with nobody to check it then (see press_contacts.py). Raised here,
    once the rows are written, the refusal rolls the whole import back."""
    published_now = release.status == Status.PUBLISHED and (created or previous_status != Status.PUBLISHED)
    awaiting_publication = release.status == Status.PUBLISHED and not release.is_published
    override = ""
    if published_now or awaiting_publication:
        press_contacts = [row.press_contact for row in release.media_contacts.select_related("press_contact")]
        check_press_contacts(press_contacts, unreachable_contacts_reason=unreachable_contacts_reason)
        if press_contact_problems(press_contacts):
            override = " · " + unreachable_contacts_note(press_contacts, unreachable_contacts_reason)
    files = ", ".join(str(source) for source in sources)
    keep_revision(release, actor, _("Imported from %(files)s.") % {"files": files})
    if created:
        detail = _("%(files)s: new release, %(status)s") % {"files": files, "status": _status_name(release.status)}
    elif previous_status != release.status:
        detail = _("%(files)s: %(old)s → %(new)s") % {
            "files": files,
            "old": _status_name(previous_status),
            "new": _status_name(release.status),
        }
    else:
        detail = files
    record_event(release=release, actor=actor, action=ReleaseEvent.Action.IMPORTED, detail=detail + override)
    announce(release)
