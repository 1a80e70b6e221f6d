"""Byte-level fuzzing of HTTP framing: thousands of mutated requests on raw sockets against a real pserve.

The server is production.ini's, on a free loopback port. Each case is one connection: the client
sends a mutated request (or a few pipelined, reliability/mutations.py, from a fixed seed), then
half-closes. waitress answers every request it has whole before it reads that end of input, then
closes, so whatever the bytes, the server must close within HANG_BOUND: a connection it neither
answers nor closes is a hang. reliability/oracle.py judges the answers (no 5xx, no reflected line
break, no echo over 100 characters, an answer wherever the request could be framed); the server's
log must hold no traceback and no error. Cases run CONCURRENCY at a time, up to a count and a time
budget, whichever ends first.
"""
import configparser
import random
import re
import selectors
import socket
import time
from collections import Counter
from pathlib import Path

from tests.support.processes import Instance, derived_ini, free_port

from . import mutations, oracle

SEED = 20261201
CONCURRENCY = 16
HANG_BOUND = 10.0  # s after the half-close; the server answers in milliseconds
# (cases, seconds): the count is reached first on an idle machine; the time only bounds a slow one.
BUDGET = {True: (2_000, 30.0), False: (60_000, 600.0)}
_LOG_FAULTS = re.compile(r'Traceback|"traceback"|"Severity": ?[0-3][,}]| ERROR ')


class Case:
    """One connection: the bytes sent, the bytes received, how it ended."""

    def __init__(self, port: int, data: bytes):
        self.data, self.received, self.reset, self.done = data, b"", False, False
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=HANG_BOUND)
        try:
            self.sock.sendall(data)
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:  # the server answered and closed before reading it all
            self.reset = True
        self.sock.setblocking(False)
        self.deadline = time.monotonic() + HANG_BOUND

    def read(self):
        try:
            chunk = self.sock.recv(65536)
        except BlockingIOError:
            return
        except ConnectionResetError:
            self.reset, chunk = True, b""
        if chunk:
            self.received += chunk
        else:
            self.done = True

    def close(self):
        self.sock.close()


def _limits(ini: Path) -> tuple[int, int]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ini)
    server = parser["server:main"]
    return int(server["max_request_header_size"]), int(server["max_request_body_size"])


def run_cases(port: int, count: int, seconds: float, limits: tuple[int, int]):
    """Run up to `count` cases within `seconds`: (Counter of outcomes, failures, requests written)."""
    rng = random.Random(SEED)
    outcomes, failures, requests = Counter(), [], 0
    selector = selectors.DefaultSelector()
    started, stop_at = 0, time.monotonic() + seconds
    while True:
        while started < count and len(selector.get_map()) < CONCURRENCY and time.monotonic() < stop_at:
            data, written = mutations.case(rng)
            case = Case(port, data)
            selector.register(case.sock, selectors.EVENT_READ, case)
            started, requests = started + 1, requests + written
        if not selector.get_map():
            break
        for key, _ in selector.select(timeout=0.5):
            key.data.read()
        now = time.monotonic()
        for key in list(selector.get_map().values()):
            case = key.data
            if case.done or now > case.deadline:
                selector.unregister(case.sock)
                case.close()
                outcome, failure = oracle.judge(case.data, case.received, case.reset, not case.done, *limits)
                outcomes[outcome] += 1
                if failure:
                    failures.append((failure, case.data[:300], case.received[:300]))
    selector.close()
    return outcomes, failures, requests


def framing(work: Path, short: bool):
    ini = derived_ini(work, "framing", {"listen": "127.0.0.1:6543"})
    instance = Instance(ini, free_port(), work / "framing.log").start()
    count, seconds = BUDGET[short]
    began = time.monotonic()
    try:
        outcomes, failures, requests = run_cases(instance.port, count, seconds, _limits(ini))
        alive = instance.process.poll() is None
    finally:
        code = instance.stop()
    elapsed = time.monotonic() - began
    log_faults = [line[:200] for line in instance.log_text().splitlines() if _LOG_FAULTS.search(line)]
    total = sum(outcomes.values())
    shown = ", ".join(f"{outcome}: {number}" for outcome, number in sorted(outcomes.items(), key=lambda kv: -kv[1]))
    figures = f"{requests} requests on {total} connections (seed {SEED}) in {elapsed:.0f} s; by first answer: {shown}"
    if failures:
        failure, sent, got = failures[0]
        figures += f"; {len(failures)} failures, first: {failure}: sent {sent!r} got {got!r}"
    if log_faults:
        figures += f"; {len(log_faults)} error lines in the server's log, first: {log_faults[0]}"
    passed = not failures and not log_faults and alive and code == 0 and total >= min(count, 1000)
    return passed, figures
