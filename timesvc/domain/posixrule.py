"""POSIX TZ strings (RFC 9636 §3.3): read one, write one, and what its clocks show.

Offsets are kept as the TZif data keeps them, seconds east of UTC; only the text has POSIX's
west-positive sign. Transition times may lie outside 0-24 h (RFC 9636 §3.3.1: -167 to 167).
"""
import re
from datetime import date
from typing import NamedTuple

from .days import EPOCH_ORDINAL, SECONDS_PER_DAY, utc_year

_DEFAULT_TIME = 7200  # 02:00, when a rule gives none
_NAME = r"(?:<([+\-0-9A-Za-z]{3,})>|([A-Za-z]{3,}))"
_CLOCK = r"([+-]?)(\d{1,3})(?::(\d{2}))?(?::(\d{2}))?"
_DATE = r"(?:M(\d{1,2})\.(\d)\.(\d)|J(\d{1,3})|(\d{1,3}))"
_TZ = re.compile(rf"{_NAME}{_CLOCK}(?:{_NAME}(?:{_CLOCK})?,{_DATE}(?:/{_CLOCK})?,{_DATE}(?:/{_CLOCK})?)?")


class When(NamedTuple):
    """A rule's day in any year (`M` month.week.weekday, `J` 1-365 without Feb 29, `n` 0-365) and local time."""

    kind: str
    month: int = 0
    week: int = 0
    weekday: int = 0  # 0 = Sunday
    day: int = 0
    time: int = _DEFAULT_TIME  # seconds after local midnight; may be negative or past a day

    def day_number(self, year: int) -> int:
        """Days since 1970-01-01 of this rule's day in `year`."""
        if self.kind == "J":
            leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
            return date(year, 1, 1).toordinal() - EPOCH_ORDINAL + self.day - 1 + (leap and self.day >= 60)
        if self.kind == "n":
            return date(year, 1, 1).toordinal() - EPOCH_ORDINAL + self.day
        first = date(year, self.month, 1).toordinal() - EPOCH_ORDINAL
        following = (date(year + 1, 1, 1) if self.month == 12 else date(year, self.month + 1, 1)).toordinal() - EPOCH_ORDINAL
        day = first + (self.weekday - (first + 4) % 7) % 7 + 7 * (self.week - 1)
        while day >= following:
            day -= 7
        return day


class Rule(NamedTuple):
    std: str
    std_offset: int  # seconds east of UTC
    dst: str | None = None
    dst_offset: int | None = None
    start: When | None = None  # DST starts, at local standard time
    end: When | None = None  # DST ends, at local daylight time

    def transitions(self, year: int) -> list[tuple[int, int, str]]:
        """The instants in `year`'s rule (UTC seconds, in order) and the offset and abbreviation from each."""
        if self.dst is None:
            return []
        found = [
            (self.start.day_number(year) * SECONDS_PER_DAY + self.start.time - self.std_offset, self.dst_offset, self.dst),
            (self.end.day_number(year) * SECONDS_PER_DAY + self.end.time - self.dst_offset, self.std_offset, self.std),
        ]
        return sorted(found, key=lambda item: item[0])

    def at(self, instant: int) -> tuple[int, str]:
        """The UTC offset and abbreviation at an instant."""
        if self.dst is None:
            return self.std_offset, self.std
        year = utc_year(instant)
        # A rule's hours may carry its instants into a neighbouring year: the latest before `instant` wins,
        # and of two at one instant the later year's (a DST all year long ends and restarts at once).
        best, shown = None, None
        for candidate in (year - 2, year - 1, year, year + 1):
            for at, offset, name in self.transitions(candidate):
                if at <= instant and (best is None or at >= best):
                    best, shown = at, (offset, name)
        return shown


def _seconds(sign: str, hours: str, minutes: str | None, seconds: str | None) -> int:
    value = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return -value if sign == "-" else value


def _when(groups, clock) -> When:
    month, week, weekday, julian, zero_based = groups
    time = _seconds(*clock) if clock[1] is not None else _DEFAULT_TIME
    if month is not None:
        if not (1 <= int(month) <= 12 and 1 <= int(week) <= 5 and int(weekday) <= 6):
            raise ValueError(f"M{month}.{week}.{weekday} is not a day of a month")
        return When("M", int(month), int(week), int(weekday), time=time)
    if julian is not None:
        if not 1 <= int(julian) <= 365:
            raise ValueError(f"J{julian} is not a day 1-365")
        return When("J", day=int(julian), time=time)
    if int(zero_based) > 365:
        raise ValueError(f"{zero_based} is not a day 0-365")
    return When("n", day=int(zero_based), time=time)


def parse(text: str) -> Rule:
    """Read a POSIX TZ string; ValueError when it is not one RFC 9636 describes (or has DST but no rule)."""
    match = _TZ.fullmatch(text)
    if match is None:
        raise ValueError(f"not a POSIX TZ string with rules: {text!r}")
    g = match.groups()
    std, std_offset = g[0] or g[1], -_seconds(*g[2:6])
    if g[6] is None and g[7] is None:
        return Rule(std, std_offset)
    dst = g[6] or g[7]
    dst_offset = -_seconds(*g[8:12]) if g[9] is not None else std_offset + 3600
    return Rule(std, std_offset, dst, dst_offset, _when(g[12:17], g[17:21]), _when(g[21:26], g[26:30]))


def format_name(name: str) -> str:
    return name if name.isascii() and name.isalpha() else f"<{name}>"


def format_clock(seconds: int) -> str:
    """h[:mm[:ss]] with a leading '-' when negative (and '+' never)."""
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours}"
    if minutes or secs:
        text += f":{minutes:02d}"
    if secs:
        text += f":{secs:02d}"
    return text


def format_when(when: When) -> str:
    if when.kind == "M":
        text = f"M{when.month}.{when.week}.{when.weekday}"
    else:
        text = f"J{when.day}" if when.kind == "J" else str(when.day)
    return text if when.time == _DEFAULT_TIME else f"{text}/{format_clock(when.time)}"


def format_rule(rule: Rule) -> str:
    """The POSIX TZ string of a rule, in the shortest form zic writes."""
    text = f"{format_name(rule.std)}{format_clock(-rule.std_offset)}"
    if rule.dst is None:
        return text
    text += format_name(rule.dst)
    if rule.dst_offset != rule.std_offset + 3600:
        text += format_clock(-rule.dst_offset)
    return f"{text},{format_when(rule.start)},{format_when(rule.end)}"
