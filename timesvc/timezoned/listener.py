"""ezTime's timezoned protocol over UDP, in a thread of the embedding process: one socket, one datagram at a time.

A question is answered from the thread that receives it (an answer is a dictionary lookup once its zone's
string is kept, timesvc.domain.posixtz.PosixCache). Bounds: a datagram is read into a buffer of
MAX_QUESTION + 1 bytes (the kernel drops the rest), the socket's receive buffer is asked at
RECEIVE_BUFFER, a source gets one answer per SourceLimit interval, and every answer is one datagram of at
most MAX_ANSWER bytes. It is the app's listener (timesvc.serving.hooks): `start`, `elsewhere`, `stop`.
"""
import logging
import socket
import threading
import time
from collections.abc import Callable

from ..serving.hooks import ListenError, ServingThread
from .protocol import MAX_ANSWER, MAX_QUESTION, SourceLimit, Timezoned

log = logging.getLogger(__name__)
DEFAULT_PORT = 2342  # ezTime's TIMEZONED_REMOTE_PORT: compiled into the devices
# Bytes asked for the socket's receive buffer (Linux doubles it for its bookkeeping, ~1 KB a datagram): a
# burst of about a hundred questions waits while one is answered; the kernel drops the rest.
RECEIVE_BUFFER = 64 << 10
RATE_LIMITED, SEND_FAILED, INTERNAL_ERROR = "rate_limited", "send_failed", "internal_error"


class TimezonedCounters:
    """What the listener has done since it started: plain integers, written by its thread only."""

    def __init__(self):
        self.questions = 0  # datagrams received
        self.answers = 0  # answers sent
        self.drops = dict.fromkeys((RATE_LIMITED, SEND_FAILED, INTERNAL_ERROR), 0)  # questions unanswered, by reason


class TimezonedListenError(ListenError):
    """The timezoned socket could not be bound."""


class TimezonedServer(ServingThread):
    """ezTime's timezoned on `host`:`port`/udp, answering with `protocol` at the UTC seconds `clock` gives."""

    name = "timezoned"
    health_check = "timezoned"

    def __init__(self, protocol: Timezoned, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *, clock: Callable[[], int] = time.time_ns, limit: SourceLimit | None = None):
        """`clock` gives epoch nanoseconds; `limit` the answers allowed per source (one per 3 s by default)."""
        self.protocol, self.host, self.port, self.clock = protocol, host, port, clock
        self.limit = SourceLimit() if limit is None else limit  # not `or`: an empty limit is falsy (__len__)
        self.counters = TimezonedCounters()
        self.skipped = False  # its port was taken, and timesvc.listener_port_taken = move skipped it

    @property
    def where(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}/udp, one answer per address per {self.limit.interval:g} s"

    def start(self) -> str:
        """Bind the socket (TimezonedListenError if it cannot be) and serve from a new thread; the log line."""
        self._socket = _bound(self.host, self.port)
        self._address = self._socket.getsockname()
        self.port = self._address[1]
        self._buffer = memoryview(bytearray(MAX_QUESTION + 1))  # one more: a longer question is seen as one
        self._stopping, self._started = False, True
        self._thread = threading.Thread(target=self._run, name=f"timezoned:{self.port}", daemon=True)
        self._thread.start()
        return f"Serving ezTime's timezoned on {self.where}"

    def elsewhere(self) -> None:
        """Never another port: ezTime's is compiled into the devices. The runner skips this listener."""
        self.skipped = True
        return None

    def stop(self, timeout: float = 5.0):
        """Stop serving and close the socket, within `timeout` seconds."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping = True
        # An empty datagram wakes the thread from its wait; one busy with others sees `_stopping` after the
        # one it is answering. Bound to every interface, the socket is reached on loopback.
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self._address[0], self._address[0])
        with socket.socket(self._socket.family, socket.SOCK_DGRAM) as waker:
            try:
                waker.sendto(b"", (host, *self._address[1:]))
            except OSError:  # nothing to wake: the thread has failed and closed its socket
                pass
        thread.join(timeout)

    def _run(self):
        try:
            while not self._stopping:
                try:
                    size, sender = self._socket.recvfrom_into(self._buffer)  # idle, the thread waits here
                except ConnectionError:  # an ICMP error an earlier answer brought back: nothing to read
                    continue
                if not self._stopping:
                    self.counters.questions += 1
                    self._answer(bytes(self._buffer[:size]), sender)
        except Exception:
            log.exception("timezoned stopped serving on port %d", self.port)
        finally:
            self._socket.close()

    def _answer(self, question: bytes, sender: tuple):
        if not self.limit.allow(sender[0]):
            self.counters.drops[RATE_LIMITED] += 1
            return
        try:
            answer = self.protocol.answer(question, sender[0], self.clock() // 10**9)
        except Exception:  # a defect, or a clock that fails: the listener goes on
            log.exception("timezoned could not answer %r", question[:MAX_ANSWER])
            self.counters.drops[INTERNAL_ERROR] += 1
            return
        try:
            self._socket.sendto(answer[:MAX_ANSWER], socket.MSG_DONTWAIT, sender)  # a full send buffer drops it
        except OSError:
            self.counters.drops[SEND_FAILED] += 1
            return
        self.counters.answers += 1


def _bound(host: str, port: int) -> socket.socket:
    """A UDP socket bound to `host`:`port` (a free port for 0)."""
    where = f"[{host}]" if ":" in host else host
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        raise TimezonedListenError(error.errno, f"timezoned cannot listen on {where}: {error.strerror}") from None
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        sock.bind(address)
    except OSError as error:
        sock.close()
        raise TimezonedListenError(error.errno, f"timezoned cannot listen on {where}:{port}/udp: {error.strerror}") from None
    return sock
