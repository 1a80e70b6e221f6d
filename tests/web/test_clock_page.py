"""GET /: the clock page for browsers, the JSON index for everyone else (WebTest, frozen clock)."""
import configparser
import re
from pathlib import Path

import pytest

from timesvc.web.openapi import openapi_path
from timesvc.web.static import CSP

ROOT = Path(__file__).resolve().parents[2]
CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_a_browser_gets_the_page_with_a_strict_csp(testapp):
    response = testapp.get("/", headers={"Accept": CHROME}, status=200)
    assert response.content_type == "text/html" and response.charset == "utf-8"
    assert response.headers["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP and "default-src 'none'" in CSP
    assert response.headers["Vary"] == "Accept, Accept-Language" and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Language"] == "en"


def test_a_client_accepting_only_html_gets_the_page_not_a_406(testapp):
    assert testapp.get("/", headers={"Accept": "text/html"}, status=200).content_type == "text/html"
    assert testapp.get("/time", headers={"Accept": "text/html"}, status=406).json["status"] == "error"  # / only


@pytest.mark.parametrize("accept", ["application/json", "*/*", None, "application/json, text/html;q=0.5"])
def test_json_preferred_or_anything_accepted_gets_the_json_index(testapp, accept):
    response = testapp.get("/", headers={"Accept": accept} if accept else {}, status=200)
    assert response.content_type == "application/json" and response.headers["Vary"] == "Accept"
    assert response.json["links"] == {"openapi": "/openapi.json", "docs": "/docs"}
    routes = {route["path"]: route for route in response.json["routes"]}
    assert routes["/time"] == {"name": "time", "path": "/time", "description": "The current time, in UTC and in a time zone"}
    assert "/timezones/{name}" in routes


def test_the_index_lists_every_service(app, testapp):
    listed = [route["path"] for route in testapp.get("/", headers={"Accept": "application/json"}).json["routes"]]
    assert listed == sorted(openapi_path(each.path) for each in app.registry.cornice_services.values())


def test_a_client_accepting_neither_gets_a_406_in_cornices_format(testapp):
    error = testapp.get("/", headers={"Accept": "text/plain"}, status=406).json["errors"][0]
    assert (error["location"], error["name"]) == ("header", "Accept")
    assert "'text/plain'" in error["description"] and "text/html" in error["description"]


def test_the_page_is_rendered_with_the_zones_time_and_next_transition(testapp):
    html = testapp.get("/?tz=europe/paris", headers={"Accept": CHROME}).text  # 00:30Z, half an hour before spring
    assert 'datetime="2026-03-29T01:30:00+01:00">01:30:00</time>' in html
    assert '<span id="zone-name">Europe/Paris</span>' in html and 'data-chosen="true"' in html
    assert ">CET<" in html and ">UTC+01:00<" in html and ">not in effect<" in html
    assert ">clocks go forward 1 hr on Sunday, March 29, 2026 at 02:00<" in html
    assert "The server&#x27;s clock is synchronized, within 2.0 ms of the true time." in html


def test_without_tz_the_page_starts_in_the_default_zone_for_the_script_to_change(testapp):
    html = testapp.get("/", headers={"Accept": CHROME}).text
    assert 'data-zone="Etc/UTC" data-chosen="false"' in html and ">00:30:00</time>" in html


def test_tokyo_has_no_next_transition(testapp):
    html = testapp.get("/?tz=Asia/Tokyo", headers={"Accept": CHROME}).text
    assert ">09:30:00</time>" in html and ">JST<" in html and ">no clock changes ahead<" in html


def test_an_unknown_zone_is_a_400_page_with_the_name_escaped(testapp):
    response = testapp.get("/", params={"tz": "<script>alert(1)</script>"}, headers={"Accept": CHROME}, status=400)
    assert response.content_type == "text/html"
    assert "<script>alert" not in response.text
    assert "No time zone is called &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;: showing Etc/UTC instead." in response.text
    assert 'data-zone="Etc/UTC" data-chosen="false"' in response.text  # the default zone, shown instead


def test_an_unknown_zone_is_a_400_in_cornices_format_for_json_clients(testapp):
    error = testapp.get("/?tz=Mars/Olympus", headers={"Accept": "application/json"}, status=400).json["errors"][0]
    assert (error["location"], error["name"]) == ("querystring", "tz")
    assert "unknown time zone 'Mars/Olympus'" in error["description"]


@pytest.mark.parametrize("name, kind", [("clock.js", "application/javascript"), ("clock.css", "text/css"), ("icon.svg", "image/svg+xml")])
def test_the_pages_assets_come_from_the_package(testapp, name, kind):
    response = testapp.get(f"/static/clock/{name}", headers={"Accept": "text/css"}, status=200)  # never a 406
    assert response.content_type in (kind, "text/javascript")


def test_the_index_is_documented_with_both_media_types(testapp):
    operation = testapp.get("/openapi.json").json["paths"]["/"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/html"}
    assert [parameter["name"] for parameter in operation["parameters"]] == ["tz"]


def test_every_asset_is_in_the_package_data():
    """setup.cfg's globs do not reach into subfolders by themselves: each needs its own."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    package = ROOT / "timesvc"
    globs = [each.strip() for each in re.split(r"[,\n]", config["options.package_data"]["timesvc"]) if each.strip()]
    shipped = {path for pattern in globs for path in package.glob(pattern) if path.is_file()}
    assets = {path for path in (package / "static").rglob("*") if path.is_file()}
    assert assets and assets - shipped == set()
