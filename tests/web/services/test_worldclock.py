"""GET /worldclock: one instant in several zones, in the order asked, every unknown name in one 400."""
from tests.conftest import FIXED_NS
from timesvc.web.services.worldclock import MAX_ZONES


def errors(testapp, query: str) -> list[dict]:
    return testapp.get("/worldclock?" + query, status=400).json["errors"]


def test_every_zone_at_one_instant_in_the_order_asked(testapp, catalogue):
    body = testapp.get("/worldclock?tz=Europe/Paris,Asia/Tokyo,America/New_York").json
    assert body == {
        "time": FIXED_NS / 1e9,
        "unixtime": FIXED_NS // 10**9,
        "unixtime_ns": FIXED_NS,
        "utc_datetime": "2026-03-29T00:30:00.123456Z",
        "tzdata_version": catalogue.version,
        "zones": [
            {**catalogue.zone(name).describe(FIXED_NS), "posix_tz": posix, "posix_tz_until": None}
            for name, posix in (("Europe/Paris", "CET-1CEST,M3.5.0,M10.5.0/3"), ("Asia/Tokyo", "JST-9"), ("America/New_York", "EST5EDT,M3.2.0,M11.1.0"))
        ],
    }


def test_each_zone_answers_what_time_answers_for_it(testapp):
    zone = testapp.get("/worldclock?tz=Australia/Lord_Howe").json["zones"][0]
    alone = testapp.get("/time?tz=Australia/Lord_Howe").json
    assert zone == {name: alone[name] for name in zone}
    assert {"clock", "time", "unixtime", "tzdata_version"} & zone.keys() == set()


def test_aliases_letter_case_and_spaces_around_names_answer_canonical_names(testapp):
    zones = testapp.get("/worldclock", params={"tz": "europe/kiev , US/Eastern,UTC"}).json["zones"]
    assert [zone["timezone"] for zone in zones] == ["Europe/Kyiv", "America/New_York", "Etc/UTC"]


def test_a_zone_asked_twice_is_answered_twice(testapp):
    zones = testapp.get("/worldclock?tz=Asia/Tokyo,Europe/Paris,Asia/Tokyo").json["zones"]
    assert [zone["timezone"] for zone in zones] == ["Asia/Tokyo", "Europe/Paris", "Asia/Tokyo"]


def test_every_unknown_name_is_reported_in_one_400(testapp):
    found = errors(testapp, "tz=Europe/Pariss,Asia/Tokyo,Nowhere/Atlantis")
    assert found == [
        {"location": "querystring", "name": "tz", "description": "unknown time zone 'Europe/Pariss'; did you mean 'Europe/Paris'?"},
        {"location": "querystring", "name": "tz", "description": "unknown time zone 'Nowhere/Atlantis'; GET /timezones lists the known names"},
    ]


def test_unknown_names_are_echoed_at_most_100_characters_each(testapp):
    found = errors(testapp, "tz=" + ",".join(["x" * 300] * MAX_ZONES))
    assert len(found) == MAX_ZONES and all("x" * 101 not in each["description"] and len(each["description"]) < 200 for each in found)


def test_up_to_the_maximum_number_of_zones_is_answered(testapp):
    assert len(testapp.get("/worldclock?tz=" + ",".join(["UTC"] * MAX_ZONES)).json["zones"]) == MAX_ZONES
    [refused] = errors(testapp, "tz=" + ",".join(["UTC"] * (MAX_ZONES + 1)))
    assert refused["description"] == f"names {MAX_ZONES + 1} zones: ask for at most {MAX_ZONES} at a time"


def test_an_empty_name_in_the_list_is_a_400_saying_which(testapp):
    for query, position in (("tz=UTC,,Asia/Tokyo", "zone 2 of 3"), ("tz=UTC,", "zone 2 of 2"), ("tz=%20", "zone 1 of 1")):
        [refused] = errors(testapp, query)
        assert refused["name"] == "tz" and refused["description"].startswith(position + " is empty"), query


def test_tz_is_required_given_once_and_not_empty(testapp):
    assert "tz is required" in errors(testapp, "")[0]["description"]
    assert errors(testapp, "tz=")[0]["description"].startswith("zone 1 of 1 is empty")
    repeated = errors(testapp, "tz=UTC&tz=Asia/Tokyo")[0]["description"]
    assert repeated.startswith("is given 2 times: give it once") and "separate the zones with commas" in repeated


def test_the_world_clock_is_never_cached(testapp):
    assert testapp.get("/worldclock?tz=UTC").headers["Cache-Control"] == "no-store"


def test_the_time_route_points_a_repeated_tz_here(testapp):
    [refused] = testapp.get("/time?tz=UTC&tz=Asia/Tokyo", status=400).json["errors"]
    assert "GET /worldclock?tz=Europe/Paris,Asia/Tokyo" in refused["description"]
    testapp.get("/worldclock?tz=Europe/Paris,Asia/Tokyo", status=200)  # and the route it points to answers
