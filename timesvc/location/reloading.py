"""A database file that is picked up again when it is replaced, without a restart.

`ReloadingDatabase.current` is the database lookups read, one attribute read and no lock; `check()`
compares the file's identity with the loaded one's and swaps in a new database when it changed.
A replacement that cannot be opened (corrupt, unreadable, gone) leaves the old one serving and is
reported once. An old database is never closed: requests still using it hold a reference, and the
reader unmaps its file when the last one is dropped (maxminddb's C reader does so on deallocation).
`Watcher` calls `check` every few seconds on a daemon thread, or at once when woken (SIGHUP).
"""
import os
import threading
import time
import weakref
from typing import Callable, NamedTuple

from ..domain.zone import format_instant

RELOADED = "reloaded"
FAILED = "failed"
_MAX_REASON = 200


class FileIdentity(NamedTuple):
    """What tells one version of a file from another; ctime too, so a fixed permission is retried."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int


class ReloadFailure(NamedTuple):
    """A replacement that could not be loaded: why, since when (epoch seconds), which version."""

    path: str
    reason: str
    since: float
    identity: FileIdentity | None  # None: the file was not there


class ReloadEvent(NamedTuple):
    """What a check changed, for one log line: RELOADED (info) or FAILED (error)."""

    kind: str
    path: str
    message: str


def file_identity(path: str) -> FileIdentity:
    found = os.stat(path)
    return FileIdentity(found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def _iso(seconds: float) -> str:
    return format_instant(int(seconds))


_LIVE = weakref.WeakSet()  # every holder and watcher, for the fork hook below


class ReloadingDatabase:
    """The database loaded from `path` by `open_database(path)`, kept current by `check()`.

    The first load happens here and raises as `open_database` does (a startup failure); later
    ones never raise. `report(event)` is called with each event check() returns.
    """

    def __init__(self, path: str, open_database: Callable, report: Callable = None, clock: Callable[[], float] = time.time):
        self.path = path
        self._open = open_database
        self._report = report or (lambda event: None)
        self._clock = clock
        self._loaded = file_identity(path)
        self.current = open_database(path)
        self.loaded_at = clock()
        self.failure: ReloadFailure | None = None
        self._lock = threading.Lock()
        _LIVE.add(self)

    def zone_name(self, address):
        return self.current.zone_name(address)

    def check(self, force: bool = False) -> ReloadEvent | None:
        """Load the file again if it changed (or `force`); the event, or None when nothing happened.

        Never raises and never waits: while another check runs, this one returns None at once.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            event = self._check(force)
        finally:
            self._lock.release()
        if event:
            self._report(event)
        return event

    def _check(self, force: bool) -> ReloadEvent | None:
        try:
            # Read before opening: a file replaced in between is seen as changed at the next check.
            identity = file_identity(self.path)
        except FileNotFoundError:
            return self._failed(None, "the file is gone")
        except OSError as exc:
            return self._failed(None, f"the file cannot be read: {exc.strerror or exc}")
        if not force:
            if identity == self._loaded and self.failure is None:
                return None
            if self.failure and identity == self.failure.identity:
                return None  # the same bad file, reported already
        try:
            database = self._open(self.path)
        except Exception as exc:  # whatever is wrong with a replacement, the old database goes on
            return self._failed(identity, f"{type(exc).__name__}: {exc}"[:_MAX_REASON])
        self.current, self._loaded, self.loaded_at, self.failure = database, identity, self._clock(), None
        return ReloadEvent(RELOADED, self.path, f"{self.path} reloaded: {getattr(database, 'description', 'loaded')}")

    def _failed(self, identity: FileIdentity | None, reason: str) -> ReloadEvent | None:
        if self.failure and self.failure.identity == identity:
            return None
        self.failure = ReloadFailure(self.path, reason, self._clock(), identity)
        message = f"{self.path} not reloaded ({reason}); still serving the copy loaded at {_iso(self.loaded_at)}"
        return ReloadEvent(FAILED, self.path, message)

    def details(self) -> dict:
        """The loaded file and the pending failure, ready for /__heartbeat__ (a warning while failing)."""
        details = {"path": self.path, "loaded_at": _iso(self.loaded_at)}
        if self.failure:
            details["failure"] = {"reason": self.failure.reason, "since": _iso(self.failure.since)}
        return details

    def _after_fork(self):
        # A fork taken while another thread held the lock would leave the child's copy held forever.
        self._lock = threading.Lock()


class Watcher:
    """Calls `check(force)` every `interval` seconds on a daemon thread, off the request path.

    `wakeup` is the Event it waits on (tests pass one whose wait they drive); `wake()` sets it,
    which a signal handler may do: it takes no lock of the watcher's and does no I/O.
    """

    def __init__(self, check: Callable[[bool], object], interval: float = 5.0, wakeup=None, name: str = "timesvc-reload"):
        if not 0 < interval <= 10:
            raise ValueError(f"the reload interval must be more than 0 and at most 10 seconds, not {interval}")
        self.interval = interval
        self._check = check
        self._wakeup = wakeup or threading.Event()
        self._name = name
        self._forced = False
        self._stopping = False
        self._thread = None
        _LIVE.add(self)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self):
        """Start the thread; does nothing while it runs. After a fork, the child calls it again."""
        if not self.running:
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()

    def wake(self, force: bool = True):
        """Check now (forcing a reload of an unchanged file by default), as on SIGHUP."""
        self._forced = self._forced or force
        self._wakeup.set()

    def stop(self, timeout: float = 10.0):
        """Stop the thread and wait for it, at most `timeout` seconds (a check under way finishes)."""
        self._stopping = True
        self._wakeup.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self):
        while not self._stopping:
            self._wakeup.wait(self.interval)
            self._wakeup.clear()
            if self._stopping:
                break
            forced, self._forced = self._forced, False
            try:
                self._check(forced)
            except Exception:  # check() does not raise; were it to, the watcher must go on
                continue

    def _after_fork(self):
        # Only the forking thread survives a fork; the Event's lock may have been held by another.
        self._wakeup = threading.Event() if isinstance(self._wakeup, threading.Event) else self._wakeup
        self._thread = None


def _after_fork_in_child():
    for instance in list(_LIVE):
        instance._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
