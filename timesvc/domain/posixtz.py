"""The POSIX TZ string that shows a zone's clocks from an instant on, until when, and as each device reads it.

A TZif file's footer describes the clocks after its table ends, which is not always the present: tzdata
2026f keeps Cuba on -04 in its table until 2027-11-07 while the footer already says CST5CDT. So the
string served is the footer where it agrees with the table from now on, else the present offset and
abbreviation, and `until` is the first instant where it stops agreeing with the tz data (None: never).

Dialects (docs/devices.md has the sources read): `posix` is RFC 9636 as glibc and the tz code read it;
`newlib` is newlib 4.3+ (and Espressif's toolchains from esp-2021r2-patch4), whose `%hu` reads a
negative transition hour as 65535; `newlib_old` is newlib before April 2022, whose names stop at a digit,
`+`, `-` or `,`; `eztime` is ezTime's `Timezone::tzTime`.
"""
from bisect import bisect_left, bisect_right
from typing import Callable, NamedTuple

from .days import SECONDS_PER_DAY, utc_year, year_start
from .posixrule import Rule, When, format_clock, format_name, format_rule, format_when, parse
from .tzif import TZifData

DIALECTS = ("posix", "newlib", "newlib_old", "eztime")
# The Gregorian calendar repeats every 400 years: two rules that agree for that long agree for ever.
_CYCLE_YEARS = 400
# Old newlib reads a name up to a digit, '+', '-' or ','; a numeric abbreviation (+03) becomes these.
OLD_NEWLIB_NAMES = ("STD", "DST")
# Month lengths where fixed; February's varies, so no rewrite measures a distance across it.
_MONTH_DAYS = {1: 31, 2: None, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
# The largest transition hour a dialect reads right: RFC 9636's 167 (newlib takes up to 65535, but glibc
# and the tz code must read the same string); ezTime keeps hours in a uint8_t.
_MAX_HOURS = {"newlib": 167, "newlib_old": 167, "eztime": 255}
_NEVER = 2**63  # the end of a PosixCache slot whose answer holds for ever


class PosixTZ(NamedTuple):
    string: str
    until: int | None  # UTC seconds where the string stops showing what the tz data shows; None: never


class _Data:
    """What the tz data shows, as zoneinfo reads it: the table, then (from its last instant) the footer."""

    def __init__(self, tzif: TZifData):
        self.times = tzif.transitions
        self.types = tzif.types
        self.initial = tzif.initial
        self.footer = parse(tzif.footer) if tzif.footer else None
        self.end = tzif.transitions[-1] if tzif.transitions else None

    def at(self, instant: int) -> tuple[int, str]:
        if self.footer is not None and (self.end is None or instant >= self.end):
            return self.footer.at(instant)
        index = bisect_right(self.times, instant)
        kind = self.types[index - 1] if index else self.initial
        return kind.utc_offset, kind.abbreviation

    def changes(self, start: int, stop: int) -> list[int]:
        """Instants in [start, stop) where the table or the footer may change the clocks."""
        found = self.times[bisect_left(self.times, start) : bisect_left(self.times, stop)]
        if self.footer is not None and (self.end is None or stop > self.end):
            after = start if self.end is None else max(start, self.end)
            found = found + _rule_changes(self.footer, after, stop)
        return found


def _rule_changes(rule: Rule, start: int, stop: int) -> list[int]:
    year = utc_year(start)
    # Transition hours may carry a year's instants into the next or the previous one.
    return [at for y in (year - 1, year, year + 1) for at, _, _ in rule.transitions(y) if start <= at < stop]


def first_mismatch(tzif: TZifData, rule: Rule, now: int) -> int | None:
    """The first instant from `now` where `rule` shows another offset or abbreviation than the data; None: never."""
    data = _Data(tzif)
    if data.at(now) != rule.at(now):
        return now
    year = utc_year(now)
    last_year = utc_year(data.end) if data.end is not None else year
    for year in range(year, max(year, last_year) + _CYCLE_YEARS + 1):
        if year > last_year + 1 and (rule == data.footer or (rule.dst is None and (data.footer or rule).dst is None)):
            return None  # past the table both follow one rule, or both a fixed offset: checked the year before
        start, stop = year_start(year), year_start(year + 1)
        for instant in sorted(set(data.changes(start, stop) + _rule_changes(rule, start, stop))):
            if instant > now and data.at(instant) != rule.at(instant):
                return instant
    return None


def _later(first: int | None, second: int | None) -> bool:
    """Whether `first` is a strictly later `until` than `second` (None is the latest)."""
    return second is not None and (first is None or first > second)


def posix_tz(tzif: TZifData, now: int) -> PosixTZ:
    """The POSIX TZ string showing the zone's offsets and abbreviations from `now` on, and until when."""
    data = _Data(tzif)
    if data.footer is not None and (data.end is None or now >= data.end):
        return PosixTZ(tzif.footer, None)
    offset, abbreviation = data.at(now)
    present = Rule(abbreviation, offset)
    best = PosixTZ(format_rule(present), first_mismatch(tzif, present, now))
    if data.footer is not None:
        footer = PosixTZ(tzif.footer, first_mismatch(tzif, data.footer, now))
        if not _later(best.until, footer.until):
            best = footer
    return best


def _months_between(first: int, second: int) -> int | None:
    """Days from the 1st of month `first` to the 1st of month `second` (13 = next January), if fixed."""
    sign, low, high = (1, first, second) if first <= second else (-1, second, first)
    lengths = [_MONTH_DAYS[(month - 1) % 12 + 1] for month in range(low, high)]
    return None if None in lengths else sign * sum(lengths)


def _anchor(month: int, week: int) -> tuple[int, int]:
    """Where an M rule's search starts: (month, days after its 1st); the last week counts back from the next month."""
    return (month + 1, -7) if week == 5 else (month, 7 * (week - 1))


def _rewrite_day(when: When, dialect: str) -> When | None:
    """An M rule that `dialect` reads as `when`, with a transition hour in its range.

    `Mm.w.d/h`, h = 24q + r, is the first weekday d+q on or after the rule's starting day plus q days, at r.
    Another starting day S' with q' = target - S' gives the same instant: in POSIX with weekday d+q-q',
    in ezTime with d+q itself, since ezTime looks for the weekday from the 1st of the month plus q' days.
    """
    days, time = divmod(when.time, SECONDS_PER_DAY)
    month, offset = _anchor(when.month, when.week)
    weekday = (when.weekday + days) % 7
    found = []
    for new_month in (when.month - 1, when.month, when.month + 1):
        for week in range(1, 6) if 1 <= new_month <= 12 else ():
            start_month, start_offset = _anchor(new_month, week)
            between = _months_between(start_month, month)
            if between is None:
                continue
            shift = between + offset + days - start_offset
            if 0 <= (shift * SECONDS_PER_DAY + time) // 3600 <= _MAX_HOURS[dialect]:
                new_weekday = weekday if dialect == "eztime" else (weekday - shift) % 7
                found.append((shift, new_month != when.month, When("M", new_month, week, new_weekday, time=shift * SECONDS_PER_DAY + time)))
    return min(found)[2] if found else None


def _readable_day(when: When, dialect: str) -> When | None:
    """`when`, or a rule day that `dialect` reads as `when`; None when there is none."""
    limit = _MAX_HOURS[dialect] * 3600
    if dialect == "eztime":
        if when.kind != "M" or when.time % 60:
            return None  # ezTime reads M rules only, to the minute
        return when if 0 <= when.time < SECONDS_PER_DAY else _rewrite_day(when, dialect)
    if 0 <= when.time < limit + 3600:
        return when
    if when.kind == "M":
        return _rewrite_day(when, dialect)
    back = -(when.time // SECONDS_PER_DAY)  # days to move a J or n day back so that its hour is not negative
    if when.time < 0 and when.kind == "n" and when.day - back >= 0:
        return when._replace(day=when.day - back, time=when.time + back * SECONDS_PER_DAY)
    # J days skip February 29: moving back across it would land on another day in leap years.
    if when.time < 0 and when.kind == "J" and when.day - back >= 1 and not when.day - back < 60 <= when.day:
        return when._replace(day=when.day - back, time=when.time + back * SECONDS_PER_DAY)
    return None


def _eztime_text(rule: Rule) -> str | None:
    """ezTime's reading: the field after the DST name is the shift from standard time, not an offset."""
    if rule.std_offset % 60 or -3600 < -rule.std_offset < 0:
        return None  # ezTime keeps minutes, and reads "-0:30" as +0:30 (atoi gives 0 hours, sign lost)
    text = f"{format_name(rule.std)}{format_clock(-rule.std_offset)}"
    if rule.dst is None:
        return text
    shift = rule.dst_offset - rule.std_offset
    if shift % 60:
        return None
    text += format_name(rule.dst) + ("" if shift == 3600 else format_clock(shift))
    return f"{text},{format_when(rule.start)},{format_when(rule.end)}"


def equivalent(text: str, dialect: str) -> str | None:
    """A string `dialect` reads as POSIX reads `text`, every year; None when there is none."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; one of {', '.join(DIALECTS)}")
    try:
        rule = parse(text)
    except ValueError:
        return None
    if dialect == "posix":
        return text
    if rule.dst is not None and dialect == "eztime" and rule.dst_offset < rule.std_offset:
        # ezTime cannot take DST behind standard time (Europe/Dublin): the same clocks with the roles swapped.
        rule = Rule(rule.dst, rule.dst_offset, rule.std, rule.std_offset, rule.end, rule.start)
    names = [rule.std] + ([rule.dst] if rule.dst is not None else [])
    if dialect != "eztime" and any(len(name) > 10 for name in names):
        return None  # every newlib keeps at most 10 characters of a name
    if dialect == "newlib_old":
        placeholders = [name if name.isalpha() else OLD_NEWLIB_NAMES[index] for index, name in enumerate(names)]
        rule = rule._replace(std=placeholders[0], dst=placeholders[1] if rule.dst is not None else None)
    if rule.dst is not None:
        start, end = _readable_day(rule.start, dialect), _readable_day(rule.end, dialect)
        if start is None or end is None:
            return None
        rule = rule._replace(start=start, end=end)
    return _eztime_text(rule) if dialect == "eztime" else format_rule(rule)


def posix_tz_for(tzif: TZifData, now: int, dialect: str) -> PosixTZ | None:
    """posix_tz as `dialect` reads it: an equivalent string, else the present offset until it changes; None: neither."""
    served = posix_tz(tzif, now)
    text = equivalent(served.string, dialect)
    if text is not None:
        return PosixTZ(text, served.until)
    offset, abbreviation = _Data(tzif).at(now)
    present = Rule(abbreviation, offset)
    text = equivalent(format_rule(present), dialect)
    return None if text is None else PosixTZ(text, first_mismatch(tzif, present, now))


def next_change(tzif: TZifData, now: int) -> int | None:
    """The first instant after `now` where posix_tz_for may answer otherwise, in any dialect; None: never.

    Its answer depends on `now` only through the instants where the table or the footer's rule change
    the clocks (it compares them from `now` on), so it is the same from one of them to the next.
    """
    data = _Data(tzif)
    if data.footer is not None and (data.end is None or now >= data.end):
        return None  # the footer governs from now on: served for ever
    index = bisect_right(data.times, now)
    following = data.times[index : index + 1]
    if data.footer is not None:
        following += _rule_changes(data.footer, now + 1, now + 2 * 366 * SECONDS_PER_DAY)[:1]
    return min(following, default=None)


class PosixCache:
    """posix_tz_for one zone, each dialect's answer kept as `present` shapes it until it may change.

    One slot per dialect, replaced whole (threads may share it): at most len(DIALECTS) answers per zone.
    """

    def __init__(self, tzif: TZifData, present: Callable[[PosixTZ | None], object] = lambda served: served):
        self._tzif = tzif
        self._present = present
        self._slots: dict[str, tuple[int, int, object]] = {}  # dialect → (from, until, presented answer)

    def at(self, now: int, dialect: str):
        """`present(posix_tz_for(tzif, now, dialect))`, computed once for the instants it holds for."""
        slot = self._slots.get(dialect)
        if slot is None or not slot[0] <= now < slot[1]:
            served = posix_tz_for(self._tzif, now, dialect)
            end = next_change(self._tzif, now)
            slot = self._slots[dialect] = (now, _NEVER if end is None else end, self._present(served))
        return slot[2]
