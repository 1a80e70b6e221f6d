import ipaddress

import pytest

from tests.support.geoip_data import build_test_database
from timesvc.domain.errors import InvalidInput
from timesvc.location.ipdata import GeoIPDatabase, NoLocation, UnknownAddress, parse_address


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return GeoIPDatabase(build_test_database(tmp_path_factory.mktemp("geoip") / "city.mmdb"))


@pytest.mark.parametrize(
    "address, zone",
    [
        ("81.2.69.142", "Europe/London"),
        ("175.16.199.1", "Asia/Shanghai"),
        ("216.160.83.60", "America/Los_Angeles"),
        ("2001:218::1", "Asia/Tokyo"),
        ("2a02:d347:ffff::1", "Europe/Berlin"),
        ("2C0F:F248::AB", "Africa/Johannesburg"),
        ("::ffff:81.2.69.142", "Europe/London"),
    ],
)
def test_ipv4_and_ipv6_addresses_find_their_zone(database, address, zone):
    assert database.zone_name(parse_address(address)) == zone


def test_ipv4_mapped_ipv6_becomes_ipv4():
    assert parse_address("::ffff:81.2.69.142") == ipaddress.IPv4Address("81.2.69.142")


@pytest.mark.parametrize("text", ["", "1.2.3", "1.2.3.256", "81.2.69.142/24", "::g", "localhost", "x" * 500])
def test_malformed_addresses_are_invalid_input(text):
    with pytest.raises(InvalidInput) as caught:
        parse_address(text)
    assert caught.value.name == "ip"
    assert "is not an IPv4 or IPv6 address" in caught.value.description
    assert len(caught.value.description) < 150


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "a loopback"),
        ("::1", "a loopback"),
        ("10.1.2.3", "a private"),
        ("192.168.0.10", "a private"),
        ("fd00::1", "a private"),
        ("169.254.1.1", "a link-local"),
        ("fe80::1", "a link-local"),
        ("100.64.0.1", "a reserved"),
        ("2001:db8::1", "a reserved"),  # documentation space: not the local network
    ],
)
def test_addresses_for_local_use_have_no_location(database, address, kind):
    with pytest.raises(NoLocation, match=f"^{address} is {kind} address: it has no location$") as caught:
        database.zone_name(parse_address(address))
    assert not isinstance(caught.value, UnknownAddress)


@pytest.mark.parametrize("address", ["1.1.1.1", "2.125.160.217", "2001:480::1", "2606:4700::1111"])
def test_public_addresses_without_a_zone_are_unknown(database, address):
    with pytest.raises(UnknownAddress, match=f"no time zone for {address}"):
        database.zone_name(parse_address(address))


def test_ipv6_lookup_in_an_ipv4_only_database_is_unknown_not_an_error(tmp_path):
    ipv4_only = GeoIPDatabase(build_test_database(tmp_path / "v4.mmdb", ip_version=4))
    assert ipv4_only.zone_name(parse_address("81.2.69.142")) == "Europe/London"
    with pytest.raises(UnknownAddress):
        ipv4_only.zone_name(parse_address("2001:218::1"))


@pytest.mark.parametrize("text", ["fe80::1%eth0", "fe80::1%eth0\r\nunixtime: 0", "fe80::1%" + "x" * 300])
def test_ipv6_zone_ids_are_refused_and_never_echoed_raw(text):
    with pytest.raises(InvalidInput, match="zone id") as refused:
        parse_address(text)
    assert "\r" not in refused.value.description and len(refused.value.description) < 200
