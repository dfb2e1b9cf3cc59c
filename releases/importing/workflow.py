"""How an import keeps the editorial workflow's rules (releases/services.py).

An import writes a whole release at once, so it cannot take the workflow's steps one by one;
it keeps their rules instead, and leaves the same record:

- Who: the admin upload runs as a user, who may create a release only with the permission to
  add releases, and update one only when `release.can_be_edited_by(user)` (a writer cannot
  overwrite a published release). A file that names organisations, people or topics the
  directory lacks needs the permission to add them, as in the admin (new_entries_refusal); the
  preview asks releases.importing.service.new_entries, the import checks what it created. The
  import_releases command runs without a user: it is the administrator's tool and is trusted,
  but it keeps the rules below.
- Status: a new release takes `--status`, else the front matter's (the command) or is a draft
  (the upload); an existing one keeps its status unless `--status` says otherwise, so importing
  again never publishes or unpublishes anything unasked, and the upload never changes it. A
  withdrawal is for good, as in the workflow.
- Times: only editors schedule and embargo, so the upload of someone who may not publish sets
  and changes neither time (times_not_applied says so); an old file's publication time or
  embargo never hides a public release again, the upload leaves the times of a published
  release to the workflow's checked steps, and a withdrawn release keeps the times it had.
- Withdrawal: a withdrawn release comes with when and why (the public explanation), or the
  file fails; an existing withdrawal stays as it was recorded.
- Change notes are public record: restored from the file, matched by their time (so importing
  again adds no duplicates), never deleted.
- Record: every import bumps `version` (an editor holding the release open in the admin is told
  what the import changed instead of overwriting it), keeps a revision (so what an import
  replaced can be compared and restored) and records an event.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from contacts.models import Contact, Organisation
from releases.history import versions_of
from releases.models import ChangeNote, Release, ReleaseEvent, Topic
from releases.services import keep_revision, record_event

Status = Release.Status


class ImportFailed(Exception):
    """The release could not be written; nothing of it was saved. The message says why."""


class ImportRefused(ImportFailed):
    """The user may not make this import; nothing was written."""


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
        raise ImportRefused(refusal)


# What an import may add to the directory only with the permission to add it in the admin.
NEW_ENTRY_RULES = [
    (
        Organisation,
        "contacts.add_organisation",
        ngettext_lazy(
            "This file names an organisation that is not in the directory yet: %(names)s. Only someone who "
            "may add organisations can import it; ask an administrator to add it first.",
            "This file names organisations that are not in the directory yet: %(names)s. Only someone who "
            "may add organisations can import it; ask an administrator to add them first.",
            "count",
        ),
    ),
    (
        Contact,
        "contacts.add_contact",
        ngettext_lazy(
            "This file names a person who is not in the contacts yet: %(names)s. Only someone who may add "
            "contacts can import it; ask an editor to add them first.",
            "This file names people who are not in the contacts yet: %(names)s. Only someone who may add "
            "contacts can import it; ask an editor to add them first.",
            "count",
        ),
    ),
    (
        Topic,
        "releases.add_topic",
        ngettext_lazy(
            "This file names a topic that does not exist yet: %(names)s. Only someone who may add topics can "
            "import it; ask an editor to add it first.",
            "This file names topics that do not exist yet: %(names)s. Only someone who may add topics can "
            "import it; ask an editor to add them first.",
            "count",
        ),
    ),
]


def new_entries_refusal(*, user, entries):
    """Why `user` may not import a file that adds `entries` to the directory ({model: [names]},
    from Directory.new_entries or releases.importing.service.new_entries), or None when they
    may: in one line, what they may not add, as the admin would not let them add it either.
    Without a user (the command line) nothing is refused."""
    if user is None:
        return None
    refusals = [
        message % {"count": len(names), "names": ", ".join(names)}
        for model, permission, message in NEW_ENTRY_RULES
        if (names := entries.get(model)) and not user.has_perm(permission)
    ]
    return " ".join(refusals) or None


def check_new_entries(*, user, entries):
    refusal = new_entries_refusal(user=user, entries=entries)
    if refusal is not None:
        raise ImportRefused(refusal)


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
            warnings.append(_("The release keeps its embargo, which this file does not have: only editors lift it."))
        else:
            warnings.append(_("The embargo in this file was not applied: only editors set embargoes."))
    # Without a date the file leaves the publication time as it is, so only a date can differ.
    if published_at != (was.published_at if was else None):
        warnings.append(_("The publication date in this file was not applied: only editors schedule releases."))
    return warnings


def import_status(release, *, created, status, front, from_file, warnings):
    """The status the imported release gets (see the module's docstring)."""
    if status is not None:
        if release.status == Status.WITHDRAWN and status != Status.WITHDRAWN:
            raise ImportFailed(
                _(
                    "The release was withdrawn, and a withdrawal is for good: import it without --status to "
                    "update its text."
                )
            )
        return status
    wanted = front.status if front is not None and front.given("status") else ""
    if not wanted or wanted == release.status:
        return release.status
    if wanted not in Status.values:
        raise ImportFailed(
            _("The front matter’s status “%(status)s” is not one of: %(choices)s.")
            % {"status": wanted, "choices": ", ".join(Status.values)}
        )
    if created and from_file:
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


def keep_public_times(release, was, *, user, warnings):
    """Undo what the file would do to the publication time and embargo of `was` (the release as
    it stood, None for a new one) that the workflow would not allow."""
    if not may_set_times(user):
        warnings += times_not_applied(user, was=was, times=(release.published_at, release.embargo_until))
        release.published_at, release.embargo_until = (was.published_at, was.embargo_until) if was else (None, None)
        return
    if was is None:
        return
    times = (release.published_at, release.embargo_until)
    kept = (was.published_at, was.embargo_until)
    if was.status == Status.WITHDRAWN:
        # They are part of the withdrawal's record: whether and when the release had been public.
        if times != kept:
            warnings.append(_("The release was withdrawn: its publication time and embargo stay as they were."))
        release.published_at, release.embargo_until = kept
    elif user is not None and was.status == Status.PUBLISHED:
        # In the admin these change only through the workflow's steps (reschedule, embargo),
        # each checked and recorded; an uploaded file does not get round them.
        if times != kept:
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


def apply_withdrawal(release, was, *, front, user, warnings):
    """Give a release the file makes withdrawn its withdrawal time and public explanation, or
    fail; a release withdrawn before keeps the withdrawal it has (the admin shows it read-only)."""
    if release.status != Status.WITHDRAWN:
        return
    given_at = front.withdrawn_at if front is not None else None
    explanation = front.withdrawal_explanation if front is not None else {}
    if was is not None and was.status == Status.WITHDRAWN:
        recorded = {"es": was.withdrawal_explanation_es, "en": was.withdrawal_explanation_en or ""}
        if (given_at and given_at != was.withdrawn_at) or (explanation and {"en": "", **explanation} != recorded):
            warnings.append(
                _("The release was withdrawn on %(when)s; its withdrawal time and explanation stay as they were.")
                % {"when": timezone.localtime(was.withdrawn_at).isoformat()}
            )
        return
    if not explanation.get("es"):
        raise ImportFailed(
            _(
                "A withdrawn release needs its public explanation: give withdrawal_explanation (in Spanish at "
                "least) in the front matter."
            )
        )
    if given_at is None:
        raise ImportFailed(
            _("A withdrawn release needs the time it was withdrawn: give withdrawn_at in the front matter.")
        )
    if release.published_at is None:
        raise ImportFailed(
            _("A withdrawn release needs the time it was published: give published_at in the front matter.")
        )
    if given_at < release.public_since:
        raise ImportFailed(
            _(
                "The front matter says the release was withdrawn at %(withdrawn)s, before it became public at "
                "%(public)s; only a public release can be withdrawn."
            )
            % {
                "withdrawn": timezone.localtime(given_at).isoformat(),
                "public": timezone.localtime(release.public_since).isoformat(),
            }
        )
    release.withdrawn_at = given_at
    release.withdrawal_explanation_es = explanation["es"]
    release.withdrawal_explanation_en = explanation.get("en", "")
    if was is not None:  # as releases.services.release_withdraw: its preview links end with it
        release.preview_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=user)


def restore_change_notes(release, *, front, user, warnings, validated):
    """Add the file's public change notes the release lacks; a note of the same time gets the
    file's text. Notes the file lacks are kept: the public record is never deleted."""
    entries = front.change_notes if front is not None else []
    if not entries:
        return
    if user is not None and not user.has_perm("releases.publish_release"):
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
        validated(note, exclude=["created_by"])
        note.save()
        existing[entry.at] = note


def keep_baseline(release):
    """A release loaded or created before it had any history gets a revision as it stands, before
    an import overwrites it, so the import can be compared and undone."""
    if not versions_of(release).exists():
        keep_revision(release, None, _("The release before it was imported again."))


def record_import(release, *, user, sources, created, previous_status):
    """The revision and the audit event of an import (the release and its rows written)."""
    files = ", ".join(str(source) for source in sources)
    keep_revision(release, user, _("Imported from %(files)s.") % {"files": files})
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
    record_event(release=release, actor=user, action=ReleaseEvent.Action.IMPORTED, detail=detail)
