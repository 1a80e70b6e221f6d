from datetime import datetime, timedelta, timezone

import pytest

from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.errors import InvalidInput
from timesvc.domain.fields import DESCRIBED, INSTANT
from timesvc.domain.zone import format_offset, format_utc, instant_fields


@pytest.fixture(scope="module")
def catalogue():
    return ZoneCatalogue(PackageSource())


def seconds(text):
    return int(datetime.fromisoformat(text).timestamp())


def ns(text):
    return seconds(text) * 1_000_000_000


@pytest.mark.parametrize("name", ["Europe/Paris", "Asia/Kolkata", "Africa/Abidjan"])
def test_describe_and_instant_fields_answer_the_fields_declared_for_the_schema_in_order(catalogue, name):
    now = ns("2026-12-06T15:00:00+00:00")
    assert list(catalogue.zone(name).describe(now)) == [field.name for field in DESCRIBED]
    assert list(instant_fields(now)) == [field.name for field in INSTANT]


def test_paris_in_winter(catalogue):
    fields = catalogue.zone("Europe/Paris").describe(ns("2026-01-15T12:00:00Z"))
    assert fields["datetime"] == "2026-01-15T13:00:00.000000+01:00"
    assert (fields["utc_offset"], fields["utc_offset_seconds"], fields["raw_offset"], fields["dst_offset"]) == ("+01:00", 3600, 3600, 0)
    assert fields["dst"] is False and fields["abbreviation"] == "CET"
    assert fields["previous_transition"] == "2025-10-26T01:00:00Z"
    assert fields["next_transition"] == "2026-03-29T01:00:00Z"


def test_paris_in_summer(catalogue):
    fields = catalogue.zone("Europe/Paris").describe(ns("2026-07-01T00:00:00Z"))
    assert (fields["utc_offset_seconds"], fields["raw_offset"], fields["dst_offset"], fields["dst"]) == (7200, 3600, 3600, True)
    assert fields["abbreviation"] == "CEST"


def test_calendar_fields_are_iso(catalogue):
    # 2027-01-01 is a Friday in ISO week 53 of 2026.
    fields = catalogue.zone("Etc/UTC").describe(ns("2027-01-01T10:00:00Z"))
    assert (fields["day_of_week"], fields["day_of_year"], fields["week_number"]) == (5, 1, 53)


def test_transition_instant_belongs_to_the_new_period(catalogue):
    paris = catalogue.zone("Europe/Paris")
    at = seconds("2026-03-29T01:00:00Z")
    assert paris.previous_transition(at).at == at
    assert paris.next_transitions(at - 1, 1)[0].at == at
    assert paris.next_transitions(at, 1)[0].at == seconds("2026-10-25T01:00:00Z")


def test_new_york_transitions_continue_past_the_table_by_rule(catalogue):
    upcoming = catalogue.zone("America/New_York").next_transitions(seconds("2030-06-01T00:00:00Z"), 4)
    assert [format_utc(t.at * 10**9, "seconds") for t in upcoming] == [
        "2030-11-03T06:00:00Z",
        "2031-03-09T07:00:00Z",
        "2031-11-02T06:00:00Z",
        "2032-03-14T07:00:00Z",
    ]
    assert [t.abbreviation for t in upcoming] == ["EST", "EDT", "EST", "EDT"]
    assert [t.dst for t in upcoming] == [False, True, False, True]


def test_previous_transition_in_january_is_last_novembers(catalogue):
    previous = catalogue.zone("America/New_York").previous_transition(seconds("2040-01-10T00:00:00Z"))
    assert format_utc(previous.at * 10**9, "seconds") == "2039-11-06T06:00:00Z"


def test_lord_howe_moves_by_half_an_hour(catalogue):
    upcoming = catalogue.zone("Australia/Lord_Howe").next_transitions(seconds("2026-01-01T00:00:00Z"), 2)
    assert [t.utc_offset for t in upcoming] == [37800, 39600]
    fields = catalogue.zone("Australia/Lord_Howe").describe(ns("2026-01-01T00:00:00Z"))
    assert (fields["utc_offset"], fields["raw_offset"], fields["dst_offset"]) == ("+11:00", 37800, 1800)


def test_apia_skipped_the_30th_of_december_2011(catalogue):
    apia = catalogue.zone("Pacific/Apia")
    jump = apia.next_transitions(seconds("2011-12-29T00:00:00Z"), 1)[0]
    assert format_utc(jump.at * 10**9, "seconds") == "2011-12-30T10:00:00Z"
    assert jump.utc_offset == 14 * 3600
    assert apia.describe(jump.at * 10**9)["datetime"].startswith("2011-12-31T00:00:00")


def test_etc_gmt_plus_5_is_five_hours_behind(catalogue):
    fields = catalogue.zone("Etc/GMT+5").describe(ns("2026-01-01T12:00:00Z"))
    assert fields["utc_offset"] == "-05:00" and fields["abbreviation"] == "-05"
    assert fields["previous_transition"] is None and fields["next_transition"] is None


def test_zone_without_dst_has_no_next_transition(catalogue):
    fields = catalogue.zone("Asia/Tokyo").describe(ns("2026-01-01T00:00:00Z"))
    assert fields["next_transition"] is None
    assert fields["previous_transition"] == "1951-09-08T15:00:00Z"


def test_local_mean_time_offsets_keep_their_seconds(catalogue):
    fields = catalogue.zone("Europe/Dublin").describe(ns("1900-01-01T00:00:00Z"))
    assert fields["utc_offset"] == "-00:25:21" and fields["abbreviation"] == "DMT"


def test_instants_beyond_year_9999_in_the_zone_are_invalid(catalogue):
    with pytest.raises(InvalidInput, match="outside years 0001 to 9999"):
        catalogue.zone("Pacific/Kiritimati").describe(ns("9999-12-31T23:00:00Z"))


def test_rule_transitions_stop_after_year_9998(catalogue):
    paris = catalogue.zone("Europe/Paris")
    assert len(paris.next_transitions(seconds("9998-06-01T00:00:00Z"), 10)) == 1
    assert paris.next_transitions(seconds("9999-06-01T00:00:00Z"), 10) == []
    assert format_utc(paris.previous_transition(seconds("9999-06-01T00:00:00Z")).at * 10**9, "seconds") == "9998-10-25T01:00:00Z"


@pytest.mark.parametrize("offset, text", [(0, "+00:00"), (-12600, "-03:30"), (20700, "+05:45"), (-2670, "-00:44:30")])
def test_format_offset(offset, text):
    assert format_offset(offset) == text


def test_utc_format_keeps_microseconds():
    assert format_utc(1_000_000_000_123_456_789) == "2001-09-09T01:46:40.123456Z"
    assert datetime.fromisoformat(format_utc(0)) == datetime(1970, 1, 1, tzinfo=timezone.utc)


def _reference(zone, epoch_ns):
    """The fields describe() derives from its cached period, recomputed from zoneinfo for one instant."""
    local = (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=epoch_ns // 1000)).astimezone(zone.tzinfo)
    iso = local.isocalendar()
    previous = zone.previous_transition(epoch_ns // 10**9)
    following = zone.next_transitions(epoch_ns // 10**9, 1)
    return {
        "datetime": local.isoformat(timespec="microseconds"),
        "utc_offset_seconds": local.utcoffset().total_seconds(),
        "dst_offset": local.dst().total_seconds(),
        "abbreviation": local.tzname(),
        "day_of_week": iso.weekday,
        "day_of_year": local.timetuple().tm_yday,
        "week_number": iso.week,
        "previous_transition": format_utc(previous.at * 10**9, "seconds") if previous else None,
        "next_transition": format_utc(following[0].at * 10**9, "seconds") if following else None,
    }


@pytest.mark.parametrize("name", ["Europe/Paris", "America/St_Johns", "Australia/Lord_Howe", "Europe/Dublin", "Pacific/Apia", "Asia/Kolkata", "Africa/Casablanca", "Etc/UTC"])
def test_describe_reusing_a_period_matches_zoneinfo_at_every_instant(catalogue, name):
    zone = catalogue.zone(name)
    start = seconds("1890-01-01T00:00:00Z")
    # In time order, as a clock reads them: many instants fall in the period and day of the previous one.
    steps = list(range(start, seconds("2060-01-01T00:00:00Z"), 29 * 86400 + 3607))
    edges = [at + d for t in zone.next_transitions(start, 500) for at in [t.at] for d in (-1, 0, 1)]
    for at in sorted(steps + edges):
        epoch_ns = at * 10**9 + 123_456_789
        fields = zone.describe(epoch_ns)
        assert {key: fields[key] for key in _reference(zone, epoch_ns)} == _reference(zone, epoch_ns), (name, at)


def test_format_utc_before_the_epoch_and_to_the_second():
    assert format_utc(-1) == "1969-12-31T23:59:59.999999Z"
    assert format_utc(-86400 * 10**9 + 5 * 10**9, "seconds") == "1969-12-31T00:00:05Z"
