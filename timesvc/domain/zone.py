"""One time zone: its transitions and what its clocks show at an instant."""
from bisect import bisect_left, bisect_right
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .days import SECONDS_PER_DAY, LastDay, time_of_day, year_start
from .errors import InvalidInput
from .fields import POSIX_DIALECT
from .posixtz import PosixCache, PosixTZ
from .tzif import TZifData

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MIN_SECONDS = -62135596800  # 0001-01-01T00:00:00Z, the first instant datetime can hold
MAX_SECONDS = 253402300799  # 9999-12-31T23:59:59Z, the last
_DAY = 86400
# Rule transitions are computed up to here: in 9999 local times east of UTC overflow datetime.
LAST_RULE_YEAR = 9998
# Rule years kept per zone (an LRU): scanning one costs about a millisecond; the years a clock asks about
# (this one and the next) stay, and a listing of 64 years is served again without scanning. At ~300 bytes
# a year it bounds the cache near 20 KB per zone, 2.5 MB for the 128 zones with a DST rule.
RULE_YEARS_KEPT = 64


class Transition(NamedTuple):
    at: int  # UTC epoch seconds
    utc_offset: int  # seconds, in force from `at`
    abbreviation: str
    dst: bool

    def as_dict(self) -> dict:
        return {
            "at": format_instant(self.at),
            "utc_offset": format_offset(self.utc_offset),
            "utc_offset_seconds": self.utc_offset,
            "abbreviation": self.abbreviation,
            "dst": self.dst,
        }


def format_offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text


def _check_range(seconds: int):
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise InvalidInput("time", f"{seconds} is outside the supported range: years 0001 to 9999")


def utc_datetime(epoch_ns: int) -> datetime:
    seconds, ns = divmod(epoch_ns, 1_000_000_000)
    _check_range(seconds)
    return EPOCH + timedelta(seconds=seconds, microseconds=ns // 1000)


# Separate slots: transitions formatted between two clock readings must not evict the clock's day.
_CLOCK_DAYS = LastDay()
_INSTANT_DAYS = LastDay()


def format_utc(epoch_ns: int, timespec: str = "microseconds", days: LastDay = _CLOCK_DAYS) -> str:
    """RFC 3339 in UTC with a Z suffix, to the microsecond or (timespec="seconds") the second."""
    seconds, ns = divmod(epoch_ns, 1_000_000_000)
    _check_range(seconds)
    day, second = divmod(seconds, SECONDS_PER_DAY)
    text = f"{days.get(day).text}T{time_of_day(second)}"
    return f"{text}.{ns // 1000:06d}Z" if timespec == "microseconds" else f"{text}Z"


def instant_fields(epoch_ns: int) -> dict:
    """An instant as every answer gives it (the INSTANT fields): whole seconds, nanoseconds, RFC 3339 UTC."""
    return {"unixtime": epoch_ns // 1_000_000_000, "unixtime_ns": epoch_ns, "utc_datetime": format_utc(epoch_ns)}


def format_instant(seconds: int) -> str:
    return format_utc(seconds * 1_000_000_000, "seconds", _INSTANT_DAYS)


def _posix_fields(served: PosixTZ | None) -> dict:
    if served is None:
        return {"posix_tz": None, "posix_tz_until": None}
    return {"posix_tz": served.string, "posix_tz_until": None if served.until is None else format_instant(served.until)}


class TransitionPage(NamedTuple):
    transitions: list[Transition]
    # Where to continue when more may remain before the end: the second after the last transition listed,
    # or the first second of the year a `rule_years` bound stopped at. None: the listing is complete.
    next_start: int | None


class _Period(NamedTuple):
    """What stays the same between two transitions, for describing any instant in [start, end)."""

    start: int
    end: int
    offset: int
    dst: int
    abbreviation: str
    utc_offset: str
    previous: str | None
    next: str | None


_NO_PERIOD = _Period(0, 0, 0, 0, "", "", None, None)


class Zone:
    """A zone's transition timeline: the compiled table, then its POSIX rule year by year."""

    def __init__(self, name: str, tzinfo: ZoneInfo, tzif: TZifData):
        self.name = name
        self.tzinfo = tzinfo
        self._table = self._collapse(tzif)
        self._table_at = [t.at for t in self._table]
        # Every change of local time type, even one that _collapse drops (only `dst` changing).
        self._raw_at = list(tzif.transitions)
        self._table_end = tzif.transitions[-1] if tzif.transitions else MIN_SECONDS
        self._first_rule_year = max(utc_datetime(self._table_end * 1_000_000_000).year, 1)
        # A footer with a comma has a DST rule: transitions continue after the table.
        self._has_rule = "," in tzif.footer
        # Bounded, so that requests spread over many years cannot grow memory (lru_cache is thread-safe).
        self._rule_year = lru_cache(maxsize=RULE_YEARS_KEPT)(self._scan_year)
        # The period of the last instant described: a clock stays in one for months.
        self._period = _NO_PERIOD
        self._days = LastDay()
        self._posix = PosixCache(tzif, _posix_fields)

    @staticmethod
    def _collapse(tzif: TZifData) -> list[Transition]:
        """Keep the instants where the offset or abbreviation changes, within datetime's range."""
        kept = []
        state = (tzif.initial.utc_offset, tzif.initial.abbreviation)
        for at, kind in zip(tzif.transitions, tzif.types):
            if (kind.utc_offset, kind.abbreviation) != state:
                state = (kind.utc_offset, kind.abbreviation)
                if MIN_SECONDS <= at <= MAX_SECONDS:
                    kept.append(Transition(at, kind.utc_offset, kind.abbreviation, kind.dst))
        return kept

    def _state(self, seconds: int):
        local = (EPOCH + timedelta(seconds=seconds)).astimezone(self.tzinfo)
        return local.utcoffset(), local.tzname(), local.dst()

    def _scan_year(self, year: int) -> list[Transition]:
        """Find the rule's transitions in one year by daily steps, then bisection to the second."""
        start = year_start(year)
        end = year_start(year + 1)
        points = [start - 1, *range(start, end, _DAY), end - 1]
        found = []
        before = self._state(points[0])
        for lo, hi in zip(points, points[1:]):
            after = self._state(hi)
            if after[:2] != before[:2]:
                while hi - lo > 1:  # state(lo) == before, state(hi) == after
                    mid = (lo + hi) // 2
                    if self._state(mid)[:2] == before[:2]:
                        lo = mid
                    else:
                        hi = mid
                offset, abbreviation, dst = after
                if hi > self._table_end:
                    found.append(Transition(hi, int(offset.total_seconds()), abbreviation, bool(dst)))
            before = after
        return found

    def _rule_year_of(self, seconds: int) -> int | None:
        """The year of `seconds` when the rule, not the table, governs it."""
        if self._has_rule and seconds > self._table_end:
            return utc_datetime(seconds * 1_000_000_000).year
        return None

    def previous_transition(self, seconds: int) -> Transition | None:
        """The last transition at or before `seconds`, or None."""
        year = self._rule_year_of(seconds)
        if year is not None:
            for candidate in (min(year, LAST_RULE_YEAR), min(year, LAST_RULE_YEAR) - 1):
                if candidate < self._first_rule_year:
                    break
                earlier = [t for t in self._rule_year(candidate) if t.at <= seconds]
                if earlier:
                    return earlier[-1]
        index = bisect_right(self._table_at, seconds)
        return self._table[index - 1] if index else None

    def next_transitions(self, seconds: int, count: int = 1) -> list[Transition]:
        """Up to `count` transitions after `seconds`, in order."""
        index = bisect_right(self._table_at, seconds)
        found = self._table[index : index + count]
        if self._has_rule:
            year = max(utc_datetime(seconds * 1_000_000_000).year, self._first_rule_year)
            empty_years = 0
            # A rule changes the clocks every year or never: two empty years end the search.
            while len(found) < count and year <= LAST_RULE_YEAR and empty_years < 2:
                later = [t for t in self._rule_year(year) if t.at > seconds]
                found.extend(later)
                empty_years = 0 if later else empty_years + 1
                year += 1
        return found[:count]

    def transitions_between(self, start: int, end: int, limit: int, rule_years: int = LAST_RULE_YEAR) -> "TransitionPage":
        """The transitions at instants in [start, end) seconds, at most `limit` (1 or more), and where to continue.

        At most `rule_years` (1 or more) years are computed from the POSIX rule, about a millisecond each: a
        caller answering untrusted ranges bounds its work with it, and continues from `next_start`.
        """
        if limit < 1:
            raise InvalidInput("limit", f"limit {limit} must be at least 1")
        found = self._table[bisect_left(self._table_at, start) : bisect_left(self._table_at, end)][: limit + 1]
        if self._has_rule and len(found) <= limit and end > self._table_end:
            year = max(utc_datetime(max(start, MIN_SECONDS) * 1_000_000_000).year, self._first_rule_year)
            last = min(utc_datetime(min(end, MAX_SECONDS) * 1_000_000_000).year, LAST_RULE_YEAR)
            stop = year + rule_years  # the first year this call does not compute
            empty_years = 0
            # As in next_transitions: a rule changes the clocks every year or never.
            while len(found) <= limit and year <= last and empty_years < 2:
                if year == stop:
                    resume = year_start(year)
                    return TransitionPage(found, resume if resume < end else None)
                in_year = self._rule_year(year)
                found.extend(t for t in in_year if start <= t.at < end)
                empty_years = 0 if in_year else empty_years + 1
                year += 1
        if len(found) > limit:
            return TransitionPage(found[:limit], found[limit - 1].at + 1)
        return TransitionPage(found, None)

    def _period_of(self, epoch_ns: int) -> _Period:
        """The period holding an instant, from zoneinfo and the transition timeline; kept for reuse."""
        utc = utc_datetime(epoch_ns)
        try:
            local = utc.astimezone(self.tzinfo)
        except OverflowError:
            raise InvalidInput("time", f"{format_utc(epoch_ns)} is outside years 0001 to 9999 in {self.name}")
        offset = int(local.utcoffset().total_seconds())
        seconds = epoch_ns // 1_000_000_000
        previous = self.previous_transition(seconds)
        following = self.next_transitions(seconds, 1)
        raw = bisect_right(self._raw_at, seconds)
        # A day from the ends of datetime's range, local days computed from the period never overflow.
        start = max(previous.at if previous else MIN_SECONDS, self._raw_at[raw - 1] if raw else MIN_SECONDS, MIN_SECONDS + SECONDS_PER_DAY)
        end = min(
            following[0].at if following else MAX_SECONDS,
            self._raw_at[raw] if raw < len(self._raw_at) else MAX_SECONDS,
            MAX_SECONDS - SECONDS_PER_DAY,
        )
        period = _Period(
            start,
            end,
            offset,
            int(local.dst().total_seconds()),
            local.tzname(),
            format_offset(offset),
            format_instant(previous.at) if previous else None,
            format_instant(following[0].at) if following else None,
        )
        if start <= seconds < end:
            self._period = period
        return period

    def describe(self, epoch_ns: int) -> dict:
        """What this zone's clocks show at an instant, and its neighbouring transitions: the DESCRIBED fields."""
        seconds, ns = divmod(epoch_ns, 1_000_000_000)
        period = self._period
        if not period.start <= seconds < period.end:
            period = self._period_of(epoch_ns)
        day, second = divmod(seconds + period.offset, SECONDS_PER_DAY)
        local_day = self._days.get(day)
        offset, dst = period.offset, period.dst
        return {
            "timezone": self.name,
            "datetime": f"{local_day.text}T{time_of_day(second)}.{ns // 1000:06d}{period.utc_offset}",
            "utc_offset": period.utc_offset,
            "utc_offset_seconds": offset,
            "raw_offset": offset - dst,
            "dst_offset": dst,
            "dst": dst != 0,
            "abbreviation": period.abbreviation,
            "day_of_week": local_day.weekday,
            "day_of_year": local_day.day_of_year,
            "week_number": local_day.week,
            "previous_transition": period.previous,
            "next_transition": period.next,
        }

    def posix_fields(self, seconds: int, dialect: str = POSIX_DIALECT) -> dict:
        """The POSIX fields at UTC `seconds`: the string `dialect` reads right from then on, and until when."""
        return self._posix.at(seconds, dialect)
