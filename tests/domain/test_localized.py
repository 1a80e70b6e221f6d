"""Localized zone names and date-times from CLDR through Babel, with the variant from timesvc's own data."""
import pytest

from timesvc.domain.errors import InvalidInput
from timesvc.domain.localized import language_tag, localized, parse_locale

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


def test_every_zone_has_english_names(catalogue):
    english = parse_locale("en")
    for name in catalogue.names:
        answer = localized(catalogue.zone(name), english, JANUARY)
        assert all(answer.values()), name


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
        (None, "is not a BCP 47 language tag"),
    ],
)
def test_unknown_locales_are_refused_with_a_close_match_where_there_is_one(tag, message):
    with pytest.raises(InvalidInput) as refused:
        parse_locale(tag)
    assert refused.value.name == "locale"
    assert message in refused.value.description
    assert len(refused.value.description) < 200
