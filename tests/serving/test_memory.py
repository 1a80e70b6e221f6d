"""The server process gives freed memory back and keeps startup's objects out of collections (timesvc.serving.memory), in fresh processes."""
import os
import subprocess
import sys

import pytest

from tests.support.processes import ROOT
from timesvc.serving.memory import Allocator

GLIBC = "glibc" in (os.confstr("CS_GNU_LIBC_VERSION") if hasattr(os, "confstr") else "") and os.path.exists("/proc/self/status")
GLIBC_ONLY = pytest.mark.skipif(not GLIBC, reason="glibc's allocator only")

_HELD = """
import re, sys
from timesvc.serving.memory import Allocator
if "configure" in sys.argv:
    assert Allocator.configure()
def anon():
    return int(re.search(r"RssAnon:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
before = anon()
kept, freed = [], []
for _ in range(300 if "large" in sys.argv else 3000):  # buffers freed later among small ones kept
    freed.append(bytearray(100_000 if "large" in sys.argv else 8_000))
    kept.append(bytearray(3000))
freed.clear()
if "trim" in sys.argv:
    allocator = Allocator(every=0)
    assert allocator.give_back_if_due()
print(anon() - before)
"""


def held_kib(*flags: str) -> int:
    """KiB a fresh process still holds after freeing its buffers, with `flags` (large, configure, trim)."""
    run = subprocess.run([sys.executable, "-c", _HELD, *flags], capture_output=True, text=True, check=True, cwd=ROOT, timeout=60)
    return int(run.stdout)


@GLIBC_ONLY
def test_large_blocks_are_given_back_once_freed_with_the_threshold_fixed():
    """30,000 KiB of freed 100 KB buffers stay in the heap by default; mapped apart, they are given back."""
    assert held_kib("large") > 20_000 and held_kib("large", "configure") < 6_000


@GLIBC_ONLY
def test_free_pages_amid_the_heap_are_given_back_by_the_periodic_trim():
    """24,000 KiB of freed 8 KB buffers, among 9,000 KiB of small ones kept, stay until malloc_trim hands back
    the pages they had alone (measured: 32,800 KiB held before, 21,300 after)."""
    assert held_kib("configure") - held_kib("configure", "trim") > 8_000


@GLIBC_ONLY
def test_the_trim_comes_every_interval_and_not_between():
    now = [100.0]
    allocator = Allocator(every=5.0, monotonic=lambda: now[0])
    done = []
    for step in (1.0, 3.0, 1.1, 4.0, 1.0):
        now[0] += step
        done.append(allocator.give_back_if_due())
    assert done == [False, False, True, False, True]


_FROZEN = """
import gc, weakref
from timesvc.serving.memory import freeze_startup
class Node:
    pass
garbage = Node(); garbage.me = garbage  # a cycle only the collector frees
gone = weakref.ref(garbage)
del garbage
kept = [Node() for _ in range(5000)]
frozen = freeze_startup()
assert gone() is None, "startup's garbage was frozen instead of collected"
later = {id(thing) for thing in gc.get_objects()}  # what a collection walks
assert frozen >= 5000 and not any(id(node) in later for node in kept)
print(frozen)
"""


def test_what_startup_made_is_kept_out_of_later_collections_and_its_garbage_collected():
    """freeze_startup() frees startup's garbage cycles, then moves what is left (5,000 objects and more) out of
    the generations a full collection walks."""
    run = subprocess.run([sys.executable, "-c", _FROZEN], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) >= 5000
