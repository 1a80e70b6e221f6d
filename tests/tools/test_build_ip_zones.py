"""The IP → zone table builder, on small sources it writes in each format DB-IP's data comes in."""
import ipaddress

import maxminddb
import pytest

from tests.tools.dbip_sources import FORMATS, LONDON_A, LONDON_B, NEW_YORK, NORTH_ATLANTIC, PARIS, TOKYO_A, TOKYO_B, dbip_csv_file
from timesvc.location.ipdata import GeoIPDatabase
from tools.build_ip_zones import build, main

ZONES = {
    LONDON_A: "Europe/London",
    LONDON_B: "Europe/London",
    PARIS: "Europe/Paris",
    TOKYO_A: "Asia/Tokyo",
    TOKYO_B: "Asia/Tokyo",
    NEW_YORK: "America/New_York",
}


class FakeFinder:
    """timezonefinder's timezone_at_land for the test points; the sea and unknown points have no land zone."""

    def __init__(self):
        self.lookups = []

    def timezone_at_land(self, *, lat, lng):
        self.lookups.append((lat, lng))
        return ZONES.get((lat, lng))


def zone(reader, address):
    record, prefix = reader.get_with_prefix_len(address)
    return (record or {}).get("location", {}).get("time_zone"), prefix


@pytest.fixture(params=[(name, gzip_it) for name in FORMATS for gzip_it in (False, True)], ids=lambda p: p[0] + (" gz" if p[1] else ""))
def built(request, tmp_path):
    name, gzip_it = request.param
    sources = FORMATS[name](tmp_path, gzip_it=gzip_it)
    finder = FakeFinder()
    counts = build(sources, tmp_path / "ip-zones.mmdb", "2026-06", finder)
    with maxminddb.open_database(str(tmp_path / "ip-zones.mmdb"), maxminddb.MODE_MMAP) as reader:
        yield reader, counts, finder


def test_neighbours_with_the_same_zone_become_one_range(built):
    reader, counts, _ = built
    assert zone(reader, "81.2.68.1") == ("Europe/London", 23)
    assert zone(reader, "81.2.69.254") == ("Europe/London", 23)
    assert zone(reader, "2400:4000::1") == ("Asia/Tokyo", 32)
    assert zone(reader, "2400:4000:ffff::1") == ("Asia/Tokyo", 32)
    assert counts["ranges", 4] == 6 and counts["ranges", 6] == 2


def test_a_different_zone_or_a_missing_network_keeps_ranges_apart(built):
    reader, _, _ = built
    assert zone(reader, "81.2.70.1") == ("Europe/Paris", 24)
    assert zone(reader, "81.2.71.1") == ("Europe/London", 24)
    assert reader.get("81.2.72.1") is None
    assert zone(reader, "81.2.73.1") == ("Europe/London", 24)
    assert zone(reader, "2600:1000:1::1") == ("America/New_York", 32)


def test_records_have_the_geoip2_city_shape(built):
    reader, _, _ = built
    assert reader.get("81.2.70.1") == {"country": {"iso_code": "FR"}, "location": {"time_zone": "Europe/Paris"}}


def test_no_coordinates_or_a_point_at_sea_keeps_only_the_country(built):
    reader, counts, _ = built
    assert reader.get("81.2.74.1") == {"country": {"iso_code": "GB"}}
    assert reader.get("81.2.75.1") == {"country": {"iso_code": "PT"}}
    assert counts["without zone"] == 2


def test_a_record_with_neither_coordinates_nor_country_is_left_out(built):
    reader, counts, _ = built
    assert reader.get("81.2.76.1") is None
    assert counts["left out"] == 1


def test_each_coordinate_pair_is_looked_up_once(built):
    _, counts, finder = built
    assert sorted(finder.lookups) == sorted({*ZONES, NORTH_ATLANTIC})
    assert counts["coordinate pairs"] == len(finder.lookups)
    assert counts["records", 4] == 8 and counts["records", 6] == 3


def test_the_metadata_names_the_table_its_sources_and_licence(built):
    reader, _, _ = built
    metadata = reader.metadata()
    assert metadata.database_type == "timesvc-ip-zones" and metadata.ip_version == 6
    text = metadata.description["en"]
    assert "DB-IP IP to City Lite 2026-06" in text and "CC BY 4.0" in text and "Licence: ODbL-1.0" in text


def test_the_services_reader_answers_from_the_table(tmp_path):
    build(dbip_csv_file(tmp_path), tmp_path / "ip-zones.mmdb", "2026-06", FakeFinder())
    database = GeoIPDatabase(str(tmp_path / "ip-zones.mmdb"))
    assert database.zone_name(ipaddress.ip_address("81.2.69.160")) == "Europe/London"
    assert database.zone_name(ipaddress.ip_address("2600:1000::1")) == "America/New_York"


def test_a_range_that_is_no_cidr_network_is_covered_exactly(tmp_path):
    sources = dbip_csv_file(tmp_path, [("81.2.72.10-81.2.72.99", PARIS, "FR"), ("81.2.72.100-81.2.72.100", LONDON_A, "GB")])
    build(sources, tmp_path / "t.mmdb", "2026-06", FakeFinder())
    with maxminddb.open_database(str(tmp_path / "t.mmdb")) as reader:
        answers = [zone(reader, f"81.2.72.{n}")[0] for n in (9, 10, 55, 99, 100, 101)]
    assert answers == [None, "Europe/Paris", "Europe/Paris", "Europe/Paris", "Europe/London", None]


def test_the_real_timezonefinder_places_the_points(tmp_path):
    build(dbip_csv_file(tmp_path), tmp_path / "t.mmdb", "2026-06")
    with maxminddb.open_database(str(tmp_path / "t.mmdb")) as reader:
        assert zone(reader, "81.2.68.1") == ("Europe/London", 23)
        assert zone(reader, "81.2.70.1") == ("Europe/Paris", 24)
        assert zone(reader, "2400:4000::1") == ("Asia/Tokyo", 32)
        assert zone(reader, "2600:1000::1") == ("America/New_York", 32)
        assert reader.get("81.2.75.1") == {"country": {"iso_code": "PT"}}


def test_overlapping_sources_stop_the_build_with_one_line(tmp_path, capsys):
    sources = dbip_csv_file(tmp_path, [("81.2.72.0/24", PARIS, "FR"), ("81.2.72.128/25", PARIS, "FR")])
    with pytest.raises(SystemExit) as stopped:
        main([*map(str, sources), "--month", "2026-06", "--output", str(tmp_path / "t.mmdb")])
    assert stopped.value.code == 2
    message = capsys.readouterr().err
    assert "overlaps or precedes" in message and "address order" in message and message.count("\n") == 1
    assert not (tmp_path / "t.mmdb").exists()


def test_a_month_not_written_yyyy_mm_is_refused(tmp_path, capsys):
    sources = dbip_csv_file(tmp_path)
    with pytest.raises(SystemExit):
        main([str(sources[0]), "--month", "June 2026", "--output", str(tmp_path / "t.mmdb")])
    assert "is not a month written YYYY-MM" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name, content, complaint",
    [
        ("dbip-city-lite-2026-06.csv.gz", b"not gzip", "Not a gzipped file"),
        ("dbip-city-lite-2026-06.mmdb", b"not an mmdb", "Is this a valid MaxMind DB file?"),
        ("dbip-city-lite-2026-06.csv", b"1.0.0.0,1.0.0.255,OC,AU\n", "4 columns, expected db-ip.com's 8"),
        ("dbip-city-lite-2026-06.csv", b"1.0.0.0,1.0.0.255,OC,AU,Q,B,north,1\n", "could not convert string to float"),
        ("dbip-city-lite-2026-06.zip", b"PK", "expected a .mmdb, .mmdb.gz, .csv or .csv.gz file"),
    ],
)
def test_a_damaged_or_unknown_source_stops_the_build_naming_the_file(tmp_path, capsys, name, content, complaint):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(SystemExit) as stopped:
        main([str(tmp_path / name), "--month", "2026-06", "--output", str(tmp_path / "t.mmdb")])
    message = capsys.readouterr().err
    assert stopped.value.code == 2 and str(tmp_path / name) in message and complaint in message
