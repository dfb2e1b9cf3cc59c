"""How the services write: the one way a release's row changes, and the record each change leaves.

`write()` is what every workflow step uses: it updates only the fields it is given (so nothing
the caller holds in memory about the others can overwrite someone's newer text), bumps the
release's `version` (an editor holding an older form is warned instead of overwriting), keeps a
revision with django-reversion and announces the change (releases.signals). Before the first
change of a release that has no history yet (made by a factory, loaded, imported long ago) it
keeps a baseline revision of the release as it stood, so that change can be compared and undone.
"""

import reversion
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from releases.history import versions_of
from releases.models import Release, ReleaseEvent
from releases.signals import announce


def locked(release):
    """The release's row, locked until the transaction ends (fresh from the database)."""
    return Release.objects.select_for_update().get(pk=release.pk)


def keep_revision(release, actor, comment):
    """Add the release (with its links, contacts, issuing organisations and attachments) to a
    revision. Inside another revision (an admin save: see editing.release_apply_edit) it joins
    that one, whose comment wins."""
    with reversion.create_revision():
        reversion.set_user(actor)
        reversion.set_comment(comment)
        reversion.add_to_revision(release)


def keep_baseline(release, comment=None):
    """Keep the release as it stands, before its first change, if it has no history yet.

    Inside a save's own revision there is nothing to do: release_save kept the baseline before
    that save began, and a new release has nothing before it.
    """
    if reversion.is_active() or versions_of(release).exists():
        return
    keep_revision(Release.objects.get(pk=release.pk), None, comment or _("The release before its first change."))


def write(release, actor, comment, **fields):
    """Update the release's row (only these fields), bump its version, keep a revision, announce.

    An UPDATE of the named fields, not a save(); `release` gets the new values.
    """
    keep_baseline(release)
    now = timezone.now()
    Release.objects.filter(pk=release.pk).update(**fields, version=F("version") + 1, updated_at=now, updated_by=actor)
    fresh = Release.objects.get(pk=release.pk)
    for name in [*fields, "version", "updated_at", "updated_by_id"]:
        setattr(release, name, getattr(fresh, name))
    keep_revision(fresh, actor, comment)
    announce(release)
    return release


def record_event(*, release, actor, action, detail=""):
    """Add a line to the release's audit trail."""
    return ReleaseEvent.objects.create(release_id=release.pk, actor=actor, action=action, detail=detail[:500])


def end_preview_links(release, *, actor, at):
    """Revoke the release's active preview links: nobody reads a withdrawn release in advance."""
    release.preview_links.filter(revoked_at__isnull=True).update(revoked_at=at, revoked_by=actor)
