"""The server process's memory: given back to the system once its clients no longer hold it, and what
startup made kept out of the cyclic garbage collector's way.

Every resource a client can make the process hold is bounded (docs/internals.md, "Bounds"), but freed
memory is not given back by itself: glibc's mmap threshold rises to the largest block freed (up to 32 MiB),
so after a burst of large buffers (a file's chunks on their way to sockets) later ones come from the heap,
which keeps them; each thread that allocates (the loop's, three workers, the log writer, Roughtime's) gets
an arena of its own, whose freed memory the others do not reuse; and pages freed in the middle of the heap
(900 connections' 8 KiB headers, once closed) stay with the process. So the server runner has glibc map
every block of 64 KiB or more on its own, keeps one arena, and every TRIM_EVERY seconds hands whole free
pages back (malloc_trim: about half a millisecond for an 80 MB heap, without the GIL).

Measured with the exhaustion scenario (reliability/exhaustion.py, docs/reliability.md): its "docs files and
ranges" left +7.1 MiB held with glibc's defaults, +1.8 MiB with the fixed threshold; a run of its memory
cases held +21.1 MiB at its highest with the trim, and went back to +14.9 MiB after its connection cases,
where it stayed at +21 without. Elsewhere than glibc, the allocator's own rules stand.

Python's full collection walks every container object the process holds, with the GIL held: about 65,000
once the app is made, 106,000 once every zone is loaded, 25-30 ms on this machine, during which no request
is answered (the exhaustion scenario's heartbeat p99 reached 49 ms while Babel's locale data, whose loads
start such collections, churned). What startup made lives as long as the process, so before the server
opens its ports, freeze_startup() collects what startup left as garbage and moves the rest out of the collector's sight
(gc.freeze): a full collection then took 5 ms with every zone loaded (`python -m bench.gc_pause`;
docs/reliability.md, section 9).
"""
import ctypes
import gc
import time

# mallopt()'s parameters (glibc's malloc.h).
M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8
MMAP_THRESHOLD = 64 * 1024  # bytes: blocks this large and more are mapped apart, and unmapped when freed
TRIM_EVERY = 5.0  # seconds between two hand-backs of free pages


def _glibc():
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


class Allocator:
    """glibc's allocator set to give memory back, and the periodic hand-back; nothing where it is not glibc."""

    _libc = _glibc()

    @classmethod
    def configure(cls) -> bool:
        """Fix the mmap threshold and keep one arena: before the server's threads start. False: not glibc."""
        if cls._libc is None:
            return False
        return bool(cls._libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(cls._libc.mallopt(M_ARENA_MAX, 1))

    def __init__(self, every: float = TRIM_EVERY, monotonic=time.monotonic):
        self.every, self.monotonic = every, monotonic
        self._next = monotonic() + every

    def give_back_if_due(self) -> bool:
        """Hand whole free pages back to the system when TRIM_EVERY has passed; whether it did."""
        now = self.monotonic()
        if now < self._next or self._libc is None:
            return False
        self._next = now + self.every
        self._libc.malloc_trim(0)
        return True


def freeze_startup() -> int:
    """Collect startup's garbage, then keep every object left out of later collections; how many."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
