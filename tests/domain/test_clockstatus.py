import ctypes
import sys

import pytest

from timesvc.domain.clockstatus import STA_UNSYNC, TIME_ERROR, UNKNOWN, CachedClockStatus, ClockStatus, Timex, read_kernel_clock


def kernel_reporting(state: int, status: int, maxerror_us: int, esterror_us: int):
    """A stand-in for adjtimex that fills the structure as the kernel does."""
    calls = []

    def call(pointer):
        timex = ctypes.cast(pointer, ctypes.POINTER(Timex)).contents
        calls.append(timex.modes)
        timex.status, timex.maxerror, timex.esterror = status, maxerror_us, esterror_us
        return state

    call.calls = calls
    return call


@pytest.mark.skipif(sys.platform != "linux" or ctypes.sizeof(ctypes.c_long) != 8, reason="the size is Linux's on 64-bit")
def test_timex_has_the_kernel_size_with_its_padding():
    assert ctypes.sizeof(Timex) == 208


def test_a_synchronized_clock_reports_its_errors_in_seconds():
    call = kernel_reporting(0, 0x2001, 12_345, 678)
    assert read_kernel_clock(call) == ClockStatus(True, 0.012345, 0.000678)
    assert call.calls == [0]  # modes = 0: read only


def test_the_unsync_status_bit_means_unsynchronized():
    assert read_kernel_clock(kernel_reporting(0, STA_UNSYNC, 16_000_000, 16_000_000)).synchronized is False


def test_time_error_means_unsynchronized():
    assert read_kernel_clock(kernel_reporting(TIME_ERROR, 0, 500, 100)).synchronized is False


def test_a_missing_or_failing_call_is_unknown():
    assert read_kernel_clock(None) is UNKNOWN
    assert read_kernel_clock(kernel_reporting(-1, 0, 0, 0)) is UNKNOWN


@pytest.mark.skipif(sys.platform != "linux", reason="adjtimex is Linux's")
def test_this_machine_answers_with_a_state():
    assert read_kernel_clock().synchronized in (True, False)


def test_describe_gives_the_truetime_interval():
    assert ClockStatus(True, 0.5, 0.1).describe(10 * 10**9) == {"synchronized": True, "max_error": 0.5, "est_error": 0.1, "earliest": 9.5, "latest": 10.5}


def test_the_reading_is_cached_for_the_ttl():
    readings = iter([ClockStatus(True, 0.001), ClockStatus(False, 2.0)])
    now = [100.0]
    cached = CachedClockStatus(read=lambda: next(readings), monotonic=lambda: now[0], ttl=1.0)
    assert cached().synchronized is True
    now[0] = 100.9
    assert cached().synchronized is True
    now[0] = 101.0
    assert cached() == ClockStatus(False, 2.0)
