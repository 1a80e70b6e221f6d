"""Slow clients: connections that trickle their headers must not starve the others."""
import http.client
import select
import socket
import statistics
import threading
import time
from pathlib import Path

from .processes import Instance, derived_ini, free_port

# The route a load balancer polls. "/time" until the operations branch adds "/__lbheartbeat__".
HEARTBEAT_PATH = "/time"
SLOW_CONNECTIONS = 500
PROBE_BOUND_MS = 100
# One header that never ends, sent one byte per second.
_TRICKLE = b"GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4096


def _trickle(port: int, stop: threading.Event, dropped_after: list, opened: list):
    """Open the slow connections, then send each one more byte per second until it is dropped."""
    started = time.monotonic()
    alive = {}
    for _ in range(SLOW_CONNECTIONS):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.setblocking(False)
        alive[sock] = 0
    opened.append(len(alive))
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


def _probe(port: int) -> float:
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


def slowloris(work: Path, short: bool):
    channel_timeout = 3 if short else 15
    server = {"channel_timeout": channel_timeout, "cleanup_interval": 1}
    instance = Instance(derived_ini(work, "slowloris", server), free_port(), work / "slowloris.log").start()
    stop, dropped_after, opened = threading.Event(), [], []
    trickler = threading.Thread(target=_trickle, args=(instance.port, stop, dropped_after, opened), daemon=True)
    bound = channel_timeout + 1 + 3  # timeout, the cleanup interval, and a margin
    try:
        trickler.start()
        # Probes start once every slow connection is open: the figure is the service held by them,
        # not the accept burst of opening 500 connections at once.
        while not opened and trickler.is_alive():
            time.sleep(0.05)
        probes = []
        deadline = time.monotonic() + bound
        while time.monotonic() < deadline:
            probes.append(_probe(instance.port))
            time.sleep(0.1)
        stop.set()
        trickler.join(10)
    finally:
        instance.stop()
    dropped = len(dropped_after)
    worst = max(probes)
    passed = bool(opened) and dropped == SLOW_CONNECTIONS and worst < PROBE_BOUND_MS
    return passed, (
        f"{opened[0] if opened else 0} connections sending 1 header byte/s, channel_timeout {channel_timeout} s: "
        f"{dropped} dropped, after {min(dropped_after, default=0):.1f}-{max(dropped_after, default=0):.1f} s; "
        f"{len(probes)} probes of {HEARTBEAT_PATH}: median {statistics.median(probes):.1f} ms, max {worst:.1f} ms"
    )
