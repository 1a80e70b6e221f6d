"""Defences that need waitress's internals: on whatever timesvc.tuned says.

`DefendedChannel`, the server's connection class, has them all: the request deadline below, the
framing rules of timesvc.serving.framing, the answers of timesvc.serving.answers (one write,
bounded refusals), the proxy headers noted by timesvc.serving.proxies and the backpressure of
timesvc.serving.backpressure (a client that does not read holds no thread). Each is checked by a test
that fails if a waitress upgrade breaks it (tests/serving/test_defences.py, test_framing.py,
test_backpressure.py, test_waitress_internals.py).
"""
import socket

from waitress.channel import HTTPChannel

from .answers import OneWriteChannel, OneWriteTask
from .backpressure import BackpressureChannel
from .framing import StrictRequestParser
from .proxies import ProxyHeadersNoted


class RequestDeadlineChannel(HTTPChannel):
    """A connection whose `channel_timeout` also bounds how long one request may take to arrive.

    waitress counts `channel_timeout` from a connection's last byte, so a client sending a header
    one byte a second (slowloris) would hold its connection for ever; here, while a request is
    incomplete, its connection counts as last active when that request's first byte came.
    Relies on HTTPChannel.received() keeping the request being parsed in `self.request` and on
    `last_activity` being what waitress's maintenance compares with channel_timeout.
    """

    _partial = None  # the incomplete request last seen, and when its first byte came
    _partial_since = 0.0

    def received(self, data):
        handled = super().received(data)
        if self.request is None:
            self._partial = None
        elif self.request is not self._partial:
            self._partial, self._partial_since = self.request, self.last_activity
        else:
            self.last_activity = self._partial_since
        return handled


class DefendedTask(ProxyHeadersNoted, OneWriteTask):
    """An answer from the app: its environ notes an untrusted peer's proxy headers; it leaves in one write."""


class DefendedChannel(OneWriteChannel, BackpressureChannel, RequestDeadlineChannel):
    """The server's connection: a request deadline, strict framing, untrusted proxy headers noted,
    answers in one write, bounded refusals, no thread held for a client that does not read, and (with
    `send_buffer`, the server option) a kernel send buffer of fixed size."""

    parser_class = StrictRequestParser
    task_class = DefendedTask
    send_buffer = None  # bytes; None: the system's autotuning

    def __init__(self, server, sock, *args, **kwargs):
        if self.send_buffer:  # before HTTPChannel reads it: it sends at most that much at a time
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.send_buffer)
        super().__init__(server, sock, *args, **kwargs)
