import http.client
import json
import os
import selectors
import subprocess
import time

import pytest
import webtest
from pyramid.paster import get_app

from tests.conftest import ROOT
from tests.support.pserve import PSERVE, get, pserve
from timesvc.domain.clockstatus import read_kernel_clock


@pytest.mark.parametrize("ini", ["development.ini", "production.ini", "testing.ini"])
def test_ini_files_build_a_working_app(ini):
    app = get_app(str(ROOT / ini))
    assert webtest.TestApp(app).get("/time").json["timezone"] == "Etc/UTC"


def test_real_pserve_serves_time_over_http():
    with pserve("testing.ini") as (port, _):
        status, headers, body = get(port, "/time?tz=Europe/Paris")
        assert status == 200 and headers["Content-Type"] == "application/json"
        assert b'"timezone":"Europe/Paris"' in body
        status, _, body = get(port, "/nowhere")
        assert status == 404 and body.startswith(b'{"status":"error"')


def json_records_until(process, count: int, kind: str, timeout: float = 10.0) -> list[dict]:
    """Read stdout's JSON lines until `count` records of Type `kind` came, within `timeout` seconds."""
    records, pending, deadline = [], b"", time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while sum(record["Type"] == kind for record in records) < count:
            assert selector.select(max(0.0, deadline - time.monotonic())), f"no {kind} record within {timeout} s"
            *lines, pending = (pending + os.read(process.stdout.fileno(), 65536)).split(b"\n")
            records += [json.loads(line) for line in lines]  # every line is JSON
    return records


def test_production_logs_one_json_summary_per_request_on_stdout():
    with pserve("production.ini") as (port, process):
        status, headers, _ = get(port, "/time?tz=Europe/Paris", {"X-Request-ID": "probe-1", "User-Agent": "probe/1"})
        headers = {name.lower(): value for name, value in headers.items()}
        assert status == 200 and headers["x-request-id"] == "probe-1" and headers["server"] == "timesvc"
        get(port, "/__lbheartbeat__")
        records = json_records_until(process, 3, "request.summary")
    summaries = [record["Fields"] for record in records if record["Type"] == "request.summary"]
    # The first is pserve()'s own readiness probe (tests.support.processes.wait_for_answer).
    assert [(s["path"], s["route"], s["code"]) for s in summaries] == [("/__lbheartbeat__", "lbheartbeat", 200), ("/time", "time", 200), ("/__lbheartbeat__", "lbheartbeat", 200)]
    summaries = summaries[1:]
    assert summaries[0]["querystring"] == "tz=Europe/Paris" and summaries[0]["rid"] == "probe-1" and summaries[0]["agent"] == "probe/1"
    assert summaries[0]["remote_addr"] == "127.0.0.1" and summaries[0]["t"] > 0


def test_environment_changes_the_default_zone_of_a_production_server():
    with pserve("production.ini", env={"TIMESVC_DEFAULT_TIMEZONE": "Asia/Tokyo"}) as (port, _):
        assert json.loads(get(port, "/time")[2])["timezone"] == "Asia/Tokyo"


def test_heartbeat_reports_this_machines_clock():
    with pserve("production.ini") as (port, _):
        status, _, body = get(port, "/__heartbeat__")
    heartbeat, kernel = json.loads(body), read_kernel_clock()
    assert heartbeat["details"]["clock_sync"]["synchronized"] == kernel.synchronized
    assert heartbeat["details"]["clock_error"]["max_error"] == pytest.approx(kernel.max_error, abs=1.0)  # read ≤ 1 s apart
    assert status == (503 if heartbeat["status"] == "error" else 200)


@pytest.mark.parametrize(
    "env, line",
    [
        ({"TIMESVC_METRICS": "maybe"}, "timesvc: configuration error: environment variable TIMESVC_METRICS = 'maybe' is invalid: expected one of: on, off (or true/false, yes/no, 1/0)"),
        ({"TIMESVC_DEFAULT_TIMEZONE": "Mars/Base"}, "timesvc: configuration error: environment variable TIMESVC_DEFAULT_TIMEZONE: unknown time zone 'Mars/Base'; GET /timezones lists the known names"),
    ],
)
def test_a_bad_setting_stops_pserve_with_one_line(env, line):
    result = subprocess.run([str(PSERVE), str(ROOT / "production.ini")], env={**os.environ, **env}, capture_output=True, timeout=30)
    assert result.returncode != 0
    assert result.stderr.decode().splitlines() == [line]


def test_production_refuses_oversized_headers_and_bodies():
    with pserve("production.ini") as (port, _):
        assert get(port, "/time", {"X-Padding": "x" * 9000})[0] == 431
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/time", body=b"x" * 2048)
            assert connection.getresponse().status == 413
        finally:
            connection.close()


def test_production_ini_serves_timezoned_to_the_lan_once_its_two_commented_lines_are_uncommented(tmp_path):
    text = (ROOT / "production.ini").read_text()
    lines = ["# timesvc.timezoned = on", "# timesvc.timezoned_host = 0.0.0.0"]
    assert all(line in text.splitlines() for line in lines)
    assert get_app(str(ROOT / "production.ini")).registry.timezoned is None  # as shipped: off
    for line in lines:
        text = text.replace(line, line[2:])
    (tmp_path / "production.ini").write_text(text)
    server = get_app(str(tmp_path / "production.ini")).registry.timezoned
    assert (server.host, server.port, server.state) == ("0.0.0.0", 2342, "not started")
