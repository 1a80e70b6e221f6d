"""`make bench`: timesvc (tuned and public-API modes) against its peers under wrk, then how precisely a
client learns the time from it, idle and under load (bench.transfer).

The peers: the bare app, Falcon and plain Pyramid on stock waitress.serve (bench.stock: the ceiling and
what a user would write instead), and the bare app and plain Pyramid on timesvc's own runner and settings.
Each round starts every server in turn (order rotated per round so machine drift cancels out),
measures the time to its first response, warms it up, then loads GET /time with wrk at each
concurrency. The server is pinned to one CPU and wrk to another when the machine has two or more.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import transfer
from .load import cpus, measured, wrk
from .report import plot, summarise, table
from .servers import APPS, RESULTS, ROOT, server_settings, serving


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini", default=str(ROOT / "production.ini"), help="the ini whose settings are measured")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk before measuring")
    parser.add_argument("--connections", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--servers", nargs="+", default=list(APPS), choices=list(APPS))
    parser.add_argument("--transfer-rounds", type=int, default=3, help="rounds of bench.transfer (0: none)")
    parser.add_argument("--quick", action="store_true", help="one round of 1 s runs: checks the harness, measures little")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.duration, args.warmup = 1, 1, 1
        args.transfer_rounds = min(args.transfer_rounds, 1)
    ini = Path(args.ini).resolve()
    server_cpu, wrk_cpu = cpus()
    runs = []
    for round_number in range(args.rounds):
        shift = round_number % len(args.servers)
        for name in args.servers[shift:] + args.servers[:shift]:
            with serving(name, ini, server_cpu) as server:
                wrk(server.port, 50, args.warmup, wrk_cpu)
                for connections in args.connections:
                    result = measured(server, connections, args.duration, wrk_cpu)
                    result.update(server=name, round=round_number, connections=connections)
                    result.update(started_in_s=server.started_in, rss_mb=server.rss_kib() / 1024)
                    runs.append(result)
                    print(f"  round {round_number + 1} {name:8} -c{connections:<4} {result['rps']:9.0f} req/s", file=sys.stderr)
    summary = summarise(runs)
    runs_per_round = 1 if args.quick else 3
    precision = transfer.summary(transfer.measure(["timesvc"], args.connections, args.transfer_rounds, runs_per_round, ini)) if args.transfer_rounds else {}
    report = {
        "command": " ".join([Path(sys.executable).name, "-m", "bench.run", *(argv or sys.argv[1:])]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "server_cpu": server_cpu, "wrk_cpu": wrk_cpu, "load_average": os.getloadavg()},
        "ini": str(ini),
        "server_settings": server_settings(ini),
        "options": vars(args),
        "runs": runs,
        "summary": summary,
        "transfer": precision,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{report['when'].replace(':', '')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(table(summary))
    if precision:
        print("\n" + transfer.table(precision))
    print(f"\nresults: {path.relative_to(ROOT)}")
    picture = plot(report, path.with_suffix(".png"))
    if picture:
        print(f"plot: {picture.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
