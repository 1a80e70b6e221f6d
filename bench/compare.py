"""Compare [server:main] settings: `python -m bench.compare LABEL:key=value[,key=value] ...`.

Each variant is production.ini with those options replaced (timesvc.* ones in [app:main], the
others in [server:main]), e.g.

    .venv/bin/python -m bench.compare t2:threads=2 t3:threads=3 t4:threads=4 --servers timesvc
    .venv/bin/python -m bench.compare tuned:timesvc.tuned=true public:timesvc.tuned=false --servers timesvc

Rounds alternate the variants (reversing the order every other round) so that the machine's drift
falls on all of them; each server is measured as `make bench` does (pinned, warmed up, wrk). Prints
the medians and, when both are measured, timesvc ÷ bare per variant.
"""
import argparse
import statistics
import sys
from pathlib import Path

from tests.support.processes import derived_ini

from .load import cpus, measured, wrk
from .servers import APPS, RESULTS, serving


def variant_ini(label: str, options: dict) -> Path:
    """production.ini with the options replaced: timesvc.* ones in [app:main], the others in [server:main]."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    app = {key: value for key, value in options.items() if key.startswith("timesvc.")}
    server = {key: value for key, value in options.items() if key not in app}
    return derived_ini(RESULTS, f"compare-{label}", server, app=app)


def parse_variant(text: str) -> tuple[str, dict]:
    label, _, settings = text.partition(":")
    options = dict(item.split("=", 1) for item in settings.split(",") if item)
    if not label or any(not key for key in options):
        raise argparse.ArgumentTypeError(f"{text!r}: expected LABEL:key=value[,key=value]")
    return label, options


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="+", type=parse_variant, metavar="LABEL:key=value[,key=value]")
    parser.add_argument("--servers", nargs="+", default=["bare", "timesvc"], choices=list(APPS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, nargs="+", default=[50, 200])
    args = parser.parse_args(argv)
    inis = {label: variant_ini(label, options) for label, options in args.variants}
    server_cpu, wrk_cpu = cpus()
    runs = {}
    for round_number in range(args.rounds):
        order = list(inis) if round_number % 2 == 0 else list(inis)[::-1]
        for label in order:
            for name in args.servers:
                with serving(name, inis[label], server_cpu, tag=f"-{label}") as server:
                    wrk(server.port, 50, 2, wrk_cpu)
                    for connections in args.connections:
                        result = measured(server, connections, args.duration, wrk_cpu)
                        runs.setdefault((label, name, connections), []).append(result)
                        print(f"  round {round_number + 1} {label} {name} -c{connections}: {result['rps']:.0f} req/s", file=sys.stderr)
    print("| variant | server | conns | req/s (median) | p99 ms | CPU µs/req |\n|---|---|---:|---:|---:|---:|")
    for (label, name, connections), results in runs.items():
        median = {key: statistics.median(r[key] for r in results) for key in ("rps", "p99_ms", "cpu_us_per_request")}
        print(f"| {label} | {name} | {connections} | {median['rps']:,.0f} | {median['p99_ms']:.1f} | {median['cpu_us_per_request']:.0f} |")
    if {"bare", "timesvc"} <= set(args.servers):
        for label in inis:
            ratios = []
            for connections in args.connections:
                pairs = zip(runs[(label, "timesvc", connections)], runs[(label, "bare", connections)])
                ratios.append(f"-c{connections}: {statistics.median(t['rps'] / b['rps'] for t, b in pairs):.2f}")
            print(f"{label}: timesvc ÷ bare {', '.join(ratios)}")


if __name__ == "__main__":
    main()
