from timesvc.ops.health import ERROR, Check


def test_lbheartbeat_answers_an_empty_object_whatever_the_checks_say(app, testapp, monkeypatch):
    monkeypatch.setitem(app.registry.heartbeats, "zone_data", lambda registry: Check(ERROR))
    response = testapp.get("/__lbheartbeat__", status=200)
    assert response.json == {} and response.headers["Cache-Control"] == "no-store"
