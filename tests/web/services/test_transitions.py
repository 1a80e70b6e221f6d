"""GET /timezones/{name}/transitions: a zone's transitions in a range, paged with `next`, its work bounded."""
from datetime import datetime, timezone

import pytest

from timesvc.web.services.transitions import RULE_YEARS_PER_ANSWER

PARIS = "/timezones/Europe/Paris/transitions"


def year(value: int) -> int:
    return int(datetime(value, 1, 1, tzinfo=timezone.utc).timestamp())


def listed(body) -> list[str]:
    return [transition["at"] for transition in body["transitions"]]


def test_a_year_of_paris_from_a_given_instant(testapp, catalogue):
    body = testapp.get(PARIS, params={"from": "2026-01-01T00:00:00Z", "to": "2027-01-01T00:00:00+00:00"}).json
    assert body == {
        "timezone": "Europe/Paris",
        "from": "2026-01-01T00:00:00.000000Z",
        "to": "2027-01-01T00:00:00.000000Z",
        "transitions": [
            {"at": "2026-03-29T01:00:00Z", "utc_offset": "+02:00", "utc_offset_seconds": 7200, "abbreviation": "CEST", "dst": True},
            {"at": "2026-10-25T01:00:00Z", "utc_offset": "+01:00", "utc_offset_seconds": 3600, "abbreviation": "CET", "dst": False},
        ],
        "next": None,
        "tzdata_version": catalogue.version,
    }


def test_by_default_from_now_for_a_year(testapp):
    body = testapp.get(PARIS).json  # the clock is frozen half an hour before Paris springs forward
    assert (body["from"], body["to"]) == ("2026-03-29T00:30:00.123456Z", "2027-03-29T00:30:00.123456Z")
    assert listed(body) == ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2027-03-28T01:00:00Z"]


def test_a_year_after_29_february_ends_on_28_february_and_after_9999_at_its_end(testapp):
    assert testapp.get(PARIS, params={"from": "2024-02-29T12:00:00Z"}).json["to"] == "2025-02-28T12:00:00.000000Z"
    assert testapp.get(PARIS, params={"from": "9999-06-01T00:00:00Z"}).json["to"] == "9999-12-31T23:59:59.999999Z"


def test_the_range_is_half_open_and_takes_unix_seconds(testapp):
    at = 1774746000  # 2026-03-29T01:00:00Z
    assert listed(testapp.get(PARIS, params={"from": str(at), "to": str(at + 1)}).json) == ["2026-03-29T01:00:00Z"]
    assert listed(testapp.get(PARIS, params={"from": str(at - 3600), "to": str(at)}).json) == []
    assert listed(testapp.get(PARIS, params={"from": f"{at}.000000001", "to": str(at + 3600)}).json) == []


def test_following_next_pages_through_the_whole_range(testapp):
    whole = testapp.get(PARIS, params={"from": "1970-01-01T00:00Z", "to": "2030-01-01T00:00Z"}).json
    assert whole["next"] is None and len(whole["transitions"]) > 100
    pages, link = [], f"{PARIS}?from=1970-01-01T00:00Z&to=2030-01-01T00:00Z&limit=7"
    while link:
        page = testapp.get(link).json
        assert len(page["transitions"]) <= 7
        pages.extend(page["transitions"])
        link = page["next"]
    assert pages == whole["transitions"]


def test_next_is_a_path_with_the_query_to_continue(testapp):
    body = testapp.get(PARIS, params={"from": "2026-01-01T00:00Z", "to": "2027-01-01T00:00Z", "limit": "1"}).json
    assert body["next"] == f"{PARIS}?from=1774746001&to={year(2027)}&limit=1"
    assert listed(testapp.get(body["next"]).json) == ["2026-10-25T01:00:00Z"]


def test_an_answer_computes_a_bounded_number_of_rule_years_whatever_the_range(testapp, catalogue):
    zone = catalogue.zone("America/New_York")
    zone._rule_year.cache_clear()
    body = testapp.get("/timezones/America/New_York/transitions", params={"from": "0001-01-01T00:00Z", "to": "9999-12-31T23:59:59Z"}).json
    assert zone._rule_year.cache_info().misses <= RULE_YEARS_PER_ANSWER
    assert body["next"] is not None and len(body["transitions"]) < 1000  # bounded by the rule years, not the limit


def test_far_future_pages_stop_at_a_year_start_and_continue_from_there(testapp):
    body = testapp.get(PARIS, params={"from": "3000-01-01T00:00Z", "to": "3500-01-01T00:00Z"}).json
    assert len(body["transitions"]) == 2 * RULE_YEARS_PER_ANSWER
    resumed = testapp.get(body["next"]).json
    assert resumed["from"] == f"{3000 + RULE_YEARS_PER_ANSWER}-01-01T00:00:00.000000Z" and resumed["transitions"]


def test_a_zone_without_dst_answers_its_few_transitions_in_one_page(testapp):
    body = testapp.get("/timezones/Asia/Tokyo/transitions", params={"from": "0001-01-01T00:00Z", "to": "9999-12-31T23:59:59Z"}).json
    assert body["next"] is None and len(body["transitions"]) == 9


def test_aliases_answer_the_canonical_zone(testapp):
    assert testapp.get("/timezones/europe/kiev/transitions").json["timezone"] == "Europe/Kyiv"


def test_the_route_does_not_swallow_or_get_swallowed_by_the_zone_route(testapp):
    assert testapp.get("/timezones/Europe/Paris").json["timezone"] == "Europe/Paris"
    assert testapp.get("/timezones/America/Argentina/Buenos_Aires/transitions").json["timezone"] == "America/Argentina/Buenos_Aires"
    missing = testapp.get("/timezones/transitions", status=404).json["errors"][0]
    assert (missing["name"], missing["description"]) == ("name", "unknown time zone 'transitions'; GET /timezones lists the known names")


def test_an_unknown_zone_is_a_404_naming_it(testapp):
    [missing] = testapp.get("/timezones/Nowhere/Atlantis/transitions", status=404).json["errors"]
    assert (missing["location"], missing["name"]) == ("path", "name") and "'Nowhere/Atlantis'" in missing["description"]


@pytest.mark.parametrize(
    "params, name, words",
    [
        ({"from": "2026-01-01T00:00"}, "from", "has no UTC offset"),
        ({"from": "2026-01-01T00:00Z", "to": "2027-01-01"}, "to", "has no UTC offset"),
        ({"from": "2026-01-01T00:00Z", "to": "2025-01-01T00:00Z"}, "to", "is before from"),
        ({"from": "2026-02-30T00:00Z"}, "from", "not a valid date"),
        ({"limit": "0"}, "limit", "out of range"),
        ({"limit": "1001"}, "limit", "out of range"),
    ],
)
def test_bad_ranges_are_400s_naming_the_parameter(testapp, params, name, words):
    [refused] = testapp.get(PARIS, params=params, status=400).json["errors"]
    assert refused["name"] == name and words in refused["description"]
