"""Passes of the server's loop, and connections asked what they wait for, per request served.

`python -m bench.loop_passes` serves timesvc and the bare app under production.ini's settings with
each loop in turn (waitress's: timesvc.tuned off; timesvc.tuned.eventloop's epoll loop: on), loads
them with wrk, and counts: how many passes the loop made and how many times it called a
connection's readable()/writable() pair, per request. It is the measurement behind
timesvc/tuned/eventloop.py, not a benchmark: counting slows the server down.
"""
import argparse
import atexit
import json
import sys
import tempfile
from pathlib import Path

from tests.support.processes import ROOT

from .load import cpus, wrk
from .servers import serving


def _count_in_this_process(out: Path):
    """Wrap the loops and the channel's service() with counters, written to `out` at exit."""
    from waitress import wasyncore

    from timesvc.serving.defences import RequestDeadlineChannel
    from timesvc.tuned import eventloop

    counts = {"passes": 0, "asked": 0, "requests": 0}

    def counted(function, key, many=lambda *args: 1):
        def wrapper(*args, **kwargs):
            counts[key] += many(*args, **kwargs)
            return function(*args, **kwargs)

        return wrapper

    poll2 = wasyncore.poll2
    wasyncore.poll2 = counted(poll2, "passes")  # waitress's loop: every pass asks every dispatcher
    wasyncore.poll2 = counted(wasyncore.poll2, "asked", lambda timeout, map: len(map))
    eventloop.EpollLoop.run_once = counted(eventloop.EpollLoop.run_once, "passes")
    eventloop.EpollLoop._ask = counted(eventloop.EpollLoop._ask, "asked")
    RequestDeadlineChannel.service = counted(RequestDeadlineChannel.service, "requests")
    atexit.register(lambda: out.write_text(json.dumps(counts)))


def _serve(out: str, ini: str):
    _count_in_this_process(Path(out))
    from pyramid.scripts.pserve import main

    sys.exit(main(["pserve", ini]))


def measure(app: str, loop: str, connections: int, seconds: int, work: Path) -> dict:
    out = work / f"{app}-{loop}.json"
    server_cpu, wrk_cpu = cpus()
    wrapper = [sys.executable, "-m", "bench.loop_passes", "--serve", str(out)]
    # The epoll loop is one of timesvc.tuned's tricks: off, the runner uses waitress's loop.
    environment = {"TIMESVC_TUNED": "true" if loop == "epoll" else "false"}
    with serving(app, ROOT / "production.ini", server_cpu, tag=f"-loop-{loop}", extra_env=environment, wrapper=wrapper) as server:
        wrk(server.port, connections, seconds, wrk_cpu)
    counts = json.loads(out.read_text())
    served = max(counts["requests"], 1)
    return {"passes": counts["passes"] / served, "asked": counts["asked"] / served, "requests": counts["requests"]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per server")
    parser.add_argument("--serve", nargs=2, metavar=("OUT", "INI"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        _serve(*args.serve)
        return
    print(f"| loop | app | passes per request | connections asked per request | requests (wrk -c{args.connections}, {args.duration} s) |")
    print("|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as work:
        for loop in ("waitress", "epoll"):
            for app in ("bare", "timesvc"):
                result = measure(app, loop, args.connections, args.duration, Path(work))
                print(f"| {loop} | {app} | {result['passes']:.2f} | {result['asked']:.1f} | {result['requests']:,} |")


if __name__ == "__main__":
    main()
