"""Time by IP address on a real pserve: out of the box (development.ini, nothing configured), the
local network's zone, and an operator's database replaced under load."""
import os
import signal
import threading
import time

import orjson
import pytest

from tests.support.geoip_data import build_database
from tests.support.pserve import get, pserve

BOUND = 30  # seconds a change may take to show before the test fails: a bound, not a measurement


def answer(port: int, path: str) -> tuple[int, dict]:
    status, _, body = get(port, path)
    return status, orjson.loads(body)


def until(condition, what: str):
    """Wait for `condition()` to hold (polling, bounded); fail naming `what` if it never does."""
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"{what} within {BOUND} s")


@pytest.mark.parametrize(
    "env, zone",
    [
        ({"TZ": "Asia/Kathmandu"}, "Asia/Kathmandu"),  # the host's zone: TZ decides first
        ({"TZ": "Asia/Kathmandu", "TIMESVC_LOCAL_TIMEZONE": "America/Lima"}, "America/Lima"),  # a zone name fixes it
    ],
)
def test_out_of_the_box_loopback_callers_get_the_local_zone(env, zone):
    with pserve("development.ini", env=env) as (port, _):
        status, worldtime = answer(port, "/api/ip")
        _, native = answer(port, "/time?ip=me")
        _, text = get(port, "/api/ip.txt")[::2]
    assert (status, worldtime["timezone"], worldtime["client_ip"]) == (200, zone, "127.0.0.1")
    assert (native["timezone"], native["zone_source"]) == (zone, "local_network")
    assert f"timezone: {zone}".encode() in text


def test_with_local_timezone_off_loopback_callers_have_no_location():
    with pserve("development.ini", env={"TIMESVC_LOCAL_TIMEZONE": "off"}) as (port, _):
        status, body = answer(port, "/api/ip")
    assert (status, body) == (404, {"error": "127.0.0.1 is a loopback address: it has no location"})


def test_out_of_the_box_public_addresses_come_from_the_built_in_table():
    with pserve("development.ini") as (port, process):
        london, tokyo = answer(port, "/api/ip/81.2.69.160"), answer(port, "/time?ip=2001:218::1")
        _, heartbeat = answer(port, "/__heartbeat__")
    assert (london[0], london[1]["timezone"]) == (200, "Europe/London")
    assert (tokyo[1]["timezone"], tokyo[1]["zone_source"]) == ("Asia/Tokyo", "ip")
    assert heartbeat["details"]["ip_data"]["database"] == "built-in"


def zones(path, zone: str) -> str:
    """A database placing 81.2.69.0/24 in `zone`."""
    return build_database(path, {"81.2.69.0/24": {"location": {"time_zone": zone}}})


class Load:
    """Threads asking /api/ip/81.2.69.142 over and over; every answer's zone, and every failure."""

    def __init__(self, port: int, threads: int = 4):
        self.port, self.zones, self.failures, self._stop = port, [], [], threading.Event()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self):
        while not self._stop.is_set():
            try:
                status, body = answer(self.port, "/api/ip/81.2.69.142")
                (self.zones if status == 200 else self.failures).append(body.get("timezone", body))
            except Exception as exc:  # a refused or broken connection is a failed request too
                self.failures.append(repr(exc))

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(BOUND)


def test_a_replaced_database_is_picked_up_under_load_and_a_corrupt_one_keeps_the_old(tmp_path):
    live = tmp_path / "city.mmdb"
    zones(live, "Europe/London")
    env = {"TIMESVC_GEOIP_DATABASE": str(live), "TIMESVC_GEOIP_CHECK_INTERVAL": "0.5"}
    with pserve("development.ini", env=env, log=tmp_path / "pserve.log") as (port, process), Load(port) as load:
        until(lambda: load.zones, "no answer came")
        # As geoipupdate does: a new file written beside the old one, then renamed over it.
        os.replace(zones(tmp_path / "new.mmdb", "Asia/Tokyo"), live)
        until(lambda: load.zones[-1] == "Asia/Tokyo", "the replaced file did not answer")
        (tmp_path / "bad.mmdb").write_bytes(b"<html>502 Bad Gateway</html>")
        os.replace(tmp_path / "bad.mmdb", live)
        os.kill(process.pid, signal.SIGHUP)  # checked at once, without waiting for the interval
        until(lambda: answer(port, "/__heartbeat__")[1]["checks"]["ip_data"] == "warning", "the heartbeat did not warn")
        count = len(load.zones)
        until(lambda: len(load.zones) > count + 50, "answers stopped")
        still = load.zones[count:]
        os.replace(zones(tmp_path / "good.mmdb", "America/Lima"), live)
        until(lambda: load.zones[-1] == "America/Lima", "a good file after a bad one did not answer")
        _, heartbeat = answer(port, "/__heartbeat__")
    assert load.failures == []
    assert set(still) == {"Asia/Tokyo"}  # the corrupt replacement never answered
    assert heartbeat["checks"]["ip_data"] == "ok"
    log = (tmp_path / "pserve.log").read_text()
    assert log.count("not reloaded") == 1 and f"{live} not reloaded" in log  # one error line, naming the file
