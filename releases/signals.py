"""What the releases app tells the rest of the project: what changed, and when pages change by themselves.

`content_changed` is sent after a change to what the newsroom shows has been committed: a
release's text, state, times, rows or change notes, or the release itself created, imported,
restored, recovered or deleted. releases.services sends it (through `announce()`, which first
brings the public index up to date inside the change's transaction: releases/indexing.py), and
only they do, since every change goes through them. It is meant for caches of public pages and
feeds: a receiver gets `sender=Release`, `release` and `release_id` (a deleted release has lost
its pk by then, not its other fields), and should take it as "something in the newsroom
changed". One save may send it more than once (a text edit and a workflow step, say), so
receivers must not mind repeats. A change that is rolled back sends nothing.

    from releases.signals import content_changed

    @receiver(content_changed)
    def forget_pages(sender, release, release_id, **kwargs):
        cache.delete_many(...)
"""

from django.db import transaction
from django.dispatch import Signal

content_changed = Signal()


def announce(release):
    """Bring the public index up to date with `release` at once, in the current transaction
    (releases/indexing.py), and send `content_changed` for it once that commits (at once outside one)."""
    from releases import indexing  # here: importing this module must not load the models

    release_id = release.pk
    indexing.refresh([release_id])
    transaction.on_commit(lambda: content_changed.send(sender=type(release), release=release, release_id=release_id))


def scheduled_changes(now):
    """(the latest, the next) moment around `now` at which a release becomes public with no write:
    its publication time, once it is scheduled or under embargo (an embargo ends at the latest at
    the publication time: the constraint release_public_after_embargo). Caches of public pages
    keep nothing past the next one (newsroom/freshness.py). Two queries on the publication time's index.
    """
    from releases.models import Release, Status

    published = Release.objects.filter(status=Status.PUBLISHED).order_by()
    moments = published.values_list("published_at", flat=True)
    last = moments.filter(published_at__lte=now).order_by("-published_at").first()
    following = moments.filter(published_at__gt=now).order_by("published_at").first()
    return last, following
