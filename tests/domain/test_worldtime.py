"""worldtimeapi.org answers recorded by its users, replayed at the same instants."""
from datetime import datetime, timezone

import pytest

from tests.conftest import FIXED_NS
from timesvc.domain.worldtime import FIELDS, as_text, dst_period, worldtime

CLIENT = "203.0.113.7"  # the recordings' client addresses, replaced by a documentation address


def ns(text: str) -> int:
    """Epoch nanoseconds of an RFC 3339 UTC instant, plus 789 ns the answer must drop."""
    moment = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
    return (int(moment.timestamp()) * 1_000_000 + moment.microsecond) * 1000 + 789


# Printed by an Arduino AsyncHTTPRequest example from http://worldtimeapi.org/api/timezone/America/Toronto.txt
TORONTO_TXT = """abbreviation: EDT
client_ip: 203.0.113.7
datetime: 2021-10-14T21:35:10.868467-04:00
day_of_week: 4
day_of_year: 287
dst: true
dst_from: 2021-03-14T07:00:00+00:00
dst_offset: 3600
dst_until: 2021-11-07T06:00:00+00:00
raw_offset: -18000
timezone: America/Toronto
unixtime: 1634261710
utc_datetime: 2021-10-15T01:35:10.868467+00:00
utc_offset: -04:00
week_number: 41"""

# From a `curl http://worldtimeapi.org/api/timezone/Europe/London.txt` in a Docker build log; note "dst_from: ".
LONDON_TXT = """abbreviation: GMT
client_ip: 203.0.113.7
datetime: 2020-01-14T09:20:50.034710+00:00
day_of_week: 2
day_of_year: 14
dst: false
dst_from: 
dst_offset: 0
dst_until: 
raw_offset: 0
timezone: Europe/London
unixtime: 1578993650
utc_datetime: 2020-01-14T09:20:50.034710+00:00
utc_offset: +00:00
week_number: 3"""

# http://worldtimeapi.org/api/timezone/america/new_york, pretty-printed in a maker's blog post.
NEW_YORK_JSON = {
    "abbreviation": "EST",
    "client_ip": "203.0.113.7",
    "datetime": "2023-02-22T17:25:13.477048-05:00",
    "day_of_week": 3,
    "day_of_year": 53,
    "dst": False,
    "dst_from": None,
    "dst_offset": 0,
    "dst_until": None,
    "raw_offset": -18000,
    "timezone": "America/New_York",
    "unixtime": 1677104713,
    "utc_datetime": "2023-02-22T22:25:13.477048+00:00",
    "utc_offset": "-05:00",
    "week_number": 8,
}


@pytest.mark.parametrize(
    "zone, instant, recorded",
    [("America/Toronto", "2021-10-15T01:35:10.868467", TORONTO_TXT), ("Europe/London", "2020-01-14T09:20:50.034710", LONDON_TXT)],
)
def test_text_answers_match_the_recordings_byte_for_byte(catalogue, zone, instant, recorded):
    assert as_text(worldtime(catalogue.zone(zone), ns(instant), CLIENT)) == recorded


def test_json_answer_matches_the_recording_in_values_types_and_order(catalogue):
    body = worldtime(catalogue.zone("america/new_york"), ns("2023-02-22T22:25:13.477048"), CLIENT)
    assert body == NEW_YORK_JSON
    assert [type(v) for v in body.values()] == [type(v) for v in NEW_YORK_JSON.values()]
    assert tuple(body) == FIELDS == tuple(NEW_YORK_JSON)


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
    start, end = dst_period(london, ns("1941-06-01T12:00:00") // 1_000_000_000)
    assert (start.at, end.at) == (ns("1940-02-25T02:00:00") // 1_000_000_000, ns("1945-10-07T02:00:00") // 1_000_000_000)


def test_zones_without_dst_have_null_bounds(catalogue):
    body = worldtime(catalogue.zone("Asia/Kolkata"), FIXED_NS, CLIENT)
    assert (body["dst"], body["dst_from"], body["dst_until"], body["utc_offset"]) == (False, None, None, "+05:30")
    assert "dst_from: \n" in as_text(body)
