"""Queries whose SQL is compiled once per process, for each shape, and run with new parameters.

Building and compiling a QuerySet in the ORM can cost more than running it (a feed's versions
query, three times; search's count and page, about as much). Where the SQL is the same from one
request to the next and only some parameters change (the moment, the words searched for), it is
compiled once, for two sets of marker values, and kept only where the markers alone explain the
parameters that differ: releases/feed_items.py (CompiledVersions) and releases/search/compiled.py
(CompiledQueries) say what each compiles and how its parameters are put in place.
"""

import threading


class CompiledPerProcess:
    """What a subclass's `compile(connection, query_at)` made for each key, in this process: None
    where the shape cannot be kept (its caller then runs it through the ORM every time)."""

    # Past this many shapes, start again: a bound on memory, not a cache anyone tunes.
    MAX_QUERIES = 2000

    def __init__(self):
        self._compiled = {}
        self._lock = threading.Lock()

    def compiled(self, connection, key, query_at, *args):
        """compile(connection, query_at, *args)'s result for `key` on `connection`, made the first
        time (`args`, what besides `key` the compiling needs: part of `key`)."""
        key = (connection.alias, connection.vendor, *key)
        compiled = self._compiled.get(key, False)
        if compiled is False:
            compiled = self.compile(connection, query_at, *args)
            with self._lock:
                if len(self._compiled) >= self.MAX_QUERIES:
                    self._compiled = {}
                self._compiled[key] = compiled
        return compiled
