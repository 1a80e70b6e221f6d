"""Static files on a real pserve: a Range past a file's end is the service's JSON 416; other ranges as WebOb answers them."""
import json
from pathlib import Path

import pytest

from tests.support.pserve import get

STATIC = Path(__file__).resolve().parents[2] / "timesvc" / "static"
FILES = {"/docs/static/docs.js": STATIC / "docs.js", "/static/clock/clock.css": STATIC / "clock" / "clock.css"}


@pytest.mark.parametrize("path", FILES)
def test_a_range_past_the_end_is_a_json_416_saying_how_long_the_file_is(server_port, path):
    length = FILES[path].stat().st_size
    status, headers, body = get(server_port, path, {"Range": f"bytes={length}-"})
    assert (status, headers["Content-Type"], headers["Content-Range"]) == (416, "application/json", f"bytes */{length}")
    assert json.loads(body)["errors"] == [
        {"location": "header", "name": "Range", "description": f"range 'bytes={length}-' lies past the end of this file of {length} bytes: ask for bytes=0-{length - 1} or a part of it"}
    ]


@pytest.mark.parametrize("path", FILES)
def test_ranges_within_the_file_and_conditional_requests_are_answered_as_before(server_port, path):
    content, port = FILES[path].read_bytes(), server_port
    status, headers, body = get(port, path, {"Range": "bytes=-5"})
    assert (status, headers["Content-Range"], body) == (206, f"bytes {len(content) - 5}-{len(content) - 1}/{len(content)}", content[-5:])
    status, headers, body = get(port, path)
    assert (status, body) == (200, content)
    # A 304 comes before the Range is read (WebOb, RFC 9110 §13.2.2): even one past the end.
    status, _, body = get(port, path, {"If-Modified-Since": headers["Last-Modified"], "Range": "bytes=999999-"})
    assert (status, body) == (304, b"")
    # An If-Range that no longer matches asks for the whole file: no 416.
    status, _, body = get(port, path, {"If-Range": '"stale"', "Range": "bytes=999999-"})
    assert (status, body) == (200, content)
