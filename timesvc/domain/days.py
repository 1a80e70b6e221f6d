"""Calendar fields and RFC 3339 text for a day, remembered while a clock stays in that day.

Building a datetime to format it costs several microseconds per request; a clock reads the same
day for hours, so the date part is computed once per day and the time of day by integer arithmetic,
remembered for the last few seconds asked for.
"""
from datetime import date
from functools import lru_cache
from typing import NamedTuple

SECONDS_PER_DAY = 86400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def year_start(year: int) -> int:
    """Unix seconds of January 1st of `year`, 00:00 UTC."""
    return (date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * SECONDS_PER_DAY


def utc_year(seconds: int) -> int:
    """The year, in UTC, of an instant in Unix seconds."""
    return date.fromordinal(EPOCH_ORDINAL + seconds // SECONDS_PER_DAY).year


class Day(NamedTuple):
    number: int  # days since 1970-01-01
    text: str  # YYYY-MM-DD
    weekday: int  # ISO: Monday = 1
    day_of_year: int
    week: int  # ISO week number


def _day(number: int) -> Day:
    value = date.fromordinal(EPOCH_ORDINAL + number)
    iso = value.isocalendar()
    return Day(number, value.isoformat(), iso.weekday, value.timetuple().tm_yday, iso.week)


class LastDay:
    """The Day of the last day number asked for; one slot, replaced whole, so threads can share it."""

    def __init__(self):
        self._last = _day(0)

    def get(self, number: int) -> Day:
        last = self._last
        if last.number != number:
            last = self._last = _day(number)
        return last


# A clock asks for the same second many times (UTC and local each): formatting costs ten times a hit.
@lru_cache(maxsize=16)
def time_of_day(seconds: int) -> str:
    """HH:MM:SS for a second of the day."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"
