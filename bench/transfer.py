"""How precisely a client learns the server's time, idle and under load: the offset bound and estimate.

    .venv/bin/python -m bench.transfer                      # 3 rounds, the conditions below
    .venv/bin/python -m bench.transfer --rounds 5 --runs 5

`timesvc offset --samples 16`, in this process: 16 exchanges with /time?t1=, the lowest-delay quarter
kept, their intervals intersected (timesvc.client.estimate_offset). The truth is 0: client and server
read one clock. Per condition, `--runs` such estimates per round; the table gives the median bound and
estimate over every run. The server is pinned to one CPU, this process and wrk to the other, so the
client shares its core with the load as a client on a busy host would.

Conditions: idle; wrk -cN loading the service itself; wrk -cN loading a neighbour on the server's core
(the bare app on stock waitress.serve: what the server's CPU costs the answers when the load is
elsewhere). The goal (docs/performance.md): under load on the service, the bound within 2× the bound
under the same load on the neighbour, and the estimate unbiased (median |estimate| below a quarter of
the median bound). Rounds alternate the conditions.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from tests.support.processes import stop
from timesvc.client import Client, estimate_offset

from .load import cpus, time_load
from .servers import ROOT, serving

SAMPLES = 16


def estimates(port: int, runs: int) -> list:
    """`runs` offset estimates of SAMPLES exchanges each, against the server on `port`."""
    with Client(f"http://127.0.0.1:{port}") as client:
        client.sample()  # the connection opened and warm
        return [estimate_offset([client.sample() for _ in range(SAMPLES)]) for _ in range(runs)]


def under_load(target_port: int | None, connections: int, cpu, measure):
    """`measure()` while wrk loads the server on `target_port` (None: idle); wrk is stopped by its PID after."""
    if target_port is None:
        return measure()
    load = subprocess.Popen(time_load(target_port, connections, 60, cpu), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)  # the load running before the first exchange
        return measure()
    finally:
        stop(load)  # by its PID; SIGKILL if it outlives the timeout


NEIGHBOUR = "stock"  # the bare app on stock waitress.serve, pinned to the server's core


def label(measured: str, loaded: str | None, count: int) -> str:
    if loaded is None:
        return f"{measured}, idle"
    return f"{measured}, wrk -c{count} on " + ("a neighbour on its core" if loaded == NEIGHBOUR else "itself")


def conditions(connections: list[int], servers: list[str]) -> list[tuple[str, str | None, int]]:
    """(server measured, server loaded or None, connections) for each condition."""
    found = [(server, None, 0) for server in servers]
    for count in connections:
        found += [(server, loaded, count) for server in servers for loaded in (server, NEIGHBOUR)]
    return found


def measure(servers: list[str], connections: list[int], rounds: int, runs: int, ini: Path) -> dict:
    """{condition label: [Offset, ...]} over all rounds."""
    server_cpu, client_cpu = cpus()
    if client_cpu is not None:
        os.sched_setaffinity(0, {client_cpu})  # the client on wrk's core, as `timesvc offset` pinned there
    order = conditions(connections, servers)
    found = {condition: [] for condition in order}
    with ExitStack() as stack:
        running = {name: stack.enter_context(serving(name, ini, server_cpu)) for name in {*servers, NEIGHBOUR}}
        for number in range(rounds):
            for condition in order[number % len(order) :] + order[: number % len(order)]:
                measured, loaded, count = condition
                target = running[loaded].port if loaded else None
                found[condition] += under_load(target, count, client_cpu, lambda: estimates(running[measured].port, runs))
            print(f"  transfer round {number + 1} of {rounds} done", file=sys.stderr)
    return found


def summary(found: dict) -> dict:
    """Per condition label: the median bound and estimate over its runs, and the bound over the neighbour's."""
    rows = {}
    for (measured, loaded, count), offsets in found.items():
        bounds = [offset.bound_ns / 1e6 for offset in offsets]
        values = [offset.offset_ns / 1e6 for offset in offsets]
        rows[label(measured, loaded, count)] = {
            "measured": measured,
            "loaded": loaded,
            "connections": count,
            "runs": len(offsets),
            "bound_ms": statistics.median(bounds),
            "bounds_ms": [round(bound, 3) for bound in bounds],
            "estimate_ms": statistics.median(values),
            "abs_estimate_ms": statistics.median(abs(value) for value in values),
            "truth_within": sum(abs(value) <= bound for value, bound in zip(values, bounds)),
        }
    for row in rows.values():
        if row["loaded"] == row["measured"]:
            neighbour = next(
                (other for other in rows.values() if other["loaded"] == NEIGHBOUR and other["connections"] == row["connections"] and other["measured"] == row["measured"]),
                None,
            )
            row["over_neighbour"] = row["bound_ms"] / neighbour["bound_ms"] if neighbour and neighbour["bound_ms"] else None
    return rows


def table(rows: dict) -> str:
    lines = [
        f"| condition (`timesvc offset --samples {SAMPLES}`, truth 0) | bound, median | estimate, median | median abs(estimate) ÷ bound | truth within the bound |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, row in rows.items():
        share = row["abs_estimate_ms"] / row["bound_ms"] if row["bound_ms"] else float("nan")
        lines.append(f"| {label} | ±{row['bound_ms']:.3f} ms | {row['estimate_ms']:+.3f} ms | {share:.2f} | {row['truth_within']} of {row['runs']} |")
    lines += [
        f"{label}: bound ÷ the neighbour's under the same load = {row['over_neighbour']:.1f}× (goal: at most 2)"
        for label, row in rows.items()
        if row.get("over_neighbour")
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini", default=str(ROOT / "production.ini"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3, help="estimates per condition per round")
    parser.add_argument("--connections", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--servers", nargs="+", default=["timesvc"], choices=["timesvc", "timesvc-public"])
    parser.add_argument("--quick", action="store_true", help="one round, one estimate each: checks the harness")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.runs = 1, 1
    rows = summary(measure(args.servers, args.connections, args.rounds, args.runs, Path(args.ini).resolve()))
    print(table(rows))
    return rows


if __name__ == "__main__":
    main()
