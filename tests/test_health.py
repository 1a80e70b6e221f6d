from dataclasses import replace

import pytest

from timesvc.domain.clockstatus import UNKNOWN, ClockStatus
from timesvc.health import ERROR, OK, WARNING, Check, clock_error, clock_sync, geoip_database, run_checks, zone_data


class Registry:
    def __init__(self, app, status, **settings):
        self.catalogue, self.default_zone = app.registry.catalogue, app.registry.default_zone
        self.timesvc_settings = replace(app.registry.timesvc_settings, **settings)
        self.clock_status = lambda: status


SYNCED = ClockStatus(True, 0.01, 0.001)
UNSYNCED = ClockStatus(False, 16.0, 16.0)


def test_zone_data_reports_the_version(app):
    check = zone_data(Registry(app, SYNCED))
    assert check.status == OK and check.details["tzdata_version"] == app.registry.catalogue.version


@pytest.mark.parametrize(
    "status, require, expected",
    [(SYNCED, False, OK), (UNSYNCED, False, WARNING), (UNSYNCED, True, ERROR), (UNKNOWN, False, WARNING), (UNKNOWN, True, ERROR)],
)
def test_clock_sync_fails_as_required(app, status, require, expected):
    assert clock_sync(Registry(app, status, require_clock_sync=require)).status == expected


@pytest.mark.parametrize(
    "max_error, limit, require, expected",
    [(0.01, 0.5, True, OK), (0.5, 0.5, True, OK), (0.6, 0.5, False, WARNING), (0.6, 0.5, True, ERROR)],
)
def test_clock_error_is_compared_with_the_limit(app, max_error, limit, require, expected):
    registry = Registry(app, ClockStatus(True, max_error, 0.0), max_clock_error=limit, require_clock_sync=require)
    assert clock_error(registry).status == expected


def test_geoip_database_must_stay_readable(app, tmp_path):
    database = tmp_path / "GeoLite2-City.mmdb"
    database.write_bytes(b"x")
    registry = Registry(app, SYNCED, geoip_database=str(database))
    assert geoip_database(registry).status == OK
    database.unlink()
    assert geoip_database(registry).status == ERROR


def test_the_worst_check_wins_and_a_raising_check_is_an_error(app):
    def broken(registry):
        raise OSError("disk gone")

    registry = Registry(app, SYNCED)
    registry.heartbeats = {"fine": lambda r: Check(OK), "meh": lambda r: Check(WARNING)}
    assert run_checks(registry)[0] == WARNING
    registry.heartbeats["broken"] = broken
    status, checks, details = run_checks(registry)
    assert (status, checks["broken"], details["broken"]["message"]) == (ERROR, ERROR, "OSError: disk gone")
