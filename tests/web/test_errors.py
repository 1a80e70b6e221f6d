def test_unknown_route_is_a_json_404(testapp):
    error = testapp.get("/nope", status=404).json
    assert error["status"] == "error" and error["errors"][0]["location"] == "url"


def test_wrong_method_is_a_405_with_allow(testapp):
    response = testapp.post("/time", status=405)
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.json["status"] == "error"


def test_json_refusing_clients_get_a_406(testapp):
    error = testapp.get("/time", headers={"Accept": "text/html"}, status=406).json
    assert error["errors"][0]["name"] == "Accept"


def test_wildcards_and_json_are_acceptable(testapp):
    for accept in ("*/*", "application/*", "application/json", "text/html, */*;q=0.1"):
        testapp.get("/time", headers={"Accept": accept}, status=200)


def test_repeated_parameters_are_400s(testapp):
    testapp.get("/time?tz=UTC&tz=Europe/Paris", status=400)


def test_unexpected_errors_are_a_500_without_traceback(app, testapp, clock, caplog):
    def broken():
        raise RuntimeError("/secret/path/internal")

    app.registry.clock = broken
    response = testapp.get("/time", status=500)
    assert response.json["errors"][0]["description"] == "internal error; it has been logged"
    assert b"secret" not in response.body and b"Traceback" not in response.body
    assert "RuntimeError" in caplog.text
