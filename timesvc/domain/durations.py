"""ISO 8601 durations exactly as Temporal.Duration.from reads them and Temporal.Duration.prototype.toString writes them.

The grammar is Temporal's (TC39 proposal-temporal, spec/abstractops.html, TemporalDurationString): an optional
ASCII sign, `P`, date parts Y M W D in that order, then `T` and time parts H M S; designators in either case;
a fraction of at most nine digits after `.` or `,` only on the last time part. The fraction becomes whole
smaller units (PT1.5H is PT1H30M, PT0.5S is 500 milliseconds), as ParseTemporalDurationString does. Limits are
IsValidDuration's: years, months and weeks each below 2³², and days through nanoseconds together below 2⁵³ s.
"""
import re
from dataclasses import dataclass, fields

from .errors import InvalidInput, echo

DATE_UNITS = ("years", "months", "weeks", "days")
TIME_UNITS = ("hours", "minutes", "seconds", "milliseconds", "microseconds", "nanoseconds")
UNITS = DATE_UNITS + TIME_UNITS
# Nanoseconds in one of each time unit.
UNIT_NS = {"hours": 3_600_000_000_000, "minutes": 60_000_000_000, "seconds": 1_000_000_000, "milliseconds": 1_000_000, "microseconds": 1_000, "nanoseconds": 1}
_CALENDAR_LIMIT = 2**32
_TIME_LIMIT_NS = 2**53 * 1_000_000_000
MAX_DURATION_LENGTH = 100

_PART = r"(\d+)(?:[.,](\d{1,9}))?"
_DURATION = re.compile(
    rf"^([+-])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!\Z)(?:{_PART}H)?(?:{_PART}M)?(?:{_PART}S)?)?\Z",
    re.IGNORECASE | re.ASCII,
)
_EXAMPLES = "P1Y2M10DT2H30M, P1W, -P1D or PT0.5S"


@dataclass(frozen=True)
class Duration:
    """A Temporal duration: every field has the sign of the whole (or is zero)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0
    milliseconds: int = 0
    microseconds: int = 0
    nanoseconds: int = 0

    @property
    def sign(self) -> int:
        return next((1 if value > 0 else -1 for value in self.values() if value), 0)

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, unit) for unit in UNITS)

    def negated(self) -> "Duration":
        return Duration(*(-value for value in self.values()))

    def has_date(self) -> bool:
        return any(getattr(self, unit) for unit in DATE_UNITS)

    def time_ns(self) -> int:
        """The time units as one exact number of nanoseconds (hours and below are exact time in Temporal)."""
        return sum(getattr(self, unit) * UNIT_NS[unit] for unit in TIME_UNITS)

    def as_dict(self) -> dict:
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def iso(self) -> str:
        """The ISO 8601 text Temporal.Duration.prototype.toString() gives: PT0S when zero, seconds with a fraction."""
        date = "".join(f"{abs(getattr(self, unit))}{unit[0].upper()}" for unit in DATE_UNITS if getattr(self, unit))
        time = "".join(f"{abs(value)}{unit[0].upper()}" for unit, value in (("hours", self.hours), ("minutes", self.minutes)) if value)
        # Seconds and below are written together as seconds, after carrying the sub-second units into them.
        sub_ns = abs(self.seconds * UNIT_NS["seconds"] + self.milliseconds * UNIT_NS["milliseconds"] + self.microseconds * 1_000 + self.nanoseconds)
        if sub_ns or not (date or time):
            whole, fraction = divmod(sub_ns, 1_000_000_000)
            time += f"{whole}.{fraction:09d}".rstrip("0").rstrip(".") + "S"
        text = ("-" if self.sign < 0 else "") + "P" + date
        return f"{text}T{time}" if time else text


def balanced_time(total_ns: int, largest_unit: str) -> dict[str, int]:
    """An exact time split into units from `largest_unit` down, each with the sign of the whole (BalanceTimeDuration)."""
    sign, rest = (-1 if total_ns < 0 else 1), abs(total_ns)
    split = {}
    for unit in TIME_UNITS[TIME_UNITS.index(largest_unit) :]:
        split[unit], rest = divmod(rest, UNIT_NS[unit])
        split[unit] *= sign
    return split


def check_limits(duration: Duration, name: str, text: str) -> Duration:
    """The duration, or InvalidInput when it is outside IsValidDuration's limits."""
    calendar_limit = next((unit for unit in ("years", "months", "weeks") if abs(getattr(duration, unit)) >= _CALENDAR_LIMIT), None)
    if calendar_limit:
        raise InvalidInput(name, f"duration {echo(text)} has too many {calendar_limit}: years, months and weeks must each be below 2^32")
    if abs(duration.days * 86_400_000_000_000 + duration.time_ns()) >= _TIME_LIMIT_NS:
        raise InvalidInput(name, f"duration {echo(text)} is too long: days through nanoseconds together must be below 2^53 seconds")
    return duration


def parse_duration(text, name: str = "duration") -> Duration:
    """An ISO 8601 duration as Temporal.Duration.from accepts it; anything else is InvalidInput naming `name`."""
    match = _DURATION.match(text) if isinstance(text, str) and len(text) <= MAX_DURATION_LENGTH else None
    if match is None or not any(match.groups()[1:]):
        raise InvalidInput(name, f"duration {echo(text)} is not an ISO 8601 duration: use for example {_EXAMPLES}")
    sign = -1 if match.group(1) == "-" else 1
    years, months, weeks, days = (int(value or 0) for value in match.group(2, 3, 4, 5))
    hours, hours_fraction, minutes, minutes_fraction, seconds, seconds_fraction = match.group(6, 7, 8, 9, 10, 11)
    # Only the smallest time unit present may carry a fraction (ParseTemporalDurationString).
    if (hours_fraction and (minutes or seconds)) or (minutes_fraction and seconds):
        raise InvalidInput(name, f"duration {echo(text)} has a fraction before its last time unit: only the smallest unit may have one, as in PT1H30.5M")
    fraction_ns = 0
    for fraction, unit in ((hours_fraction, "hours"), (minutes_fraction, "minutes"), (seconds_fraction, "seconds")):
        if fraction:
            # Nine digits at most: a fraction of an hour, minute or second is a whole number of nanoseconds.
            fraction_ns = int(fraction.ljust(9, "0")) * UNIT_NS[unit] // 1_000_000_000
    # Whole units stay as written (PT90M is 90 minutes); the fraction becomes the smaller units below its own.
    split = balanced_time(fraction_ns, "minutes")
    split["hours"] = int(hours or 0)
    split["minutes"] += int(minutes or 0)
    split["seconds"] += int(seconds or 0)
    duration = Duration(years, months, weeks, days, *(split[unit] for unit in TIME_UNITS))
    return check_limits(duration if sign > 0 else duration.negated(), name, text)
