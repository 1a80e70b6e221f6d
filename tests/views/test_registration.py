from pyramid.interfaces import IRoutesMapper

from timesvc import views


def route_names(app) -> list[str]:
    return [route.name for route in app.registry.getUtility(IRoutesMapper).get_routes()]


def test_the_most_asked_for_routes_are_tried_first(app):
    assert route_names(app)[:3] == ["time", "worldtime_zone", "worldtime_zones"]


def test_every_service_is_registered_once(app):
    names = route_names(app)
    assert len(names) == len(set(names))
    assert {service.name for service in views.SERVICES} <= set(names)
