import pytest
import webtest


def test_unknown_route_is_a_json_404(testapp):
    error = testapp.get("/nope", status=404).json
    assert error["status"] == "error" and error["errors"][0]["location"] == "url"
    assert error["errors"][0]["description"] == "nothing here: 'GET' '/nope'; GET / lists the routes, /docs describes them"


@pytest.mark.parametrize(
    "path, suggested",
    [("/time/", "/time"), ("/convert//", "/convert"), ("/docs/", "/docs"), ("/time/?tz=Asia/Tokyo", "/time?tz=Asia/Tokyo")],
)
def test_a_trailing_slash_404_suggests_the_route_without_it(testapp, path, suggested):
    [error] = testapp.get(path, status=404).json["errors"]
    assert f"did you mean {suggested!r}? GET / lists the routes" in error["description"]


@pytest.mark.parametrize("path", ["/nope/", "/static/clock/", "/time/x"])
def test_a_404_suggests_nothing_when_no_route_is_near(testapp, path):
    [error] = testapp.get(path, status=404).json["errors"]
    assert "did you mean" not in error["description"] and error["description"].endswith("GET / lists the routes, /docs describes them")


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


def test_an_accept_header_that_refuses_json_is_a_406_even_when_it_names_it(testapp):
    testapp.get("/time", headers={"Accept": "application/json;q=0"}, status=406)
    testapp.get("/time", headers={"Accept": "text/html;q=0.9, application/json;q=0.5"}, status=200)


def test_a_non_utf8_path_is_refused_before_or_after_negotiation_never_a_500(testapp):
    assert testapp.get("/%FF", headers={"Accept": "text/html"}, status=406).json["status"] == "error"
    assert testapp.get("/%FF", status=400).json["errors"][0]["location"] == "path"


@pytest.mark.parametrize("path, status, body", [("/api/ip/%FF", 400, {"error": "malformed ip"}), ("/api/timezone/%FF", 404, {"error": "unknown location"})])
def test_worldtimeapi_paths_that_are_not_utf8_answer_in_worldtimeapis_format(testapp, path, status, body):
    assert testapp.get(path, status=status).json == body
    assert testapp.get(path + ".txt", status=status).text == body["error"]


@pytest.mark.parametrize("path, status", [("/time", 405), ("/nowhere", 404)])
def test_a_long_method_is_quoted_briefly(app, clock, path, status):
    unlinted = webtest.TestApp(app, lint=False)  # WebTest's lint refuses unknown methods itself
    response = unlinted.request(path, method="G" * 150, expect_errors=True)
    assert response.status_int == status and "G" * 100 in response.text and "G" * 101 not in response.text
