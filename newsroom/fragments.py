"""Fragments of public pages kept in each process's memory while the newsroom generation stands.

The page cache (newsroom/pagecache.py) keeps whole answers; with it off (NEWSROOM_PAGE_CACHE=0),
or for a page it may not keep, Django makes every page again. Most of that work is the same for
every visitor until something changes: a release card, the body of a release's page (its Markdown
rendered and sanitised), a feed item. Those parts are kept here, each under a key that names
everything it shows (the release, the page's language, the host its absolute URLs name, its
variant), and only for the generation in which they were made (newsroom/freshness.py): any
change to a release, the directory or a topic, by any process, starts an empty store in every
process within a second (at once in the one that made it). What decides which releases a page
shows (its queries, the time, the visitor's filters) is never kept: it runs on every request. A
fragment that also changes with time alone (the archive's months change when a scheduled release
goes public) names in its key what it was made from (the listings' fingerprint).

Only anonymous GETs use the store: `CacheHeadersMiddleware` gives such a request the generation
it read before the view ran (`attach`). A staff member's request (who may see a draft at its real
URL), a preview link's page (its file URLs carry a proof of access) and anything the middleware
did not see render everything afresh and keep nothing. The generation is the one read before the
page's rows were, so a fragment made from rows read before a change is never kept under the
generation that follows it.

NEWSROOM_FRAGMENT_CACHE=0 turns the store off (every fragment is made on every request).
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.utils.translation import get_language

# Enough for every card and page of a large newsroom in both languages; the oldest used go first.
MAX_FRAGMENTS = 4000
REQUEST_ATTRIBUTE = "newsroom_fragment_generation"

_lock = threading.Lock()


class _Store:
    generation = None
    entries = OrderedDict()


_store = _Store()


def attach(request, generation_key):
    """Let this request use the store, for the generation read before its page is made."""
    if settings.NEWSROOM_FRAGMENT_CACHE:
        setattr(request, REQUEST_ATTRIBUTE, generation_key)


def detach(request):
    """This request shows something personal (a preview): it neither reads nor fills the store."""
    if hasattr(request, REQUEST_ATTRIBUTE):
        delattr(request, REQUEST_ATTRIBUTE)


def used_by(request):
    """Whether this request may read and fill the store (`attach`, not `detach`ed)."""
    return request is not None and getattr(request, REQUEST_ATTRIBUTE, None) is not None


def key_for(request, name, *parts):
    """The key of a fragment for this request, or None when the request may not use the store."""
    if not used_by(request):
        return None
    generation = getattr(request, REQUEST_ATTRIBUTE)
    # As text, so that a template's value and a view's name the same fragment.
    return (generation, name, get_language(), request.get_host(), request.scheme, *map(str, parts))


def keys_for(request, name, *parts, each):
    """The keys of fragments that differ only by a last part, one for each of `each` (as many
    key_for() calls would give them, with the request's host and language read once)."""
    key = key_for(request, name, *parts)
    return [None if key is None else (*key, str(last)) for last in each]


def page_made_before(request):
    """Whether this page (its address) was made before in this generation, by this process: its
    fragments are kept, unless pushed out since. The first call for a page says no."""
    key = key_for(request, "page-made", request.get_full_path())
    if key is None or get(key):
        return key is not None
    put(key, True)
    return False


def get(key):
    if key is None:
        return None
    with _lock:
        if _store.generation != key[0]:
            return None
        found = _store.entries.get(key)
        if found is not None:
            _store.entries.move_to_end(key)
        return found


def put(key, value):
    if key is None:
        return value
    with _lock:
        if _store.generation != key[0]:
            # Another generation: what is kept is of no use to requests made in this one. (A request
            # that began before a change it has not seen yet may empty it back: a few misses, never a
            # stale fragment, as every key names its generation.)
            _store.generation, _store.entries = key[0], OrderedDict()
        _store.entries[key] = value
        while len(_store.entries) > MAX_FRAGMENTS:
            _store.entries.popitem(last=False)
    return value


def clear():
    with _lock:
        _store.generation, _store.entries = None, OrderedDict()
