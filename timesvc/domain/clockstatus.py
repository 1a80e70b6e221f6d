"""How good this machine's clock is, as the kernel tells it (adjtimex / ntp_adjtime, read-only)."""
import ctypes
import ctypes.util
import time
from dataclasses import dataclass

STA_UNSYNC = 0x0040  # status bit: the kernel does not consider the clock synchronized
TIME_ERROR = 5  # return value: clock not synchronized (or an error occurred)


class Timex(ctypes.Structure):
    """Linux's struct timex, with the trailing padding: the kernel writes the whole structure."""

    _fields_ = [
        ("modes", ctypes.c_uint),
        ("offset", ctypes.c_long),
        ("freq", ctypes.c_long),
        ("maxerror", ctypes.c_long),  # microseconds
        ("esterror", ctypes.c_long),  # microseconds
        ("status", ctypes.c_int),
        ("constant", ctypes.c_long),
        ("precision", ctypes.c_long),
        ("tolerance", ctypes.c_long),
        ("time_sec", ctypes.c_long),
        ("time_usec", ctypes.c_long),
        ("tick", ctypes.c_long),
        ("ppsfreq", ctypes.c_long),
        ("jitter", ctypes.c_long),
        ("shift", ctypes.c_int),
        ("stabil", ctypes.c_long),
        ("jitcnt", ctypes.c_long),
        ("calcnt", ctypes.c_long),
        ("errcnt", ctypes.c_long),
        ("stbcnt", ctypes.c_long),
        ("tai", ctypes.c_int),
        ("_padding", ctypes.c_int * 11),
    ]


@dataclass(frozen=True)
class ClockStatus:
    """synchronized is None where the system cannot tell; errors are in seconds, None when unknown."""

    synchronized: bool | None
    max_error: float | None = None
    est_error: float | None = None

    def describe(self, now_ns: int) -> dict:
        """The TrueTime-style interval: the true time lies within [earliest, latest]."""
        now = now_ns / 1e9
        known = self.max_error is not None
        return {
            "synchronized": self.synchronized,
            "max_error": self.max_error,
            "est_error": self.est_error,
            "earliest": now - self.max_error if known else None,
            "latest": now + self.max_error if known else None,
        }


UNKNOWN = ClockStatus(synchronized=None)


def _libc_call():
    path = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(path, use_errno=True)
    except OSError:
        return None
    # ntp_adjtime is the portable name (also on the BSDs); glibc and musl have adjtimex too.
    return getattr(libc, "ntp_adjtime", None) or getattr(libc, "adjtimex", None)


_CALL = _libc_call()


def read_kernel_clock(call=_CALL) -> ClockStatus:
    """The kernel's view of the clock now; UNKNOWN where the call is missing or fails."""
    if call is None:
        return UNKNOWN
    timex = Timex(modes=0)  # modes = 0: read only, needs no privilege
    state = call(ctypes.byref(timex))
    if state < 0:
        return UNKNOWN
    synchronized = state != TIME_ERROR and not timex.status & STA_UNSYNC
    return ClockStatus(synchronized, timex.maxerror / 1e6, timex.esterror / 1e6)


class CachedClockStatus:
    """Calls `read` at most once per `ttl` seconds of `monotonic` time; callable for the status."""

    def __init__(self, read=read_kernel_clock, monotonic=time.monotonic, ttl: float = 1.0):
        self.read, self.monotonic, self.ttl = read, monotonic, ttl
        self._cached = (float("-inf"), UNKNOWN)

    def __call__(self) -> ClockStatus:
        read_at, status = self._cached
        now = self.monotonic()
        if now - read_at >= self.ttl:
            status = self.read()
            self._cached = (now, status)  # one tuple: threads see either the old pair or the new
        return status
