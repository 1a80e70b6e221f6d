"""timezoned on a real `pserve development.ini` (free ports): questions from several loopback addresses checked
against the original server's rules and read by the ezTime port, its counts in /metrics, its heartbeat, its log
lines; a second instance skips it with one warning, production's policy stops with one line."""
import os
import socket
import subprocess
import time

import pytest

from tests.support.eztime import reads_right
from tests.support.processes import free_udp_tcp_port, wait_for
from tests.support.pserve import PSERVE, ROOT, free_port, get, pserve
from tests.support.timezoned_original import OriginalServer
from timesvc.domain.tzif import parse_tzif

LOCAL = "Asia/Kathmandu"
QUESTIONS = [
    b"Europe/Paris", b"new york#0.8.3", b"salem", b"ndia", b"buenos aires", b"UK", b"IE", b"DE", b"IS", b"US", b"XX",
    b"Australia/Lord_Howe", b"america/nuuk", b"santiago", b"cairo", b"gaza", b"Antarctica/Troll", b"Nowhere", b"GeoIP#0.8.3",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(HTTP port, timezoned port, log file) of `pserve development.ini` serving timezoned on a free port."""
    log, port = tmp_path_factory.mktemp("timezoned") / "pserve.log", free_udp_tcp_port()
    env = {"TIMESVC_LOCAL_TIMEZONE": LOCAL}
    with pserve("development.ini", f"timezoned_port={port}", f"roughtime_port={free_udp_tcp_port()}", env=env, log=log) as (http, _):
        yield http, port, log


@pytest.fixture(scope="module")
def original(catalogue):
    names = sorted(name for name in catalogue.names + catalogue.aliases if "/" in name)
    posixinfo = [(name, parse_tzif(catalogue.source.read(name)).footer) for name in names]
    return OriginalServer(posixinfo, catalogue.source.read("zone1970.tab").decode("utf-8"))


def ask(port: int, question: bytes, source: str) -> bytes:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as device:
        device.bind((source, 0))
        device.settimeout(5.0)
        device.sendto(question, ("127.0.0.1", port))
        return device.recv(4096)


def metric(http: int, line_start: str) -> float:
    lines = get(http, "/metrics")[2].decode().splitlines()
    return float(next(line for line in lines if line.startswith(line_start + " ")).rsplit(" ", 1)[1])


def test_devices_at_several_loopback_addresses_get_answers_as_the_original_would_read_right_by_ezTime(served, catalogue, original):
    http, port, _ = served
    now = int(time.time())  # pserve reads this machine's clock
    for number, question in enumerate(QUESTIONS, start=2):
        answer = ask(port, question, f"127.0.0.{number}").decode("ascii")
        asked = question.decode().split("#")[0]
        assert len(answer) <= 100, question
        if not answer.startswith("OK "):
            assert answer == original.answer(question.decode()), question  # the same errors as the original
            continue
        name = answer.split(" ")[1]
        if asked == "GeoIP":
            assert name == LOCAL  # a device on the LAN gets the host's zone
        elif len(asked) == 2:  # a country: zone.tab's zone (the original's zone1970.tab gave IS Africa/Abidjan), DE kept
            assert catalogue.zones_of_country({"UK": "GB"}.get(asked, asked)) == [name] or (asked, name) == ("DE", "Europe/Berlin"), question
        else:
            assert name in original.candidates(asked), question  # a zone the original could have answered
        assert reads_right(catalogue, answer, now), answer
    wait_for(lambda: metric(http, "timesvc_timezoned_answers_total") == len(QUESTIONS), "every answer counted")


def test_a_repeat_within_three_seconds_is_dropped_and_counted(served):
    http, port, _ = served
    before = metric(http, 'timesvc_timezoned_drops_total{reason="rate_limited"}')
    assert ask(port, b"JP", "127.0.1.1") == b"OK Asia/Tokyo JST-9"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as device:
        device.bind(("127.0.1.1", 0))
        device.sendto(b"JP", ("127.0.0.1", port))
        wait_for(lambda: metric(http, 'timesvc_timezoned_drops_total{reason="rate_limited"}') == before + 1, "the repeat dropped")


def test_the_heartbeat_and_the_log_say_where_it_serves(served):
    http, port, log = served
    assert get(http, "/__heartbeat__")[2].count(b'"timezoned":"ok"') == 1
    assert f"Serving ezTime's timezoned on 127.0.0.1:{port}/udp, one answer per address per 3 s" in log.read_text()


def test_a_second_development_instance_skips_timezoned_with_one_warning_and_serves_http(served, tmp_path):
    _, port, _ = served
    log = tmp_path / "second.log"
    with pserve("development.ini", f"timezoned_port={port}", f"roughtime_port={free_udp_tcp_port()}", log=log) as (second, _):
        status, _, body = get(second, "/__heartbeat__")
        assert b'"timezoned":"warning"' in body and b"skipped: another process holds port" in body
        assert get(second, "/posix?tz=UTC")[2] == b"UTC0"
    lines = [line for line in log.read_text().splitlines() if "timezoned" in line and "WARN" in line]
    assert lines == [lines[0]] and lines[0].endswith(
        f"timezoned cannot listen on 127.0.0.1:{port}/udp: Address already in use: timezoned is not served "
        "(timesvc.listener_port_taken = move; its clients use that port alone)"
    )
    assert ask(port, b"UTC", "127.0.1.2") == b"OK Etc/UTC UTC0"  # the first instance still answers


def test_with_productions_policy_a_taken_port_stops_pserve_with_one_line(served):
    _, port, _ = served
    result = subprocess.run(
        [str(PSERVE), str(ROOT / "development.ini"), f"http_port={free_port()}", f"roughtime_port={free_udp_tcp_port()}", f"timezoned_port={port}"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "TIMESVC_LISTENER_PORT_TAKEN": "stop"},
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"timesvc: configuration error: timezoned cannot listen on 127.0.0.1:{port}/udp: Address already in use: another process "
        "holds the port: stop it, or give this server another (its port setting, or timesvc.listener_port_taken = move in development)"
    )


def test_the_environment_names_the_port_when_the_command_line_does_not(tmp_path):
    port = free_udp_tcp_port()
    env = {"TIMESVC_TIMEZONED_PORT": str(port)}
    with pserve("development.ini", f"roughtime_port={free_udp_tcp_port()}", env=env, log=tmp_path / "pserve.log"):
        assert ask(port, b"Asia/Tokyo", "127.0.0.2") == b"OK Asia/Tokyo JST-9"
    assert "timezoned stopped" in (tmp_path / "pserve.log").read_text()  # SIGTERM stops it
