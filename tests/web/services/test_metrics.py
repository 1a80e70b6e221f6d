import webtest

from timesvc import main
from timesvc.domain.clockstatus import ClockStatus


def sample(text: str, name: str) -> float:
    """The value of the sample line starting with `name ` (labels included)."""
    return next(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name + " "))


def test_requests_are_counted_by_service_name_method_and_status(testapp):
    before = testapp.get("/metrics").text
    testapp.get("/timezones/Europe/Paris")
    testapp.get("/timezones/Asia/Tokyo")
    testapp.get("/no/such/thing", status=404)
    text = testapp.get("/metrics").text
    counted = 'timesvc_requests_total{method="GET",route="timezone",status="200"}'
    assert sample(text, counted) - (sample(before, counted) if counted in before else 0) == 2
    assert 'route="none",status="404"' in text
    assert "Europe/Paris" not in text  # the route's name, never the raw path
    assert 'timesvc_request_duration_seconds_count{route="timezone"}' in text


def test_unknown_methods_share_one_label(app, testapp):
    from webob import Request

    assert Request.blank("/time", method="BREW").get_response(app).status_code == 405  # WebTest's lint refuses BREW
    assert 'method="other",route="time",status="405"' in testapp.get("/metrics").text


def test_clock_state_and_tzdata_version_are_exported(testapp, clock_status, catalogue):
    clock_status.status = ClockStatus(False, 16.0, 16.0)
    text = testapp.get("/metrics").text
    assert sample(text, "timesvc_clock_synchronized") == 0
    assert sample(text, "timesvc_clock_max_error_seconds") == 16.0
    assert f'timesvc_tzdata_info{{version="{catalogue.version}"}} 1.0' in text



def test_summaries_dropped_by_a_writer_left_behind_are_exported(app, testapp):
    before = sample(testapp.get("/metrics").text, "timesvc_request_log_dropped_total")
    app.registry.request_log.dropped += 3  # as a stuck writer counts them (tests/ops/test_logs.py)
    try:
        assert sample(testapp.get("/metrics").text, "timesvc_request_log_dropped_total") - before == 3
    finally:
        app.registry.request_log.dropped -= 3


PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"


def test_openmetrics_is_served_to_prometheus(testapp):
    response = testapp.get("/metrics", headers={"Accept": PROMETHEUS_ACCEPT})
    assert response.content_type == "application/openmetrics-text" and response.text.endswith("# EOF\n")


def test_metrics_off_means_no_metrics_route(app_settings):
    app = webtest.TestApp(main({}, **{**app_settings, "timesvc.metrics": "off"}))
    assert app.get("/metrics", status=404).json["status"] == "error"
    app.get("/time", status=200)  # the tween runs without metrics


def test_a_prometheus_scraper_asking_for_text_only_gets_text(testapp):
    response = testapp.get("/metrics", headers={"Accept": "text/plain"}, status=200)
    assert response.content_type == "text/plain" and "timesvc_requests_total" in response.text
