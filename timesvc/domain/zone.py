"""One time zone: its transitions and what its clocks show at an instant."""
import threading
from bisect import bisect_right
from datetime import datetime, timedelta, timezone
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .errors import InvalidInput
from .tzif import TZifData

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MIN_SECONDS = -62135596800  # 0001-01-01T00:00:00Z, the first instant datetime can hold
MAX_SECONDS = 253402300799  # 9999-12-31T23:59:59Z, the last
_DAY = 86400
# Rule transitions are computed up to here: in 9999 local times east of UTC overflow datetime.
LAST_RULE_YEAR = 9998


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


def utc_datetime(epoch_ns: int) -> datetime:
    seconds, ns = divmod(epoch_ns, 1_000_000_000)
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise InvalidInput("time", f"{seconds} is outside the supported range: years 0001 to 9999")
    return EPOCH + timedelta(seconds=seconds, microseconds=ns // 1000)


def format_utc(epoch_ns: int, timespec: str = "microseconds") -> str:
    """RFC 3339 in UTC with a Z suffix."""
    return utc_datetime(epoch_ns).isoformat(timespec=timespec)[:-6] + "Z"


def format_instant(seconds: int) -> str:
    return format_utc(seconds * 1_000_000_000, "seconds")


def _year_start(year: int) -> int:
    return int((datetime(year, 1, 1, tzinfo=timezone.utc) - EPOCH).total_seconds())


class Zone:
    """A zone's transition timeline: the compiled table, then its POSIX rule year by year."""

    def __init__(self, name: str, tzinfo: ZoneInfo, tzif: TZifData):
        self.name = name
        self.tzinfo = tzinfo
        self._table = self._collapse(tzif)
        self._table_at = [t.at for t in self._table]
        self._table_end = tzif.transitions[-1] if tzif.transitions else MIN_SECONDS
        self._first_rule_year = max(utc_datetime(self._table_end * 1_000_000_000).year, 1)
        # A footer with a comma has a DST rule: transitions continue after the table.
        self._has_rule = "," in tzif.footer
        self._years: dict[int, list[Transition]] = {}
        self._lock = threading.Lock()

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
        start = _year_start(year)
        end = _year_start(year + 1)
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

    def _rule_year(self, year: int) -> list[Transition]:
        cached = self._years.get(year)
        if cached is None:
            with self._lock:
                cached = self._years.get(year)
                if cached is None:
                    cached = self._years[year] = self._scan_year(year)
        return cached

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

    def describe(self, epoch_ns: int) -> dict:
        """What this zone's clocks show at an instant, and its neighbouring transitions."""
        utc = utc_datetime(epoch_ns)
        try:
            local = utc.astimezone(self.tzinfo)
        except OverflowError:
            raise InvalidInput("time", f"{format_utc(epoch_ns)} is outside years 0001 to 9999 in {self.name}")
        offset = int(local.utcoffset().total_seconds())
        dst = int(local.dst().total_seconds())
        iso = local.isocalendar()
        seconds = epoch_ns // 1_000_000_000
        previous = self.previous_transition(seconds)
        following = self.next_transitions(seconds, 1)
        return {
            "timezone": self.name,
            "datetime": local.isoformat(timespec="microseconds"),
            "utc_offset": format_offset(offset),
            "utc_offset_seconds": offset,
            "raw_offset": offset - dst,
            "dst_offset": dst,
            "dst": dst != 0,
            "abbreviation": local.tzname(),
            "day_of_week": iso.weekday,
            "day_of_year": local.timetuple().tm_yday,
            "week_number": iso.week,
            "previous_transition": format_instant(previous.at) if previous else None,
            "next_transition": format_instant(following[0].at) if following else None,
        }
