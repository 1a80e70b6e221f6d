from types import SimpleNamespace

import pytest
from pyramid.interfaces import IRequestExtensions, IRoutesMapper
from pyramid.scripting import prepare

from timesvc.request import needs_cornice_hooks


def test_current_service_is_the_matched_cornice_service(app):
    with prepare(registry=app.registry) as env:
        request = env["request"]
        request.matched_route = app.registry.getUtility(IRoutesMapper).get_route("time")
        assert request.current_service.name == "time"


@pytest.mark.parametrize("path", ["/time", "/nowhere", "/time?tz=Nowhere/Land"])
def test_every_response_forbids_content_sniffing(testapp, path):
    response = testapp.get(path, expect_errors=True)
    assert response.headers.getall("X-Content-Type-Options") == ["nosniff"]


def test_no_per_request_class_or_event_hooks_remain(app):
    assert app.registry.queryUtility(IRequestExtensions) is None
    assert not app.registry.has_listeners


def _service(cors=False, filters=(), view_filters=()):
    return SimpleNamespace(cors_enabled=cors, filters=list(filters), definitions=[("GET", None, {"filters": list(view_filters)})])


@pytest.mark.parametrize(
    "services, settings, needed",
    [
        ([_service()], {}, False),
        ([_service(cors=True)], {}, True),
        ([_service(filters=[print])], {}, True),
        ([_service(view_filters=[print])], {}, True),
        ([_service()], {"available_languages": "en fr"}, True),
    ],
)
def test_cornice_hooks_stay_where_a_service_or_setting_needs_them(services, settings, needed):
    assert needs_cornice_hooks(services, settings) is needed
