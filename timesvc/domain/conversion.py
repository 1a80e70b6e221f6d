"""Parsing client times and placing local times on the UTC line, gaps and folds included."""
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from .errors import InvalidInput, echo
from .leapseconds import LeapSeconds
from .zone import EPOCH, LAST_RULE_YEAR, MAX_SECONDS, MIN_SECONDS, Zone

# `compatible` is Temporal's disambiguation: earlier in a fold, later by the gap's length in a gap.
AMBIGUOUS = ("raise", "earlier", "later", "compatible")
NONEXISTENT = ("raise", "shift_forward", "shift_backward", "compatible")
NS = 1_000_000_000
_DAY = 86400
_WALL_EPOCH = datetime(1970, 1, 1)
_UNIX = re.compile(r"^[+-]?\d{1,20}(\.\d{1,9})?$")
MAX_TIME_LENGTH = 64
# ISO 8601 ordinal dates (2026-032, day 32 of 2026), which date.fromisoformat does not read.
_ORDINAL = re.compile(r"([0-9]{4})-([0-9]{3})\Z")
# After the date and a T (or a space, RFC 3339 §5.6): the time of day, extended (12:30:00) or basic
# (123000), then Z or an offset of hours, minutes and, as local mean time needs, seconds, without
# fractions. Read here, not by datetime.fromisoformat, which takes +00:99 as +01:39 and +00:00:60 as +00:01.
_CLOCK = re.compile(
    r"(?P<hour>[0-9]{2})(?:(?P<colon>:?)(?P<minute>[0-9]{2})(?:(?P=colon)(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?)?"
    r"(?:(?P<utc>Z)|(?P<offset>(?P<sign>[+-])(?P<hours>[0-9]{2})(?:(?P<offset_colon>:?)(?P<minutes>[0-9]{2})"
    r"(?:(?P=offset_colon)(?P<seconds>[0-9]{2}))?)?))?\Z"
)
_NOT_A_TIME = (
    "is not a valid date and time: use RFC 3339 like 2026-03-29T02:30:00+01:00, "
    "an ISO 8601 week or ordinal date (2026-W13-7, 2026-088), or Unix seconds"
)


class TimeText(NamedTuple):
    """A client's time as written: epoch ns (Unix seconds), or a datetime (naive: a local time).

    `leap_second`: the text's second was 60, and `value` holds second 59 (the fraction kept); whether
    that second existed depends on the instant in UTC, which read_instant works out and checks.
    """

    value: datetime | int
    leap_second: bool = False


def _calendar_date(day: str, text: str, name: str) -> str:
    """The date part with an ordinal date (YYYY-DDD) written as a calendar date (YYYY-MM-DD)."""
    match = _ORDINAL.match(day)
    if match is None:
        return day
    year, number = int(match.group(1)), int(match.group(2))
    if not year:
        raise InvalidInput(name, f"{name} {echo(text)} is in year 0, before the first year there is (0001)")
    length = date(year, 12, 31).timetuple().tm_yday
    if not 1 <= number <= length:
        raise InvalidInput(name, f"{name} {echo(text)} names day {number} of {year}, which has days 1 to {length}")
    return (date(year, 1, 1) + timedelta(days=number - 1)).isoformat()


def _offset(clock: re.Match, text: str, name: str) -> timezone | None:
    """The UTC offset the clock's match names, None for none; each field in range (RFC 3339 time-numoffset)."""
    if clock["utc"]:
        return timezone.utc
    if not clock["offset"]:
        return None
    fields = [int(clock[field] or 0) for field in ("hours", "minutes", "seconds")]
    if fields[0] > 23 or fields[1] > 59 or fields[2] > 59:
        raise InvalidInput(
            name,
            f"{name} {echo(text)} has UTC offset {clock['offset']}: offset hours go from 00 to 23, minutes and "
            "seconds from 00 to 59 (+01:00, -08:00, +05:45, Z)",
        )
    seconds = fields[0] * 3600 + fields[1] * 60 + fields[2]
    return timezone(timedelta(seconds=-seconds if clock["sign"] == "-" else seconds)) if seconds else timezone.utc


def parse_time(text: str, name: str = "time") -> TimeText:
    """An ISO 8601 / RFC 3339 time (naive or aware datetime), or Unix seconds (epoch ns); errors name `name`."""
    # ASCII: _UNIX's \d and Decimal() would take other scripts' digits; printable: no NUL or control character.
    if not isinstance(text, str) or len(text) > MAX_TIME_LENGTH or not (text.isascii() and text.isprintable()):
        raise InvalidInput(name, f"{name} {echo(text)} is not a time: use RFC 3339 (2026-03-29T02:30:00+01:00), ISO 8601 without offset, or Unix seconds")
    if _UNIX.match(text):
        try:
            epoch_ns = int(Decimal(text) * 1_000_000_000)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            epoch_ns = None
        if epoch_ns is None or not MIN_SECONDS <= epoch_ns // 1_000_000_000 <= MAX_SECONDS:
            raise InvalidInput(name, f"Unix time {echo(text)} is out of range: use {MIN_SECONDS} to {MAX_SECONDS} (years 0001 to 9999)")
        return TimeText(epoch_ns)
    upper = text.upper()  # RFC 3339 §5.6: T and Z may be written t and z
    day, separator, time_of_day = upper.partition("T" if "T" in upper else " ")
    clock = _CLOCK.match(time_of_day) if separator else None
    fields = [int(clock[field] or 0) for field in ("hour", "minute", "second")] if clock else [0, 0, 0]
    if (separator and clock is None) or fields[2] > 60:
        # An offset's + sent unencoded in a query string arrives as a space: 12:00 01:00.
        hint = "; a + in a URL's query string arrives as a space: send it as %2B" if " " in time_of_day else ""
        raise InvalidInput(name, f"{name} {echo(text)} {_NOT_A_TIME}{hint}")
    tzinfo = _offset(clock, text, name) if clock else None
    day = _calendar_date(day, text, name)
    microsecond = int(((clock and clock["fraction"]) or "").ljust(6, "0")[:6])
    try:
        calendar_day = date.fromisoformat(day)
        moment = datetime(calendar_day.year, calendar_day.month, calendar_day.day, *fields[:2], min(fields[2], 59), microsecond, tzinfo)
    except ValueError:
        raise InvalidInput(name, f"{name} {echo(text)} {_NOT_A_TIME}") from None
    return TimeText(moment, leap_second=fields[2] == 60)


def instant_ns(aware: datetime, name: str = "time") -> int:
    """Epoch nanoseconds of an aware datetime, refusing instants outside years 0001-9999."""
    try:
        delta = aware - EPOCH
    except OverflowError:  # pragma: no cover - subtraction of aware datetimes does not overflow
        delta = None
    seconds = delta // timedelta(seconds=1) if delta is not None else None
    if seconds is None or not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise InvalidInput(name, f"{name} {echo(aware.isoformat())} is outside years 0001 to 9999 in UTC")
    return delta // timedelta(microseconds=1) * 1000


def _jump(before: datetime, after: datetime) -> str:
    """'02:00 to 03:00', with dates only when the jump crosses midnight (Pacific/Apia, 2011)."""
    spec = "%H:%M" if before.date() == after.date() else "%Y-%m-%dT%H:%M"
    return f"from {before.strftime(spec)} to {after.strftime(spec)}"


def _shown(local: datetime) -> str:
    spec = "minutes" if not (local.second or local.microsecond) else "auto"
    return local.isoformat(timespec=spec)


class Resolution(NamedTuple):
    """The instant a wall-clock time was placed at, and on which side of a gap or fold (None: it was unique)."""

    epoch_ns: int
    disambiguated: str | None


def offset_at(zone: Zone, seconds: int) -> int:
    """The UTC offset in seconds at an instant; within a day of the supported range's ends, the offset at that end."""
    clamped = min(max(seconds, MIN_SECONDS + _DAY), MAX_SECONDS - _DAY)
    return int((EPOCH + timedelta(seconds=clamped)).astimezone(zone.tzinfo).utcoffset().total_seconds())


def wall_ns(zone: Zone, epoch_ns: int) -> int:
    """The wall-clock reading at an instant, as nanoseconds from 1970-01-01T00:00 local (GetISODateTimeFor)."""
    return epoch_ns + offset_at(zone, epoch_ns // NS) * NS


def _periods(zone: Zone, wall: int) -> list[tuple[int | None, int]]:
    """(first second, offset) of each offset in force within a day of `wall` seconds; the first from the past.

    No UTC offset reaches a day, so every instant whose wall clock reads `wall` lies in one of these.
    """
    start = min(max(wall - _DAY, MIN_SECONDS), MAX_SECONDS)
    periods = [(None, offset_at(zone, start))]
    for transition in zone.next_transitions(start, 4):
        if transition.at <= wall + _DAY and transition.utc_offset != periods[-1][1]:
            periods.append((transition.at, transition.utc_offset))
    return periods


def _showing(periods, wall: int) -> list[tuple[int, int]]:
    """(instant ns, period index) of every instant in `periods` whose wall clock reads `wall` ns (GetPossibleEpochNanoseconds)."""
    found = []
    for index, (since, offset) in enumerate(periods):
        instant = wall - offset * NS
        until = periods[index + 1][0] if index + 1 < len(periods) else None
        if (since is None or instant >= since * NS) and (until is None or instant < until * NS):
            found.append((instant, index))
    return sorted(found)


def _clocks(periods, index: int) -> tuple[datetime, datetime]:
    """The wall clock just before and just after the transition that starts period `index`."""
    at = periods[index][0]
    return _local((at + periods[index - 1][1]) * NS), _local((at + periods[index][1]) * NS)


def _local(wall: int) -> datetime:
    return _WALL_EPOCH + timedelta(microseconds=wall // 1000)


# After this wall-clock second timesvc computes no clock changes (the rule is followed up to LAST_RULE_YEAR).
_LAST_RULE_WALL = (datetime(LAST_RULE_YEAR + 1, 1, 1) - _WALL_EPOCH) // timedelta(seconds=1)


def _refuse_past_rule_years(zone: Zone, wall: int, name: str):
    """Past the rule years, refuse a wall time zoneinfo sees in a gap or fold, which timesvc cannot place."""
    local = _local(wall).replace(tzinfo=zone.tzinfo)
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        raise InvalidInput(
            name,
            f"{_shown(_local(wall))} is near a clock change in {zone.name} after {LAST_RULE_YEAR}, where timesvc "
            "does not compute clock changes: give the time with its UTC offset",
        )


def resolve_wall(zone: Zone, wall: int, ambiguous: str = "raise", nonexistent: str = "raise", name: str = "time") -> Resolution:
    """The instant of a wall-clock time (ns from 1970-01-01T00:00 local); gaps and folds resolved as asked or refused.

    `compatible` is Temporal's rule: a fold gives its earlier instant, a gap moves the clock on by the gap's length
    (02:30 becomes 03:30), that is, reads it with the offset in force before the gap.
    """
    periods = _periods(zone, wall // NS)
    if len(periods) == 1 and wall // NS > _LAST_RULE_WALL:
        _refuse_past_rule_years(zone, wall, name)
    showing = _showing(periods, wall)
    if len(showing) == 1:
        return Resolution(showing[0][0], None)
    if showing:  # clocks went back: a fold
        if ambiguous in ("earlier", "compatible"):
            return Resolution(showing[0][0], "earlier")
        if ambiguous == "later":
            return Resolution(showing[-1][0], "later")
        from_clock, to_clock = _clocks(periods, showing[-1][1])
        raise InvalidInput(
            name,
            f"{_shown(_local(wall))} occurs twice in {zone.name}: clocks go back {_jump(from_clock, to_clock)}; "
            f"pass ambiguous=earlier or later",
        )
    # Clocks jumped forward over `wall`; such a jump is the start of the only period whose clocks begin after it.
    index = next(i for i in range(1, len(periods)) if periods[i][0] + periods[i - 1][1] <= wall // NS < periods[i][0] + periods[i][1])
    at = periods[index][0] * NS
    if nonexistent == "compatible":
        return Resolution(wall - periods[index - 1][1] * NS, "later")
    if nonexistent == "shift_forward":
        return Resolution(at, "later")
    if nonexistent == "shift_backward":
        return Resolution(at - 1000, "earlier")  # the last microsecond before the jump: /convert answers to the microsecond
    from_clock, to_clock = _clocks(periods, index)
    raise InvalidInput(
        name,
        f"{_shown(_local(wall))} does not exist in {zone.name}: clocks jump {_jump(from_clock, to_clock)}; "
        f"pass nonexistent=shift_forward or shift_backward",
    )


def resolve_local(local: datetime, zone: Zone, ambiguous: str = "raise", nonexistent: str = "raise", name: str = "time") -> int:
    """Epoch ns of a naive local time in `zone`; gaps and folds are resolved as asked or refused."""
    resolved = resolve_wall(zone, (local - _WALL_EPOCH) // timedelta(microseconds=1) * 1000, ambiguous, nonexistent, name).epoch_ns
    if not MIN_SECONDS <= resolved // NS <= MAX_SECONDS:
        raise InvalidInput(name, f"{name} {echo(local.isoformat())} in {zone.name} is outside years 0001 to 9999 in UTC")
    return resolved


def read_instant(
    text: str, zone: Zone | None, ambiguous: str = "raise", nonexistent: str = "raise", name: str = "time", zone_parameter: str | None = None,
    *, leap_seconds: LeapSeconds,
) -> int:
    """Epoch ns of a client's time: Unix seconds, a time with offset, or a local time in `zone`.

    A local time without a zone is InvalidInput naming `zone_parameter`, the parameter that would give one
    (None: the caller takes none, and the time must carry its offset). A second written :60 is accepted
    where the instant, in UTC, is a leap second `leap_seconds` lists, and read as the next second, as POSIX
    time counts it.
    """
    parsed = parse_time(text, name)
    moment = parsed.value
    if isinstance(moment, int):
        return moment
    if moment.tzinfo is not None:
        epoch_ns = instant_ns(moment, name)
    elif zone is not None:
        epoch_ns = resolve_local(moment, zone, ambiguous, nonexistent, name)
    elif zone_parameter is None:
        raise InvalidInput(name, f"{name} {echo(text)} has no UTC offset: give it with one (Z, +01:00) or as Unix seconds")
    else:
        raise InvalidInput(zone_parameter, f"{name} {echo(text)} has no UTC offset: pass {zone_parameter}=<zone> to say where it is local time")
    if parsed.leap_second:
        refusal = leap_seconds.refusal(epoch_ns // NS)
        if refusal is not None:
            raise InvalidInput(name, f"{name} {echo(text)} is {refusal}")
        epoch_ns += NS
    return epoch_ns
