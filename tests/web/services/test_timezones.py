import pytest

from tests.conftest import FIXED_NS


def test_lists_canonical_names_sorted(testapp, catalogue):
    body = testapp.get("/timezones").json
    assert body["tzdata_version"] == catalogue.version
    assert body["timezones"] == catalogue.names
    assert "Europe/Kiev" not in body["timezones"]


@pytest.mark.parametrize("prefix", ["Europe/L", "europe/l", "EUROPE/l"])
def test_prefix_filters_the_list_in_any_letter_case(testapp, prefix):
    names = testapp.get("/timezones", params={"prefix": prefix}).json["timezones"]
    assert names == ["Europe/Lisbon", "Europe/Ljubljana", "Europe/London", "Europe/Luxembourg"]


def test_prefix_folds_ascii_letters_only(testapp):
    # As zone names: the Kelvin sign (U+212A) lowers to k, but is no K.
    assert testapp.get("/timezones", params={"prefix": "Asia/\u212aolkata"}).json["timezones"] == []


def test_etag_answers_304_when_unchanged(testapp, catalogue):
    response = testapp.get("/timezones")
    etag = response.headers["ETag"]
    assert etag == f'"tzdata-{catalogue.version}"'
    assert testapp.get("/timezones", headers={"If-None-Match": etag}, status=304).body == b""
    testapp.get("/timezones", headers={"If-None-Match": '"tzdata-1999a"'}, status=200)


def test_zone_shows_now_transitions_and_location(testapp):
    body = testapp.get("/timezones/Europe/Paris", params={"count": 3}).json
    assert body["timezone"] == "Europe/Paris" and body["unixtime_ns"] == FIXED_NS
    assert body["transitions"] == [
        {"at": "2026-03-29T01:00:00Z", "utc_offset": "+02:00", "utc_offset_seconds": 7200, "abbreviation": "CEST", "dst": True},
        {"at": "2026-10-25T01:00:00Z", "utc_offset": "+01:00", "utc_offset_seconds": 3600, "abbreviation": "CET", "dst": False},
        {"at": "2027-03-28T01:00:00Z", "utc_offset": "+02:00", "utc_offset_seconds": 7200, "abbreviation": "CEST", "dst": True},
    ]
    assert body["country_codes"] == ["FR", "MC"]
    assert body["coordinates"] == {"latitude": 48.8667, "longitude": 2.3333}


def test_zone_names_with_several_slashes_and_aliases(testapp):
    assert testapp.get("/timezones/America/Argentina/Buenos_Aires").json["comment"] == "Buenos Aires (BA, CF)"
    assert testapp.get("/timezones/us/eastern").json["timezone"] == "America/New_York"


def test_default_count_is_five(testapp):
    assert len(testapp.get("/timezones/America/New_York").json["transitions"]) == 5


def test_zone_without_transitions_lists_none(testapp):
    body = testapp.get("/timezones/Asia/Tokyo").json
    assert body["transitions"] == [] and body["next_transition"] is None


def test_unknown_zone_is_a_404_on_the_path(testapp):
    error = testapp.get("/timezones/Mars/Olympus_Mons", status=404).json
    assert error["errors"][0]["location"] == "path" and error["errors"][0]["name"] == "name"


def test_count_outside_1_to_100_is_a_400(testapp):
    for count in ("0", "101", "many"):
        error = testapp.get("/timezones/Europe/Paris", params={"count": count}, status=400).json
        assert error["errors"][0]["name"] == "count"


def test_an_overlong_zone_name_in_the_path_is_a_400_that_says_why(testapp):
    error = testapp.get("/timezones/" + "A" * 300, status=400).json["errors"][0]
    assert error == {"location": "path", "name": "name", "description": "longer than 200 characters: no zone name is"}
