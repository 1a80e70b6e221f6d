"""worldtimeapi.org's zone routes, replayed as its clients sent them."""
import orjson
import pytest

from tests.conftest import FIXED_NS
from tests.support.worldtime_format import check_json, check_text

CALLER = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.mark.parametrize(
    "path, zone, abbreviation",
    [
        ("/api/timezone/Europe/London", "Europe/London", "GMT"),
        ("/api/timezone/america/new_york", "America/New_York", "EDT"),
        ("/api/timezone/America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires", "-03"),
        ("/api/timezone/ETC/GMT", "Etc/GMT", "GMT"),
        ("/api/timezone/Etc/UTC", "Etc/UTC", "UTC"),
        ("/api/timezone/Etc/GMT+5", "Etc/GMT+5", "-05"),
        ("/api/timezone/UTC", "Etc/UTC", "UTC"),
        ("/api/timezone/Europe/Kiev", "Europe/Kyiv", "EET"),
        ("/api/timezone/Asia/Kathmandu", "Asia/Kathmandu", "+0545"),
    ],
)
def test_time_in_a_zone_in_json_and_text(testapp, path, zone, abbreviation):
    response = testapp.get(path, extra_environ=CALLER, status=200)
    body = check_json(response)
    assert (body["timezone"], body["abbreviation"], body["client_ip"]) == (zone, abbreviation, "203.0.113.7")
    assert (body["unixtime"], body["utc_datetime"]) == (FIXED_NS // 10**9, "2026-03-29T00:30:00.123456+00:00")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    check_text(testapp.get(path + ".txt", extra_environ=CALLER, status=200), body)


def test_dst_bounds_are_the_current_period(testapp):
    body = check_json(testapp.get("/api/timezone/America/New_York", extra_environ=CALLER))
    assert (body["dst"], body["dst_from"], body["dst_until"]) == (True, "2026-03-08T07:00:00+00:00", "2026-11-01T06:00:00+00:00")
    assert (body["day_of_week"], body["day_of_year"], body["week_number"]) == (6, 87, 13)  # Saturday 28 March, local


def test_all_zone_names_as_a_json_array_and_text_lines(testapp, catalogue):
    response = testapp.get("/api/timezone", status=200)
    assert response.content_type == "application/json"
    assert orjson.loads(response.body) == catalogue.names
    text = testapp.get("/api/timezone.txt", status=200)
    assert text.content_type == "text/plain"
    assert text.text.split("\n") == catalogue.names


@pytest.mark.parametrize("area", ["Europe", "europe", "Europe/"])
def test_the_zones_of_an_area(testapp, catalogue, area):
    names = orjson.loads(testapp.get(f"/api/timezone/{area}", status=200).body)
    assert "Europe/London" in names and "Europe/Paris" in names
    assert names == [name for name in catalogue.names if name.startswith("Europe/")]
    assert testapp.get(f"/api/timezone/{area}.txt").text.split("\n") == names


@pytest.mark.parametrize("path", ["/api/timezone/Mars", "/api/timezone/Europe/Atlantis", "/api/timezone/Europe/London/Soho", "/api/timezone/" + "x" * 300])
def test_unknown_locations_are_404_in_worldtimeapi_format(testapp, path):
    response = testapp.get(path, status=404)
    assert response.content_type == "application/json"
    assert orjson.loads(response.body) == {"error": "unknown location"}
    text = testapp.get(path + ".txt", status=404)
    assert (text.content_type, text.text) == ("text/plain", "unknown location")


def test_text_routes_answer_clients_that_accept_only_text(testapp):
    response = testapp.get("/api/timezone/Europe/Paris.txt", headers={"Accept": "text/plain"}, status=200)
    assert response.text.startswith("abbreviation: CET\n")
    assert testapp.get("/api/timezone/Mars.txt", headers={"Accept": "text/plain"}, status=404).text == "unknown location"


def test_json_routes_still_refuse_clients_that_accept_no_json(testapp):
    response = testapp.get("/api/timezone/Europe/Paris", headers={"Accept": "text/plain"}, status=406)
    assert response.json["errors"][0]["name"] == "Accept"
