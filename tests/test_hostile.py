"""Hostile requests against a real server: each gets a 4xx, never a 5xx, traceback or server path."""
import json
import socket
import sys

import pytest

from tests.support.processes import ROOT, Instance, derived_ini, free_port

# What a response must never show: the checkout, the interpreter's prefix, installed packages.
SERVER_PATHS = (str(ROOT), sys.prefix, "site-packages", "Traceback")
ROUTES = (
    "/time", "/timezones", "/timezones/Europe/Paris", "/convert?time=0", "/__lbheartbeat__", "/__version__",
    "/calculate?time=0&add=P1D", "/difference?start=0&end=1", "/worldclock?tz=UTC", "/timezones/Europe/Paris/transitions",
)
# Routes with other answers to GET (worldtimeapi's error format, text, a clock-dependent status).
OTHER_ROUTES = ("/__heartbeat__", "/metrics", "/api/timezone", "/api/timezone/Europe/Paris", "/api/timezone/Europe/Paris.txt", "/api/ip", "/api/ip.txt")
METHODS = ("POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "FOO")
LONG = "a" * 10_000  # over production.ini's max_request_header_size: waitress may answer 431
MEDIUM = "a" * 5_000  # under it: the service itself answers

# (request target, expected status): zone names, dates and numbers a client might throw at us.
HOSTILE_TARGETS = [
    ("/time?tz=../../../../etc/passwd", 400),
    ("/time?tz=/etc/passwd", 400),
    ("/time?tz=/usr/share/zoneinfo/UTC", 400),
    ("/time?tz=Europe/../UTC", 400),
    ("/time?tz=Europe%2F..%2F..%2Fzone.tab", 400),
    ("/time?tz=%00", 400),
    ("/time?tz=UTC%00", 400),
    ("/time?tz=" + LONG, (400, 431)),
    ("/time?tz=" + MEDIUM, 400),
    ("/time?tz=%FF%FE", 400),
    ("/time?tz=Europe/Par%C3%ADs", 400),
    ("/time?tz=UTC%0D%0ASet-Cookie:%20stolen=1", 400),
    ("/time?%FF=1", 400),
    ("/time?ip=../../etc/passwd", 400),
    ("/time?ip=%00", 400),
    ("/time?ip=" + MEDIUM, 400),
    ("/time?lat=NaN&lon=0", 400),
    ("/time?lat=1e400&lon=0", 400),
    ("/time?lat=0&lon=-inf", 400),
    ("/time?lat=%FF&lon=0", 400),
    ("/timezones/..%2F..%2Fetc%2Fpasswd", 404),
    ("/timezones/%2Fetc%2Fpasswd", 404),
    ("/timezones/Europe%00Paris", 404),
    ("/timezones/%FF", 400),
    ("/timezones/tzdata.zi", 404),
    ("/timezones/zone1970.tab", 404),
    ("/timezones/" + LONG, (400, 431)),  # longer than any zone name: refused before lookup
    ("/timezones/" + MEDIUM, 400),
    ("/timezones/UTC?count=99999999999999999999999", 400),
    ("/timezones/UTC?count=-1", 400),
    ("/timezones/UTC?count=%00", 400),
    ("/timezones?prefix=" + LONG, (400, 431)),
    ("/timezones?prefix=" + MEDIUM, 400),
    ("/convert?time=0000-01-01T00:00:00Z", 400),
    ("/convert?time=10000-01-01T00:00:00Z", 400),
    ("/convert?time=0001-01-01T00:00:00%2B01:00", 400),
    ("/convert?time=9999-12-31T23:59:59-01:00", 400),
    ("/convert?time=-99999999999", 400),
    ("/convert?time=999999999999999999999", 400),
    ("/convert?time=1e10", 400),
    ("/convert?time=NaN", 400),
    ("/convert?time=%00", 400),
    ("/convert?time=2026-01-01T00:00%00", 400),
    ("/convert?time=" + LONG, (400, 431)),
    ("/convert?time=" + MEDIUM, 400),
    ("/convert?time=2026-03-29T02:30&from=../../etc/passwd", 400),
    ("/convert?time=0&to=%FF", 400),
    ("/convert?time=0&ambiguous=" + LONG, (400, 431)),
    ("/convert?time=0&ambiguous=" + MEDIUM, 400),
    ("/calculate?time=0&add=P" + "9" * 90 + "Y", 400),
    ("/calculate?time=0&add=PT" + "9" * 90 + "S", 400),
    ("/calculate?time=9999-12-31T23:59:59Z&add=PT1S", 400),
    ("/calculate?time=0001-01-01T00:00:00Z&subtract=PT1S", 400),
    ("/calculate?time=0&add=" + MEDIUM, 400),
    ("/difference?start=0001-01-01T00:00Z&end=9999-12-31T23:59:59Z&largest_unit=nanoseconds", 200),
    ("/difference?start=0001-01-01T00:00Z&end=9999-12-31T23:59:59Z&tz=Pacific/Kiritimati", 400),
    ("/worldclock?tz=" + ",".join(["Europe/Pariss"] * 50), 400),
    ("/worldclock?tz=" + "," * 5000, 400),
    ("/worldclock?tz=UTC&locale=" + MEDIUM, 400),
    ("/worldclock?tz=UTC&locale=%00", 400),
    ("/timezones/Europe/Paris/transitions?from=0001-01-01T00:00Z&to=9999-12-31T23:59:59Z", 200),
    ("/timezones/Europe/Paris/transitions?from=9999-12-31T23:59:59Z", 200),
    ("/timezones/..%2F..%2Fetc%2Fpasswd/transitions", 404),
    ("/timezones/Europe/Paris/transitions?limit=99999999999999999999", 400),
    # 99999999999 s is 5138-11-16T09:46:39Z: inside years 0001-9999, so a valid time.
    ("/convert?time=99999999999", 200),
]


def exchange(port: int, request: bytes) -> tuple[int, dict, bytes]:
    """Send raw bytes, read the answer to the end: (status, headers with lower-case names, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(request)
        except OSError:  # the server may answer and close before reading everything we send
            pass
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(status_line.split()[1]), headers, body


def request(method: str, target: str, *headers: str, body: bytes = b"") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body


def assert_safe(status: int, headers: dict, body: bytes, expected: int | tuple):
    assert status == expected if isinstance(expected, int) else status in expected, (status, body[:300])
    text = body.decode("utf-8", "replace")
    for path in SERVER_PATHS:
        assert path not in text
    assert not any(ch.isdigit() for ch in headers["server"][0]), "the Server header names a version"
    assert "set-cookie" not in headers


def assert_json_error(headers: dict, body: bytes):
    assert headers["content-type"][0].startswith("application/json")
    document = json.loads(body)
    assert document["status"] == "error"
    for error in document["errors"]:
        assert set(error) == {"location", "name", "description"}
        assert len(error["description"]) < 400  # input is echoed up to 100 characters


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    instance = Instance(derived_ini(work, "hostile", {"max_request_body_size": 1024}), free_port(), work / "pserve.log")
    instance.start()
    yield instance.port
    assert instance.stop() == 0
    assert "Traceback" not in instance.log_text()


@pytest.mark.parametrize(("target", "expected"), HOSTILE_TARGETS, ids=lambda v: str(v)[:60])
def test_hostile_query_or_path_is_a_json_4xx(port, target, expected):
    status, headers, body = exchange(port, request("GET", target))
    assert_safe(status, headers, body, expected)
    if status >= 400 and status != 431:  # waitress's own refusal is plain text
        assert_json_error(headers, body)


@pytest.mark.parametrize("raw", [b"/\xff", b"/time?tz=\xff\xfe", b"/timezones/Europe/\xc0\xaf..", b"/time?tz=\x80"])
def test_raw_non_ascii_bytes_in_the_target_are_refused_by_waitress(port, raw):
    status, headers, body = exchange(port, b"GET " + raw + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert_safe(status, headers, body, 400)
    assert b"Bad URI" in body


@pytest.mark.parametrize("header", ["Accept: \xff\xfe", "Accept: " + "x" * 5000, "If-None-Match: \xff", "Host: \xff"])
def test_odd_header_values_never_cause_a_5xx(port, header):
    status, headers, body = exchange(port, request("GET", "/timezones", header))
    assert_safe(status, headers, body, (200, 400, 406))


def test_oversize_headers_are_refused_by_waitress(port):
    flood = [f"X-Flood-{i}: {'v' * 20}" for i in range(12_000)]  # ~350 kB, over waitress's 256 kB
    status, headers, body = exchange(port, request("GET", "/time", *flood))
    assert_safe(status, headers, body, (400, 431))


def test_one_huge_header_is_refused_by_waitress(port):
    status, headers, body = exchange(port, request("GET", "/time", "X-Big: " + "v" * 300_000))
    assert_safe(status, headers, body, (400, 431))


def test_a_body_on_get_is_a_json_400(port):
    status, headers, body = exchange(port, request("GET", "/time", "Content-Length: 11", body=b"hello world"))
    assert_safe(status, headers, body, 400)
    assert_json_error(headers, body)


def test_a_body_over_the_limit_is_refused(port):
    status, headers, body = exchange(port, request("GET", "/time", "Content-Length: 4096", body=b"x" * 4096))
    assert_safe(status, headers, body, 413)


def test_broken_chunked_body_is_refused(port):
    status, headers, body = exchange(port, request("GET", "/time", "Transfer-Encoding: chunked", body=b"zz\r\nxx\r\n0\r\n\r\n"))
    assert_safe(status, headers, body, 400)


@pytest.mark.parametrize("route", ROUTES + OTHER_ROUTES)
@pytest.mark.parametrize("method", METHODS)
def test_every_route_refuses_other_methods_with_a_json_405(port, route, method):
    status, headers, body = exchange(port, request(method, route))
    assert_safe(status, headers, body, 405)
    assert_json_error(headers, body)
    assert "GET" in headers["allow"][0]


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_answers_head_without_a_body(port, route):
    status, headers, body = exchange(port, request("HEAD", route))
    assert_safe(status, headers, body, 200)
    assert body == b""


@pytest.mark.parametrize("method", ["GET", "POST", "OPTIONS"])
def test_unknown_paths_are_a_json_404_for_every_method(port, method):
    status, headers, body = exchange(port, request(method, "/etc/passwd"))
    assert_safe(status, headers, body, 404)
    assert_json_error(headers, body)
