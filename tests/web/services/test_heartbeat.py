from timesvc.domain.clockstatus import ClockStatus
from timesvc.ops.health import ERROR, WARNING, Check


def test_heartbeat_is_ok_with_a_synchronized_clock(testapp):
    body = testapp.get("/__heartbeat__", status=200).json
    assert body["status"] == "ok"
    assert body["checks"] == {"zone_data": "ok", "clock_sync": "ok", "clock_error": "ok", "ip_data": "ok"}
    assert body["details"]["clock_error"] == {"max_error": 0.002, "limit": 1.0}


def test_an_unsynchronized_clock_is_a_warning_by_default(testapp, clock_status):
    clock_status.status = ClockStatus(False, 0.5, 0.5)
    body = testapp.get("/__heartbeat__", status=200).json
    assert (body["status"], body["checks"]["clock_sync"]) == ("warning", "warning")


def test_an_error_check_makes_it_a_503(app, testapp, monkeypatch):
    monkeypatch.setitem(app.registry.heartbeats, "zone_data", lambda registry: Check(ERROR, {"message": "gone"}))
    monkeypatch.setitem(app.registry.heartbeats, "extra", lambda registry: Check(WARNING))
    body = testapp.get("/__heartbeat__", status=503).json
    assert body["status"] == "error" and body["details"]["zone_data"] == {"message": "gone"}
    assert body["checks"]["extra"] == "warning"


def test_heartbeat_is_never_cached(testapp):
    assert testapp.get("/__heartbeat__").headers["Cache-Control"] == "no-store"
