"""GET /difference: Temporal's ZonedDateTime.until over HTTP, hand-checked across DST and month ends."""
import pytest

from timesvc.domain.durations import UNITS
from timesvc.domain.zone import MAX_SECONDS, MIN_SECONDS


def difference(testapp, status=200, **params):
    return testapp.get("/difference", params=params, status=status).json


def error(testapp, **params) -> dict:
    [only] = difference(testapp, status=400, **params)["errors"]
    return only


@pytest.mark.parametrize(
    "params, duration",
    [
        # Paris loses an hour on 29 March 2026: two calendar days, 47 hours.
        ({"start": "2026-03-28T12:00", "end": "2026-03-30T12:00", "tz": "Europe/Paris"}, "PT47H"),
        ({"start": "2026-03-28T12:00", "end": "2026-03-30T12:00", "tz": "Europe/Paris", "largest_unit": "days"}, "P2D"),
        # Samoa skipped 30 December 2011: two calendar days that last 24 hours.
        ({"start": "2011-12-29T12:00", "end": "2011-12-31T12:00", "tz": "Pacific/Apia", "largest_unit": "days"}, "P2D"),
        ({"start": "2011-12-29T12:00", "end": "2011-12-31T12:00", "tz": "Pacific/Apia"}, "PT24H"),
        # Whole months are counted only where the end is reached: 31 January to 28 February is 28 days.
        ({"start": "2026-01-31T00:00Z", "end": "2026-02-28T00:00Z", "largest_unit": "months"}, "P28D"),
        ({"start": "2024-02-29T00:00Z", "end": "2025-02-28T00:00Z", "largest_unit": "years"}, "P11M30D"),
        ({"start": "2024-02-29T00:00Z", "end": "2025-03-01T00:00Z", "largest_unit": "years"}, "P1Y1D"),
        ({"start": "2026-03-01T00:00Z", "end": "2026-01-01T00:00Z", "largest_unit": "months"}, "-P2M"),
        ({"start": "2026-01-01T00:00Z", "end": "2026-01-29T12:00Z", "largest_unit": "weeks"}, "P4WT12H"),
        ({"start": "2026-01-01T00:00Z", "end": "2026-01-01T00:01:30Z", "largest_unit": "seconds"}, "PT90S"),
    ],
)
def test_hand_checked_cases_answer_as_temporal(testapp, params, duration):
    assert difference(testapp, **params)["duration"] == duration


def test_the_answer_carries_both_times_the_unit_and_the_fields(testapp, catalogue):
    body = difference(testapp, start="2026-10-24T12:00", end="2026-10-26T13:30", tz="Europe/Paris", largest_unit="days")
    zone = catalogue.zone("Europe/Paris")
    start, end = 1792836000_000000000, 1793017800_000000000
    assert body["start"] == {**zone.describe(start), "unixtime": start // 10**9, "unixtime_ns": start, "utc_datetime": "2026-10-24T10:00:00.000000Z"}
    assert body["end"] == {**zone.describe(end), "unixtime": end // 10**9, "unixtime_ns": end, "utc_datetime": "2026-10-26T12:30:00.000000Z"}
    assert (body["largest_unit"], body["duration"]) == ("days", "P2DT1H30M")
    assert body["fields"] == {unit: 0 for unit in UNITS} | {"days": 2, "hours": 1, "minutes": 30}


def test_nanoseconds_are_exact_in_the_text_and_the_fields(testapp):
    body = difference(testapp, start="0", end="1.000000001", largest_unit="milliseconds")
    assert body["duration"] == "PT1.000000001S"
    assert {unit: value for unit, value in body["fields"].items() if value} == {"milliseconds": 1000, "nanoseconds": 1}
    assert body["end"]["unixtime_ns"] == 1_000_000_001 and body["end"]["utc_datetime"] == "1970-01-01T00:00:01.000000Z"


def test_fields_carry_the_sign_of_the_whole(testapp):
    body = difference(testapp, start="2026-03-01T12:00Z", end="2026-01-01T00:00Z", largest_unit="months")
    assert body["duration"] == "-P2MT12H" and (body["fields"]["months"], body["fields"]["hours"]) == (-2, -12)


def test_local_times_are_placed_as_temporal_places_them_unless_told(testapp):
    assert difference(testapp, start="2026-03-29T02:30", end="2026-03-30T00:00", tz="Europe/Paris")["duration"] == "PT20H30M"
    refused = error(testapp, start="2026-03-29T02:30", end="2026-03-30T00:00", tz="Europe/Paris", nonexistent="raise")
    assert refused["name"] == "start" and "does not exist in Europe/Paris" in refused["description"]


def test_a_local_time_without_tz_is_a_400_naming_tz(testapp):
    refused = error(testapp, start="2026-01-01T00:00Z", end="2026-01-02T00:00")
    assert refused["name"] == "tz" and refused["description"].startswith("end '2026-01-02T00:00' has no UTC offset")


@pytest.mark.parametrize("missing", ["start", "end"])
def test_start_and_end_are_required(testapp, missing):
    params = {"start": "0", "end": "1"}
    del params[missing]
    refused = error(testapp, **params)
    assert refused["name"] == missing and "is required" in refused["description"]


def test_bad_times_and_units_are_400s_naming_them(testapp):
    assert error(testapp, start="2026-02-30T00:00Z", end="0")["name"] == "start"
    assert error(testapp, start="0", end="10000-01-01T00:00Z")["name"] == "end"
    unit = error(testapp, start="0", end="1", largest_unit="fortnights")
    assert unit["name"] == "largest_unit" and "years, months, weeks, days" in unit["description"]


def test_nanoseconds_across_the_whole_range_are_exact_beyond_64_bits(testapp):
    body = difference(testapp, start="0001-01-01T00:00:00Z", end="9999-12-31T23:59:59Z", largest_unit="nanoseconds")
    assert body["fields"]["nanoseconds"] == (MAX_SECONDS - MIN_SECONDS) * 10**9 > 2**63
    assert (body["start"]["unixtime_ns"], body["end"]["unixtime_ns"]) == (MIN_SECONDS * 10**9, MAX_SECONDS * 10**9)
    assert body["duration"] == f"PT{MAX_SECONDS - MIN_SECONDS}S"
