"""The IP → zone table shipped in the package answers through the service's own reader."""
import ipaddress
import re
from pathlib import Path

import maxminddb
import pytest

import timesvc
from timesvc.location.ipdata import GeoIPDatabase

DATA = Path(timesvc.__file__).parent / "data"
TABLE = DATA / "ip-zones.mmdb"


@pytest.fixture(scope="module")
def database():
    return GeoIPDatabase(str(TABLE))


# Each address's DB-IP coordinates are well inside its zone (checked in the 2026-06 source).
@pytest.mark.parametrize(
    "address, zone",
    [
        ("81.2.69.160", "Europe/London"),  # London
        ("8.8.8.8", "America/Los_Angeles"),  # Mountain View
        ("133.242.0.1", "Asia/Tokyo"),  # Chiyoda, Tokyo
        ("2001:67c:2e8::1", "Europe/Amsterdam"),  # Amsterdam
        ("2600::1", "America/New_York"),  # Cleveland
    ],
)
def test_the_shipped_table_answers(database, address, zone):
    assert database.zone_name(ipaddress.ip_address(address)) == zone


def test_records_carry_the_country_beside_the_zone():
    with maxminddb.open_database(str(TABLE)) as reader:
        assert reader.get("81.2.69.160") == {"country": {"iso_code": "GB"}, "location": {"time_zone": "Europe/London"}}


def test_the_notice_names_the_month_the_table_was_built_from():
    with maxminddb.open_database(str(TABLE)) as reader:
        metadata = reader.metadata()
    assert metadata.database_type == "timesvc-ip-zones"
    month = re.search(r"DB-IP IP to City Lite (\d{4}-\d{2})", metadata.description["en"]).group(1)
    notice = (DATA / "NOTICE").read_text()
    assert f"IP to City Lite {month}" in notice and "ODbL" in notice and "CC BY 4.0" in notice
