"""worldtimeapi.org answers its users recorded, replayed through the app at the same instants.

The recordings' client addresses are replaced by a documentation address (203.0.113.7).
"""
import orjson
import pytest

from tests.support.worldtime_format import check_json, check_text, epoch_ns
from timesvc.domain.worldtime import FIELDS

CLIENT = {"REMOTE_ADDR": "203.0.113.7"}

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

# From `curl http://worldtimeapi.org/api/timezone/Europe/London.txt` in a Docker build log; note "dst_from: ".
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
    "path, instant, recorded",
    [
        ("/api/timezone/America/Toronto.txt", "2021-10-15T01:35:10.868467", TORONTO_TXT),
        ("/api/timezone/Europe/London.txt", "2020-01-14T09:20:50.034710", LONDON_TXT),
    ],
)
def test_text_answers_match_the_recordings_byte_for_byte(testapp, clock, path, instant, recorded):
    clock.now = epoch_ns(instant)
    response = testapp.get(path, extra_environ=CLIENT, status=200)
    assert response.content_type == "text/plain"
    assert response.text == recorded


def test_json_answer_matches_the_recording_in_values_types_and_order(testapp, clock):
    clock.now = epoch_ns("2023-02-22T22:25:13.477048")
    response = testapp.get("/api/timezone/america/new_york", extra_environ=CLIENT, status=200)
    body = check_json(response)
    assert body == NEW_YORK_JSON
    assert [type(v) for v in body.values()] == [type(v) for v in NEW_YORK_JSON.values()]
    assert tuple(body) == FIELDS == tuple(NEW_YORK_JSON)
    assert response.body == orjson.dumps(NEW_YORK_JSON)  # compact, in this order
    check_text(testapp.get("/api/timezone/america/new_york.txt", extra_environ=CLIENT), body)
