"""What the coordinate lookup costs: the first lookup's load (time, RSS) and a warm lookup's time.

Run in a fresh process: `.venv/bin/python -m bench.coordinate_cost`. The README quotes its output.
"""
import os
import random
import statistics
import time

from timesvc.location.coordinates import CoordinateZones

PARIS = (48.8566, 2.3522)
ROUNDS = 20000


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main():
    zones = CoordinateZones()
    before = rss_mib()
    start = time.perf_counter()
    zones.zone_name(*PARIS)
    first_ms = (time.perf_counter() - start) * 1000
    loaded = rss_mib()
    # Points spread over the whole globe, so the lookups touch all of the memory-mapped data.
    rng = random.Random(1)
    points = [(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(ROUNDS)]
    samples = []
    for point in points:
        start = time.perf_counter()
        zones.zone_name(*point)
        samples.append((time.perf_counter() - start) * 1e6)
    print(f"first lookup (loads the data): {first_ms:.0f} ms, RSS +{loaded - before:.1f} MiB")
    print(f"warm lookup over {ROUNDS} random points: median {statistics.median(samples):.0f} µs, p99 {statistics.quantiles(samples, n=100)[98]:.0f} µs")
    print(f"RSS after the lookups: +{rss_mib() - before:.1f} MiB over the process before the first lookup")


if __name__ == "__main__":
    main()
