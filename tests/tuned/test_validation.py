import sys
from types import MappingProxyType

import pytest
import webtest

from timesvc.tuned.validation import REMEMBERED_TEXT, RememberingValidator


@pytest.fixture
def remembering(tuned_app):
    """A tuned app's validator, and a client of that app."""
    assert isinstance(tuned_app.registry.request_path.validator, RememberingValidator)
    return tuned_app.registry.request_path.validator, webtest.TestApp(tuned_app)


def test_repeated_queries_answer_alike(testapp):
    first = testapp.get("/time", params={"tz": "Europe/Paris"}).json
    second = testapp.get("/time", params={"tz": "Europe/Paris"}).json
    assert first["timezone"] == second["timezone"] == "Europe/Paris"


def test_invalid_queries_stay_invalid_when_repeated(testapp):
    for _ in range(2):
        error = testapp.get("/timezones/Europe/Paris", params={"count": "0"}, status=400).json
        assert error["errors"][0]["name"] == "count"


@pytest.mark.parametrize("first_without_body", [True, False])
def test_a_body_gets_the_same_answer_whether_or_not_the_query_was_seen_before(testapp, first_without_body):
    """The body is read and checked (not JSON: a 400) however often the same query came without one."""
    query = "/time?tz=America/Lima" if first_without_body else "/time?tz=America/Bogota"
    if first_without_body:
        testapp.get(query, status=200)
    answer = testapp.request(query, method="GET", body=b"not json", headers={"Content-Type": "application/json"}, expect_errors=True)
    assert answer.status_int == 400 and answer.json["errors"][0]["location"] == "body"


def test_remembered_results_cannot_be_altered_by_a_view(remembering):
    remembering, testapp = remembering
    testapp.get("/timezones/Asia/Tokyo", params={"count": "2"})
    remembered = [value for value in remembering._remembered.values() if "querystring" in value]
    assert remembered
    with pytest.raises(TypeError):
        remembered[0]["querystring"]["count"] = 100


def test_the_remembered_results_are_bounded(remembering, monkeypatch):
    remembering, testapp = remembering
    monkeypatch.setattr(remembering, "limit", 3)
    for count in range(1, 8):
        assert len(testapp.get("/timezones/UTC", params={"count": str(count)}).json["transitions"]) == 0
    assert len(remembering._remembered) <= 3


def _query_of_length(route: str, number: int, length: int) -> str:
    """A distinct, valid request to `route` whose path and query string are `length` characters together."""
    start = f"{route}&pad={number:05d}"
    return start + "x" * (length - len(start) + 1)  # the "?" is in neither the path nor the query string


@pytest.mark.parametrize("route", ["/time?tz=UTC", "/timezones/Europe/Paris?count=2", "/worldclock?tz=UTC,Asia/Tokyo"])
def test_long_queries_are_answered_but_not_remembered(remembering, route):
    remembering, testapp = remembering
    before = len(remembering._remembered)
    for number in range(20):
        testapp.get(_query_of_length(route, number, REMEMBERED_TEXT + 1), status=200)
        testapp.get(_query_of_length(route, number, 8000), status=200)
    assert len(remembering._remembered) == before
    testapp.get(_query_of_length(route, 0, REMEMBERED_TEXT), status=200)
    assert len(remembering._remembered) == before + 1


def _bytes_held(value, seen: set) -> int:
    """What `value` and everything it holds take (sys.getsizeof), each object counted once."""
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, (dict, MappingProxyType)):
        return sys.getsizeof(dict(value)) + sum(_bytes_held(key, seen) + _bytes_held(item, seen) for key, item in value.items())
    if isinstance(value, (tuple, list)):
        return sys.getsizeof(value) + sum(_bytes_held(item, seen) for item in value)
    return sys.getsizeof(value)


def test_the_memo_holds_at_most_its_bound_in_bytes(remembering, monkeypatch):
    # docs/internals.md: 2,048 entries of at most 1.2 KB each (0.8 to 1.15 KB, by route).
    remembering, testapp = remembering
    monkeypatch.setattr(remembering, "limit", 256)
    routes = ["/time?tz=UTC", "/timezones/Europe/Paris?count=2", "/worldclock?tz=UTC,Asia/Tokyo", "/convert?time=0&to=Asia/Tokyo"]
    for number in range(600):
        testapp.get(_query_of_length(routes[number % 4], number, REMEMBERED_TEXT if number % 2 else 8000))
    assert 0 < len(remembering._remembered) <= 256
    assert _bytes_held(remembering._remembered, set()) < 256 * 1_200
