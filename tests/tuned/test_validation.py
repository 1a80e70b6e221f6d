import pytest
import webtest

from timesvc.tuned.validation import RememberingValidator


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
