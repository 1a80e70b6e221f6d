"""Instructions per request through the WSGI app, counted by valgrind (callgrind): A/B on a noisy machine.

    .venv/bin/python -m bench.instructions                       # /time, /time?tz=..., the bare app, plain Pyramid
    .venv/bin/python -m bench.instructions --requests 2000 /timezones/Europe/Paris

CPU time in-process moves by ±50 % here while other work runs on the machine; an instruction count
does not (the same total twice, whatever else runs). Each figure is (instructions of a process that
makes N requests − those of one that makes none) ÷ N, so the start-up cost falls out; the request log
is written to /dev/null and its writer's work is counted (it is flushed before the process ends).
Valgrind runs the interpreter about 50 times slower: keep N to a few thousand.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

from .servers import ROOT

INI = str(ROOT / "production.ini")
# Run in the measured process: `count` requests after a warm-up; a `*` in the query becomes a number
# new at each request (t1=*: a query string no memo has seen).
_PROGRAM = """
import os, sys
sys.path.insert(0, {root!r})
from bench.micro import call
{setup}
for number in range(20 + {count}):
    call(app, {path!r}, {query!r}.replace("*", str(1_700_000_000_000_000_000 + number)))
{finish}
"""
_TIMESVC = """
from pyramid.paster import get_app, setup_logging
{switch}
setup_logging({ini!r})
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
app = get_app({ini!r})
"""
_PEERS = {"bare": "from bench.apps import bare_app as app", "pyramid": "from bench.apps import pyramid; app = pyramid()"}


def count_instructions(program: str) -> int:
    """Instructions valgrind counts for running `program` in this interpreter."""
    if shutil.which("valgrind") is None:
        sys.exit("bench.instructions needs valgrind: apt-get install valgrind")
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "callgrind.out")
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", program],
            capture_output=True, text=True, timeout=1800, check=True, cwd=ROOT,
        )
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def per_request(path: str, query: str = "", requests: int = 1000, peer: str | None = None, switch: str = "") -> float:
    """Instructions per request: (a process making `requests` requests − one making none) ÷ requests.

    `peer`: "bare" or "pyramid" (bench.apps) instead of timesvc; `switch`: Python run before timesvc is built
    (bench/tricks.py switches a trick off with it).
    """
    setup = _PEERS[peer] if peer else _TIMESVC.format(ini=INI, switch=switch)
    finish = "" if peer else "app.registry.request_log.flush()"
    counts = [
        count_instructions(_PROGRAM.format(root=str(ROOT), setup=setup, path=path, query=query, count=count, finish=finish))
        for count in (0, requests)
    ]
    return (counts[1] - counts[0]) / requests


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/time", "/time?tz=Europe/Paris"], help="path[?query] to request; a * in the query is a new number each time")
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args(argv)
    bare = per_request("/time", requests=args.requests, peer="bare")
    pyramid = per_request("/time", requests=args.requests, peer="pyramid")
    print("| request (in-process, production.ini) | instructions per request | × the bare app | × plain Pyramid |\n|---|---:|---:|---:|")
    print(f"| bare WSGI app (reference) | {bare:,.0f} | 1.0 | {bare / pyramid:.2f} |")
    print(f"| plain Pyramid, renderer=\"json\" | {pyramid:,.0f} | {pyramid / bare:.1f} | 1.00 |")
    for target in args.paths:
        path, _, query = target.partition("?")
        count = per_request(path, query, args.requests)
        print(f"| GET {target} | {count:,.0f} | {count / bare:.1f} | {count / pyramid:.2f} |", flush=True)


if __name__ == "__main__":
    main()
