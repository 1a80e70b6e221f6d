import pytest


def test_repeated_queries_answer_alike(testapp):
    first = testapp.get("/time", params={"tz": "Europe/Paris"}).json
    second = testapp.get("/time", params={"tz": "Europe/Paris"}).json
    assert first["timezone"] == second["timezone"] == "Europe/Paris"


def test_invalid_queries_stay_invalid_when_repeated(testapp):
    for _ in range(2):
        error = testapp.get("/timezones/Europe/Paris", params={"count": "0"}, status=400).json
        assert error["errors"][0]["name"] == "count"


def test_remembered_results_cannot_be_altered_by_a_view(app, testapp):
    from timesvc.views import validators

    testapp.get("/timezones/Asia/Tokyo", params={"count": "2"})
    remembered = [value for value in validators._remembered.values() if "querystring" in value]
    assert remembered
    with pytest.raises(TypeError):
        remembered[0]["querystring"]["count"] = 100


def test_the_remembered_results_are_bounded(testapp, monkeypatch):
    from timesvc.views import validators

    monkeypatch.setattr(validators, "_MAX_REMEMBERED", 3)
    for count in range(1, 8):
        assert len(testapp.get("/timezones/UTC", params={"count": str(count)}).json["transitions"]) == 0
    assert len(validators._remembered) <= 3
