"""Calendar arithmetic in a zone with the semantics of TC39 Temporal's ZonedDateTime: add, subtract, until.

`add` is AddZonedDateTime (spec/zoneddatetime.html): with no calendar units the time units move the instant;
otherwise the years, months, weeks and days move the local wall-clock date (CalendarDateAdd, the time of day
kept), that wall-clock time is placed on the UTC line (`compatible` in Temporal; any /convert choice here),
and then the time units move the instant. `until` is DifferenceTemporalZonedDateTime with smallestUnit
nanosecond: time largest units give the exact difference; calendar ones give DifferenceZonedDateTime's whole
calendar units on the wall clock, then exact time in hours and below. docs/calendar.md maps each step.
"""
from datetime import date
from typing import NamedTuple

from .conversion import AMBIGUOUS, NONEXISTENT, NS, resolve_wall, wall_ns
from .days import EPOCH_ORDINAL
from .durations import TIME_UNITS, UNITS, Duration, balanced_time
from .errors import InvalidInput, echo
from .isodate import OVERFLOW, add_date, date_until
from .zone import MAX_SECONDS, MIN_SECONDS, Zone, format_utc

DAY_NS = 86_400 * NS
# Instants and wall-clock readings alike must lie in years 0001-9999: [first, end) in nanoseconds.
_FIRST_NS = MIN_SECONDS * NS
_END_NS = (MAX_SECONDS + 1) * NS


class Sum(NamedTuple):
    """The instant a duration leads to, and how it was reached."""

    epoch_ns: int
    constrained: bool  # overflow=constrain clamped the day of the month (31 January + P1M = 28/29 February)
    disambiguated: str | None  # None: the wall-clock result was unique; else the side of the gap or fold taken


def _choice(name: str, value, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidInput(name, f"{name} {echo(value)} is not one of {', '.join(choices)}")
    return value


def _wall(zone: Zone, epoch_ns: int, name: str) -> int:
    """The wall-clock reading of an instant, refusing instants or readings outside years 0001-9999."""
    if _FIRST_NS <= epoch_ns < _END_NS:
        wall = wall_ns(zone, epoch_ns)
        if _FIRST_NS <= wall < _END_NS:
            return wall
        raise InvalidInput(name, f"{format_utc(epoch_ns)} is outside years 0001 to 9999 in {zone.name}")
    raise InvalidInput(name, f"the {name} is outside the supported range: years 0001 to 9999")


def _date_and_time(wall: int) -> tuple[date, int]:
    day, time_of_day = divmod(wall, DAY_NS)
    return date.fromordinal(EPOCH_ORDINAL + day), time_of_day


def _at(day: date, time_of_day: int) -> int:
    return (day.toordinal() - EPOCH_ORDINAL) * DAY_NS + time_of_day


def add(
    zone: Zone,
    epoch_ns: int,
    duration: Duration,
    overflow: str = "constrain",
    ambiguous: str = "compatible",
    nonexistent: str = "compatible",
    name: str = "add",
) -> Sum:
    """Temporal's ZonedDateTime.prototype.add; `ambiguous`/`nonexistent` also take /convert's choices."""
    _choice("overflow", overflow, OVERFLOW)
    _choice("ambiguous", ambiguous, AMBIGUOUS)
    _choice("nonexistent", nonexistent, NONEXISTENT)
    start = _wall(zone, epoch_ns, "time")
    if not duration.has_date():
        return Sum(_result(zone, epoch_ns + duration.time_ns(), name), False, None)
    start_date, time_of_day = _date_and_time(start)
    added = add_date(start_date, duration.years, duration.months, duration.weeks, duration.days, overflow, name)
    placed = resolve_wall(zone, _at(added.date, time_of_day), ambiguous, nonexistent, name)
    return Sum(_result(zone, placed.epoch_ns + duration.time_ns(), name), added.constrained, placed.disambiguated)


def subtract(
    zone: Zone,
    epoch_ns: int,
    duration: Duration,
    overflow: str = "constrain",
    ambiguous: str = "compatible",
    nonexistent: str = "compatible",
    name: str = "subtract",
) -> Sum:
    """Temporal's ZonedDateTime.prototype.subtract: add the negated duration."""
    return add(zone, epoch_ns, duration.negated(), overflow, ambiguous, nonexistent, name)


def _result(zone: Zone, epoch_ns: int, name: str) -> int:
    if _FIRST_NS <= epoch_ns < _END_NS and _FIRST_NS <= wall_ns(zone, epoch_ns) < _END_NS:
        return epoch_ns
    raise InvalidInput(name, f"the result is outside the supported range: years 0001 to 9999 (in UTC and in {zone.name})")


def until(zone: Zone, start_ns: int, end_ns: int, largest_unit: str = "hours") -> Duration:
    """Temporal's ZonedDateTime.prototype.until(end, {largestUnit}) with no rounding: start + result = end."""
    _choice("largest_unit", largest_unit, UNITS)
    start, end = _wall(zone, start_ns, "start"), _wall(zone, end_ns, "end")
    if largest_unit in TIME_UNITS:
        return Duration(**balanced_time(end_ns - start_ns, largest_unit))
    start_date, start_time = _date_and_time(start)
    end_date, end_time = _date_and_time(end)
    if start_date == end_date:
        # The spec's shortcut since proposal-temporal#3141 (2025-08): a same-day difference is exact time.
        return Duration(**balanced_time(end_ns - start_ns, "hours"))
    sign = 1 if end_ns > start_ns else -1
    # Move back from the end's date, at the start's time of day, until the instant does not pass the end:
    # once if the time of day runs backwards, and forward once more if a gap pushed that instant on.
    correction = 1 if (end_time - start_time) * sign < 0 else 0
    for correction in range(correction, 3 if sign > 0 else 2):
        intermediate_date = date.fromordinal(end_date.toordinal() - correction * sign)
        intermediate = resolve_wall(zone, _at(intermediate_date, start_time), "compatible", "compatible", "end").epoch_ns
        if (end_ns - intermediate) * sign >= 0:
            break
    return Duration(*date_until(start_date, intermediate_date, largest_unit), **balanced_time(end_ns - intermediate, "hours"))
