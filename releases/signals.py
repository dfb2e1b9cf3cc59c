"""What the releases app tells the rest of the project.

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
