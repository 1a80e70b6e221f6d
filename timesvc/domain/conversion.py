"""Parsing client times and placing local times on the UTC line, gaps and folds included."""
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from .errors import InvalidInput, echo
from .zone import EPOCH, MAX_SECONDS, MIN_SECONDS, Zone

AMBIGUOUS = ("raise", "earlier", "later")
NONEXISTENT = ("raise", "shift_forward", "shift_backward")
_UNIX = re.compile(r"^[+-]?\d{1,20}(\.\d{1,9})?$")
MAX_TIME_LENGTH = 64


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
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput("time", f"time {echo(text)} is not a valid date and time: use RFC 3339 like 2026-03-29T02:30:00+01:00, or Unix seconds") from None
    return parsed


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
    transition = zone.next_transitions(wall - max(offset_before, offset_after) // timedelta(seconds=1), 1)[0].at
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
