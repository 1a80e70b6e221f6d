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
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from .report import plot, summarise, table
from .servers import APPS, RESULTS, ROOT, server_settings, serving

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk_command(port: int, connections: int, seconds: int, cpu: int | None) -> list[str]:
    """wrk loading GET /time on `port`, pinned to `cpu` when there is one."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}/time"]
    return ["taskset", "-c", str(cpu), *command] if cpu is not None else command


def wrk(port: int, connections: int, seconds: int, cpu: int | None) -> dict:
    """One wrk run on GET /time; latencies in ms."""
    command = wrk_command(port, connections, seconds, cpu)
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * _UNITS[unit]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "timeouts": int(errors.group(4)) if errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def measured(server, connections, seconds, cpu) -> dict:
    """wrk's figures plus the server's CPU per request and its listen queue during the run.

    wrk does not report connections the server never accepts (beyond `connection_limit`): they
    show as a listen queue that stays full, where a busy server's queue only fills in bursts.
    """
    samples = []
    done = threading.Event()

    def watch_listen_queue():
        while not done.wait(0.1):
            samples.append(server.unaccepted())

    watcher = threading.Thread(target=watch_listen_queue, daemon=True)
    cpu_before = server.cpu_seconds()
    watcher.start()
    try:
        result = wrk(server.port, connections, seconds, cpu)
    finally:
        done.set()
        watcher.join()
    result["cpu_us_per_request"] = (server.cpu_seconds() - cpu_before) * 1e6 / max(result["requests"], 1)
    result["unaccepted"] = statistics.median(samples) if samples else 0
    return result


def cpus() -> tuple[int | None, int | None]:
    """(server CPU, wrk CPU): two different ones when the machine has them, else no pinning."""
    available = sorted(os.sched_getaffinity(0))
    return (available[0], available[1]) if len(available) >= 2 else (None, None)


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
                    result.update(started_in_s=server.started_in, rss_mb=server.rss_mb())
                    runs.append(result)
                    print(f"  round {round_number + 1} {name:8} -c{connections:<4} {result['rps']:9.0f} req/s", file=sys.stderr)
    summary = summarise(runs)
    from . import transfer  # it measures with this module's wrk and pinning

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
