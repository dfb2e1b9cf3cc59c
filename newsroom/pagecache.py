"""The page cache: anonymous GETs of public pages and feeds answered from memory, never a stale or
a personal page.

Two parts, one on each side of Django:

- `CacheHeadersMiddleware` (Django) decides what may be shared, for this cache and for any CDN in
  front: an anonymous GET whose answer is a 200, 301 or 404, sets no cookie and says nothing
  else about caching gets `Cache-Control: public, max-age=60, s-maxage=60,
  stale-while-revalidate=30` (less when a scheduled release goes public sooner) and
  `Last-Modified` (the newsroom's last change).
  Django's ConditionalGetMiddleware, just outside it, adds the ETag and answers If-None-Match
  and If-Modified-Since with 304. Any request with a session (staff, who see drafts
  at their real URLs) or a pending message gets `private, no-cache`. Pages that are personal by
  nature (previews, subscribers' pages) say `private, no-store` themselves and are left so.
- `PageCache` (WSGI, in front of Django: newsroom/wsgi.py) keeps, per process, the answers the
  middleware made public, with every header they had (CSP and the other security headers
  included), tagged with the newsroom generation they were made in (newsroom/freshness.py).
  Only URLs whose query parameters are all PUBLIC_PARAMETERS are kept.
  A later request for the same URL (scheme, host, path and query string) in the same generation
  and before the next scheduled change is answered from memory, 304 included, without Django.
  Requests with a session or message cookie, or an Authorization header, never read or fill it.

NEWSROOM_PAGE_CACHE=0 leaves Django unwrapped (the headers above stay). The README's "Caching"
says what a CDN in front must do.
"""

import logging
import re
import threading
import time
from collections import OrderedDict
from types import SimpleNamespace
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.cache import get_conditional_response, get_max_age, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from newsroom import fragments, freshness

logger = logging.getLogger(__name__)

# How long a CDN (and a browser) may keep a public page without asking again.
SHARED_MAX_AGE = 60
# ...and how much longer a CDN may serve it while it asks again in the background: a change reaches
# readers behind a CDN within SHARED_MAX_AGE + STALE_SECONDS at worst, the newsroom's own cache at once.
STALE_SECONDS = 30
# What this cache keeps and shares: a page, a permanent redirect (former slugs), a page not found.
SHARED_STATUSES = {200, 301, 404}
MAX_AGE = re.compile(r"\b(max-age|s-maxage|stale-while-revalidate)=(\d+)")
# A kept answer is made again after this long even if nothing changed (a safety net for anything
# that changes with time alone other than scheduled releases, e.g. security.txt's expiry date).
MAX_ENTRY_SECONDS = 600
GENERATION = "newsroom.generation"  # the environ key through which PageCache tells the middleware
CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
# Left out of a request that may fill the store, so that Django makes the whole page to keep.
REVALIDATIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# The query parameters of public pages (lists' filters and pages, search, the subscribe form and the
# alerts form's choices; tests/test_page_cache.py holds the forms to it). A URL with any other
# (a campaign tag, a cache-buster, `access=` proving a right to a hidden file) is answered by Django
# and never kept: no one can fill the store with endless variants of a page, nor read a private one.
PUBLIC_PARAMETERS = frozenset(
    {"page", "q", "organisation", "topic", "year", "language", "format", "subject", "organisations", "topics"}
)
# What a 304 repeats of the full answer (as Django's own 304s do, RFC 9110 15.4.5).
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary"}


def personal_cookies():
    """Cookies that make a request someone's: a session (staff) or messages waiting to be shown."""
    return (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)


def is_personal(environ, cookies):
    if environ.get("HTTP_AUTHORIZATION"):
        return True
    header = environ.get("HTTP_COOKIE", "")
    # A cookie whose name merely ends with one of these makes the request personal too: a miss, never a leak.
    return bool(header) and any(f"{name}=" in header for name in cookies)


def public_query(query_string):
    return not query_string or all(
        name in PUBLIC_PARAMETERS for name, _value in parse_qsl(query_string, keep_blank_values=True)
    )


class CacheHeadersMiddleware:
    """Cache-Control, Last-Modified and Vary for GETs: public for what any anonymous visitor gets
    alike, private for anyone signed in. Placed inside ConditionalGetMiddleware (which adds ETags
    and answers 304s from these headers) and outside everything that may set a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cookies = personal_cookies()
        self.files = tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix)

    def __call__(self, request):
        # Uploaded files say for themselves who may keep them and how long (newsroom/media.py).
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(self.files):
            return self.get_response(request)
        # PageCache, when in front, looked the generation up with its schedule before the page was
        # made; without it, no query: the scheduled changes do not shorten max-age.
        generation = request.environ.get(GENERATION) or self.generation()
        personal = is_personal(request.META, self.cookies)
        if generation is not None and not personal:
            fragments.attach(request, generation.key)
        response = self.get_response(request)
        if personal:
            patch_cache_control(response, private=True, no_cache=True)
        elif generation is not None and self.shareable(request, response):
            self.make_public(response, generation)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def generation():
        try:
            return freshness.current(schedule=False)
        except Exception:
            # The shared cache cannot be reached: the page is still served, but nobody may keep it.
            logger.exception("Could not read the newsroom generation; the page is not shared.")
            return None

    @staticmethod
    def shareable(request, response):
        if response.status_code not in SHARED_STATUSES | {304} or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
            return False
        cache_control = response.get("Cache-Control", "")
        # A view that set its own policy keeps it, unless it is already public (feeds: 5 minutes).
        return not cache_control or ("public" in cache_control and "private" not in cache_control)

    @staticmethod
    def make_public(response, generation):
        until = max(0, int(generation.expires_at - time.time())) if generation.expires_at != float("inf") else None
        shared = SHARED_MAX_AGE if until is None else min(SHARED_MAX_AGE, until)
        own = get_max_age(response)
        private = shared if own is None else (own if until is None else min(own, until))
        # Nothing stale past a scheduled change: a scheduled release shows at its moment behind a CDN too.
        stale = STALE_SECONDS if until is None else min(STALE_SECONDS, max(0, until - max(shared, private)))
        patch_cache_control(response, public=True, max_age=private, s_maxage=shared, stale_while_revalidate=stale)
        # A view with validators of its own (the feeds' ETag and Last-Modified) keeps them as they are.
        if not response.has_header("ETag") and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(int(generation.modified_at))


class Entry:
    __slots__ = (
        "status_line",
        "headers",
        "body",
        "etag",
        "last_modified",
        "generation",
        "scheduled",
        "max_age",
        "stale",
        "expires_at",
        "size",
    )

    def __init__(self, status, headers, body, generation):
        self.status_line, self.headers, self.body = status, headers, body
        found = {name.lower(): value for name, value in headers}
        self.etag = found.get("etag")
        self.last_modified = parse_http_date_safe(found.get("last-modified", ""))
        self.generation = generation.key
        self.scheduled = generation.expires_at  # the next scheduled change, or infinity
        ages = MAX_AGE.findall(found.get("cache-control", ""))
        self.max_age = max((int(number) for name, number in ages if name != "stale-while-revalidate"), default=0)
        self.stale = max((int(number) for name, number in ages if name == "stale-while-revalidate"), default=0)
        self.expires_at = min(generation.expires_at, time.time() + MAX_ENTRY_SECONDS)
        self.size = len(body) + sum(len(name) + len(value) for name, value in headers) + 200

    def headers_at(self, now):
        """The headers to send now. As the next scheduled change comes closer than the max-age
        they name, the max-ages shrink with it, so that no cache further on keeps the page past it
        (nor serves it stale after it)."""
        left = self.scheduled - now
        if left >= self.max_age + self.stale:
            return self.headers
        return [
            (name, self.shortened(value, max(0, int(left))) if name.lower() == "cache-control" else value)
            for name, value in self.headers
        ]

    def shortened(self, cache_control, left):
        def limit(found):
            directive, seconds = found[1], int(found[2])
            most = max(0, left - self.max_age) if directive == "stale-while-revalidate" else left
            return f"{directive}={min(seconds, most)}"

        return MAX_AGE.sub(limit, cache_control)


class Store:
    """The answers one process keeps: least recently used first out, within a size in bytes."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        if entry.size > self.max_bytes // 4:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += entry.size - (old.size if old else 0)
            self.entries[key] = entry
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= dropped.size

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


class PageCache:
    """WSGI middleware: answers anonymous GET and HEAD requests from memory (see the module's docstring)."""

    def __init__(self, application, max_bytes):
        self.application = application
        self.store = Store(max_bytes)
        self.cookies = personal_cookies()
        # Files, and the admin (whose every page is private anyway), never go through the store.
        self.skipped = tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL, "/admin/") if prefix)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if (
            method not in ("GET", "HEAD")
            or path.startswith(self.skipped)
            or is_personal(environ, self.cookies)
            or not public_query(environ.get("QUERY_STRING", ""))
        ):
            return self.application(environ, start_response)
        try:
            generation = freshness.key()
        except Exception:
            # The shared cache cannot be reached: nothing can be known to be current.
            logger.exception("The page cache could not read the newsroom generation; answering uncached.")
            return self.application(environ, start_response)
        key = (
            environ.get("wsgi.url_scheme"),
            environ.get("HTTP_X_FORWARDED_PROTO"),
            environ.get("HTTP_HOST") or environ.get("SERVER_NAME"),
            environ.get("SCRIPT_NAME", ""),
            path,
            environ.get("QUERY_STRING", ""),
        )
        entry = self.store.get(key)
        if entry is not None and entry.generation == generation and time.time() < entry.expires_at:
            return self.answer(entry, environ, start_response)
        if method == "HEAD":
            return self.application(environ, start_response)
        try:
            # Before the page is made: if a scheduled release goes public while it is, it expires at once.
            environ[GENERATION] = freshness.current()
        except Exception:
            logger.exception("The page cache could not look up the next scheduled change; answering uncached.")
            return self.application(environ, start_response)
        return self.fill(key, environ, start_response)

    def answer(self, entry, environ, start_response):
        if any(name in environ for name in CONDITIONS):
            request = SimpleNamespace(META=environ, method=environ["REQUEST_METHOD"])
            conditional = get_conditional_response(request, etag=entry.etag, last_modified=entry.last_modified)
            if conditional is not None:
                status = f"{conditional.status_code} {conditional.reason_phrase}"
                headers = entry.headers_at(time.time())
                kept = [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS]
                start_response(status, kept if conditional.status_code == 304 else list(conditional.items()))
                return [conditional.content] if conditional.status_code != 304 else []
        start_response(entry.status_line, entry.headers_at(time.time()))
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]

    def fill(self, key, environ, start_response):
        # Django makes the whole page, which is kept; conditions are then answered from it here.
        conditions = {name: environ.pop(name) for name in REVALIDATIONS if name in environ}
        captured = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers, exc_info]

        result = self.application(environ, capture)
        status, headers, exc_info = captured
        if getattr(result, "streaming", True) or not self.keepable(status, headers, environ):
            start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
            return result
        try:
            body = b"".join(result)
        finally:
            result.close()  # request_finished: Django lets go of the database connection
        entry = Entry(status, headers, body, environ[GENERATION])
        self.store.put(key, entry)
        environ.update(conditions)
        return self.answer(entry, environ, start_response)

    @staticmethod
    def keepable(status, headers, environ):
        if GENERATION not in environ or int(status.split(" ", 1)[0]) not in SHARED_STATUSES:
            return False
        cache_control, vary = "", ""
        for name, value in headers:
            name = name.lower()
            if name == "set-cookie":
                return False
            if name == "cache-control":
                cache_control = value.lower()
            elif name == "vary":
                vary = value.lower()
        if "public" not in cache_control or any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        # Pages differ by the session only, which a kept page never has (personal requests skip the
        # store). Anything else they vary by (Accept-Language on "/", say) is not in the key.
        return all(field.strip() in ("cookie", "") for field in vary.split(","))


def wrap(application):
    """newsroom/wsgi.py's application: Django behind the page cache, unless NEWSROOM_PAGE_CACHE=0."""
    if not settings.NEWSROOM_PAGE_CACHE:
        return application
    return PageCache(application, settings.NEWSROOM_PAGE_CACHE_MB * 1024 * 1024)
