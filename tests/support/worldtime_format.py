"""The shape of a worldtimeapi.org answer, field by field, as its clients parse it."""
import re
from datetime import datetime, timezone

import orjson

from timesvc.domain.worldtime import FIELDS

LOCAL = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d"
PATTERNS = {
    "abbreviation": r"[A-Za-z0-9+-]{2,6}",
    "client_ip": r"[0-9a-fA-F.:]+",
    "datetime": LOCAL,
    "dst_from": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00",
    "dst_until": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00",
    "timezone": r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*",
    "utc_datetime": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00",
    "utc_offset": r"[+-]\d\d:\d\d",
}
TYPES = {
    "day_of_week": int,
    "day_of_year": int,
    "dst": bool,
    "dst_offset": int,
    "raw_offset": int,
    "unixtime": int,
    "week_number": int,
}


def check_json(response) -> dict:
    """Every field present, in order, with worldtimeapi's type and format; returns the body."""
    assert response.content_type == "application/json"
    # Firmware scans the raw bytes for `"unixtime":` followed by digits: the JSON must stay compact.
    assert re.search(rb'"unixtime":\d+,', response.body)
    body = orjson.loads(response.body)
    assert tuple(body) == FIELDS
    for name, kind in TYPES.items():
        assert type(body[name]) is kind, name
    for name, pattern in PATTERNS.items():
        if body[name] is None:
            assert name in ("dst_from", "dst_until") and not body["dst"], name
        else:
            assert re.fullmatch(pattern, body[name]), (name, body[name])
    assert (body["dst_from"] is None) == (body["dst_until"] is None) == (not body["dst"])
    assert 0 <= body["day_of_week"] <= 6 and 1 <= body["day_of_year"] <= 366 and 1 <= body["week_number"] <= 53
    assert body["raw_offset"] + body["dst_offset"] == _seconds(body["utc_offset"])
    assert body["datetime"].endswith(body["utc_offset"])
    return body


def check_text(response, json_body: dict):
    """The text answer: the JSON answer's fields as `key: value` lines, same order, null as empty."""
    assert response.content_type == "text/plain" and response.charset == "utf-8"
    expected = [f"{key}: {'' if value is None else str(value).lower() if isinstance(value, bool) else value}" for key, value in json_body.items()]
    assert response.text.split("\n") == expected


def _seconds(offset: str) -> int:
    sign = -1 if offset[0] == "-" else 1
    return sign * (int(offset[1:3]) * 3600 + int(offset[4:6]) * 60)


def epoch_ns(text: str) -> int:
    """Epoch nanoseconds of an ISO 8601 UTC instant, plus 789 ns that answers must drop."""
    moment = datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
    return (int(moment.timestamp()) * 1_000_000 + moment.microsecond) * 1000 + 789
