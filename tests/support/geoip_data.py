"""A small GeoLite2-City-shaped .mmdb built for the tests: IPv4 and IPv6 networks, never a download."""
from mmdb_writer import MMDBWriter
from netaddr import IPSet

# network → the record's time zone (None: a record with a country but no location, as real data has)
NETWORKS = {
    "81.2.69.0/24": "Europe/London",
    "175.16.199.0/24": "Asia/Shanghai",
    "216.160.83.56/29": "America/Los_Angeles",
    "89.160.20.112/28": "Europe/Stockholm",
    "2.125.160.216/29": None,
    "2001:218::/32": "Asia/Tokyo",
    "2a02:d340::/29": "Europe/Berlin",
    "2c0f:f248::/32": "Africa/Johannesburg",
    "2001:480::/32": None,
    "67.43.156.0/24": "Asia/Calcutta",  # an alias: answers carry the canonical Asia/Kolkata
    "8.8.4.0/24": "Mars/Olympus_Mons",  # a zone no tz data knows
}


def _record(zone: str | None) -> dict:
    record = {"country": {"iso_code": "ZZ", "names": {"en": "Testland"}}}
    if zone is not None:
        record["location"] = {"time_zone": zone, "latitude": 1.5, "longitude": 2.5, "accuracy_radius": 100}
    return record


def build_database(path, records: dict, ip_version: int = 6, database_type: str = "GeoLite2-City", description: str = "timesvc tests") -> str:
    """Write {network: record} to an .mmdb at `path` and return the path as text; ip_version=4 skips IPv6 networks."""
    writer = MMDBWriter(ip_version=ip_version, ipv4_compatible=ip_version == 6, database_type=database_type, description={"en": description})
    for network, record in records.items():
        if ip_version == 4 and ":" in network:
            continue
        writer.insert_network(IPSet([network]), record)
    writer.to_db_file(str(path))
    return str(path)


def build_test_database(path, ip_version: int = 6) -> str:
    """Write the test database to `path` and return the path as text; ip_version=4 keeps IPv4 only."""
    return build_database(path, {network: _record(zone) for network, zone in NETWORKS.items()}, ip_version)
