import pytest

from timesvc.domain.catalogue import PackageSource, SystemSource, UnknownZone, ZoneCatalogue
from timesvc.domain.errors import InvalidInput


@pytest.fixture(scope="module")
def catalogue():
    return ZoneCatalogue(PackageSource())


def test_version_is_the_pinned_packages():
    import tzdata

    assert ZoneCatalogue(PackageSource()).version == tzdata.IANA_VERSION


@pytest.mark.parametrize(
    "given, canonical",
    [
        ("Europe/Paris", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),
        ("ETC/GMT", "Etc/GMT"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("US/Eastern", "America/New_York"),
        ("UTC", "Etc/UTC"),
        ("Europe/Amsterdam", "Europe/Amsterdam"),  # a link in the data, but zone.tab's name for NL
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_names_and_aliases_resolve_to_canonical_names(catalogue, given, canonical):
    assert catalogue.canonical(given) == canonical
    assert catalogue.zone(given).name == canonical


def test_listing_holds_canonical_names_only(catalogue):
    assert catalogue.names == sorted(catalogue.names)
    assert "Europe/Paris" in catalogue.names and "Europe/Kyiv" in catalogue.names
    assert "Europe/Kiev" not in catalogue.names and "US/Eastern" not in catalogue.names
    assert "Factory" not in catalogue.names


def test_every_listed_zone_loads(catalogue):
    for name in catalogue.names:
        assert catalogue.zone(name).name == name


def test_unknown_zone_suggests_a_close_match(catalogue):
    with pytest.raises(UnknownZone, match="did you mean 'Europe/Paris'"):
        catalogue.canonical("Europe/Pariss")


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "/etc/passwd", "Europe/Paris\x00", "x" * 10000, "Europe/../Paris"])
def test_hostile_names_are_unknown_and_echoed_briefly(catalogue, hostile):
    with pytest.raises(InvalidInput) as info:
        catalogue.zone(hostile)
    assert len(info.value.description) < 200
    assert info.value.name == "tz"


def test_zone_is_loaded_once(catalogue):
    assert catalogue.zone("Asia/Tokyo") is catalogue.zone("asia/tokyo")


def test_metadata_comes_from_zone1970_then_zone_tab(catalogue):
    paris = catalogue.metadata("Europe/Paris")
    assert paris["country_codes"] == ["FR", "MC"]
    assert paris["coordinates"] == {"latitude": 48.8667, "longitude": 2.3333}
    assert catalogue.metadata("Europe/Amsterdam")["country_codes"] == ["NL"]
    assert catalogue.metadata("America/Argentina/Buenos_Aires")["comment"] == "Buenos Aires (BA, CF)"
    assert catalogue.metadata("Etc/UTC") == {"country_codes": [], "coordinates": None, "comment": None}


def test_system_source_reads_the_version_from_tzdata_zi(tmp_path):
    root = tmp_path / "zoneinfo"
    root.mkdir()
    (root / "tzdata.zi").write_text("# version 2099z\n")
    assert SystemSource(str(root)).version == "2099z"


def test_system_source_without_tzdata_zi_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="tzdata.zi is missing"):
        SystemSource(str(tmp_path))


def test_only_ascii_letters_fold_case(catalogue):
    """The Kelvin sign (U+212A) lower-cases to k, but no zone name holds it."""
    assert catalogue.canonical("europe/kiev") == "Europe/Kyiv"
    with pytest.raises(UnknownZone):
        catalogue.canonical("Europe/\u212aiev")


def test_a_plus_sent_unencoded_is_explained(catalogue):
    with pytest.raises(UnknownZone, match=r"a \+ in a URL's query string arrives as a space; send it as %2B \(Etc/GMT%2B5\)"):
        catalogue.canonical("Etc/GMT 5")


@pytest.mark.parametrize(
    "code, zones",
    [
        ("FR", ["Europe/Paris"]),
        ("nl", ["Europe/Amsterdam"]),  # zone.tab's own name for the country, not zone1970.tab's Brussels
        ("DE", ["Europe/Berlin", "Europe/Busingen"]),
        ("ZZ", []),
        ("", []),
    ],
)
def test_zones_of_a_country_come_from_zone_tab_in_its_order(catalogue, code, zones):
    assert catalogue.zones_of_country(code) == zones


def test_every_country_zone_is_a_listed_zone(catalogue):
    assert len(catalogue.zones_of_country("US")) > 20
    assert catalogue.zones_of_country("US")[0] == "America/New_York"
    for code in ("US", "RU", "AU", "BR", "CA", "MX", "ID", "KZ"):
        assert set(catalogue.zones_of_country(code)) <= set(catalogue.names)
