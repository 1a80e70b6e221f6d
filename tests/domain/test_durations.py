"""ISO 8601 durations read and written as Temporal.Duration.from / toString do.

Expected values come from proposal-temporal's docs/duration.md examples and from the steps of
ParseTemporalDurationString and TemporalDurationToString; tests/temporal/crosscheck.py compares 2,000
random texts with the polyfill itself.
"""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timesvc.domain.durations import UNITS, Duration, balanced_time, parse_duration
from timesvc.domain.errors import MAX_ECHO, InvalidInput


@pytest.mark.parametrize(
    "text, fields, iso",
    [
        ("P1Y2M10DT2H30M", {"years": 1, "months": 2, "days": 10, "hours": 2, "minutes": 30}, "P1Y2M10DT2H30M"),
        ("P1W", {"weeks": 1}, "P1W"),
        ("-P1D", {"days": -1}, "-P1D"),
        ("-P2DT12H", {"days": -2, "hours": -12}, "-P2DT12H"),  # docs/duration.md
        ("P0D", {}, "PT0S"),  # docs/duration.md: a zero duration is written PT0S
        ("PT1.5S", {"seconds": 1, "milliseconds": 500}, "PT1.5S"),  # docs/duration.md: fractions in strings are ok
        ("PT0.5S", {"milliseconds": 500}, "PT0.5S"),
        ("P1Y2M3W4DT5H6M7.987654321S", dict(zip(UNITS, (1, 2, 3, 4, 5, 6, 7, 987, 654, 321))), "P1Y2M3W4DT5H6M7.987654321S"),
        # A fraction of an hour or minute becomes the smaller units (ParseTemporalDurationString).
        ("PT1.5H", {"hours": 1, "minutes": 30}, "PT1H30M"),
        ("PT0.0001H", {"milliseconds": 360}, "PT0.36S"),
        ("PT1,25M", {"minutes": 1, "seconds": 15}, "PT1M15S"),
        # Whole units are kept as written, not balanced.
        ("PT90M", {"minutes": 90}, "PT90M"),
        ("PT3600S", {"seconds": 3600}, "PT3600S"),
        ("p1dt1h", {"days": 1, "hours": 1}, "P1DT1H"),  # designators in either case
        ("+PT1M", {"minutes": 1}, "PT1M"),
        ("PT9007199254740991.999999999S", {"seconds": 2**53 - 1, "milliseconds": 999, "microseconds": 999, "nanoseconds": 999}, "PT9007199254740991.999999999S"),
        ("P4294967295Y", {"years": 2**32 - 1}, "P4294967295Y"),
    ],
)
def test_parses_and_writes_as_temporal(text, fields, iso):
    duration = parse_duration(text)
    assert duration == Duration(**fields)
    assert duration.iso() == iso


@pytest.mark.parametrize(
    "text, hint",
    [
        ("", "not an ISO 8601 duration"),
        ("P", "not an ISO 8601 duration"),
        ("PT", "not an ISO 8601 duration"),
        ("P1D\n", "not an ISO 8601 duration"),
        ("P1.5D", "not an ISO 8601 duration"),  # only time units may have a fraction
        ("PT1.1234567891S", "not an ISO 8601 duration"),  # nine digits at most
        ("P1DT", "not an ISO 8601 duration"),
        ("P1M1Y", "not an ISO 8601 duration"),  # parts in order
        ("1D", "not an ISO 8601 duration"),
        ("\u2212P1D", "not an ISO 8601 duration"),  # the sign is ASCII only
        ("P\uff11D", "not an ISO 8601 duration"),  # ASCII digits only
        ("PT1.5H30M", "fraction before its last time unit"),
        ("PT1.5M30S", "fraction before its last time unit"),
        ("P4294967296Y", "too many years"),
        ("P4294967296W", "too many weeks"),
        ("PT9007199254740992S", "too long"),
        ("P104249991375D", "too long"),  # 2^53 s in days, rounded up
    ],
)
def test_refuses_what_temporal_refuses_with_an_actionable_message(text, hint):
    with pytest.raises(InvalidInput) as refused:
        parse_duration(text, name="add")
    assert refused.value.name == "add"
    assert hint in refused.value.description


@pytest.mark.parametrize("value", [None, 5, ["P1D"], "P" + "1" * 5000 + "D"])
def test_refuses_non_text_and_overlong_input_echoing_at_most_100_characters(value):
    with pytest.raises(InvalidInput) as refused:
        parse_duration(value)
    assert len(refused.value.description) < MAX_ECHO + 120


def test_the_time_units_are_one_exact_number_of_nanoseconds():
    assert parse_duration("PT1H1M1.000000001S").time_ns() == 3_661_000_000_001
    assert parse_duration("-PT1S").negated() == Duration(seconds=1)


def test_balancing_time_keeps_one_sign_and_starts_at_the_largest_unit():
    assert balanced_time(-90 * 60 * 10**9 - 1, "hours") == {"hours": -1, "minutes": -30, "seconds": 0, "milliseconds": 0, "microseconds": 0, "nanoseconds": -1}
    assert balanced_time(3_600_000_000_001, "seconds") == {"seconds": 3600, "milliseconds": 0, "microseconds": 0, "nanoseconds": 1}


_FIELD = st.integers(0, 10**6)


@given(values=st.tuples(*[_FIELD] * 10), negative=st.booleans())
def test_the_text_of_any_duration_reads_back_to_the_same_text_and_length(values, negative):
    duration = Duration(*values)
    duration = duration.negated() if negative else duration
    again = parse_duration(duration.iso())
    assert again.iso() == duration.iso()
    assert (again.years, again.months, again.weeks, again.days) == (duration.years, duration.months, duration.weeks, duration.days)
    assert again.time_ns() == duration.time_ns()


@given(text=st.text(max_size=40))
def test_any_text_is_a_duration_or_the_domain_error(text):
    try:
        duration = parse_duration(text)
    except InvalidInput:
        return
    assert isinstance(duration, Duration) and len(set(value > 0 for value in duration.values() if value)) <= 1


def test_the_fields_are_answered_by_name_in_temporal_order():
    assert parse_duration("-P1DT2.5S").as_dict() == {
        "years": 0, "months": 0, "weeks": 0, "days": -1, "hours": 0, "minutes": 0,
        "seconds": -2, "milliseconds": -500, "microseconds": 0, "nanoseconds": 0,
    }
    assert list(parse_duration("PT0S").as_dict()) == list(UNITS)
