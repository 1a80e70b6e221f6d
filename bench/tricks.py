"""What each of timesvc.tuned's tricks gains: timesvc with all of them against timesvc without one.

    .venv/bin/python -m bench.tricks                   # every trick, in-process and under wrk
    .venv/bin/python -m bench.tricks validation_memo --rounds 5 --duration 10

In-process: instructions per request through the WSGI app (bench/instructions.py: valgrind, so the
machine's noise does not move them). Under wrk: req/s, server CPU µs per request, p99 (medians over
rounds) and errors (summed over rounds) at -c50 (or --connections), pinned, rounds alternating "all" and "without" so the machine's
drift falls on both. A trick is switched off here, in the measuring process or in the server it
starts, by leaving it out of timesvc.tuned's APP_TRICKS (the server's loop: by replacing the function
the runner asks for it with the public answer): a measuring device, not a setting of the service.
"""
import argparse
import statistics
import sys
from pathlib import Path

from .instructions import per_request
from .load import cpus, measured, wrk
from .servers import ROOT, serving


def _skip(trick: str):
    def switch_off():
        import timesvc.tuned

        timesvc.tuned.APP_TRICKS[trick] = lambda config: None

    return switch_off


def _replace(name: str, value):
    def switch_off():
        import timesvc.tuned

        setattr(timesvc.tuned, name, value)

    return switch_off


def _both(*switches):
    def switch_off():
        for each in switches:
            each()

    return switch_off


TRICKS = {
    "epoll_loop": _both(_replace("event_loop", lambda *args: None), _replace("channel_class", lambda tuned, channel: channel)),
    **{name: _skip(name) for name in ("cornice_hooks", "json_view_deriver", "lean_deserializer", "validation_memo", "prototype_records")},
}
IN_PROCESS = [name for name in TRICKS if name != "epoll_loop"]  # the loop only runs in a server


# In-process, two requests: the hot path, and one whose query string is new every time (t1, as
# offset clients send it), which no memo can remember. Counted in instructions (bench/instructions.py).
REQUESTS = {"/time": ("/time", ""), "/time?t1=…": ("/time", "t1=*")}


def in_process(trick: str | None, request: str, requests: int) -> float:
    """Instructions per request with `trick` switched off (None: all on)."""
    path, query = REQUESTS[request]
    switch = f"from bench.tricks import TRICKS; TRICKS[{trick!r}]()" if trick else ""
    return per_request(path, query, requests, switch=switch)


def _serve(trick: str, argv: list[str]):
    """The server process: switch `trick` off, then run pserve with `argv` (the ini)."""
    TRICKS[trick]()
    from pyramid.scripts.pserve import main

    sys.exit(main(["pserve", *argv]))


def main(argv=None):
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["--serve"]:
        _serve(args_in[1], args_in[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tricks", nargs="*", choices=[[], *TRICKS], metavar="TRICK", help=", ".join(TRICKS))
    parser.add_argument("--ini", default=str(ROOT / "production.ini"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--requests", type=int, default=1000, help="in-process: requests counted")
    parser.add_argument("--no-wrk", action="store_true", help="in-process only")
    parser.add_argument("--connections", type=int, default=50, help="wrk's concurrency")
    parser.add_argument("--no-in-process", action="store_true", help="under wrk only")
    args = parser.parse_args(args_in)
    ini = Path(args.ini).resolve()
    server_cpu, wrk_cpu = cpus()
    print(
        f"| trick switched off | instructions/request, /time (all on → off) | /time?t1=… | req/s -c{args.connections} (all on → off) | gain "
        "| CPU µs/req (all on → off) | p99 ms (all on → off) | errors (all on → off) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    all_on = {} if args.no_in_process else {request: in_process(None, request, args.requests) for request in REQUESTS}
    for trick in args.tricks or TRICKS:
        micro = ["n/a", "n/a"]
        if trick in IN_PROCESS and all_on:
            for index, request in enumerate(REQUESTS):
                off = in_process(trick, request, args.requests)
                micro[index] = f"{all_on[request]:,.0f} → {off:,.0f} ({off / all_on[request] - 1:+.0%})"
        if args.no_wrk:
            print(f"| {trick} | {micro[0]} | {micro[1]} | | | | | |", flush=True)
            continue
        runs = {"all": [], "without": []}
        for number in range(args.rounds):
            for label in ("all", "without") if number % 2 == 0 else ("without", "all"):
                wrapper = [sys.executable, "-m", "bench.tricks", "--serve", trick] if label == "without" else []
                with serving("timesvc", ini, server_cpu, tag=f"-{trick}-{label}", wrapper=wrapper) as server:
                    wrk(server.port, args.connections, 2, wrk_cpu)
                    runs[label].append(measured(server, args.connections, args.duration, wrk_cpu))
        rps = {label: statistics.median(r["rps"] for r in results) for label, results in runs.items()}
        cpu = {label: statistics.median(r["cpu_us_per_request"] for r in results) for label, results in runs.items()}
        p99 = {label: statistics.median(r["p99_ms"] for r in results) for label, results in runs.items()}
        errors = {label: sum(r["socket_errors"] + r["non_2xx"] for r in results) for label, results in runs.items()}
        gains = [a["rps"] / w["rps"] - 1 for a, w in zip(runs["all"], runs["without"])]
        print(
            f"| {trick} | {micro[0]} | {micro[1]} | {rps['all']:,.0f} → {rps['without']:,.0f} | {statistics.median(gains):+.1%} "
            f"| {cpu['all']:.0f} → {cpu['without']:.0f} | {p99['all']:.1f} → {p99['without']:.1f} | {errors['all']} → {errors['without']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
