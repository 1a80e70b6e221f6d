"""<, > and & leave every JSON answer as \\u003c, \\u003e, \\u0026 (as Go's encoding/json writes them), the text unchanged."""
import json

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyramid.testing import DummyRequest

from tests.support.pserve import get, pserve
from timesvc.web.rendering import dumps
from timesvc.web.services.worldtime import error_answer

MARKUP = (b"<", b">", b"&")
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("<>&\\\"/")),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_a_body_holds_no_markup_and_parses_back_to_what_was_written(value):
    body = dumps(value)
    assert not any(byte in body for byte in MARKUP)
    assert json.loads(body) == value


@given(st.dictionaries(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="<>&"), max_size=20), st.integers(-(2**63), 2**63 - 1)))
def test_a_body_without_markup_is_orjsons_own_bytes(value):
    assert dumps(value) == orjson.dumps(value)


def test_worldtimeapis_own_errors_are_escaped_too():
    response = error_answer(DummyRequest(environ={"PATH_INFO": "/api/timezone/x"}), 400, "<b>&</b>")
    assert response.body == b'{"error":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}'


# (path, the error's description or None for a success body, what json.loads finds there)
SERVED = [
    ("/convert?time=%3Cscript%3Ealert(1)%3C/script%3E", "time '<script>alert(1)</script>' is not a valid date and time"),  # the domain's 400
    ("/timezones/Europe/Paris/transitions?limit=%22%3E%3Cimg%20src=x%3E", "'\"><img src=x>' is not an integer"),  # colander's, through Cornice
    ("/time?tz=a%26b", "unknown time zone 'a&b'"),
    ("/convert?time=2026-01-01T12:00%2B00:99", "time '2026-01-01T12:00+00:99' has UTC offset +00:99"),  # item 5 served too
    ("/convert?time=2026-01-01T12:34:60Z", "is 2026-01-01T12:34:60 in UTC: a leap second is only ever 23:59:60 UTC"),
]


@pytest.fixture(scope="module", params=["true", "false"], ids=["tuned", "untuned"])
def production(request):
    with pserve("production.ini", env={"TIMESVC_TUNED": request.param}) as (port, _):
        yield port


@pytest.mark.parametrize("path, description", SERVED, ids=[path.split("?")[0] + "?" + path.split("?")[1][:12] for path, _ in SERVED])
def test_a_served_error_echoing_markup_comes_back_escaped_and_parses_to_the_text(production, path, description):
    status, headers, body = get(production, path)
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert not any(byte in body for byte in MARKUP)
    assert description in json.loads(body)["errors"][0]["description"]


def test_served_success_bodies_and_the_openapi_document_are_escaped(production):
    status, _, body = get(production, "/timezones/Europe/Paris/transitions?from=2026-01-01T00:00Z&limit=1")
    assert status == 200 and b"\\u0026to=" in body and b"&" not in body
    assert json.loads(body)["next"].endswith("&to=1798761600&limit=1")
    status, _, body = get(production, "/openapi.json")
    assert status == 200 and not any(byte in body for byte in MARKUP) and json.loads(body)["openapi"].startswith("3.1")
