import pytest
from pyramid.interfaces import IRequestExtensions, IRoutesMapper
from pyramid.scripting import prepare



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


def test_cors_services_still_answer_with_cors_headers(testapp):
    response = testapp.get("/api/timezone", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://example.org")
