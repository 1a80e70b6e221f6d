"""Slow clients: connections that trickle their headers must not starve the others."""
import http.client
import multiprocessing
import select
import socket
import statistics
import time
from pathlib import Path

from tests.support.processes import Instance, derived_ini, free_port

# The route a load balancer polls.
HEARTBEAT_PATH = "/__lbheartbeat__"
SLOW_CONNECTIONS = 500
PROBE_BOUND_MS = 100
# One header that never ends, sent one byte per second.
_TRICKLE = b"GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4096


def _trickle(port: int, stop, opened, report):
    """Open the slow connections, then send each one more byte per second until it is dropped.

    It runs in a process of its own, so that the probes' latencies do not include waiting for
    this loop's share of the runner's GIL. `report` receives the seconds after which each was dropped.
    """
    started = time.monotonic()
    dropped_after = []
    alive = {}
    for _ in range(SLOW_CONNECTIONS):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.setblocking(False)
        alive[sock] = 0
    opened.set()
    while alive and not stop.is_set():
        for sock in list(alive):
            try:
                sock.send(_TRICKLE[alive[sock] : alive[sock] + 1])
                alive[sock] += 1
            except OSError:
                dropped_after.append(time.monotonic() - started)
                sock.close()
                del alive[sock]
        readable, _, _ = select.select(list(alive), [], [], 0)
        for sock in readable:  # the server closed it (EOF) or answered an error
            dropped_after.append(time.monotonic() - started)
            sock.close()
            del alive[sock]
        stop.wait(1.0)
    for sock in alive:
        sock.close()
    report.send(dropped_after)


def probe(port: int) -> float:
    """Milliseconds to GET HEARTBEAT_PATH over a new connection; infinity for any answer but 200."""
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", HEARTBEAT_PATH)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            return float("inf")
    finally:
        connection.close()
    return (time.perf_counter() - began) * 1000


def percentile_99(probes: list[float]) -> float:
    # The 99th percentile, not the maximum: a single probe can lose the CPU to anything else on the machine.
    return statistics.quantiles(probes, n=100, method="inclusive")[98] if len(probes) > 1 else float("inf")


def slowloris(work: Path, short: bool):
    channel_timeout = 3 if short else 15
    server = {"channel_timeout": channel_timeout, "cleanup_interval": 1}
    instance = Instance(derived_ini(work, "slowloris", server), free_port(), work / "slowloris.log").start()
    stop, opened = multiprocessing.Event(), multiprocessing.Event()
    receiver, report = multiprocessing.Pipe(duplex=False)
    trickler = multiprocessing.Process(target=_trickle, args=(instance.port, stop, opened, report))
    bound = channel_timeout + 1 + 3  # timeout, the cleanup interval, and a margin
    try:
        trickler.start()
        # Probes start once every slow connection is open and accepted (a first probe queues behind
        # them in the listen backlog): the figure is the service while they are held, not the
        # accept burst of 500 connections opened at once.
        while not opened.is_set() and trickler.is_alive():
            time.sleep(0.05)
        probe(instance.port)
        probes = []
        deadline = time.monotonic() + bound
        while time.monotonic() < deadline:
            probes.append(probe(instance.port))
            time.sleep(0.1)
        stop.set()
        dropped_after = receiver.recv() if receiver.poll(10) else []
        trickler.join(10)
    finally:
        if trickler.is_alive():
            trickler.kill()
        instance.stop()
    dropped = len(dropped_after)
    p99 = percentile_99(probes)
    passed = opened.is_set() and dropped == SLOW_CONNECTIONS and p99 < PROBE_BOUND_MS
    return passed, (
        f"{SLOW_CONNECTIONS if opened.is_set() else 0} connections sending 1 header byte/s, channel_timeout {channel_timeout} s: "
        f"{dropped} dropped, after {min(dropped_after, default=0):.1f}-{max(dropped_after, default=0):.1f} s; "
        f"{len(probes)} probes of {HEARTBEAT_PATH}: median {statistics.median(probes):.1f} ms, p99 {p99:.1f} ms, max {max(probes):.1f} ms"
    )
