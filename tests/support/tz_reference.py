"""The reference the POSIX TZ tests compare with: the tz data as zoneinfo reads it, and the instants to ask about.

zoneinfo reads the pinned `tzdata` package's files (the catalogue's PackageSource), never the system's:
glibc's own reading of slim TZif files is not a safe reference. Transitions are found by asking zoneinfo
every two days and bisecting to the second where it changes (no zone changes twice within two days).
"""
from datetime import datetime, timezone

END = int(datetime(2038, 1, 1, tzinfo=timezone.utc).timestamp())
# Fixed "now"s, never the clock: today in tzdata 2026f's world, a Sunday of clock changes, and later.
NOWS = [
    int(datetime(2026, 12, 6, tzinfo=timezone.utc).timestamp()),
    int(datetime(2027, 3, 28, 0, 30, tzinfo=timezone.utc).timestamp()),
    int(datetime(2031, 9, 7, 3, 0, tzinfo=timezone.utc).timestamp()),
]
_SCAN = 2 * 86400
# Samples between transitions: an odd step, so the time of day varies from one sample to the next.
_SAMPLE = 6 * 86400 + 7 * 3600 + 11 * 60 + 13
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class Reference:
    """One zone from the first NOW to END: (UTC offset seconds, abbreviation) at any instant, and its transitions."""

    def __init__(self, tzinfo):
        self.tzinfo = tzinfo
        self.transitions = []
        before, previous = NOWS[0], self.at(NOWS[0])
        for after in range(NOWS[0] + _SCAN, END + _SCAN, _SCAN):
            shown = self.at(after)
            if shown != previous:
                low, high = before, after
                while high - low > 1:
                    middle = (low + high) // 2
                    low, high = (middle, high) if self.at(middle) == previous else (low, middle)
                self.transitions.append(high)
            before, previous = after, shown

    def at(self, instant: int) -> tuple[int, str]:
        local = datetime.fromtimestamp(instant, self.tzinfo)
        return int(local.utcoffset().total_seconds()), local.tzname()

    def instants(self, now: int, until: int | None) -> list[int]:
        """`now`, samples to `until` (or END), and one second either side of each transition between."""
        stop = min(until, END) if until is not None else END
        found = set(range(now, stop, _SAMPLE))
        for at in self.transitions:
            found.update(instant for instant in (at - 1, at) if now <= instant < stop)
        return sorted(found)
