"""Instructions per request through a real server process, counted by valgrind: what each server costs in all.

    .venv/bin/python -m bench.server_instructions                        # timesvc, plain Pyramid, the bare app
    .venv/bin/python -m bench.server_instructions --servers timesvc pyramid --requests 3000

bench.instructions counts the app alone; this counts the whole process, as wrk's req/s sees it: the
server's loop, parsing and writing, the app, the log writer's thread. Each server (bench.servers: the peers
on stock waitress.serve, timesvc under pserve) runs under `valgrind --tool=callgrind` on a free loopback
port; one client sends N requests for GET /time, one after another on one kept-alive connection, and the
server is stopped (SIGINT, which stock waitress and timesvc's runner both end on cleanly). The figure is
(instructions with N requests − with none) ÷ N: start-up falls out. Counts repeat within a fraction of a
percent whatever else the machine does (docs/performance.md); one client at a time, so the loop's
batching under many connections is not in it.
"""
import argparse
import os
import re
import signal
import socket
import tempfile
from pathlib import Path

from tests.support.processes import Instance

from .load import wrk
from .servers import APPS, ROOT, free_port, instance

INI = ROOT / "production.ini"
REQUEST = b"GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def _answers(port: int, count: int):
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        for _ in range(count):
            sock.sendall(REQUEST)
            data = b""
            while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < int(re.search(rb"(?i)content-length: *(\d+)", data).group(1)):
                chunk = sock.recv(65536)
                if not chunk:
                    raise RuntimeError("the server closed the connection")
                data += chunk


def instructions(name: str, requests: int, extra_env: dict | None = None, connections: int = 1) -> tuple[int, int]:
    """(instructions valgrind counts, requests answered) for server `name` started, loaded and stopped.

    One connection: `requests` requests one after another; more: wrk with that many for `requests` seconds."""
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        out, log = os.path.join(scratch, "callgrind.out"), Path(scratch) / "valgrind.log"
        server = instance(name, INI, port, tag="-valgrind", extra_env=extra_env)
        valgrind = Instance(None, port, log, env=server.env, argv=["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *server.command()])
        valgrind.start(timeout=600)
        try:
            _answers(port, 20)  # warm: every code path taken once before counting
            if connections == 1:
                _answers(port, requests)
                answered = requests
            else:
                answered = wrk(port, connections, requests, None)["requests"] if requests else 0
        finally:
            valgrind.stop(signal.SIGINT, timeout=600)
        return int(re.search(r"Collected : (\d+)", valgrind.log_text()).group(1)), answered


def per_request(name: str, requests: int, extra_env: dict | None = None, connections: int = 1) -> float:
    (loaded, answered), (idle, _) = instructions(name, requests, extra_env, connections), instructions(name, 0, extra_env, connections)
    return (loaded - idle) / answered


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", nargs="+", default=["stock", "pyramid", "pyramid-runner", "timesvc"], choices=list(APPS))
    parser.add_argument("--requests", type=int, default=2000, help="with one connection; with more, seconds of wrk")
    parser.add_argument("--connections", type=int, default=1, help="1: one client after another; more: wrk -cN")
    args = parser.parse_args(argv)
    counts = {name: per_request(name, args.requests, connections=args.connections) for name in args.servers}
    reference = counts.get("pyramid")
    print("| server (production.ini's threads) | instructions per request | × plain Pyramid on stock waitress |\n|---|---:|---:|")
    for name, count in counts.items():
        ratio = f"{count / reference:.2f}" if reference else "—"
        print(f"| {name} | {count:,.0f} | {ratio} |")


if __name__ == "__main__":
    main()
