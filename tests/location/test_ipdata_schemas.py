"""Each common city database schema, built with mmdb-writer, answered through GeoIPDatabase."""
import re
from datetime import datetime, timezone

import maxminddb
import pytest

from tests.support.geoip_data import build_database
from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.location.coordinates import CoordinateZones
from timesvc.location.ipdata import GeoIPDatabase, GeoIPUnavailable, UnknownAddress, parse_address
from timesvc.location.iprecords import RecordZones


@pytest.fixture(scope="module")
def catalogue():
    return ZoneCatalogue(PackageSource())


@pytest.fixture(scope="module")
def coordinates():
    return CoordinateZones()


def maxmind(zone, lat, lon, country):
    """GeoLite2/GeoIP2 City: the zone, coordinates and country under location and country."""
    return {"country": {"iso_code": country, "names": {"en": "x"}}, "location": {"time_zone": zone, "latitude": lat, "longitude": lon, "accuracy_radius": 20}}


def dbip(lat, lon, country=None):
    """DB-IP City Lite as db-ip.com publishes it: MaxMind's names, coordinates, no time zone."""
    record = {"city": {"names": {"en": "x"}}, "location": {"latitude": lat, "longitude": lon}}
    if country:
        # Not db-ip.com's is_in_european_union: false. mmdb-writer 0.2.7 caches values by equality,
        # so a later 0.0 would be written as a pointer to that false.
        record["country"] = {"iso_code": country}
    return record


def flat(lat, lon, country, zone=""):
    """ip-location-db's city records: flat fields, the time zone often empty (.mmdb has no null)."""
    record = {"city": "x", "country_code": country, "postcode": "", "state1": "", "state2": "", "timezone": zone}
    if lat is not None:
        record.update(latitude=lat, longitude=lon)
    return record


RECORDS = {
    # MaxMind: the record's own zone, even where its coordinates lie in another one.
    "81.2.69.0/24": maxmind("Europe/London", 51.5142, -0.0931, "GB"),
    "2.2.2.0/24": maxmind("America/Chicago", 40.7128, -74.006, "US"),
    # db-ip.com: the zone at the coordinates.
    "5.5.5.0/24": dbip(48.8566, 2.3522, "FR"),
    "2a01:e0a::/32": dbip(-33.8688, 151.2093, "AU"),
    "6.6.6.0/24": dbip(27.7172, 85.324, "NP"),
    # ip-location-db: its zone when given, else the coordinates (numbers or text).
    "7.7.7.0/24": flat(35.6762, 139.6503, "JP", "Asia/Tokyo"),
    "7.7.8.0/24": flat(-23.5505, -46.6333, "BR"),
    "7.7.9.0/24": flat("-1.2921", "36.8219", "KE"),
    "2c0f:f248::/32": flat(-26.2041, 28.0473, "ZA"),
    # The country's zone when the country keeps one time.
    "9.9.1.0/24": flat(None, None, "JP"),
    "9.9.2.0/24": {"country": {"iso_code": "DE"}},  # Berlin and Busingen: one rule
    "9.9.3.0/24": dbip(0.0, 0.0, "GH"),  # 0, 0: a placeholder at sea
    "9.9.4.0/24": dbip(200.0, 2.0, "NZ"),  # no such latitude; New Zealand has two zones
    # Nothing to go by.
    "12.12.1.0/24": {"country": {"iso_code": "US"}},
    "12.12.2.0/24": dbip(0.0, -30.0),
    "12.12.3.0/24": flat(None, None, "EU"),
    "12.12.4.0/24": {"registered_country": {"iso_code": "FR"}},
    "12.12.5.0/24": {"location": "Paris", "country": ["FR"]},
}


@pytest.fixture(scope="module")
def database(tmp_path_factory, catalogue, coordinates):
    path = build_database(tmp_path_factory.mktemp("schemas") / "all.mmdb", RECORDS, database_type="Mixed-City", description="every schema")
    return GeoIPDatabase(path, catalogue, coordinates)


@pytest.mark.parametrize(
    "address, zone",
    [
        ("81.2.69.160", "Europe/London"),
        ("2.2.2.2", "America/Chicago"),
        ("5.5.5.5", "Europe/Paris"),
        ("2a01:e0a::1", "Australia/Sydney"),
        ("6.6.6.6", "Asia/Kathmandu"),
        ("7.7.7.7", "Asia/Tokyo"),
        ("7.7.8.8", "America/Sao_Paulo"),
        ("7.7.9.9", "Africa/Nairobi"),
        ("2c0f:f248::1", "Africa/Johannesburg"),
        ("::ffff:5.5.5.5", "Europe/Paris"),
    ],
)
def test_each_schema_gives_its_own_zone_else_the_zone_at_its_coordinates(database, address, zone):
    assert database.zone_name(parse_address(address)) == zone


@pytest.mark.parametrize(
    "address, zone",
    [
        ("9.9.1.1", "Asia/Tokyo"),
        ("9.9.2.2", "Europe/Berlin"),
        ("9.9.3.3", "Africa/Accra"),
    ],
)
def test_a_record_without_zone_or_land_coordinates_gets_its_countrys_one_zone(database, address, zone):
    assert database.zone_name(parse_address(address)) == zone


@pytest.mark.parametrize(
    "address, why",
    [
        ("12.12.1.1", "its record has no time zone, and its country US has 29 time zones"),
        ("9.9.4.4", "its record has no time zone, and its country NZ has 2 time zones"),
        ("12.12.2.2", "its record places it at sea (0.0, -30.0)"),
        ("12.12.3.3", "its record has no time zone, and its country EU is not in zone.tab"),
        ("12.12.4.4", "its record has no time zone"),  # the registrant's country says nothing of the place
        ("12.12.5.5", "its record has no time zone"),
    ],
)
def test_a_record_that_places_nothing_is_unknown_and_says_why(database, address, why):
    with pytest.raises(UnknownAddress) as caught:
        database.zone_name(parse_address(address))
    assert caught.value.description == f"the GeoIP database has no time zone for {address}: {why}"


def test_an_address_without_a_record_is_unknown(database):
    with pytest.raises(UnknownAddress, match=r"^the GeoIP database has no time zone for 11\.0\.0\.1$"):
        database.zone_name(parse_address("11.0.0.1"))


def test_an_ipv4_only_database_asked_an_ipv6_address_is_unknown(tmp_path, catalogue, coordinates):
    database = GeoIPDatabase(build_database(tmp_path / "v4.mmdb", RECORDS, ip_version=4), catalogue, coordinates)
    assert database.zone_name(parse_address("5.5.5.5")) == "Europe/Paris"
    with pytest.raises(UnknownAddress, match="no time zone for 2a01:e0a::1$"):
        database.zone_name(parse_address("2a01:e0a::1"))


def test_without_catalogue_and_coordinates_only_a_records_own_zone_counts(tmp_path):
    database = GeoIPDatabase(build_database(tmp_path / "plain.mmdb", RECORDS))
    assert database.zone_name(parse_address("7.7.7.7")) == "Asia/Tokyo"
    for address in ("5.5.5.5", "9.9.1.1"):
        with pytest.raises(UnknownAddress, match="its record has no time zone$"):
            database.zone_name(parse_address(address))


def test_a_damaged_data_section_is_unavailable_not_an_error(tmp_path):
    path = build_database(tmp_path / "city.mmdb", {"20.0.0.0/8": {"location": {"time_zone": "Europe/Paris"}}})
    metadata = maxminddb.open_database(path).metadata()
    data = bytearray((tmp_path / "city.mmdb").read_bytes())
    data_section = metadata.node_count * metadata.record_size // 4 + 16  # after the search tree and its separator
    data[data_section : data_section + 24] = b"\xff" * 24
    (tmp_path / "damaged.mmdb").write_bytes(data)
    with pytest.raises(GeoIPUnavailable, match="^the GeoIP database is damaged where it would hold 20.1.1.1$"):
        GeoIPDatabase(str(tmp_path / "damaged.mmdb")).zone_name(parse_address("20.1.1.1"))


def test_the_database_says_what_it_is(database):
    info = database.info
    metadata = maxminddb.open_database(info.path).metadata()
    assert (info.type, info.description, info.ip_version) == ("Mixed-City", "every schema", 6)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", info.built)
    assert datetime.strptime(info.built, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp() == metadata.build_epoch
    assert database.description == f"Mixed-City built {info.built} (every schema)"


@pytest.mark.parametrize("code, zone", [("FR", "Europe/Paris"), ("NL", "Europe/Amsterdam"), ("AR", "America/Argentina/Buenos_Aires"), ("CY", "Asia/Nicosia"), ("US", None), ("ES", None), ("AQ", None), ("XX", None)])
def test_a_country_keeps_one_time_when_all_its_zones_follow_one_rule(catalogue, code, zone):
    assert RecordZones(catalogue).country_zone(code) == zone
