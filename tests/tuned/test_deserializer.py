from cornice.errors import Errors
from pyramid.request import Request

from timesvc.tuned.deserializer import lean_deserializer
from timesvc.web.services import specs


def test_schemas_validate_only_what_the_deserializer_provides():
    """A schema child for the body or cookies would be checked against nothing: Required, always."""
    request = Request.blank("/time?tz=UTC")
    request.matchdict = {}
    provided = set(lean_deserializer(reads_headers=True)(request))
    for spec in specs():
        for _, _, args in spec.views:
            if args["schema"] is not None:
                assert {child.name for child in args["schema"].children} <= provided, spec.name


def test_a_request_with_a_body_gets_cornices_full_deserializer():
    request = Request.blank("/time", method="GET", body=b"hello world")
    request.matchdict = {}
    request.errors = Errors()
    assert lean_deserializer(reads_headers=False)(request) == {} and request.errors[0]["location"] == "body"


def test_headers_are_copied_only_for_services_whose_schemas_read_them():
    request = Request.blank("/time", headers={"If-None-Match": '"x"'})
    request.matchdict = {}
    assert "header" not in lean_deserializer(reads_headers=False)(request)
    assert lean_deserializer(reads_headers=True)(request)["header"]["If-None-Match"] == '"x"'


def test_services_say_whether_they_read_headers():
    reading = {spec.name for spec in specs() if spec.reads_headers()}
    assert reading == {"timezones"}
