"""Hand-checked calendar arithmetic against Temporal's published behaviour.

Sources: MDN "Temporal.ZonedDateTime.prototype.add()" (MDN below), proposal-temporal docs/zoneddatetime.md,
docs/plaindate.md (DOCS below), and the spec steps (AddZonedDateTime, DisambiguatePossibleEpochNanoseconds,
DifferenceZonedDateTime, CalendarDateAdd/CalendarDateUntil) for cases worked out by hand.
"""
import re
from datetime import datetime

import pytest

from timesvc.domain.calendar import add, subtract, until
from timesvc.domain.conversion import instant_ns
from timesvc.domain.durations import parse_duration
from timesvc.domain.errors import InvalidInput


def ns(text: str) -> int:
    """Epoch ns of RFC 3339 text, its fraction kept to the nanosecond (datetime keeps microseconds)."""
    fraction = re.search(r"\.(\d+)", text)
    if fraction is None:
        return instant_ns(datetime.fromisoformat(text))
    whole = text[: fraction.start()] + text[fraction.end() :]
    return instant_ns(datetime.fromisoformat(whole)) + int(fraction.group(1).ljust(9, "0"))


def shown(zone, epoch_ns: int) -> str:
    """RFC 3339 local time with its offset, fractions only where there are some."""
    fields = zone.describe(epoch_ns)
    text = fields["datetime"][:-6]
    return (text.rstrip("0").rstrip(".") if text.endswith("0") else text) + fields["utc_offset"]


@pytest.fixture(scope="module")
def zones(catalogue):
    return catalogue.zone


ADDITIONS = [
    # MDN's add() example: every unit at once, over New York's end of DST.
    ("America/New_York", "2021-11-01T12:34:56-04:00", "P1Y2M3W4DT5H6M7.008S", {}, "2023-01-26T17:41:03.008-05:00", False, None),
    # MDN: plus one day across the fall-back day "as if the day has 25 hours".
    ("America/New_York", "2024-11-03T01:00:00-04:00", "P1D", {}, "2024-11-04T01:00:00-05:00", False, None),
    # MDN: 02:05 on the spring-forward day does not exist; the clock moves on by the gap's length.
    ("America/New_York", "2024-03-09T02:05:00-05:00", "P1D", {}, "2024-03-10T03:05:00-04:00", False, "later"),
    # DOCS zoneddatetime.md add(): one day is a calendar day (23 hours), 24 hours is exact time.
    ("America/Los_Angeles", "2020-03-08T00:00-08:00", "P1D", {}, "2020-03-09T00:00:00-07:00", False, None),
    ("America/Los_Angeles", "2020-03-08T00:00-08:00", "PT24H", {}, "2020-03-09T01:00:00-07:00", False, None),
    # Paris's gap (02:00 → 03:00 on 29 March 2026): the example, then /convert's choices.
    ("Europe/Paris", "2026-03-28T02:30+01:00", "P1D", {}, "2026-03-29T03:30:00+02:00", False, "later"),
    ("Europe/Paris", "2026-03-28T02:30+01:00", "P1D", {"nonexistent": "shift_forward"}, "2026-03-29T03:00:00+02:00", False, "later"),
    ("Europe/Paris", "2026-03-28T02:30+01:00", "P1D", {"nonexistent": "shift_backward"}, "2026-03-29T01:59:59.999999+01:00", False, "earlier"),
    # Exact time over the same gap needs no disambiguation.
    ("Europe/Paris", "2026-03-28T02:30+01:00", "PT24H", {}, "2026-03-29T03:30:00+02:00", False, None),
    # Calendar units first, then time units: 23:30 + 1 day is in CET, then 3 hours cross the gap.
    ("Europe/Paris", "2026-03-27T23:30+01:00", "P1DT3H", {}, "2026-03-29T03:30:00+02:00", False, None),
    # Paris's fold (03:00 → 02:00 on 25 October 2026): compatible takes the earlier 02:30.
    ("Europe/Paris", "2026-10-24T02:30+02:00", "P1D", {}, "2026-10-25T02:30:00+02:00", False, "earlier"),
    ("Europe/Paris", "2026-10-24T02:30+02:00", "P1D", {"ambiguous": "later"}, "2026-10-25T02:30:00+01:00", False, "later"),
    # Lord Howe's half-hour DST: 02:00 → 02:30 on 4 October 2026, 02:00 → 01:30 on 5 April 2026.
    ("Australia/Lord_Howe", "2026-10-03T02:15+10:30", "P1D", {}, "2026-10-04T02:45:00+11:00", False, "later"),
    ("Australia/Lord_Howe", "2026-04-04T01:45+11:00", "P1D", {}, "2026-04-05T01:45:00+11:00", False, "earlier"),
    ("Australia/Lord_Howe", "2026-04-04T01:45+11:00", "P1D", {"ambiguous": "later"}, "2026-04-05T01:45:00+10:30", False, "later"),
    # Apia skipped 30 December 2011: a day from noon on the 29th lands in the 24-hour gap and moves on 24 hours.
    ("Pacific/Apia", "2011-12-29T12:00-10:00", "P1D", {}, "2011-12-31T12:00:00+14:00", False, "later"),
    ("Pacific/Apia", "2011-12-29T12:00-10:00", "P2D", {}, "2011-12-31T12:00:00+14:00", False, None),
    ("Pacific/Apia", "2011-12-29T12:00-10:00", "PT24H", {}, "2011-12-31T12:00:00+14:00", False, None),
    # Month ends (DOCS plaindate.md: 2019-01-31 + 1 month = 2019-02-28) and leap years.
    ("Europe/Paris", "2019-01-31T12:00+01:00", "P1M", {}, "2019-02-28T12:00:00+01:00", True, None),
    ("Europe/Paris", "2024-01-31T12:00+01:00", "P1M", {}, "2024-02-29T12:00:00+01:00", True, None),
    ("Europe/Paris", "2024-02-29T12:00+01:00", "P1Y", {}, "2025-02-28T12:00:00+01:00", True, None),
    ("Europe/Paris", "2024-02-29T12:00+01:00", "P4Y", {}, "2028-02-29T12:00:00+01:00", False, None),
    ("Europe/Paris", "2024-01-30T12:00+01:00", "P1M1D", {}, "2024-03-01T12:00:00+01:00", True, None),
    # Negative durations: DOCS plaindate.md 2019-03-31 − 1 month = 2019-02-28; minus a day into New York's fold.
    ("Europe/Paris", "2019-03-31T12:00+02:00", "-P1M", {}, "2019-02-28T12:00:00+01:00", True, None),
    ("America/New_York", "2024-11-04T01:00:00-05:00", "-P1D", {}, "2024-11-03T01:00:00-04:00", False, "earlier"),
    ("America/New_York", "2024-11-04T01:00:00-05:00", "-P1Y2M3DT4H", {}, "2023-08-31T21:00:00-04:00", False, None),
]


@pytest.mark.parametrize("zone, start, duration, options, expected, constrained, disambiguated", ADDITIONS)
def test_add_answers_as_temporal(zones, zone, start, duration, options, expected, constrained, disambiguated):
    result = add(zones(zone), ns(start), parse_duration(duration), **options)
    assert shown(zones(zone), result.epoch_ns) == expected
    assert (result.constrained, result.disambiguated) == (constrained, disambiguated)


@pytest.mark.parametrize("zone, start, duration, options, expected, constrained, disambiguated", ADDITIONS)
def test_subtracting_the_negation_is_adding(zones, zone, start, duration, options, expected, constrained, disambiguated):
    result = subtract(zones(zone), ns(start), parse_duration(duration).negated(), **options)
    assert shown(zones(zone), result.epoch_ns) == expected


def test_subtract_from_docs(zones):
    """DOCS zoneddatetime.md subtract(): a day back is 23 hours over Los Angeles's gap, 24 hours is exact."""
    zone = zones("America/Los_Angeles")
    assert shown(zone, subtract(zone, ns("2020-03-09T00:00-07:00"), parse_duration("P1D")).epoch_ns) == "2020-03-08T00:00:00-08:00"
    assert shown(zone, subtract(zone, ns("2020-03-09T00:00-07:00"), parse_duration("PT24H")).epoch_ns) == "2020-03-07T23:00:00-08:00"


@pytest.mark.parametrize(
    "start, duration, options, message",
    [
        ("2024-01-31T12:00+01:00", "P1M", {"overflow": "reject"}, "2024-02-31 does not exist (2024-02 has 29 days): pass overflow=constrain for 2024-02-29"),
        ("2026-03-28T02:30+01:00", "P1D", {"nonexistent": "raise"}, "2026-03-29T02:30 does not exist in Europe/Paris: clocks jump from 02:00 to 03:00"),
        ("2026-10-24T02:30+02:00", "P1D", {"ambiguous": "raise"}, "2026-10-25T02:30 occurs twice in Europe/Paris: clocks go back from 03:00 to 02:00"),
        ("9999-12-30T12:00+01:00", "P2D", {}, "outside the supported range"),
        ("9999-12-30T12:00+01:00", "PT48H", {}, "outside the supported range"),
        ("0001-01-01T12:00+00:09:21", "-P1D", {}, "outside the supported range"),
        ("2026-01-01T00:00+01:00", "P9000Y", {}, "outside the supported range"),
        ("2026-01-01T00:00+01:00", "P1D", {"overflow": "clamp"}, "overflow 'clamp' is not one of constrain, reject"),
        ("2026-01-01T00:00+01:00", "P1D", {"ambiguous": "first"}, "ambiguous 'first' is not one of"),
    ],
)
def test_refusals_name_the_problem(zones, start, duration, options, message):
    with pytest.raises(InvalidInput) as refused:
        add(zones("Europe/Paris"), ns(start), parse_duration(duration), **options)
    assert message in refused.value.description


def test_a_refused_addition_names_the_parameter_it_was_given(zones):
    with pytest.raises(InvalidInput) as refused:
        subtract(zones("Europe/Paris"), ns("2024-03-31T12:00+02:00"), parse_duration("P1M"), overflow="reject")
    assert refused.value.name == "subtract"


DIFFERENCES = [
    # DOCS zoneddatetime.md until(): Kolkata, 1995 to 2019.
    ("Asia/Kolkata", "1995-12-07T03:24:30.000003500+05:30", "2019-01-31T15:30+05:30", "hours", "PT202956H5M29.9999965S"),
    ("Asia/Kolkata", "1995-12-07T03:24:30.000003500+05:30", "2019-01-31T15:30+05:30", "years", "P23Y1M24DT12H5M29.9999965S"),
    ("Asia/Kolkata", "2019-01-31T15:30+05:30", "1995-12-07T03:24:30.000003500+05:30", "years", "-P23Y1M24DT12H5M29.9999965S"),
    # The docs show PT730641929.999996544S "(precision lost)": Temporal keeps fields as float64; timesvc is exact.
    ("Asia/Kolkata", "1995-12-07T03:24:30.000003500+05:30", "2019-01-31T15:30+05:30", "nanoseconds", "PT730641929.9999965S"),
    # DOCS: months and years have different lengths (Seoul, 2020).
    ("Asia/Seoul", "2020-01-01T00:00+09:00", "2020-02-01T00:00+09:00", "days", "P31D"),
    ("Asia/Seoul", "2020-01-01T00:00+09:00", "2020-02-01T00:00+09:00", "months", "P1M"),
    ("Asia/Seoul", "2020-02-01T00:00+09:00", "2020-03-01T00:00+09:00", "days", "P29D"),
    ("Asia/Seoul", "2020-01-01T00:00+09:00", "2020-03-01T00:00+09:00", "days", "P60D"),
    # DOCS add(): the day after DST starts is 23 hours later but one calendar day.
    ("America/Los_Angeles", "2020-03-08T00:00-08:00", "2020-03-09T00:00-07:00", "hours", "PT23H"),
    ("America/Los_Angeles", "2020-03-08T00:00-08:00", "2020-03-09T00:00-07:00", "days", "P1D"),
    # Calendar units on the wall clock: Apia's 29th to 31st is two calendar days but 24 hours.
    ("Pacific/Apia", "2011-12-29T12:00-10:00", "2011-12-31T12:00+14:00", "days", "P2D"),
    ("Pacific/Apia", "2011-12-29T12:00-10:00", "2011-12-31T12:00+14:00", "hours", "PT24H"),
    # Month ends (CalendarDateUntil, ISODateSurpasses): 31 January + 1 month would pass 29 February.
    ("Europe/Paris", "2024-01-31T12:00+01:00", "2024-02-29T12:00+01:00", "months", "P29D"),
    ("Europe/Paris", "2024-02-29T12:00+01:00", "2024-01-31T12:00+01:00", "months", "-P29D"),
    ("Europe/Paris", "2020-02-29T12:00+01:00", "2021-02-28T12:00+01:00", "years", "P11M30D"),
    ("Europe/Paris", "2024-01-01T00:00+01:00", "2024-03-02T00:00+01:00", "weeks", "P8W5D"),
    # Across Lord Howe's half-hour gap: the wall clock says a day, exact time 23.5 hours.
    ("Australia/Lord_Howe", "2026-10-03T12:00+10:30", "2026-10-04T12:00+11:00", "days", "P1D"),
    ("Australia/Lord_Howe", "2026-10-03T12:00+10:30", "2026-10-04T12:00+11:00", "hours", "PT23H30M"),
    # The time of day runs backwards: one day less, then the exact remainder (DifferenceZonedDateTime's correction).
    ("Europe/Paris", "2026-03-28T23:00+01:00", "2026-03-30T01:00+02:00", "days", "P1DT2H"),
    # Same local date, start in the fold's second 02:30: exact time (the spec since proposal-temporal#3141;
    # polyfill 0.5.1 predates it and answers PT1H15M).
    ("Europe/Paris", "2026-10-25T02:30+01:00", "2026-10-25T02:45+01:00", "days", "PT15M"),
    ("Europe/Paris", "2026-10-25T02:30+01:00", "2026-10-25T02:30+01:00", "years", "PT0S"),
]


@pytest.mark.parametrize("zone, start, end, largest_unit, expected", DIFFERENCES)
def test_until_answers_as_temporal(zones, zone, start, end, largest_unit, expected):
    assert until(zones(zone), ns(start), ns(end), largest_unit).iso() == expected


def test_until_defaults_to_hours_and_refuses_unknown_units(zones):
    zone = zones("Europe/Paris")
    assert until(zone, ns("2026-01-01T00:00+01:00"), ns("2026-01-03T00:00+01:00")).iso() == "PT48H"
    with pytest.raises(InvalidInput) as refused:
        until(zone, 0, 1, "fortnights")
    assert refused.value.name == "largest_unit"
