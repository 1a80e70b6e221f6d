"""/time?ip= and /time?lat=&lon=: the zone from an address or a point, in the native answer format."""
import pytest


def errors(response) -> list[tuple]:
    assert response.json["status"] == "error"
    return [(e["location"], e["name"], e["description"]) for e in response.json["errors"]]


@pytest.mark.parametrize("ip, zone", [("81.2.69.142", "Europe/London"), ("2001:218::1", "Asia/Tokyo"), ("67.43.156.1", "Asia/Kolkata")])
def test_time_by_address(testapp, geoip, ip, zone):
    body = testapp.get("/time", params={"ip": ip}, status=200).json
    assert body["timezone"] == zone
    assert "tzdata_version" in body and "unixtime_ns" in body


@pytest.mark.parametrize("me", ["me", "ME"])
def test_time_by_the_callers_address(testapp, geoip, me):
    body = testapp.get("/time", params={"ip": me}, extra_environ={"REMOTE_ADDR": "2a02:d340::1"}, status=200).json
    assert body["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    "lat, lon, zone",
    [("48.8566", "2.3522", "Europe/Paris"), ("-33.8688", "151.2093", "Australia/Sydney"), ("0", "-30", "Etc/GMT+2"), ("-30", "80", "Etc/GMT-5")],
)
def test_time_by_coordinates(testapp, lat, lon, zone):
    assert testapp.get("/time", params={"lat": lat, "lon": lon}, status=200).json["timezone"] == zone


@pytest.mark.parametrize(
    "params, name, fragment",
    [
        ({"tz": "UTC", "ip": "81.2.69.142"}, "ip", "give only one of tz, ip, or lat+lon; this request gives tz and ip"),
        ({"tz": "UTC", "lat": "1", "lon": "2"}, "lat", "this request gives tz and lat+lon"),
        ({"ip": "me", "lat": "1", "lon": "2"}, "lat", "this request gives ip and lat+lon"),
        ({"lat": "1"}, "lon", "lat and lon go together"),
        ({"lon": "1"}, "lat", "lat and lon go together"),
        ({"lat": "91", "lon": "0"}, "lat", "lat must be between -90 and 90 degrees, got '91.0'"),
        ({"lat": "0", "lon": "-180.5"}, "lon", "lon must be between -180 and 180 degrees"),
        ({"lat": "nan", "lon": "0"}, "lat", "'nan' is not a number"),
        ({"lat": "north", "lon": "0"}, "lat", "'north' is not a number"),
        ({"ip": "81.2.69"}, "ip", "'81.2.69' is not an IPv4 or IPv6 address"),
        ({"ip": "1" * 101}, "ip", "Longer than maximum length 100"),
    ],
)
def test_bad_or_conflicting_parameters_are_400_in_cornice_format(testapp, geoip, params, name, fragment):
    [(location, got_name, description)] = errors(testapp.get("/time", params=params, status=400))
    assert (location, got_name) == ("querystring", name)
    assert fragment in description


@pytest.mark.parametrize(
    "ip, description",
    [
        ("10.0.0.1", "10.0.0.1 is a private address: it has no location"),
        ("1.1.1.1", "the GeoIP database has no time zone for 1.1.1.1"),
    ],
)
def test_addresses_without_a_place_are_404(testapp, geoip, local_zone_off, ip, description):
    assert errors(testapp.get("/time", params={"ip": ip}, status=404)) == [("querystring", "ip", description)]


def test_with_local_timezone_off_callers_from_loopback_have_no_place(testapp, geoip, local_zone_off):
    [(_, _, description)] = errors(testapp.get("/time?ip=me", extra_environ={"REMOTE_ADDR": "127.0.0.1"}, status=404))
    assert description == "127.0.0.1 is a loopback address: it has no location"


@pytest.mark.parametrize("params, environ", [({"ip": "me"}, {"REMOTE_ADDR": "127.0.0.1"}), ({"ip": "10.0.0.7"}, {}), ({"ip": "me"}, {"REMOTE_ADDR": "fe80::2"})])
def test_callers_and_addresses_on_the_local_network_get_the_local_zone(testapp, geoip, local_zone, params, environ):
    body = testapp.get("/time", params=params, extra_environ=environ).json
    assert (body["timezone"], body["zone_source"]) == ("Asia/Kathmandu", "local_network")


@pytest.mark.parametrize(
    "params, environ, source",
    [
        ({}, {}, "default"),
        ({"tz": "asia/tokyo"}, {}, "tz"),
        ({"ip": "81.2.69.142"}, {}, "ip"),
        ({"ip": "me"}, {"REMOTE_ADDR": "81.2.69.142"}, "ip"),
        ({"ip": "me"}, {"REMOTE_ADDR": "127.0.0.1"}, "local_network"),
        ({"lat": "48.8566", "lon": "2.3522"}, {}, "coordinates"),
    ],
)
def test_time_says_where_its_zone_came_from(testapp, geoip, local_zone, params, environ, source):
    assert testapp.get("/time", params=params, extra_environ=environ).json["zone_source"] == source


def test_without_a_database_time_by_address_uses_the_built_in_table(testapp):
    body = testapp.get("/time?ip=81.2.69.160").json
    assert (body["timezone"], body["zone_source"]) == ("Europe/London", "ip")


def test_tz_alone_and_no_parameter_still_work(testapp):
    assert testapp.get("/time?tz=asia/tokyo").json["timezone"] == "Asia/Tokyo"
    assert testapp.get("/time").json["timezone"] == "Etc/UTC"
