"""Localized zone names and date-times from CLDR through Babel, with the variant from timesvc's own data."""
import gc
import random
import string
import tracemalloc
from pathlib import Path

import pytest
from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global

from tests.support.node import call_js
from timesvc.domain.errors import InvalidInput
from timesvc.domain.localized import LOADED_LOCALES, LOCALES_HELD, LoadedLocales, language_tag, localized, parse_locale, resolve_tag

JANUARY = 1_767_268_800 * 10**9  # 2026-01-01T12:00:00Z
JULY = 1_782_907_200 * 10**9  # 2026-07-01T12:00:00Z


def names(catalogue, zone, tag, at):
    return localized(catalogue.zone(zone), parse_locale(tag), at)


def test_french_names_for_paris_in_winter(catalogue):
    assert names(catalogue, "Europe/Paris", "fr", JANUARY) == {
        "locale": "fr",
        "specific_name": "heure normale d’Europe centrale",
        "generic_name": "heure d’Europe centrale",
        "exemplar_city": "Paris",
        "datetime_full": "jeudi 1 janvier 2026, 13:00:00 heure normale d’Europe centrale",
        "datetime_medium": "1 janv. 2026, 13:00:00",
    }


def test_summer_takes_the_daylight_name(catalogue):
    summer = names(catalogue, "Europe/Paris", "fr", JULY)
    assert summer["specific_name"] == "heure d’été d’Europe centrale"
    assert summer["datetime_full"].endswith("14:00:00 heure d’été d’Europe centrale")


def test_brazilian_portuguese_and_japanese(catalogue):
    sao_paulo = names(catalogue, "America/Sao_Paulo", "pt-BR", JANUARY)
    assert (sao_paulo["locale"], sao_paulo["specific_name"], sao_paulo["exemplar_city"]) == ("pt-BR", "Horário Padrão de Brasília", "São Paulo")
    tokyo = names(catalogue, "Asia/Tokyo", "ja", JULY)
    assert (tokyo["specific_name"], tokyo["generic_name"], tokyo["exemplar_city"]) == ("日本標準時", "日本時間", "東京")
    assert tokyo["datetime_medium"] == "2026/07/01 21:00:00"


@pytest.mark.parametrize("at, expected", [(JANUARY, "Greenwich Mean Time"), (JULY, "Irish Standard Time")])
def test_dublin_negative_dst_still_names_summer_as_cldr_does(catalogue, at, expected):
    # tzdata marks Dublin's winter GMT as a negative DST; CLDR's daylight name is the summer one.
    assert catalogue.zone("Europe/Dublin").describe(JANUARY)["dst"] is True
    assert names(catalogue, "Europe/Dublin", "en", at)["specific_name"] == expected


def test_lord_howe_daylight_in_the_southern_summer(catalogue):
    assert names(catalogue, "Australia/Lord_Howe", "en", JANUARY)["specific_name"] == "Lord Howe Daylight Time"
    assert names(catalogue, "Australia/Lord_Howe", "en", JULY)["specific_name"] == "Lord Howe Standard Time"


def test_the_full_date_time_carries_the_specific_name(catalogue):
    for zone in ("America/New_York", "Europe/Dublin", "Australia/Lord_Howe", "Asia/Kolkata"):
        for at in (JANUARY, JULY):
            answer = names(catalogue, zone, "en", at)
            assert answer["datetime_full"].endswith(answer["specific_name"]), (zone, at)


def test_every_zone_has_english_names_and_a_city_where_it_is_a_place(catalogue):
    english = parse_locale("en")
    for name in catalogue.names:
        answer = localized(catalogue.zone(name), english, JANUARY)
        placeless = name.startswith("Etc/") or "/" not in name  # Etc/UTC, Etc/GMT+5, EST5EDT
        assert all(value for key, value in answer.items() if key != "exemplar_city"), name
        assert (answer["exemplar_city"] is None) == placeless, (name, answer["exemplar_city"])


@pytest.mark.parametrize(
    "zone, tag, specific, generic",
    [
        ("Etc/UTC", "en", "Coordinated Universal Time", "Coordinated Universal Time"),
        ("Etc/UTC", "de", "Koordinierte Weltzeit", "Koordinierte Weltzeit"),
        ("Etc/UTC", "fr", "temps universel coordonné", "temps universel coordonné"),
        ("Etc/UTC", "ja", "協定世界時", "協定世界時"),
        ("Etc/GMT", "de", "Mittlere Greenwich-Zeit", "Mittlere Greenwich-Zeit"),
        ("EST5EDT", "de", "Nordamerikanische Ostküsten-Normalzeit", "Nordamerikanische Ostküstenzeit"),
        ("EST5EDT", "fr", "heure normale de l’Est nord-américain", "heure de l’Est nord-américain"),
        ("EST5EDT", "ja", "米国東部標準時", "米国東部時間"),
        ("Etc/GMT+5", "en", "GMT-05:00", "GMT-05:00"),
        ("Etc/GMT+5", "fr", "UTC-05:00", "UTC-05:00"),
        ("Etc/GMT-14", "ja", "GMT+14:00", "GMT+14:00"),
        ("Antarctica/Troll", "en", "Greenwich Mean Time", "Troll Station Time"),
        ("Antarctica/Troll", "de", "Mittlere Greenwich-Zeit", "Troll (Ortszeit)"),
    ],
)
def test_zones_in_no_country_get_names_a_person_would_write(catalogue, zone, tag, specific, generic):
    answer = names(catalogue, zone, tag, JANUARY)
    assert (answer["specific_name"], answer["generic_name"]) == (specific, generic)
    assert answer["datetime_full"].endswith(specific)


def _unreadable(locale) -> list[str]:
    """What Babel's last-resort names are made of, in the locale's own words: "Unknown Region (", "world (", "Unknown City"."""
    fallback = locale.zone_formats["fallback"]
    regions = [(fallback % {"1": locale.territories[code], "0": "\0"}).split("\0")[0] for code in ("ZZ", "001")]
    return regions + [locale.time_zones["Etc/Unknown"]["city"]]


@pytest.mark.parametrize("tag", ["en", "de", "fr", "ja", "ar", "zh-Hant-TW", "ru", "hi"])
def test_no_zone_is_named_as_an_unknown_region_the_world_or_its_raw_id(catalogue, tag):
    locale = parse_locale(tag)
    unreadable = _unreadable(locale)
    found = []
    for name in catalogue.names:
        last = name.rpartition("/")[2]
        raw = [name] + ([f"({last})", f"（{last}）", last] if name.startswith("Etc/") or "/" not in name else [])
        for at in (JANUARY, JULY):
            answer = localized(catalogue.zone(name), locale, at)
            texts = [answer[key] for key in ("specific_name", "generic_name", "datetime_full")] + [answer["exemplar_city"] or ""]
            found += [(name, text) for text in texts if any(part in text for part in unreadable + raw)]
    assert found == []


ICU = Path(__file__).resolve().parents[1] / "support" / "icu_names.js"
TAGS = ("en", "de", "fr", "ja", "es", "zh-Hant-TW")
SYSTEM_V = {"EST5EDT": "America/New_York", "CST6CDT": "America/Chicago", "MST7MDT": "America/Denver", "PST8PDT": "America/Los_Angeles"}


def icu_names(calls: list[list]) -> list[str]:
    # ICU writes U+2212 for minus where Babel writes "-".
    return [name.replace("\u2212", "-") for name in call_js(ICU, "zoneName", calls)]


def test_offset_zones_are_named_in_the_locales_gmt_format_as_icu_names_them(catalogue):
    zones = ["Etc/GMT+5", "Etc/GMT-14", "Etc/GMT+12", "Etc/GMT-5"]
    calls = [[zone, tag, JANUARY // 10**6, style] for tag in TAGS for zone in zones for style in ("long", "longGeneric")]
    ours = [names(catalogue, zone, tag, JANUARY)[key] for tag in TAGS for zone in zones for key in ("specific_name", "generic_name")]
    assert ours == icu_names(calls)


def test_system_v_zones_are_named_as_the_zone_icu_names_them_after(catalogue):
    # Compared zone with zone, not text with text: ICU's CLDR release may word a name differently.
    calls = [[zone, tag, at // 10**6, style] for zone in SYSTEM_V for tag in TAGS for at in (JANUARY, JULY) for style in ("long", "longGeneric")]
    after = [[SYSTEM_V[zone], *rest] for zone, *rest in calls]
    icu = icu_names(calls + after)
    assert icu[: len(calls)] == icu[len(calls) :]  # ICU: EST5EDT is named as America/New_York
    for (zone, tag, epoch_ms, style), (golden, *_) in zip(calls, after):
        key = "specific_name" if style == "long" else "generic_name"
        assert names(catalogue, zone, tag, epoch_ms * 10**6)[key] == names(catalogue, golden, tag, epoch_ms * 10**6)[key], (zone, tag, style)


@pytest.mark.parametrize("tag, expected", [("pt-BR", "pt-BR"), ("PT-br", "pt-BR"), ("en_GB", "en-GB"), ("zh-TW", "zh-Hant-TW"), ("en-US-u-ca-gregory", "en-US")])
def test_bcp47_tags_are_read_in_any_case(tag, expected):
    assert language_tag(parse_locale(tag)) == expected


@pytest.mark.parametrize(
    "tag, message",
    [
        ("fr-XX", "did you mean 'fr'?"),
        ("pt-BRR", "did you mean 'pt'?"),
        ("xx", "use a BCP 47 tag such as en, fr, ja or pt-BR"),
        ("", "is not a BCP 47 language tag"),
        ("x" * 500, "is not a BCP 47 language tag"),
        ("fr\u00e9", "is not a BCP 47 language tag"),
        ("fr.UTF-8", "is not a BCP 47 language tag"),
        (None, "is not a BCP 47 language tag"),
    ],
)
def test_unknown_locales_are_refused_with_a_close_match_where_there_is_one(tag, message):
    with pytest.raises(InvalidInput) as refused:
        parse_locale(tag)
    assert refused.value.name == "locale"
    assert message in refused.value.description
    assert len(refused.value.description) < 200


def babel_resolves(tag: str) -> str | None:
    try:
        return str(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError):
        return None


def test_tags_resolve_to_the_locale_babel_would_pick():
    rng = random.Random(1)
    identifiers = sorted(localedata.locale_identifiers())
    languages = rng.sample(sorted({identifier.split("_")[0] for identifier in identifiers}), 40)
    tags = [identifier.replace("_", "-") for identifier in identifiers] + [identifier.lower() for identifier in identifiers[::9]]
    tags += [key.replace("_", "-") for key in list(get_global("likely_subtags"))[::10]] + list(get_global("language_aliases"))[::8]
    tags += [f"{language}-{region}" for language in languages for region in ("US", "TW", "BR", "419", "001", "ZZ", "RS", "XK", "QQ")]
    tags += [f"{language}-{script}-{region}" for language in ("zh", "sr", "uz", "pa") for script in ("Latn", "Hant", "Cyrl", "Arab", "Zzzz") for region in ("TW", "RS", "PK", "US")]
    tags += ["en-" + "".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(50)] + ["fr-CA-abcdef", "pt-BRR", "xx", "i-klingon"]
    assert [resolve_tag(tag) for tag in tags] == [babel_resolves(tag) for tag in tags]


def test_unknown_tags_leave_nothing_behind_in_babel():
    # Babel's own Locale.parse would keep each of these in localedata.exists' cache (22 MB for 200,000).
    before = localedata.exists.cache_info().currsize
    rng = random.Random(2)
    for _ in range(20_000):
        assert language_tag(parse_locale("en-" + "".join(rng.choices(string.ascii_lowercase, k=8)))) == "en"
    assert localedata.exists.cache_info().currsize <= before + 1  # "en" itself


def test_at_most_the_bound_of_locales_is_held_and_every_one_is_answered():
    loaded = LoadedLocales(limit=3)
    for identifier in ("fr", "de", "ja", "pt_BR", "fr", "zh_Hant_TW", "ja"):
        assert str(loaded.get(identifier)) == identifier
        assert len(loaded) <= 3
    assert loaded.get("ja") is loaded.get("ja")


def test_cycling_through_languages_holds_at_most_the_bound_in_bytes(catalogue):
    # One locale of each of 64 languages: about 1 MB each were they all kept (tracemalloc: 64+ MB).
    per_language = {}
    for identifier in sorted(localedata.locale_identifiers()):
        per_language.setdefault(identifier.split("_")[0], identifier)
    tags = [identifier.replace("_", "-") for identifier in list(per_language.values())[: 4 * LOCALES_HELD]]
    paris = catalogue.zone("Europe/Paris")
    gc.collect()
    tracemalloc.start()
    try:
        for tag in tags:
            localized(paris, parse_locale(tag), JANUARY)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(LOADED_LOCALES) <= LOCALES_HELD
    assert held < LOCALES_HELD * 1_600_000  # 1.6 MB a locale: more than a language and its region take
