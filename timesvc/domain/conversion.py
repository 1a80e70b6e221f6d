"""Parsing client times and placing local times on the UTC line, gaps and folds included."""
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from .errors import InvalidInput, echo
from .zone import EPOCH, LAST_RULE_YEAR, MAX_SECONDS, MIN_SECONDS, Zone

AMBIGUOUS = ("raise", "earlier", "later")
NONEXISTENT = ("raise", "shift_forward", "shift_backward")
_UNIX = re.compile(r"^[+-]?\d{1,20}(\.\d{1,9})?$")
MAX_TIME_LENGTH = 64
# ISO 8601 ordinal dates (2026-032, day 32 of 2026), which datetime.fromisoformat does not read.
_ORDINAL = re.compile(r"^([0-9]{4})-([0-9]{3})(?=T|$)")
# A leap second (RFC 3339 allows :60): read as the second after :59, as POSIX time counts it.
_LEAP_SECOND = re.compile(r"(T[0-9]{2}:[0-9]{2}):60(?=[.,Z+-]|$)")


def _calendar_date(text: str) -> str:
    """The text with an ordinal date (YYYY-DDD) written as a calendar date (YYYY-MM-DD)."""
    match = _ORDINAL.match(text)
    if match is None:
        return text
    year, day = int(match.group(1)), int(match.group(2))
    if not year:
        raise InvalidInput("time", f"time {echo(text)} is in year 0, before the first year there is (0001)")
    length = date(year, 12, 31).timetuple().tm_yday
    if not 1 <= day <= length:
        raise InvalidInput("time", f"time {echo(text)} names day {day} of {year}, which has days 1 to {length}")
    return (date(year, 1, 1) + timedelta(days=day - 1)).isoformat() + text[match.end() :]


def parse_time(text: str) -> datetime | int:
    """An ISO 8601 / RFC 3339 time (naive or aware datetime), or Unix seconds (epoch ns)."""
    # isprintable: fromisoformat would accept a trailing NUL.
    if not isinstance(text, str) or len(text) > MAX_TIME_LENGTH or not (text.isascii() and text.isprintable()):
        raise InvalidInput("time", f"time {echo(text)} is not a time: use RFC 3339 (2026-03-29T02:30:00+01:00), ISO 8601 without offset, or Unix seconds")
    if _UNIX.match(text):
        try:
            epoch_ns = int(Decimal(text) * 1_000_000_000)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            epoch_ns = None
        if epoch_ns is None or not MIN_SECONDS <= epoch_ns // 1_000_000_000 <= MAX_SECONDS:
            raise InvalidInput("time", f"Unix time {echo(text)} is out of range: use {MIN_SECONDS} to {MAX_SECONDS} (years 0001 to 9999)")
        return epoch_ns
    iso, leap = _LEAP_SECOND.subn(r"\1:59", _calendar_date(text), count=1)
    try:
        parsed = datetime.fromisoformat(iso)
        return parsed + timedelta(seconds=1) if leap else parsed
    except (ValueError, OverflowError):
        raise InvalidInput(
            "time",
            f"time {echo(text)} is not a valid date and time: use RFC 3339 like 2026-03-29T02:30:00+01:00, "
            "an ISO 8601 week or ordinal date (2026-W13-7, 2026-088), or Unix seconds",
        ) from None


def instant_ns(aware: datetime) -> int:
    """Epoch nanoseconds of an aware datetime, refusing instants outside years 0001-9999."""
    try:
        delta = aware - EPOCH
    except OverflowError:  # pragma: no cover - subtraction of aware datetimes does not overflow
        delta = None
    seconds = delta // timedelta(seconds=1) if delta is not None else None
    if seconds is None or not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise InvalidInput("time", f"time {echo(aware.isoformat())} is outside years 0001 to 9999 in UTC")
    return delta // timedelta(microseconds=1) * 1000


def _jump(before: datetime, after: datetime) -> str:
    """'02:00 to 03:00', with dates only when the jump crosses midnight (Pacific/Apia, 2011)."""
    spec = "%H:%M" if before.date() == after.date() else "%Y-%m-%dT%H:%M"
    return f"from {before.strftime(spec)} to {after.strftime(spec)}"


def _shown(local: datetime) -> str:
    spec = "minutes" if not (local.second or local.microsecond) else "auto"
    return local.isoformat(timespec=spec)


def resolve_local(local: datetime, zone: Zone, ambiguous: str = "raise", nonexistent: str = "raise") -> int:
    """Epoch ns of a naive local time in `zone`; gaps and folds are resolved as asked or refused."""
    earlier = local.replace(tzinfo=zone.tzinfo, fold=0)
    later = local.replace(tzinfo=zone.tzinfo, fold=1)
    try:
        offset_before, offset_after = earlier.utcoffset(), later.utcoffset()
    except OverflowError:  # pragma: no cover - zoneinfo computes offsets without overflow
        raise InvalidInput("time", f"time {echo(local.isoformat())} is outside the supported range") from None
    if offset_before == offset_after:
        return instant_ns(earlier)
    # The transition follows the instant this wall time names on the larger of the two offsets.
    wall = (local.replace(tzinfo=timezone.utc) - EPOCH) // timedelta(seconds=1)
    following = zone.next_transitions(wall - max(offset_before, offset_after) // timedelta(seconds=1), 1)
    if not following:  # past the rule years: zoneinfo sees a gap or fold that timesvc's timeline does not reach
        raise InvalidInput(
            "time",
            f"{_shown(local)} is near a clock change in {zone.name} after {LAST_RULE_YEAR}, where timesvc "
            "does not compute clock changes: give the time with its UTC offset",
        )
    transition = following[0].at
    at = EPOCH + timedelta(seconds=transition)
    from_clock, to_clock = (at + offset_before).replace(tzinfo=None), (at + offset_after).replace(tzinfo=None)
    if offset_before < offset_after:  # clocks jump forward: a gap
        if nonexistent == "shift_forward":
            return transition * 1_000_000_000
        if nonexistent == "shift_backward":
            return transition * 1_000_000_000 - 1000
        raise InvalidInput(
            "time",
            f"{_shown(local)} does not exist in {zone.name}: clocks jump {_jump(from_clock, to_clock)}; "
            f"pass nonexistent=shift_forward or shift_backward",
        )
    if ambiguous == "earlier":
        return instant_ns(earlier)
    if ambiguous == "later":
        return instant_ns(later)
    raise InvalidInput(
        "time",
        f"{_shown(local)} occurs twice in {zone.name}: clocks go back {_jump(from_clock, to_clock)}; "
        f"pass ambiguous=earlier or later",
    )
