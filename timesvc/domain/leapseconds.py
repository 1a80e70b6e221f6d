"""The leap seconds the tz data lists (its `leapseconds` file), and until when that list is known to be right.

A second written :60 is accepted only where it is one of them (RFC 3339 §5.7). Past the list's expiry
(`#expires`: "the first time this file might be wrong") nobody can tell whether a day ends with one, so
a :60 there is refused with a reason of its own, as is every :60 when the zone data has no list.
"""
from datetime import date, datetime, timedelta

from .zone import EPOCH

_DAY = 86400
_MONTHS = {name: number for number, name in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def _utc(seconds: int) -> datetime:
    return EPOCH + timedelta(seconds=seconds)


class LeapSeconds:
    """The UTC days that ended with 23:59:60, as a version of the tz data lists them."""

    def __init__(self, days: frozenset[date], expires: int | None, version: str, listed: bool = True):
        self.days = days
        self.expires = expires  # Unix seconds: the first instant the list may be wrong; None: not said
        self.version = version
        self.listed = listed  # False: the zone data has no leapseconds file

    @classmethod
    def parse(cls, text: str, version: str) -> "LeapSeconds":
        """From zic's input format: `Leap 2016 Dec 31 23:59:60 + S` lines and the `#expires` comment.

        Only `+` lines add a :60; a `-` line (none yet) would remove 23:59:59, which POSIX time, and so
        timesvc, cannot tell apart anyway.
        """
        days, expires = set(), None
        for line in text.splitlines():
            fields = line.split()
            if len(fields) >= 6 and fields[0] == "Leap" and fields[5] == "+":
                days.add(date(int(fields[1]), _MONTHS[fields[2]], int(fields[3])))
            elif len(fields) >= 2 and fields[0] == "#expires":
                expires = int(fields[1])
        return cls(frozenset(days), expires, version)

    @classmethod
    def unlisted(cls, version: str) -> "LeapSeconds":
        return cls(frozenset(), None, version, listed=False)

    def refusal(self, second: int) -> str | None:
        """Why the second after `second` (Unix seconds), written :60, is no leap second; None if it is one."""
        utc = _utc(second)
        if (second + 1) % _DAY:
            return f"{utc:%Y-%m-%dT%H:%M}:60 in UTC: a leap second is only ever 23:59:60 UTC"
        shown = f"{utc:%Y-%m-%d}T23:59:60Z"
        if not self.listed:
            return f"{shown}, and the zone data ({self.version}) has no leap-second list: give the time without :60"
        if utc.date() in self.days:
            return None
        if self.expires is not None and second + 1 > self.expires:
            return (
                f"{shown}, after {_utc(self.expires).date().isoformat()}, when the leap-second list of the tz data "
                f"({self.version}) expires: whether that day ends with a leap second is not known"
            )
        last = max(self.days).isoformat() if self.days else "none"
        return f"{shown}, which is no leap second (the tz data {self.version} lists them; the last was {last}T23:59:60Z)"
