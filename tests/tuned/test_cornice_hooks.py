import webtest
from pyramid.interfaces import IRequestExtensions, IRoutesMapper
from pyramid.scripting import prepare

from timesvc import main


def test_current_service_is_the_matched_cornice_service(tuned_app):
    with prepare(registry=tuned_app.registry) as env:
        request = env["request"]
        request.matched_route = tuned_app.registry.getUtility(IRoutesMapper).get_route("time")
        assert request.current_service.name == "time"


def test_no_per_request_class_or_event_hooks_remain(tuned_app):
    assert tuned_app.registry.queryUtility(IRequestExtensions) is None
    assert not tuned_app.registry.has_listeners


def test_cornices_cors_headers_survive_the_hooks_being_moved(app_settings, monkeypatch):
    """/time has no CORS header of its own: Cornice's filter, run by the tween, must still add it."""
    monkeypatch.setenv("TIMESVC_TUNED", "true")
    app = webtest.TestApp(main({}, **{**app_settings, "timesvc.cors_origins": "https://a.example"}))
    origin = {"Origin": "https://a.example"}
    assert app.get("/time", headers=origin).headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert app.get("/time?tz=Nowhere", headers=origin, status=400).headers["Access-Control-Allow-Origin"] == "https://a.example"
    preflight = app.options("/time", headers={**origin, "Access-Control-Request-Method": "GET"})
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
