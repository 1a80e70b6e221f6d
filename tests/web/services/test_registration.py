import webtest
from pyramid.interfaces import IRoutesMapper

from timesvc import main
from timesvc.web.services import specs


def route_names(app) -> list[str]:
    return [route.name for route in app.registry.getUtility(IRoutesMapper).get_routes()]


def test_the_most_asked_for_routes_are_tried_first(app):
    assert route_names(app)[:3] == ["time", "worldtime_zones", "worldtime_zone"]


def test_every_service_is_registered_once(app):
    names = route_names(app)
    assert len(names) == len(set(names))
    assert {spec.name for spec in specs()} <= set(names)


def test_each_app_builds_services_of_its_own(app_settings):
    first, second = (main({}, **app_settings) for _ in range(2))
    assert not set(map(id, first.registry.cornice_services.values())) & set(map(id, second.registry.cornice_services.values()))


def test_two_apps_in_one_process_each_follow_their_own_settings(app_settings):
    """Building an app with CORS, metrics off and another default zone leaves an app built before it alone."""
    plain = webtest.TestApp(main({}, **app_settings))
    other = webtest.TestApp(
        main({}, **{**app_settings, "timesvc.cors_origins": "https://a.example", "timesvc.metrics": "off", "timesvc.default_timezone": "Asia/Tokyo"})
    )
    origin = {"Origin": "https://a.example"}
    assert other.get("/time", headers=origin).headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert "Access-Control-Allow-Origin" not in plain.get("/time", headers=origin).headers
    assert plain.options("/time", headers={**origin, "Access-Control-Request-Method": "GET"}, expect_errors=True).status_code != 200
    assert (other.get("/time").json["timezone"], plain.get("/time").json["timezone"]) == ("Asia/Tokyo", "Etc/UTC")
    assert (other.get("/metrics", status=404).status_code, plain.get("/metrics").status_code) == (404, 200)
