"""Dates of the ISO 8601 calendar added to and compared as Temporal's iso8601 calendar does.

`add_date` is CalendarDateAdd (BalanceISOYearMonth, RegulateISODate, then days) and `date_until` is
CalendarDateUntil with ISODateSurpasses, from TC39 proposal-temporal's spec (calendar.html, plaindate.html).
Dates are `datetime.date`, so years 0001-9999: timesvc's range, narrower than Temporal's ±273,790 years.
"""
from calendar import monthrange
from datetime import date
from typing import NamedTuple

from .errors import InvalidInput

OVERFLOW = ("constrain", "reject")
_MAX_ORDINAL = date.max.toordinal()
_RANGE = "outside the supported range: years 0001 to 9999"


class DateSum(NamedTuple):
    date: date
    constrained: bool  # the day of the month was clamped (31 January + 1 month = 28/29 February)


class DateDifference(NamedTuple):
    years: int
    months: int
    weeks: int
    days: int


def _year_month(year: int, month: int) -> tuple[int, int]:
    """BalanceISOYearMonth: a month number beyond 1-12 carried into the year."""
    years, month_index = divmod(year * 12 + month - 1, 12)
    return years, month_index + 1


def _days_in_month(year: int, month: int) -> int:
    return monthrange(year, month)[1]


def add_date(start: date, years: int, months: int, weeks: int, days: int, overflow: str, name: str) -> DateSum:
    """CalendarDateAdd: years and months first (the day clamped or refused), then weeks and days."""
    year, month = _year_month(start.year + years, start.month + months)
    if not 1 <= year <= 9999:
        raise InvalidInput(name, f"{start.isoformat()} plus {years} years and {months} months is {_RANGE}")
    last = _days_in_month(year, month)
    if start.day > last and overflow == "reject":
        raise InvalidInput(
            name,
            f"{year:04d}-{month:02d}-{start.day:02d} does not exist ({year:04d}-{month:02d} has {last} days): "
            f"pass overflow=constrain for {year:04d}-{month:02d}-{last:02d}",
        )
    ordinal = date(year, month, min(start.day, last)).toordinal() + 7 * weeks + days
    if not 1 <= ordinal <= _MAX_ORDINAL:
        raise InvalidInput(name, f"{start.isoformat()} plus the duration's date part is {_RANGE}")
    return DateSum(date.fromordinal(ordinal), start.day > last)


def _surpasses(sign: int, year: int, month: int, day: int, target: date) -> bool:
    """ISODateSurpasses: whether year-month-day, which need not exist, lies beyond `target` in direction `sign`."""
    here, there = (year, month, day), (target.year, target.month, target.day)
    return here > there if sign > 0 else here < there


def date_until(one: date, two: date, largest_unit: str) -> DateDifference:
    """CalendarDateUntil: whole years, then months, that do not pass `two`, then weeks and days; all of one sign."""
    sign = (two > one) - (two < one)
    years = months = 0
    if sign and largest_unit in ("years", "months"):
        # The surpass test is monotonic in the count: start at the year (month) difference, step back.
        if largest_unit == "years":
            years = two.year - one.year
            while years and _surpasses(sign, one.year + years, one.month, one.day, two):
                years -= sign
        months = (two.year - one.year - years) * 12 + two.month - one.month
        while months and _surpasses(sign, *_year_month(one.year + years, one.month + months), one.day, two):
            months -= sign
    year, month = _year_month(one.year + years, one.month + months)
    days = two.toordinal() - date(year, month, min(one.day, _days_in_month(year, month))).toordinal()
    weeks = 0
    if largest_unit == "weeks":
        weeks = abs(days) // 7 * sign
        days -= 7 * weeks
    return DateDifference(years, months, weeks, days)
