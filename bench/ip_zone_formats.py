"""The table's format against an alternative: .mmdb (maxminddb, memory-mapped) vs. sorted range starts.

    nice -n 10 .venv/bin/python -m bench.ip_zone_formats [--lookups 100000]

The alternative holds each IP version's range starts as a sorted array of unsigned integers (IPv6's as
two arrays, the upper and the lower 64 bits) with a parallel array of answer numbers (0xFFFF: no
answer), found by binary search (bisect) on memoryviews of a memory-mapped file. It is built here from the committed table, so both hold the same ranges.
Each format is measured in a fresh process: file size, µs per lookup (median, p99) and RSS after the
lookups over the process before it opened the file. docs/ip-data.md quotes the output.
"""
import argparse
import bisect
import ipaddress
import json
import mmap
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import maxminddb

from timesvc.location.ipdata import GeoIPDatabase

from .ip_zones import TABLE, memory_mb, random_public_addresses

HEADER = struct.Struct("<4sIII")  # magic, IPv4 entries, IPv6 entries, bytes of the answers' JSON
NONE = 0xFFFF
TOP = {4: 2**32, 6: 2**128}
LOW = 2**64 - 1


def _runs(table: Path):
    """(version, first, last, zone) of the table's ranges: its networks with equal neighbours joined."""
    current = None
    with maxminddb.open_database(str(table)) as reader:
        for network, record in reader:
            first, last = int(network.network_address), int(network.broadcast_address)
            zone = (record.get("location") or {}).get("time_zone")
            if current and current[0] == network.version and current[2] + 1 == first and current[3] == zone:
                current[2] = last
                continue
            if current:
                yield tuple(current)
            current = [network.version, first, last, zone]
    if current:
        yield tuple(current)


def build_sorted_arrays(table: Path, path: Path):
    """Write the alternative file from the table's ranges."""
    starts, codes, zones = {4: [], 6: []}, {4: [], 6: []}, {}
    free = {4: 0, 6: 0}  # the first address after the last range written
    for version, first, last, zone in _runs(table):
        if first != free[version]:
            starts[version].append(free[version])
            codes[version].append(NONE)
        starts[version].append(first)
        codes[version].append(NONE if zone is None else zones.setdefault(zone, len(zones)))
        free[version] = last + 1
    for version, top in TOP.items():
        if free[version] < top:
            starts[version].append(free[version])
            codes[version].append(NONE)
    names = json.dumps(list(zones)).encode()
    with path.open("wb") as out:
        out.write(HEADER.pack(b"TZIP", len(starts[4]), len(starts[6]), len(names)))
        out.write(struct.pack(f"<{len(starts[4])}I", *starts[4]))
        out.write(struct.pack(f"<{len(starts[6])}Q", *(start >> 64 for start in starts[6])))
        out.write(struct.pack(f"<{len(starts[6])}Q", *(start & LOW for start in starts[6])))
        out.write(struct.pack(f"<{len(codes[4]) + len(codes[6])}H", *codes[4], *codes[6]))
        out.write(names)


class SortedArrays:
    """The alternative's reader: bisect over the memory-mapped arrays."""

    def __init__(self, path: Path):
        with path.open("rb") as file:
            self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        _, count4, count6, names = HEADER.unpack_from(self._map)
        view, offset = memoryview(self._map), HEADER.size
        self._starts4 = view[offset : offset + 4 * count4].cast("I")
        offset += 4 * count4
        self._high6 = view[offset : offset + 8 * count6].cast("Q")
        offset += 8 * count6
        self._low6 = view[offset : offset + 8 * count6].cast("Q")
        offset += 8 * count6
        self._codes = {4: view[offset : offset + 2 * count4].cast("H")}
        offset += 2 * count4
        self._codes[6] = view[offset : offset + 2 * count6].cast("H")
        offset += 2 * count6
        self._zones = json.loads(bytes(view[offset : offset + names]))

    def _index6(self, key: int) -> int:
        high, low = key >> 64, key & LOW
        left, right = bisect.bisect_left(self._high6, high), bisect.bisect_right(self._high6, high)
        # Among the starts sharing the upper half, the lower half decides; before them, the entry before.
        return bisect.bisect_right(self._low6, low, left, right) - 1 if left < right else right - 1

    def zone(self, address) -> str | None:
        if address.version == 4:
            index = bisect.bisect_right(self._starts4, int(address)) - 1
        else:
            index = self._index6(int(address))
        code = self._codes[address.version][index]
        return None if code == NONE else self._zones[code]


def mmdb_zone(reader):
    def zone(address) -> str | None:
        return ((reader.get(address) or {}).get("location") or {}).get("time_zone")

    return zone


def measure(kind: str, path: Path, addresses_file: Path) -> dict:
    """In this process: open the file, look every address up, and report µs and the RSS it added."""
    addresses = [ipaddress.ip_address(line) for line in addresses_file.read_text().split()]
    before = memory_mb("self")
    zone = SortedArrays(path).zone if kind == "sorted arrays" else mmdb_zone(maxminddb.open_database(str(path), maxminddb.MODE_MMAP_EXT))
    samples, clock = [], time.perf_counter_ns
    for address in addresses:
        start = clock()
        zone(address)
        samples.append((clock() - start) / 1000)
    after = memory_mb("self")
    return {
        "median µs": statistics.median(samples),
        "p99 µs": statistics.quantiles(samples, n=100)[98],
        **{f"+{name} MB": after[name] - before[name] for name in after},
        "answers": [zone(address) for address in addresses[:2000]],
    }


def main(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(prog="python -m bench.ip_zone_formats", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--measure", nargs=3, metavar=("KIND", "PATH", "ADDRESSES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        kind, path, addresses = args.measure
        print(json.dumps(measure(kind, Path(path), Path(addresses))))
        return
    with tempfile.TemporaryDirectory() as directory:
        arrays, addresses_file = Path(directory) / "ip-zones.bin", Path(directory) / "addresses.txt"
        build_sorted_arrays(TABLE, arrays)
        addresses = random_public_addresses(args.lookups, GeoIPDatabase(str(TABLE)), random.Random(12))
        addresses_file.write_text("\n".join(map(str, addresses)))
        results = {}
        for kind, path in (("mmdb", TABLE), ("sorted arrays", arrays)):
            command = [sys.executable, "-m", "bench.ip_zone_formats", "--measure", kind, str(path), str(addresses_file)]
            results[kind] = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            figures = ", ".join(f"{name} {value:.2f}" for name, value in results[kind].items() if name != "answers")
            print(f"{kind}: {path.stat().st_size / 1e6:.1f} MB, {figures} after {len(addresses):,} lookups")
        same = results["mmdb"]["answers"] == results["sorted arrays"]["answers"]
        print(f"the two formats give the same zone for the first 2,000 addresses: {same}")


if __name__ == "__main__":
    main()
