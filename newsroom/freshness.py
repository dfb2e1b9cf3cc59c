"""The newsroom generation: one value that changes whenever anything a public page shows changes,
seen by every process within a second. The page cache (newsroom/pagecache.py) keeps each page
only for the generation it was made in.

Where a change comes from does not matter. Apps declare which of their models public pages show
(`watch_app`, in their AppConfig.ready()); every save, delete and many-to-many change of those
models, by the admin, `import_releases`, a script calling the services or one saving models by
hand, changes the generation:

- at once in this process (a counter in memory), so the process that made the change, and a test
  running in one transaction, never reads an old page;
- for every process once the transaction commits: a new random token in the default cache
  (`CACHE_URL`: a folder shared by the workers of one machine, or Redis shared by several app
  servers). Bumping only after the commit matters: a process that saw the new token before the
  commit could render the old rows and keep them under the new token. One transaction bumps once.

Each process reads the shared token at most every NEWSROOM_PAGE_CACHE_CHECK_SECONDS (1 s).

Time changes pages too: a scheduled release (or one whose embargo ends) becomes public at its
moment with no write at all. The releases app tells this module when that happens next
(`set_schedule`); whatever is kept expires then (`expires_at`), and the next request renders the
page anew. That costs one indexed query per process when the generation changes or the moment passes.

What a plain `QuerySet.update()` or raw SQL changes sends no signal: nothing knows about it
until the next change (or `python manage.py shell -c "from newsroom import freshness;
freshness.changed()"`). Every change in the project goes through the services and models.
"""

import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save

from newsroom.commits import pending_on_commit

SHARED_KEY = "newsroom:generation"

_lock = threading.Lock()
_watched_apps = set()
_schedule = None  # see set_schedule()


@dataclass(frozen=True)
class Generation:
    """What the newsroom is at now, as far as this process knows (times are timestamps)."""

    key: str  # equal keys: the same pages, until expires_at
    modified_at: float  # when the newsroom last changed: a write, or a scheduled moment passing
    expires_at: float  # when pages made now stop being current: the next scheduled change


class _State:
    shared = None  # the token read from (or written to) the default cache ...
    shared_at = 0.0  # ... and when it was made
    local = 0  # changes made in this process ...
    local_at = 0.0  # ... and when the last one was
    checked = float("-inf")  # time.monotonic() of the last read of the shared token
    schedule_for = None  # the key the schedule below was looked up for
    schedule = (None, None)  # (the last scheduled change, the next one), timestamps or None


_state = _State()


def watch_app(app_label):
    """Public pages show the models of this app: any change to one changes the generation."""
    if not _watched_apps:
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_model_changed, dispatch_uid=f"newsroom.freshness.{id(signal)}")
    _watched_apps.add(app_label)


def set_schedule(schedule):
    """`schedule(now)` -> (the latest moment <= now, the earliest moment > now) at which public
    pages change by themselves (aware datetimes, or None for none)."""
    global _schedule
    _schedule = schedule


def _model_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender._meta.app_label in _watched_apps:
        changed(using=using)


def changed(using=DEFAULT_DB_ALIAS, **kwargs):
    """Something public changed (or may have): at once in this process, in every process on commit.

    Also the receiver of releases.signals.content_changed, hence the keyword arguments.
    """
    with _lock:
        _state.local += 1
        _state.local_at = time.time()
    # One shared bump per transaction: an import saves dozens of rows per release.
    if pending_on_commit(lambda func: func is _bump_shared, using) is None:
        # robust: the rows are committed whatever happens to the cache; its failure is logged.
        connections[using].on_commit(_bump_shared, robust=True)


def _bump_shared():
    made_at = time.time()
    token = f"{secrets.token_hex(8)}@{made_at}"
    cache.set(SHARED_KEY, token, None)
    with _lock:
        _state.shared, _state.shared_at = token, made_at
        _state.checked = time.monotonic()


def key():
    """This process's idea of the generation, cheap enough for every request: the shared token is
    read at most every check interval. Raises what the cache raises when it cannot be reached."""
    now = time.monotonic()
    if now - _state.checked >= settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS:
        _read_shared(now)
    return f"{_state.shared}.{_state.local}"


def current(schedule=True):
    """The generation now, and until when what is made now stays current. Call it before making a
    page, not after: a scheduled release going public meanwhile must make that page expire.

    Without `schedule`, no query: the scheduled changes are left out (modified_at counts writes
    only; expires_at is never). Django's side uses that (newsroom/pagecache.py), so that a page
    costs the same number of queries whenever it is asked for.
    """
    generation = key()
    last, following = _scheduled_changes(generation) if schedule else (None, None)
    return Generation(
        key=generation,
        modified_at=max(_state.shared_at, _state.local_at, last or 0.0),
        expires_at=following if following is not None else float("inf"),
    )


def forget():
    """Read the shared generation again at the next request, as after a start (the tests clear the
    cache before each test: a token read before that would otherwise turn into a new one mid-test)."""
    with _lock:
        _state.checked = float("-inf")
        _state.schedule_for = None


def _read_shared(now):
    token = cache.get(SHARED_KEY)
    if token is None:
        # First start, a cleared cache or an evicted key: a new token, so that nothing kept before
        # (in any process) counts as current.
        made_at = time.time()
        token = f"{secrets.token_hex(8)}@{made_at}"
        if not cache.add(SHARED_KEY, token, None):
            token = cache.get(SHARED_KEY) or token
    made_at = float(token.rpartition("@")[2] or 0)
    with _lock:
        _state.shared, _state.shared_at = token, made_at
        _state.checked = now


def _scheduled_changes(generation):
    """(last, next) scheduled change: looked up once per generation, and again once `next` has passed."""
    now = time.time()
    last, following = _state.schedule
    if _state.schedule_for != generation or (following is not None and now >= following):
        moments = _schedule(datetime.fromtimestamp(now, UTC)) if _schedule is not None else (None, None)
        last, following = (moment.timestamp() if moment is not None else None for moment in moments)
        with _lock:
            _state.schedule_for, _state.schedule = generation, (last, following)
    return last, following
