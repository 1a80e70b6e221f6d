"""GET /calculate: Temporal's ZonedDateTime.add and subtract over HTTP, hand-checked across DST and month ends."""
import pytest


def calculate(testapp, status=200, **params):
    return testapp.get("/calculate", params=params, status=status).json


def error(testapp, **params) -> dict:
    [only] = calculate(testapp, status=400, **params)["errors"]
    return only


@pytest.mark.parametrize(
    "params, datetime, constrained, disambiguated",
    [
        # Calendar units move the wall clock; 31 January + 1 month is constrained to the month's last day.
        ({"time": "2026-01-31T12:00", "tz": "Europe/Paris", "add": "P1M"}, "2026-02-28T12:00:00.000000+01:00", True, None),
        ({"time": "2024-01-31T12:00", "tz": "Europe/Paris", "add": "P1M"}, "2024-02-29T12:00:00.000000+01:00", True, None),
        ({"time": "2024-02-29T00:00Z", "add": "P1Y"}, "2025-02-28T00:00:00.000000+00:00", True, None),
        # A day later lands in Paris's spring gap: compatible moves on by the gap's length, as Temporal.
        ({"time": "2026-03-28T02:30", "tz": "Europe/Paris", "add": "P1D"}, "2026-03-29T03:30:00.000000+02:00", False, "later"),
        ({"time": "2026-03-28T02:30", "tz": "Europe/Paris", "add": "P1D", "nonexistent": "shift_forward"}, "2026-03-29T03:00:00.000000+02:00", False, "later"),
        ({"time": "2026-03-28T02:30", "tz": "Europe/Paris", "add": "P1D", "nonexistent": "shift_backward"}, "2026-03-29T01:59:59.999999+01:00", False, "earlier"),
        # New York's autumn fold: compatible takes the earlier reading.
        ({"time": "2026-10-31T01:30", "tz": "America/New_York", "add": "P1D"}, "2026-11-01T01:30:00.000000-04:00", False, "earlier"),
        ({"time": "2026-10-31T01:30", "tz": "America/New_York", "add": "P1D", "ambiguous": "later"}, "2026-11-01T01:30:00.000000-05:00", False, "later"),
        # Time units move the instant: an hour after 01:30 CET is 03:30 CEST, nothing to disambiguate.
        ({"time": "2026-03-29T01:30", "tz": "Europe/Paris", "add": "PT1H"}, "2026-03-29T03:30:00.000000+02:00", False, None),
        ({"time": "2026-03-29T03:30", "tz": "Europe/Paris", "subtract": "PT1H"}, "2026-03-29T01:30:00.000000+01:00", False, None),
        # Lord Howe's DST is 30 minutes: 02:15 the next day does not exist and becomes 02:45.
        ({"time": "2026-10-03T02:15", "tz": "Australia/Lord_Howe", "add": "P1D"}, "2026-10-04T02:45:00.000000+11:00", False, "later"),
        # Samoa skipped 30 December 2011 entirely: the day after the 29th is read on by 24 hours.
        ({"time": "2011-12-29T12:00", "tz": "Pacific/Apia", "add": "P1D"}, "2011-12-31T12:00:00.000000+14:00", False, "later"),
        # Negative durations, and subtracting one, go back.
        ({"time": "2026-03-31T12:00", "tz": "Europe/Paris", "add": "-P1M"}, "2026-02-28T12:00:00.000000+01:00", True, None),
        ({"time": "2026-03-31T12:00", "tz": "Europe/Paris", "subtract": "P1M1D"}, "2026-02-27T12:00:00.000000+01:00", True, None),
    ],
)
def test_hand_checked_cases_answer_as_temporal(testapp, params, datetime, constrained, disambiguated):
    body = calculate(testapp, **params)
    assert (body["datetime"], body["constrained"], body["disambiguated"]) == (datetime, constrained, disambiguated)


def test_the_answer_carries_the_zone_fields_the_instant_and_the_duration_added(testapp, catalogue):
    body = calculate(testapp, time="2026-01-31T12:00", tz="Europe/Paris", subtract="P1D")
    zone = catalogue.zone("Europe/Paris")
    assert body == {
        **zone.describe(body["unixtime_ns"]),
        "unixtime": 1769770800,
        "unixtime_ns": 1769770800_000000000,
        "utc_datetime": "2026-01-30T11:00:00.000000Z",
        "constrained": False,
        "disambiguated": None,
        "duration": "-P1D",  # what was added: the negated subtrahend
    }


def test_subtracting_a_negative_duration_adds_it(testapp):
    body = calculate(testapp, time="2026-01-31T12:00Z", subtract="-PT36H")
    assert (body["datetime"], body["duration"]) == ("2026-02-02T00:00:00.000000+00:00", "PT36H")


def test_a_time_with_offset_is_that_instant_seen_in_tz_and_in_utc_without_one(testapp):
    in_tokyo = calculate(testapp, time="2026-01-31T23:00:00Z", tz="Asia/Tokyo", add="P1M")
    assert in_tokyo["datetime"] == "2026-03-01T08:00:00.000000+09:00"  # 1 February in Tokyo, plus a month
    in_utc = calculate(testapp, time="2026-01-31T23:00:00Z", add="P1M")
    assert (in_utc["timezone"], in_utc["datetime"], in_utc["constrained"]) == ("Etc/UTC", "2026-02-28T23:00:00.000000+00:00", True)


def test_nanoseconds_from_unix_seconds_and_durations_are_kept(testapp):
    body = calculate(testapp, time="1.5", add="PT0.000000001S")
    assert (body["unixtime_ns"], body["duration"]) == (1_500_000_001, "PT0.000000001S")


def test_overflow_reject_is_a_400_naming_the_missing_day(testapp):
    refused = error(testapp, time="2026-01-31T12:00", tz="Europe/Paris", add="P1M", overflow="reject")
    assert refused["name"] == "add" and refused["description"].startswith("2026-02-31 does not exist (2026-02 has 28 days)")


def test_raise_refuses_a_result_in_a_gap_or_a_fold(testapp):
    gap = error(testapp, time="2026-03-28T02:30", tz="Europe/Paris", add="P1D", nonexistent="raise")
    assert gap["name"] == "add" and "2026-03-29T02:30 does not exist in Europe/Paris" in gap["description"]
    fold = error(testapp, time="2026-10-31T01:30", tz="America/New_York", add="P1D", ambiguous="raise")
    assert "occurs twice in America/New_York" in fold["description"]


def test_a_local_start_time_is_placed_with_the_same_choices(testapp):
    assert calculate(testapp, time="2026-03-29T02:30", tz="Europe/Paris", add="PT0S")["datetime"] == "2026-03-29T03:30:00.000000+02:00"
    refused = error(testapp, time="2026-03-29T02:30", tz="Europe/Paris", add="PT0S", nonexistent="raise")
    assert refused["name"] == "time" and "does not exist in Europe/Paris" in refused["description"]


def test_a_local_time_without_tz_is_a_400_naming_tz(testapp):
    refused = error(testapp, time="2026-01-01T00:00", add="P1D")
    assert refused["name"] == "tz" and "pass tz=<zone>" in refused["description"]


@pytest.mark.parametrize("params, message", [({}, "add or subtract is required"), ({"add": "P1D", "subtract": "P1D"}, "not both")])
def test_exactly_one_of_add_and_subtract_is_asked_for(testapp, params, message):
    refused = error(testapp, time="0", **params)
    assert refused["name"] == "add" and message in refused["description"]


@pytest.mark.parametrize("name", ["add", "subtract"])
def test_a_bad_duration_is_a_400_naming_its_parameter_echoing_at_most_100_characters(testapp, name):
    assert "not an ISO 8601 duration" in error(testapp, time="0", **{name: "P1Q"})["description"]
    too_long = error(testapp, time="0", **{name: "P" + "1" * 5000 + "D"})
    assert too_long["name"] == name and len(too_long["description"]) < 200


def test_a_result_outside_years_0001_to_9999_is_a_400(testapp):
    assert "outside the supported range" in error(testapp, time="2026-01-01T00:00Z", add="P8000Y")["description"]
    assert error(testapp, time="9999-12-31T23:00:00Z", add="PT2H")["name"] == "add"


def test_unknown_choices_and_zones_are_400s_naming_them(testapp):
    assert error(testapp, time="0", add="P1D", overflow="wrap")["name"] == "overflow"
    assert error(testapp, time="0", add="P1D", ambiguous="maybe")["name"] == "ambiguous"
    assert error(testapp, time="0", add="P1D", tz="Nowhere/Atlantis")["name"] == "tz"
