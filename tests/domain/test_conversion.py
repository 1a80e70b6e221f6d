from datetime import datetime, timezone

import pytest

from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.conversion import instant_ns, parse_time, read_instant, resolve_local
from timesvc.domain.errors import InvalidInput
from timesvc.domain.zone import format_utc


@pytest.fixture(scope="module")
def catalogue():
    return ZoneCatalogue(PackageSource())


def utc(local_text, zone, catalogue, **policy):
    return format_utc(resolve_local(datetime.fromisoformat(local_text), catalogue.zone(zone), **policy))


def test_parses_rfc3339_with_offset():
    assert parse_time("2026-03-29T02:30:00+01:00").value == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    assert parse_time("2026-03-29T01:30:00Z").value.tzinfo is not None


def test_parses_local_time_without_offset():
    assert parse_time("2026-03-29T02:30").value.tzinfo is None


@pytest.mark.parametrize("text, expected", [("0", 0), ("1700000000", 1700000000 * 10**9), ("-1.5", -1_500_000_000), ("1.000000001", 1_000_000_001)])
def test_parses_unix_seconds_exactly(text, expected):
    assert parse_time(text).value == expected


@pytest.mark.parametrize("text", ["", "garbage", "2026-13-01", "999999999999", "-99999999999", "1e9", "x" * 10000, "2026-03-29T02:30\x00"])
def test_rejects_what_is_not_a_time_with_the_domain_error(text):
    with pytest.raises(InvalidInput) as info:
        parse_time(text)
    assert info.value.name == "time"
    assert len(info.value.description) < 250


def test_rejects_instants_before_year_1():
    with pytest.raises(InvalidInput, match="outside years 0001 to 9999"):
        instant_ns(parse_time("0001-01-01T00:00:00+01:00").value)


def test_ordinary_local_time(catalogue):
    assert utc("2026-07-01T12:00", "Europe/Paris", catalogue) == "2026-07-01T10:00:00.000000Z"


def test_paris_gap_is_refused_with_the_jump_described(catalogue):
    with pytest.raises(InvalidInput) as info:
        utc("2026-03-29T02:30", "Europe/Paris", catalogue)
    assert info.value.description.startswith(
        "2026-03-29T02:30 does not exist in Europe/Paris: clocks jump from 02:00 to 03:00"
    )


@pytest.mark.parametrize(
    "zone, local, forward, backward",
    [
        ("Europe/Paris", "2026-03-29T02:30", "2026-03-29T01:00:00.000000Z", "2026-03-29T00:59:59.999999Z"),
        ("America/New_York", "2026-03-08T02:30", "2026-03-08T07:00:00.000000Z", "2026-03-08T06:59:59.999999Z"),
        ("Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:30:00.000000Z", "2026-10-03T15:29:59.999999Z"),
        ("Pacific/Apia", "2011-12-30T12:00", "2011-12-30T10:00:00.000000Z", "2011-12-30T09:59:59.999999Z"),
    ],
)
def test_gaps_shift_to_the_instant_of_the_jump(catalogue, zone, local, forward, backward):
    assert utc(local, zone, catalogue, nonexistent="shift_forward") == forward
    assert utc(local, zone, catalogue, nonexistent="shift_backward") == backward


def test_apia_skipped_day_is_described_with_dates(catalogue):
    with pytest.raises(InvalidInput, match="clocks jump from 2011-12-30T00:00 to 2011-12-31T00:00"):
        utc("2011-12-30T12:00", "Pacific/Apia", catalogue)


@pytest.mark.parametrize(
    "zone, local, earlier, later",
    [
        ("Europe/Paris", "2026-10-25T02:30", "2026-10-25T00:30:00.000000Z", "2026-10-25T01:30:00.000000Z"),
        ("America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00.000000Z", "2026-11-01T06:30:00.000000Z"),
        ("Australia/Lord_Howe", "2026-04-05T01:45", "2026-04-04T14:45:00.000000Z", "2026-04-04T15:15:00.000000Z"),
    ],
)
def test_folds_take_the_earlier_or_later_instant(catalogue, zone, local, earlier, later):
    assert utc(local, zone, catalogue, ambiguous="earlier") == earlier
    assert utc(local, zone, catalogue, ambiguous="later") == later
    with pytest.raises(InvalidInput, match="occurs twice.*pass ambiguous=earlier or later"):
        utc(local, zone, catalogue)


def test_paris_fold_describes_clocks_going_back(catalogue):
    with pytest.raises(InvalidInput, match="clocks go back from 03:00 to 02:00"):
        utc("2026-10-25T02:30", "Europe/Paris", catalogue)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2016-12-31T23:59:60Z", "2017-01-01T00:00:00.000000Z"),  # a leap second: the next second, as POSIX counts
        ("2016-12-31T23:59:60.25Z", "2017-01-01T00:00:00.250000Z"),
        ("2015-07-01T01:59:60+02:00", "2015-07-01T00:00:00.000000Z"),
    ],
)
def test_leap_seconds_are_read_as_the_next_second(catalogue, text, expected):
    assert format_utc(read_instant(text, None, leap_seconds=catalogue.leap_seconds)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-088T12:00Z", "2026-03-29T12:00:00+00:00"),  # ISO 8601 ordinal date: day 88
        ("2024-366", "2024-12-31T00:00:00"),
        ("2026-W13-7T12:00Z", "2026-03-29T12:00:00+00:00"),  # ISO 8601 week date
    ],
)
def test_ordinal_and_week_dates_are_read(text, expected):
    assert parse_time(text).value.isoformat() == expected


@pytest.mark.parametrize("text, fragment", [("2023-366", "day 366 of 2023, which has days 1 to 365"), ("0000-001", "year 0"), ("2026-000", "day 0")])
def test_ordinal_days_outside_their_year_are_refused(text, fragment):
    with pytest.raises(InvalidInput, match=fragment):
        parse_time(text)


@pytest.mark.parametrize("text", ["２０２６-03-29T12:00", "2026-03-29T12:00:61Z", "١٧٠٠٠٠٠٠٠٠"])
def test_only_ascii_digits_and_real_seconds_are_times(text):
    with pytest.raises(InvalidInput):
        parse_time(text)


@pytest.mark.parametrize("local", ["9999-03-14T02:30", "9999-11-07T01:30"])
def test_a_gap_or_fold_past_the_rule_years_is_refused_not_a_crash(catalogue, local):
    with pytest.raises(InvalidInput, match="after 9998"):
        resolve_local(datetime.fromisoformat(local), catalogue.zone("America/New_York"))


@pytest.mark.parametrize(
    "zone, local, expected",
    [
        # Temporal's compatible: a gap moves the clock on by the gap's length (02:30 reads as 03:30 CEST) ...
        ("Europe/Paris", "2026-03-29T02:30", "2026-03-29T01:30:00.000000Z"),
        ("Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:45:00.000000Z"),
        ("Pacific/Apia", "2011-12-30T12:00", "2011-12-30T22:00:00.000000Z"),
        # ... and a fold takes the earlier instant.
        ("Europe/Paris", "2026-10-25T02:30", "2026-10-25T00:30:00.000000Z"),
        ("America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00.000000Z"),
    ],
)
def test_compatible_resolves_gaps_and_folds_as_temporal(catalogue, zone, local, expected):
    assert utc(local, zone, catalogue, ambiguous="compatible", nonexistent="compatible") == expected


def test_year_9999_local_times_answer_without_an_internal_error(catalogue):
    # Past the last rule year the zone keeps its last offset; an instant past 9999 in UTC is refused.
    assert utc("9999-12-31T23:30", "Europe/Paris", catalogue) == "9999-12-31T22:30:00.000000Z"
    assert utc("9999-12-31T23:30", "Pacific/Kiritimati", catalogue) == "9999-12-31T09:30:00.000000Z"
    with pytest.raises(InvalidInput, match="outside years 0001 to 9999"):
        utc("9999-12-31T23:30", "America/New_York", catalogue)


@pytest.mark.parametrize(
    "text, expected",
    [("1.5", 1_500_000_000), ("2026-03-29T02:30:00+01:00", 1774747800 * 10**9), ("2026-03-29T03:30", 1774747800 * 10**9)],
)
def test_read_instant_takes_unix_seconds_an_offset_or_a_local_time_in_the_zone(catalogue, text, expected):
    assert read_instant(text, catalogue.zone("Europe/Paris"), leap_seconds=catalogue.leap_seconds) == expected


def test_read_instant_places_a_local_time_as_asked_and_names_the_parameter(catalogue):
    paris, leaps = catalogue.zone("Europe/Paris"), catalogue.leap_seconds
    assert read_instant("2026-03-29T02:30", paris, nonexistent="compatible", leap_seconds=leaps) == read_instant("2026-03-29T03:30", paris, leap_seconds=leaps)
    with pytest.raises(InvalidInput) as refused:
        read_instant("2026-03-29T02:30", paris, name="start", leap_seconds=leaps)
    assert refused.value.name == "start" and "does not exist in Europe/Paris" in refused.value.description


@pytest.mark.parametrize("text", ["2026-02-30T00:00", "0001-01-01T00:00:00+01:00", "9" * 20, "2026-000"])
def test_read_instant_errors_name_the_parameter_they_came_from(catalogue, text):
    with pytest.raises(InvalidInput) as refused:
        read_instant(text, catalogue.zone("UTC"), name="end", leap_seconds=catalogue.leap_seconds)
    assert refused.value.name == "end" and refused.value.description.startswith(("end ", "Unix time"))


def test_a_local_time_without_a_zone_names_the_parameter_that_would_give_one(catalogue):
    with pytest.raises(InvalidInput) as refused:
        read_instant("2026-01-01T00:00", None, name="start", zone_parameter="tz", leap_seconds=catalogue.leap_seconds)
    assert (refused.value.name, refused.value.description) == ("tz", "start '2026-01-01T00:00' has no UTC offset: pass tz=<zone> to say where it is local time")
    with pytest.raises(InvalidInput) as refused:
        read_instant("2026-01-01T00:00", None, name="from", leap_seconds=catalogue.leap_seconds)
    assert refused.value.name == "from" and "give it with one (Z, +01:00) or as Unix seconds" in refused.value.description
