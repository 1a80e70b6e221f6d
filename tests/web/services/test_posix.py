"""GET /posix: a zone's POSIX TZ string alone, as text whatever the Accept header, its errors one line of text too;
and posix_tz / posix_tz_until on the routes that show a zone now."""
import time
from datetime import datetime

import pytest

from tests.conftest import replaced
from tests.support import newlib_c
from tests.support.glibc_tz import glibc_clocks
from tests.support.pserve import get, pserve
from tests.support.tz_reference import END
from timesvc.location.ipdata import GeoIPUnavailable

DECEMBER = 1796083200 * 10**9  # 2026-12-06T00:00:00Z: Cuba is on -04 (CDT) until 2027-11-07
MARCH = 1805000400 * 10**9  # 2027-03-14T05:00:00Z: Havana's footer starts its DST, and matches the data from then on
HAVANA = {"posix_tz": "CDT4", "posix_tz_until": "2027-11-07T05:00:00Z"}
LOOPBACK = {"REMOTE_ADDR": "127.0.0.2"}


def posix(testapp, query: str = "", status: int = 200, **kw):
    kw.setdefault("extra_environ", LOOPBACK)
    response = testapp.get("/posix" + (f"?{query}" if query else ""), status=status, **kw)
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "\n" not in response.text  # one line, not even ended: newlib reads a newline after JST-9 as a DST name
    return response


def test_a_zone_by_name_answers_its_string_alone_and_the_zone_in_a_header(testapp):
    response = posix(testapp, "tz=Europe/Paris")
    assert response.body == b"CET-1CEST,M3.5.0,M10.5.0/3"
    assert response.headers["X-Timezone"] == "Europe/Paris" and "X-POSIX-TZ-Until" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_a_string_that_stops_matching_says_until_when_and_the_next_answer_takes_over_then(testapp, clock):
    clock.now = DECEMBER
    response = posix(testapp, "tz=cuba")  # an alias: answered by its canonical name
    assert (response.text, response.headers["X-Timezone"], response.headers["X-POSIX-TZ-Until"]) == ("CDT4", "America/Havana", HAVANA["posix_tz_until"])
    clock.now = MARCH
    response = posix(testapp, "tz=America/Havana")
    assert response.text == "CST5CDT,M3.2.0/0,M11.1.0/1" and "X-POSIX-TZ-Until" not in response.headers


@pytest.mark.parametrize(
    "dialect, string",
    [("newlib", "<-02>2<-01>,M3.4.4/71,M10.5.0/0"), ("posix", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"), ("newlib_old", "STD2DST,M3.4.4/71,M10.5.0/0"), ("eztime", "<-02>2<-01>,M3.4.6/71,M10.5.0/0")],
)
def test_each_dialect_gets_the_string_it_reads(testapp, dialect, string):
    assert posix(testapp, f"tz=America/Nuuk&dialect={dialect}").text == string


@pytest.mark.parametrize("accept", [None, "*/*", "text/html", "application/json", "application/json;q=0", "image/png"])
def test_any_accept_header_gets_the_text(testapp, accept):
    headers = {"Accept": accept} if accept else {}
    assert posix(testapp, "tz=Asia/Tokyo", headers=headers).text == "JST-9"


def test_without_a_place_the_caller_on_the_local_network_gets_its_zone(testapp, local_zone):
    response = posix(testapp)
    assert (response.text, response.headers["X-Timezone"]) == ("<+0545>-5:45", "Asia/Kathmandu")


def test_without_a_place_a_caller_elsewhere_gets_its_addresses_zone(testapp, geoip):
    response = posix(testapp, extra_environ={"REMOTE_ADDR": "2001:218::1"})
    assert (response.text, response.headers["X-Timezone"]) == ("JST-9", "Asia/Tokyo")


def test_ip_and_coordinates_choose_the_zone_as_on_time(testapp, geoip, local_zone):
    assert posix(testapp, "ip=81.2.69.160").headers["X-Timezone"] == "Europe/London"
    assert posix(testapp, "ip=me").headers["X-Timezone"] == "Asia/Kathmandu"
    assert posix(testapp, "lat=-33.45&lon=-70.66").headers["X-Timezone"] == "America/Santiago"


@pytest.mark.parametrize(
    "query, status, line",
    [
        ("tz=Europe/Pariss", 400, "tz: unknown time zone 'Europe/Pariss'; did you mean 'Europe/Paris'?"),
        ("tz=Europe/Paris&dialect=glibc", 400, "dialect: 'glibc' is not one of posix, newlib, newlib_old, eztime"),
        ("tz=UTC&ip=81.2.69.160", 400, "ip: give only one of tz, ip, or lat+lon; this request gives tz and ip"),
        ("lat=1", 400, "lon: lat and lon go together: give both, in decimal degrees"),
        ("tz=UTC&tz=Asia/Tokyo", 400, "tz: is given 2 times: give it once; for several zones at one instant, GET /worldclock?tz=Europe/Paris,Asia/Tokyo"),
        ("ip=1.1.1.1", 404, "ip: the GeoIP database has no time zone for 1.1.1.1"),
    ],
)
def test_errors_are_one_line_of_text_naming_the_parameter(testapp, geoip, query, status, line):
    assert posix(testapp, query, status=status).text == line


def test_an_error_echoes_at_most_100_characters_of_what_was_sent(testapp):
    text = posix(testapp, "tz=" + "x" * 150 + "%0Aforged: line", status=400).text
    assert text.startswith("tz: ") and len(text) < 300 and "forged" not in text


def test_a_loopback_caller_without_a_local_zone_has_no_location_said_in_text(testapp, local_zone_off):
    assert posix(testapp, status=404).text == "ip: 127.0.0.2 is a loopback address: it has no location"


def test_damaged_ip_data_is_a_503_in_text(app, testapp):
    class Damaged:
        def zone_name(self, address):
            raise GeoIPUnavailable("the IP data is damaged where 81.2.69.160 would be")

    with replaced(app.registry, "geoip", Damaged()):
        assert posix(testapp, "ip=81.2.69.160", status=503).text == "ip: the IP data is damaged where 81.2.69.160 would be"


def test_a_zone_no_dialect_string_shows_is_a_404_saying_to_ask_another_dialect(app, testapp, catalogue):
    class Unreadable:
        name = "Asia/Kathmandu"

        def posix_fields(self, seconds, dialect):
            return {"posix_tz": None, "posix_tz_until": None}

    with replaced(app.registry, "local_zone", Unreadable()):
        text = posix(testapp, "dialect=eztime", status=404).text
    assert text == "dialect: no POSIX TZ string eztime reads shows Asia/Kathmandu's clocks now; ask with dialect=posix"


def test_other_failures_on_the_route_are_text_too(testapp):
    for response in (testapp.post("/posix", status=405), testapp.get("/posix?tz=%FF", status=400)):
        assert response.content_type == "text/plain" and "\n" not in response.text and not response.text.startswith("{")


# --- the fields on the JSON routes ---


def test_time_carries_the_fields_whatever_chose_the_zone(testapp, clock, geoip, local_zone):
    clock.now = DECEMBER
    cases = [("tz=America/Havana", "tz", HAVANA), ("lat=23.1&lon=-82.4", "coordinates", HAVANA), ("ip=81.2.69.160", "ip", "GMT0BST,M3.5.0/1,M10.5.0")]
    cases += [("ip=me", "local_network", "<+0545>-5:45"), ("", "default", "UTC0")]
    for query, source, expected in cases:
        body = testapp.get(f"/time?{query}", extra_environ=LOOPBACK).json
        fields = {name: body[name] for name in HAVANA}
        assert body["zone_source"] == source
        assert fields == (expected if isinstance(expected, dict) else {"posix_tz": expected, "posix_tz_until": None}), query


def test_timezones_and_each_worldclock_entry_carry_the_fields(testapp, clock):
    clock.now = DECEMBER
    assert {name: testapp.get("/timezones/America/Havana").json[name] for name in HAVANA} == HAVANA
    zones = testapp.get("/worldclock?tz=America/Havana,Asia/Tokyo").json["zones"]
    assert [{name: zone[name] for name in HAVANA} for zone in zones] == [HAVANA, {"posix_tz": "JST-9", "posix_tz_until": None}]


def test_the_fields_are_documented_where_a_zone_is_shown_now_and_nowhere_else(testapp):
    document = testapp.get("/openapi.json").json

    def body(path):
        return document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    for schema in (body("/time"), body("/timezones/{name}"), body("/worldclock")["properties"]["zones"]["items"]):
        assert schema["properties"]["posix_tz_until"] == {"type": ["string", "null"], "format": "date-time", "description": schema["properties"]["posix_tz_until"]["description"]}
        assert {"posix_tz", "posix_tz_until"} <= set(schema["required"])
    assert "posix_tz" not in body("/convert")["properties"]["to"]["properties"]  # an instant, not now
    assert "text/plain" in document["paths"]["/posix"]["get"]["responses"]["400"]["content"]


# --- on a real pserve: the bytes a device gets, read by the C libraries devices use ---


@pytest.fixture(scope="module")
def served():
    with pserve("testing.ini", env={"TIMESVC_LOCAL_TIMEZONE": "Asia/Kathmandu"}) as (port, _):
        yield port


def test_a_device_sending_no_accept_header_from_the_lan_gets_the_local_zones_string(served):
    status, headers, body = get(served, "/posix", source="127.0.0.3")  # http.client sends no Accept
    assert (status, body, headers["X-Timezone"]) == (200, b"<+0545>-5:45", "Asia/Kathmandu")
    assert headers["Content-Type"] == "text/plain; charset=utf-8" and headers["Content-Length"] == str(len(body))
    status, headers, body = get(served, "/posix?tz=nowhere", {"Accept": "*/*"})
    assert (status, headers["Content-Type"], body) == (400, "text/plain; charset=utf-8", b"tz: unknown time zone 'nowhere'; GET /timezones lists the known names")


ZONES = ("Europe/Paris", "Asia/Tokyo", "America/Nuuk", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago")


def _read_as_served(port: int, catalogue, dialect: str, read) -> list:
    """Each zone's /posix body as `read(body text, instants)` shows it, against zoneinfo reading the pinned tzdata: the disagreements."""
    wrong = []
    for name in ZONES:
        status, headers, body = get(port, f"/posix?tz={name}&dialect={dialect}")
        until = headers.get("X-POSIX-TZ-Until")
        stop = int(datetime.fromisoformat(until).timestamp()) if until else END
        instants = [at for at in range(int(time.time()), END, 86400 * 6 + 3600 * 7 + 613) if at < stop]
        reference = catalogue.zone(name).tzinfo
        expected = [(int(datetime.fromtimestamp(at, reference).utcoffset().total_seconds())) for at in instants]
        shown = [offset for offset, _ in read(body.decode("utf-8"), instants)]
        wrong += [(name, body, at) for at, got, want in zip(instants, shown, expected) if got != want]
    return wrong


def test_bodies_read_by_glibc_show_the_tz_datas_offsets(served, catalogue):
    assert _read_as_served(served, catalogue, "newlib", lambda tz, instants: glibc_clocks({tz: instants})[tz]) == []


@pytest.mark.skipif(newlib_c.missing() is not None, reason=str(newlib_c.missing()))
def test_old_newlib_bodies_read_by_newlib_3_3_itself_show_the_tz_datas_offsets(served, catalogue, tmp_path):
    library = newlib_c.build(str(tmp_path))

    def read(tz, instants):
        library.read(tz)
        return [library.local(at) for at in instants]

    assert _read_as_served(served, catalogue, "newlib_old", read) == []
