from cornice.errors import Errors
from pyramid.request import Request

from timesvc.views import request_cstruct


def test_schemas_validate_only_what_the_deserializer_provides(app):
    """A schema child for the body or cookies would be checked against nothing: Required, always."""
    request = Request.blank("/time?tz=UTC")
    request.matchdict = {}
    request.current_service = None  # unknown service: everything is provided
    provided = set(request_cstruct(request))
    for service in app.registry.cornice_services.values():
        for _, _, args in service.definitions:
            if args.get("schema") is not None:
                assert {child.name for child in args["schema"].children} <= provided, service.name


def test_a_request_with_a_body_gets_cornices_full_deserializer():
    request = Request.blank("/time", method="GET", body=b"hello world")
    request.matchdict = {}
    request.errors = Errors()
    assert request_cstruct(request) == {} and request.errors[0]["location"] == "body"


def test_headers_are_copied_only_for_services_whose_schemas_read_them(app):
    services = app.registry.cornice_services
    request = Request.blank("/time", headers={"If-None-Match": '"x"'})
    request.matchdict = {}
    request.current_service = services["/time"]
    assert "header" not in request_cstruct(request)
    request.current_service = services["/timezones"]
    assert request_cstruct(request)["header"]["If-None-Match"] == '"x"'
