"""Check the built table against its source: random DB-IP records, a random address in each, table vs. timezonefinder.

    nice -n 10 .venv/bin/python -m tools.check_ip_zones SOURCE... [--table timesvc/data/ip-zones.mmdb]

The records are drawn uniformly from the source (a fixed seed: the same draw every run); the reference
is DB-IP's coordinates put through timezonefinder's timezone_at, independently of the builder. Exits 1
when fewer than 99.9 % agree. A point at sea counts as a disagreement though the table leaves its zone
out by design (docs/ip-data.md): it is reported apart.
"""
import argparse
import ipaddress
import itertools
import random
import sys
from pathlib import Path

import maxminddb

from .ip_sources import SourceRecord, read

REQUIRED = 0.999
ADDRESS = {4: ipaddress.IPv4Address, 6: ipaddress.IPv6Address}


def sample(records, size: int, rng: random.Random) -> list[SourceRecord]:
    """`size` records drawn uniformly from an iterable read once (reservoir sampling)."""
    chosen = list(itertools.islice(records, size))
    for seen, record in enumerate(records, start=size + 1):
        slot = rng.randrange(seen)
        if slot < size:
            chosen[slot] = record
    return chosen


def table_zone(reader, address) -> str | None:
    location = (reader.get(address) or {}).get("location") or {}
    return location.get("time_zone")


def compare(records: list[SourceRecord], reader, finder, rng: random.Random) -> list[tuple]:
    """(address, record, table's zone, reference zone) of each record's random address where they differ."""
    differences = []
    for record in records:
        address = ADDRESS[record.version](rng.randint(record.first, record.last))
        reference = None
        if record.latitude is not None and record.longitude is not None:
            reference = finder.timezone_at(lat=record.latitude, lng=record.longitude)
        found = table_zone(reader, address)
        if found != reference:
            differences.append((address, record, found, reference))
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.check_ip_zones", description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help="the DB-IP file(s) the table was built from")
    parser.add_argument("--table", type=Path, default=Path("timesvc/data/ip-zones.mmdb"))
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20260601)
    args = parser.parse_args(argv)
    from timezonefinder import TimezoneFinder

    rng = random.Random(args.seed)
    records = sample(itertools.chain.from_iterable(read(path) for path in args.sources), args.samples, rng)
    with maxminddb.open_database(str(args.table)) as reader:
        differences = compare(records, reader, TimezoneFinder(), rng)
    at_sea = [d for d in differences if d[2] is None and d[3] is not None and d[3].startswith("Etc/")]
    agreeing = len(records) - len(differences)
    print(f"{agreeing:,} of {len(records):,} random source addresses agree: {100 * agreeing / len(records):.3f} % (required {100 * REQUIRED:.1f} %)")
    print(f"of the {len(differences)} that differ, {len(at_sea)} are points at sea, which the table leaves without a zone")
    for address, record, found, reference in differences[:20]:
        print(f"  {address}: table {found}, timezonefinder {reference} at ({record.latitude}, {record.longitude}) {record.country}")
    return 0 if agreeing >= REQUIRED * len(records) else 1


if __name__ == "__main__":
    sys.exit(main())
