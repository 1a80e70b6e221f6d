"""Roughtime over UDP and TCP (RFC 10049) in a thread of the embedding process, batching what arrives together.

One thread waits on both sockets and every TCP connection at once (epoll): idle, it sleeps in one system
call. Requests that are waiting when it wakes, and those that come within `max_wait` seconds after, up to
`max_batch`, are answered from one Merkle tree and one signature. Both sockets are bound with SO_REUSEPORT,
so that each of several processes can serve the same port; each then has its own online key.
"""
import logging
import os
import selectors
import threading
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..domain.clockstatus import CachedClockStatus, ClockStatus
from ..serving.hooks import ServingThread
from .pacing import Pacing
from .protocol.drops import Drop
from .protocol.ecosystem import DEFAULT_PORT
from .protocol.radius import UNKNOWN_MAX_ERROR, radius, vouched
from .protocol.request import MAX_REQUEST, MIN_UDP_REQUEST
from .protocol.responder import Responder
from .sockets import RoughtimeListenError, listen
from .tcp import Connection, Connections

__all__ = ["DEFAULT_PORT", "RoughtimeCounters", "RoughtimeListenError", "RoughtimeServer"]
log = logging.getLogger(__name__)
MAX_BATCH = 64  # requests per tree: a path of 6 hashes, 192 bytes, well within any request's size
MAX_WAIT = 0.001  # seconds a batch waits for more requests once one has come
MAX_CONNECTIONS = 256
MAX_PER_SOURCE = 32  # TCP connections from one IPv4 address or IPv6 /64: an eighth of them
IDLE_TIMEOUT = 10.0  # seconds a TCP connection may go unread from: silent, or held back (tcp.py)
WORK_SHARE = 0.5  # of the time, at most, under sustained load: HTTP's threads get the rest (pacing.py)
_SWEEP_EVERY = 1.0  # seconds between looks for idle connections, only while there are any


class RoughtimeCounters:
    """What the listener has done since it started: plain integers, written by its thread only."""

    def __init__(self):
        self.requests = 0  # UDP datagrams and TCP request packets received
        self.batches = 0  # batches answered, each with one signature per version in it
        self.responses = 0  # response packets sent
        self.connections = 0  # TCP connections accepted
        self.rested_seconds = 0.0  # seconds the thread rested under load, its share of the time used (pacing.py)
        self.drops = dict.fromkeys(Drop, 0)  # requests left unanswered, by reason; all keys from the start


class RoughtimeServer(ServingThread):
    """A Roughtime listener on `host`:`port` for UDP and TCP; `start()` it, then `stop()` it."""

    def __init__(
        self,
        long_term_key: Ed25519PrivateKey,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        *,
        clock: Callable[[], int] = time.time_ns,
        clock_status: Callable[[], ClockStatus] | None = None,
        serve_unsynchronized: bool = False,
        max_batch: int = MAX_BATCH,
        max_wait: float = MAX_WAIT,
        reuse_port: bool = True,
        max_connections: int = MAX_CONNECTIONS,
        max_per_source: int = MAX_PER_SOURCE,
        idle_timeout: float = IDLE_TIMEOUT,
        monotonic: Callable[[], float] = time.monotonic,
        work_share: float = WORK_SHARE,
    ):
        """`clock` gives epoch nanoseconds and `clock_status` the kernel's view of it (timesvc.domain.clockstatus).

        While the kernel vouches for no error bound (unsynchronized, or unknown), requests are dropped and
        counted, unless `serve_unsynchronized` (development): then the radius covers the error the kernel
        reports, or UNKNOWN_MAX_ERROR where it reports none.
        """
        if not 0 < max_batch <= 2**16 or not 0 <= max_wait <= 1:
            raise ValueError("max_batch is 1 to 65536 requests, max_wait 0 to 1 second")
        self.responder = Responder(long_term_key)
        self.host, self.port, self.reuse_port = host, port, reuse_port
        self.clock, self.clock_status = clock, clock_status or CachedClockStatus()
        self.serve_unsynchronized = serve_unsynchronized
        self.max_batch, self.max_wait = max_batch, max_wait
        self.max_connections, self.max_per_source = max_connections, max_per_source
        self.idle_timeout, self.monotonic = idle_timeout, monotonic
        self._pacing = Pacing(work_share)
        self.counters = RoughtimeCounters()
        self._stopping = False

    @property
    def public_key(self) -> bytes:
        return self.responder.public_key

    @property
    def delegations(self):
        """Its Delegations: `.latest.maxt` (epoch seconds) is when the online key in use stops being valid."""
        return self.responder.delegations

    def start(self) -> "RoughtimeServer":
        """Bind both sockets (RoughtimeListenError if either cannot be) and serve from a new thread."""
        self.responder.delegations.at(self.clock() // 10**9)  # the first delegation, for health checks to see
        self._udp, self._tcp = listen(self.host, self.port, self.reuse_port)
        self.port = self._udp.getsockname()[1]
        # Datagrams are received into it without allocating; one byte more than a request may hold shows
        # those too long (the kernel discards what does not fit).
        self._buffer = memoryview(bytearray(MAX_REQUEST + 1))
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        self._selector = selectors.DefaultSelector()
        for fileobj, data in ((self._udp, "udp"), (self._tcp, "tcp"), (self._wake_read, "wake")):
            self._selector.register(fileobj, selectors.EVENT_READ, data)
        self._connections = Connections(self._selector, self.counters, self.max_connections, self.max_per_source, self.idle_timeout, self.monotonic)
        self._last_sweep = self.monotonic()
        self._working_since = time.thread_time()
        self._stopping, self._started = False, True
        self._thread = threading.Thread(target=self._run, name=f"roughtime:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0):
        """Stop serving and close every socket: the thread wakes at once, whatever it was waiting for."""
        if self._thread is None:
            return
        thread, self._thread = self._thread, None
        self._stopping = True
        os.write(self._wake_write, b"\0")
        thread.join(timeout)
        if not thread.is_alive():
            # The pipe is closed here, not by the thread: stop() writes to it, and a closed number can be reused.
            os.close(self._wake_read)
            os.close(self._wake_write)

    def _run(self):
        try:
            while not self._stopping:
                self._serve_once()
        except Exception:
            log.exception("Roughtime stopped serving on port %d", self.port)
        finally:
            self._connections.close_all()
            self._selector.close()
            self._udp.close()
            self._tcp.close()

    def _serve_once(self):
        batch = []
        timeout = 0 if self._connections.waiting else (_SWEEP_EVERY if self._connections.open else None)
        self._collect(self._wait(timeout), batch)
        deadline = self.monotonic() + self.max_wait
        while batch and len(batch) < self.max_batch and not self._stopping:
            left = deadline - self.monotonic()
            if left <= 0:
                break
            self._collect(self._wait(left), batch)
        if batch:
            self._answer(batch)
        if self._connections.open and self.monotonic() - self._last_sweep >= _SWEEP_EVERY:
            self._last_sweep = self.monotonic()
            self._connections.close_idle()

    def _wait(self, timeout: float | None) -> list:
        """The selector's events, after the rest the work since the last wait calls for.

        Work is counted in this thread's CPU time (a thread the machine preempts owes nothing for it), idle
        time in wall time.
        """
        rest = self._pacing.worked(time.thread_time() - self._working_since)
        if rest:
            self.counters.rested_seconds += rest
            time.sleep(rest)
        began = time.monotonic()
        events = self._selector.select(timeout)
        self._pacing.idle(time.monotonic() - began)
        self._working_since = time.thread_time()
        return events

    def _collect(self, events, batch: list):
        datagrams = False
        for key, mask in events:
            if key.data == "udp":
                datagrams = True
            elif key.data == "tcp":
                self._connections.accept(self._tcp)
            elif key.data == "wake":
                os.read(self._wake_read, 64)
            else:
                self._connections.serve(key.data, mask)
        # Datagrams after the connections are read: while TCP requests wait, datagrams fill half a batch
        # at most, so that a flood over one transport cannot starve the other.
        if datagrams:
            self._receive_datagrams(batch, max(1, self.max_batch // 2) if self._connections.waiting else self.max_batch)
        self._connections.take(batch, self.max_batch)

    def _receive_datagrams(self, batch: list, limit: int):
        while len(batch) < limit:
            try:
                size, address = self._udp.recvfrom_into(self._buffer)
            except OSError:  # nothing more waiting (EAGAIN), or an ICMP error the socket holds
                return
            self.counters.requests += 1
            if size < MIN_UDP_REQUEST:
                self.counters.drops[Drop.TOO_SHORT] += 1
            elif size > MAX_REQUEST:
                self.counters.drops[Drop.TOO_LONG] += 1
            else:
                batch.append((bytes(self._buffer[:size]), address))

    def _answer(self, batch: list):
        self.counters.batches += 1
        try:
            radi = self.radius_now()
            if radi is None:
                results = [Drop.CLOCK_UNSYNCHRONIZED] * len(batch)
            else:
                results = self.responder.respond([packet for packet, _ in batch], self.clock() // 10**9, radi)
        except Exception:  # a defect, or a clock that fails: the listener goes on
            log.exception("Roughtime could not answer a batch of %d requests", len(batch))
            results = [Drop.INTERNAL_ERROR] * len(batch)
        for (request, target), result in zip(batch, results):
            if not isinstance(result, bytes):
                self.counters.drops[result] += 1
                if isinstance(target, Connection):
                    self._connections.refuse(target)
            elif self._deliver(result, request, target):
                self.counters.responses += 1
            else:
                self.counters.drops[Drop.SEND_FAILED] += 1

    def radius_now(self) -> int | None:
        """RADI for an answer now; None while requests are dropped, the kernel vouching for no error bound."""
        status = self.clock_status()
        if vouched(status):
            return radius(status.max_error)
        if not self.serve_unsynchronized:
            return None
        return radius(UNKNOWN_MAX_ERROR if status.max_error is None else status.max_error)

    def _deliver(self, response: bytes, request: bytes, target) -> bool:
        if not isinstance(target, Connection):
            try:
                self._udp.sendto(response, target)
            except OSError:
                return False
            return True
        return self._connections.deliver(response, request, target)
