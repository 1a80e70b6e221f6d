"""`locale` on the routes that show a zone: a `localized` object from CLDR; without it, the answers as before."""
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import FIXED_NS, ROOT
from timesvc.domain.localized import LOADED_LOCALES, LOCALES_HELD, localized, parse_locale

PARIS_NOW_FR = {
    "locale": "fr",
    "specific_name": "heure normale d’Europe centrale",
    "generic_name": "heure d’Europe centrale",
    "exemplar_city": "Paris",
    "datetime_full": "dimanche 29 mars 2026, 01:30:00 heure normale d’Europe centrale",
    "datetime_medium": "29 mars 2026, 01:30:00",
}
# The answers of main before `locale` existed (same frozen clock; posix_tz and posix_tz_until came later, issue 23):
# without it they stay these bytes.
BEFORE = {
    "/time?tz=Europe/Paris": '{"time":1774744200.1234567,"unixtime":1774744200,"unixtime_ns":1774744200123456789,"utc_datetime":"2026-03-29T00:30:00.123456Z","timezone":"Europe/Paris","datetime":"2026-03-29T01:30:00.123456+01:00","utc_offset":"+01:00","utc_offset_seconds":3600,"raw_offset":3600,"dst_offset":0,"dst":false,"abbreviation":"CET","day_of_week":7,"day_of_year":88,"week_number":13,"previous_transition":"2025-10-26T01:00:00Z","next_transition":"2026-03-29T01:00:00Z","posix_tz":"CET-1CEST,M3.5.0,M10.5.0/3","posix_tz_until":null,"tzdata_version":"$version","zone_source":"tz","clock":{"synchronized":true,"max_error":0.002,"est_error":0.0005,"earliest":1774744200.1214566,"latest":1774744200.1254568}}',
    "/timezones/Europe/Paris?count=2": '{"time":1774744200.1234567,"unixtime":1774744200,"unixtime_ns":1774744200123456789,"utc_datetime":"2026-03-29T00:30:00.123456Z","timezone":"Europe/Paris","datetime":"2026-03-29T01:30:00.123456+01:00","utc_offset":"+01:00","utc_offset_seconds":3600,"raw_offset":3600,"dst_offset":0,"dst":false,"abbreviation":"CET","day_of_week":7,"day_of_year":88,"week_number":13,"previous_transition":"2025-10-26T01:00:00Z","next_transition":"2026-03-29T01:00:00Z","posix_tz":"CET-1CEST,M3.5.0,M10.5.0/3","posix_tz_until":null,"tzdata_version":"$version","transitions":[{"at":"2026-03-29T01:00:00Z","utc_offset":"+02:00","utc_offset_seconds":7200,"abbreviation":"CEST","dst":true},{"at":"2026-10-25T01:00:00Z","utc_offset":"+01:00","utc_offset_seconds":3600,"abbreviation":"CET","dst":false}],"country_codes":["FR","MC"],"coordinates":{"latitude":48.8667,"longitude":2.3333},"comment":null}',
    "/convert?time=2026-03-29T02:30&from=Europe/Paris&to=Asia/Tokyo&nonexistent=shift_forward": '{"from":{"timezone":"Europe/Paris","datetime":"2026-03-29T03:00:00.000000+02:00","utc_offset":"+02:00","utc_offset_seconds":7200,"raw_offset":3600,"dst_offset":3600,"dst":true,"abbreviation":"CEST","day_of_week":7,"day_of_year":88,"week_number":13,"previous_transition":"2026-03-29T01:00:00Z","next_transition":"2026-10-25T01:00:00Z"},"to":{"timezone":"Asia/Tokyo","datetime":"2026-03-29T10:00:00.000000+09:00","utc_offset":"+09:00","utc_offset_seconds":32400,"raw_offset":32400,"dst_offset":0,"dst":false,"abbreviation":"JST","day_of_week":7,"day_of_year":88,"week_number":13,"previous_transition":"1951-09-08T15:00:00Z","next_transition":null},"unixtime":1774746000,"utc_datetime":"2026-03-29T01:00:00.000000Z"}',
}


@pytest.mark.parametrize("target", sorted(BEFORE))
def test_without_locale_the_answers_are_the_bytes_they_were(testapp, catalogue, target):
    assert testapp.get(target).body.decode() == BEFORE[target].replace("$version", catalogue.version)


@pytest.mark.parametrize("target", ["/time?tz=Europe/Paris", "/timezones/Europe/Paris"])
def test_time_and_a_zone_add_localized_and_nothing_else(testapp, target):
    without = testapp.get(target).json
    body = testapp.get(target + "&locale=fr" if "?" in target else target + "?locale=fr").json
    assert body.pop("localized") == PARIS_NOW_FR and body == without


def test_convert_localizes_both_zones_at_the_instant(testapp, catalogue):
    body = testapp.get("/convert", params={"time": "2026-07-01T12:00", "from": "Europe/Paris", "to": "America/Sao_Paulo", "locale": "pt-BR"}).json
    instant = body["unixtime"] * 1_000_000_000
    assert body["from"]["localized"]["specific_name"] == "Horário de Verão da Europa Central"  # July: summer time
    assert body["to"]["localized"] == localized(catalogue.zone("America/Sao_Paulo"), parse_locale("pt-BR"), instant)


def test_the_world_clock_localizes_every_zone(testapp, catalogue):
    zones = testapp.get("/worldclock", params={"tz": "Asia/Tokyo,Asia/Kolkata", "locale": "ja"}).json["zones"]
    assert [zone["localized"]["exemplar_city"] for zone in zones] == ["東京", "コルカタ"]
    assert zones[1]["localized"] == localized(catalogue.zone("Asia/Kolkata"), parse_locale("ja"), FIXED_NS)


def test_calculate_and_difference_localize_the_times_they_show(testapp):
    result = testapp.get("/calculate", params={"time": "2026-03-28T12:00", "tz": "Europe/Paris", "add": "P1D", "locale": "fr"}).json
    assert result["localized"]["datetime_full"] == "dimanche 29 mars 2026, 12:00:00 heure d’été d’Europe centrale"
    measured = testapp.get("/difference", params={"start": "2026-03-28T12:00", "end": "2026-03-29T12:00", "tz": "Europe/Paris", "locale": "fr"}).json
    assert [measured[end]["localized"]["specific_name"] for end in ("start", "end")] == ["heure normale d’Europe centrale", "heure d’été d’Europe centrale"]


def test_a_tag_is_read_in_any_case_and_answered_as_cldr_names_it(testapp):
    assert testapp.get("/time?tz=Asia/Taipei&locale=ZH_tw").json["localized"]["locale"] == "zh-Hant-TW"


@pytest.mark.parametrize(
    "tag, words",
    [
        ("fr-US", "locale 'fr-US' is not a language with CLDR data; did you mean 'fr'?"),
        ("qq", "locale 'qq' is not a language with CLDR data; use a BCP 47 tag such as en, fr, ja or pt-BR"),
        ("é", "locale 'é' is not a BCP 47 language tag: use for example en, fr or pt-BR"),
    ],
)
def test_an_unknown_locale_is_a_400_suggesting_a_close_one(testapp, tag, words):
    for target in ("/time", "/timezones/UTC", "/convert?time=0", "/worldclock?tz=UTC", "/calculate?time=0&add=P1D", "/difference?start=0&end=1"):
        [refused] = testapp.get(target, params={"locale": tag}, status=400).json["errors"]
        assert refused == {"location": "querystring", "name": "locale", "description": words}, target


def test_a_locale_is_given_once_not_empty_and_echoed_at_most_100_characters(testapp):
    assert testapp.get("/time?locale=", status=400).json["errors"][0]["description"].startswith("is empty")
    assert testapp.get("/time?locale=fr&locale=ja", status=400).json["errors"][0]["description"].startswith("is given 2 times")
    [refused] = testapp.get("/time", params={"locale": "x" * 5000}, status=400).json["errors"]
    assert "x" * 101 not in refused["description"] and len(refused["description"]) < 200


def test_every_locale_the_openapi_document_lists_is_accepted(testapp):
    tags = testapp.get("/openapi.json").json["components"]["schemas"]["Locale"]["enum"]
    assert {"fr", "pt-BR", "ja", "zh-Hant-TW"} <= set(tags) and len(tags) > 500
    answered = {tag: testapp.get("/time", params={"tz": "Europe/Paris", "locale": tag}).json["localized"]["locale"] for tag in tags}
    assert answered == {tag: tag for tag in tags}
    assert len(LOADED_LOCALES) <= LOCALES_HELD  # each answered, few kept


@pytest.mark.parametrize(
    "target, names",
    [
        ("/time?tz=Etc/UTC&locale=de", ("Koordinierte Weltzeit", "Koordinierte Weltzeit", None)),
        ("/timezones/EST5EDT?locale=fr", ("heure d’été de l’Est nord-américain", "heure de l’Est nord-américain", None)),
        ("/worldclock?tz=Etc/GMT%2B5&locale=ja", ("GMT-05:00", "GMT-05:00", None)),
        ("/time?tz=Europe/Paris&locale=ja", ("中央ヨーロッパ標準時", "中央ヨーロッパ時間", "パリ")),
    ],
)
def test_zones_of_no_place_are_named_as_people_write_them(testapp, target, names):
    body = testapp.get(target).json
    answer = (body["zones"][0] if "zones" in body else body)["localized"]
    assert (answer["specific_name"], answer["generic_name"], answer["exemplar_city"]) == names


# Requests without locale on every route that takes one; then one with it.
WITHOUT_BABEL = textwrap.dedent("""
    import sys
    import webtest
    from pyramid.paster import get_appsettings
    from timesvc import main

    app = webtest.TestApp(main({}, **get_appsettings("testing.ini")))
    for target in ("/time", "/time?tz=Europe/Paris", "/timezones/Europe/Paris", "/convert?time=0&to=Asia/Tokyo",
                   "/worldclock?tz=UTC,Asia/Tokyo", "/calculate?time=0&add=P1M", "/difference?start=0&end=1",
                   "/timezones/Europe/Paris/transitions", "/"):
        app.get(target, status=200)
    print(sorted(name for name in sys.modules if name.split(".")[0] == "babel"))
    app.get("/time?locale=fr", status=200)
    print("babel" in sys.modules)
""")


def test_babel_is_imported_only_once_a_request_gives_a_locale():
    ran = subprocess.run([sys.executable, "-c", WITHOUT_BABEL], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert ran.stdout.split("\n")[:2] == ["[]", "True"]
