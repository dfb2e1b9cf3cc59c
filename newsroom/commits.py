"""Work a transaction does once when it commits, however many of its changes ask for it."""

from django.db import DEFAULT_DB_ALIAS, connections


def pending_on_commit(test, using=DEFAULT_DB_ALIAS):
    """The callback that passes `test` among those the current transaction will run when it commits,
    or None (always None outside a transaction, where on_commit() runs a callback at once). Django
    drops the callbacks of a transaction or savepoint rolled back: only live ones are found.

    The one place that reads Django's list of callbacks (newsroom.freshness, releases.cards)."""
    connection = connections[using]
    if not connection.in_atomic_block:
        return None
    return next((func for _savepoints, func, _robust in connection.run_on_commit if test(func)), None)
