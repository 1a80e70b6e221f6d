"""The clock every view reads, and its quality: the registry holds both so that tests can inject their own."""
import time

from ..domain.clockstatus import CachedClockStatus


def includeme(config):
    config.registry.clock = time.time_ns  # epoch nanoseconds
    config.registry.clock_status = CachedClockStatus()  # a ClockStatus, re-read at most once a second
