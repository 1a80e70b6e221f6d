import threading
from dataclasses import replace

import pytest

from timesvc.domain.clockstatus import UNKNOWN, ClockStatus
from timesvc.location.health import ip_data
from timesvc.ops.health import ERROR, OK, WARNING, Check, CheckRunner, clock_error, clock_sync, zone_data


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


def test_ip_data_names_the_built_in_table_and_its_source(app):
    check = ip_data(app.registry)
    assert check.status == OK
    assert check.details["database"] == "built-in" and check.details["data"].startswith("DB-IP IP to City Lite 20")


def test_the_worst_check_wins_and_a_raising_check_is_an_error(app):
    def broken(registry):
        raise OSError("disk gone")

    registry = Registry(app, SYNCED)
    runner = CheckRunner(timeout=5)
    checks = {"fine": lambda r: Check(OK), "meh": lambda r: Check(WARNING)}
    assert runner.run(registry, checks)[0] == WARNING
    status, statuses, details = runner.run(registry, {**checks, "broken": broken})
    assert (status, statuses["broken"], details["broken"]["message"]) == (ERROR, ERROR, "OSError: disk gone")


class Hung:
    """A check that blocks until released, counting how often it was started."""

    def __init__(self):
        self.release, self.started = threading.Event(), 0

    def __call__(self, registry):
        self.started += 1
        self.release.wait(30)
        return Check(OK)


def test_a_hung_check_is_an_error_and_the_others_still_answer(app):
    hung = Hung()
    runner = CheckRunner(timeout=0.5)
    try:
        status, statuses, details = runner.run(Registry(app, SYNCED), {"fine": lambda r: Check(OK), "hung": hung})
        assert (status, statuses) == (ERROR, {"fine": OK, "hung": ERROR})
        assert details["hung"]["message"].startswith("no answer within 0.5 s")
    finally:
        hung.release.set()


def test_a_check_still_running_is_not_started_again(app):
    hung = Hung()
    runner = CheckRunner(timeout=0.2)
    try:
        for _ in range(3):
            assert runner.run(Registry(app, SYNCED), {"hung": hung})[1] == {"hung": ERROR}
        assert hung.started == 1
    finally:
        hung.release.set()


def test_a_check_that_finished_runs_again_next_time(app):
    calls = []
    runner = CheckRunner(timeout=5)
    for _ in range(2):
        runner.run(Registry(app, SYNCED), {"counted": lambda r: calls.append(1) or Check(OK)})
    assert len(calls) == 2
