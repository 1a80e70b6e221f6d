import pytest
import webtest

from timesvc import main


@pytest.fixture
def app_with_origins(app_settings):
    def build(origins):
        return webtest.TestApp(main({}, **{**app_settings, "timesvc.cors_origins": origins}))

    return build


def test_listed_origins_are_allowed(app_with_origins):
    app = app_with_origins("https://a.example https://b.example")
    response = app.get("/time", headers={"Origin": "https://b.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://b.example"
    preflight = app.options("/time", headers={"Origin": "https://a.example", "Access-Control-Request-Method": "GET"})
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_other_origins_are_refused(app_with_origins):
    app = app_with_origins("https://a.example")
    assert app.get("/time", headers={"Origin": "https://evil.example"}, status=400).json["errors"][0]["name"] == "Origin"


def test_worldtimeapi_routes_allow_every_origin_whatever_the_setting(app_with_origins):
    app = app_with_origins("https://a.example")
    assert app.get("/api/timezone/Etc/UTC", headers={"Origin": "https://any.example"}).headers["Access-Control-Allow-Origin"] == "*"


def test_a_star_allows_every_origin(app_with_origins):
    assert app_with_origins("*").get("/time", headers={"Origin": "https://any.example"}).headers["Access-Control-Allow-Origin"] == "*"


def test_no_origins_means_no_cors_headers(testapp):
    response = testapp.get("/time", headers={"Origin": "https://a.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_preflight_answers_an_allow_list_never_the_headers_asked_for(app_with_origins):
    app = app_with_origins("https://a.example")
    asked = {"Origin": "https://a.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "X-Evil, If-None-Match"}
    preflight = app.options("/time", headers=asked, status=204)
    assert preflight.headers["Access-Control-Allow-Headers"] == "If-None-Match, X-Request-ID"
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert "X-Evil" not in str(preflight.headers)


def test_a_preflight_for_another_method_is_refused_briefly(app_with_origins):
    app = app_with_origins("https://a.example")
    refused = app.options("/time", headers={"Origin": "https://a.example", "Access-Control-Request-Method": "DELETE" + "X" * 300}, status=400)
    assert "X" * 101 not in refused.json["errors"][0]["description"]


def test_a_refused_origin_is_quoted_briefly(app_with_origins):
    app = app_with_origins("https://a.example")
    refused = app.get("/time", headers={"Origin": "https://evil.example/" + "x" * 300}, status=400)
    [error] = refused.json["errors"]
    assert error["name"] == "Origin" and "x" * 101 not in error["description"] and "not allowed" in error["description"]
