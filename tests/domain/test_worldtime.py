"""The worldtimeapi.org body: DST bounds, day numbering, nulls. Recorded answers: tests/views/test_worldtime_recordings.py."""
from tests.conftest import FIXED_NS
from tests.support.worldtime_format import epoch_ns
from timesvc.domain.worldtime import as_text, dst_period, worldtime

CLIENT = "203.0.113.7"


def test_sunday_is_day_zero(catalogue):
    body = worldtime(catalogue.zone("Europe/Paris"), FIXED_NS, CLIENT)
    assert body["datetime"].startswith("2026-03-29T01:30:00.123456+01:00")
    assert body["day_of_week"] == 0


def test_southern_summer_dst_began_the_year_before(catalogue):
    body = worldtime(catalogue.zone("Australia/Sydney"), FIXED_NS, CLIENT)
    assert (body["abbreviation"], body["dst"], body["dst_offset"], body["raw_offset"]) == ("AEDT", True, 3600, 36000)
    assert (body["dst_from"], body["dst_until"]) == ("2025-10-04T16:00:00+00:00", "2026-04-04T16:00:00+00:00")


def test_a_dst_period_spanning_double_summer_time_is_bounded_by_its_standard_time(catalogue):
    london = catalogue.zone("Europe/London")
    start, end = dst_period(london, epoch_ns("1941-06-01T12:00:00") // 1_000_000_000)
    assert (start.at, end.at) == (epoch_ns("1940-02-25T02:00:00") // 1_000_000_000, epoch_ns("1945-10-07T02:00:00") // 1_000_000_000)


def test_zones_without_dst_have_null_bounds(catalogue):
    body = worldtime(catalogue.zone("Asia/Kolkata"), FIXED_NS, CLIENT)
    assert (body["dst"], body["dst_from"], body["dst_until"], body["utc_offset"]) == (False, None, None, "+05:30")
    assert "dst_from: \n" in as_text(body)
