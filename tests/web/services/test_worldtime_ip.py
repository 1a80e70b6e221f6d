"""worldtimeapi.org's /api/ip routes: the caller's zone, or an address's: the local network's, or the IP data's."""
import orjson
import pytest

from tests.conftest import FIXED_NS
from tests.support.pserve import get, pserve
from tests.support.worldtime_format import check_json, check_text


def caller(address: str) -> dict:
    return {"REMOTE_ADDR": address}


@pytest.mark.parametrize(
    "address, zone",
    [("81.2.69.142", "Europe/London"), ("175.16.199.7", "Asia/Shanghai"), ("2001:218::1", "Asia/Tokyo"), ("2a02:d340::7", "Europe/Berlin")],
)
def test_the_callers_zone_from_its_ipv4_or_ipv6_address(testapp, geoip, address, zone):
    response = testapp.get("/api/ip", extra_environ=caller(address), status=200)
    body = check_json(response)
    assert (body["timezone"], body["client_ip"], body["unixtime"]) == (zone, address, FIXED_NS // 10**9)
    assert response.headers["Cache-Control"] == "no-store"
    check_text(testapp.get("/api/ip.txt", extra_environ=caller(address), status=200), body)


@pytest.mark.parametrize(
    "address, zone",
    [
        ("216.160.83.57", "America/Los_Angeles"),
        ("89.160.20.115", "Europe/Stockholm"),
        ("2c0f:f248::1", "Africa/Johannesburg"),
        ("::ffff:81.2.69.142", "Europe/London"),
        ("67.43.156.1", "Asia/Kolkata"),  # the database says Asia/Calcutta, an alias
    ],
)
def test_the_zone_of_a_given_address_while_client_ip_stays_the_caller(testapp, geoip, address, zone):
    body = check_json(testapp.get(f"/api/ip/{address}", extra_environ=caller("203.0.113.9"), status=200))
    assert (body["timezone"], body["client_ip"]) == (zone, "203.0.113.9")
    check_text(testapp.get(f"/api/ip/{address}.txt", extra_environ=caller("203.0.113.9"), status=200), body)


@pytest.mark.parametrize("address", ["999.1.1.1", "81.2.69", "not-an-address", "2001:218::zz", "1.2.3.4.5"])
def test_malformed_addresses_are_400_malformed_ip(testapp, geoip, address):
    assert orjson.loads(testapp.get(f"/api/ip/{address}", status=400).body) == {"error": "malformed ip"}
    assert testapp.get(f"/api/ip/{address}.txt", status=400).text == "malformed ip"


@pytest.mark.parametrize("address", ["1.1.1.1", "2.125.160.218", "2001:480::1"])
def test_addresses_without_a_zone_are_404_unknown_location(testapp, geoip, address):
    assert orjson.loads(testapp.get(f"/api/ip/{address}", status=404).body) == {"error": "unknown location"}
    assert testapp.get(f"/api/ip/{address}.txt", status=404).text == "unknown location"


@pytest.mark.parametrize(
    "path, environ, message",
    [
        ("/api/ip/192.168.1.20", {}, "192.168.1.20 is a private address: it has no location"),
        ("/api/ip/fe80::1", {}, "fe80::1 is a link-local address: it has no location"),
        ("/api/ip", caller("127.0.0.1"), "127.0.0.1 is a loopback address: it has no location"),
        ("/api/ip", caller("::1"), "::1 is a loopback address: it has no location"),
    ],
)
def test_with_local_timezone_off_addresses_for_local_use_are_404_with_an_explanation(testapp, geoip, local_zone_off, path, environ, message):
    assert orjson.loads(testapp.get(path, extra_environ=environ, status=404).body) == {"error": message}
    assert testapp.get(path + ".txt", extra_environ=environ, status=404).text == message


@pytest.mark.parametrize(
    "path, environ",
    [
        ("/api/ip/192.168.1.20", caller("203.0.113.9")),
        ("/api/ip/10.0.0.7", caller("203.0.113.9")),
        ("/api/ip/fd12:3456::1", caller("203.0.113.9")),
        ("/api/ip/fe80::1", caller("203.0.113.9")),
        ("/api/ip", caller("127.0.0.1")),
        ("/api/ip", caller("::1")),
        ("/api/ip", caller("192.168.1.20")),
        ("/api/ip", caller("::ffff:10.1.2.3")),
    ],
)
def test_addresses_on_the_local_network_get_the_local_zone(testapp, geoip, local_zone, path, environ):
    body = check_json(testapp.get(path, extra_environ=environ, status=200))
    assert (body["timezone"], body["utc_offset"], body["client_ip"]) == ("Asia/Kathmandu", "+05:45", environ["REMOTE_ADDR"])
    check_text(testapp.get(path + ".txt", extra_environ=environ, status=200), body)


@pytest.mark.parametrize("address", ["100.64.0.1", "198.18.0.1", "2001:db8::1"])
def test_shared_and_documentation_ranges_are_not_the_local_network(testapp, geoip, local_zone, address):
    assert "has no location" in orjson.loads(testapp.get(f"/api/ip/{address}", status=404).body)["error"]


def test_a_zone_the_tz_data_does_not_know_is_404_naming_it(testapp, geoip):
    body = orjson.loads(testapp.get("/api/ip/8.8.4.4", status=404).body)
    assert body == {"error": "the IP data's entry for 8.8.4.4 gives the zone 'Mars/Olympus_Mons', which this server's tz data does not know"}


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP", "Forwarded"])
def test_a_local_peer_forwarding_for_someone_else_is_a_proxy_not_a_caller(app, testapp, geoip, local_zone, caplog, monkeypatch, header):
    monkeypatch.setattr(app.registry, "untrusted_proxy_reported", False, raising=False)
    value = "for=81.2.69.142" if header == "Forwarded" else "81.2.69.142"
    response = testapp.get("/api/ip", headers={header: value}, extra_environ=caller("127.0.0.1"), status=404)
    assert orjson.loads(response.body)["error"].startswith("127.0.0.1 is a proxy's address, not the caller's")
    assert "set trusted_proxy" in caplog.text


def test_a_peer_named_in_its_own_forwarded_header_is_the_caller(testapp, geoip, local_zone):
    """What waitress leaves when it trusts a proxy: REMOTE_ADDR rewritten to the header's address."""
    headers = {"X-Forwarded-For": "192.168.1.20"}
    assert testapp.get("/api/ip", headers=headers, extra_environ=caller("192.168.1.20")).json["timezone"] == "Asia/Kathmandu"


def test_the_proxy_warning_is_logged_once(app, testapp, geoip, local_zone, caplog, monkeypatch):
    monkeypatch.setattr(app.registry, "untrusted_proxy_reported", False, raising=False)
    for _ in range(3):
        testapp.get("/api/ip", headers={"X-Forwarded-For": "81.2.69.142"}, extra_environ=caller("127.0.0.1"), status=404)
    assert caplog.text.count("set trusted_proxy") == 1


def test_x_forwarded_for_never_chooses_the_address(testapp, geoip, local_zone_off):
    response = testapp.get("/api/ip", headers={"X-Forwarded-For": "81.2.69.142"}, extra_environ=caller("127.0.0.1"), status=404)
    assert "127.0.0.1 is a proxy's address" in response.text


@pytest.mark.parametrize("address, zone", [("81.2.69.160", "Europe/London"), ("2001:218::1", "Asia/Tokyo"), ("175.16.199.7", "Asia/Shanghai")])
def test_with_no_database_configured_the_built_in_table_answers(testapp, address, zone):
    """No `geoip` fixture here: the app answers from timesvc/data/ip-zones.mmdb."""
    assert testapp.get(f"/api/ip/{address}").json["timezone"] == zone
    assert testapp.get("/api/ip", extra_environ=caller(address)).json["timezone"] == zone


SERVER_INI = """
[app:main]
use = egg:timesvc
timesvc.geoip_database = {database}
timesvc.local_timezone = off

[server:main]
use = egg:timesvc
listen = 127.0.0.1:6543
{proxy}
"""


def serve(tmp_path, database, proxy=""):
    ini = tmp_path / "proxy.ini"
    ini.write_text(SERVER_INI.format(database=database, proxy=proxy))
    return pserve(str(ini))


def test_a_trusted_proxys_forwarded_address_is_the_client(tmp_path, geoip_database):
    proxy = "trusted_proxy = 127.0.0.1\ntrusted_proxy_headers = x-forwarded-for"
    with serve(tmp_path, geoip_database, proxy) as (port, _):
        status, _, body = get(port, "/api/ip", headers={"X-Forwarded-For": "2001:218::5"})
    assert status == 200
    assert orjson.loads(body)["client_ip"] == "2001:218::5"
    assert orjson.loads(body)["timezone"] == "Asia/Tokyo"


@pytest.mark.parametrize("proxy", ["", "trusted_proxy = 192.0.2.1\ntrusted_proxy_headers = x-forwarded-for"])
def test_an_untrusted_peers_forwarded_header_is_ignored(tmp_path, geoip_database, proxy):
    with serve(tmp_path, geoip_database, proxy) as (port, _):
        status, _, body = get(port, "/api/ip.txt", headers={"X-Forwarded-For": "81.2.69.142"})
    assert status == 404
    assert body == b"127.0.0.1 is a proxy's address, not the caller's: it has no location (the server's operator can set trusted_proxy)"


def test_a_zone_id_with_a_line_break_cannot_forge_a_text_line(testapp):
    response = testapp.get("/api/ip/fe80::1%25eth0%0d%0aunixtime:%200.txt", status=400)
    assert response.text == "malformed ip" and "\n" not in response.text
