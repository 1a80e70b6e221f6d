"""T2 and T3 of `/time?t1=` where the exchange really happens: when the request's last byte is read, and
just before the answer's bytes are handed to the socket.

The offset estimator (`timesvc offset`, the clock page) takes everything between T2 and T3 as the
server's own time, and everything else as network. Stamped in the app (the outermost tween, the view:
timesvc.web.received, the public fallback), the wait of a request in waitress's task queue and the
wait of a finished answer for its worker thread to hold the GIL again count as network: under load the
bound grows several times, and since the request's wait is longer than the answer's, the estimate is
biased (docs/performance.md, "Time transfer").

Here the server runner's connection stamps every request it completes with the time the bytes that
completed it arrived: the kernel's receive timestamp of that segment (SO_TIMESTAMPNS, read with
recvmsg(); Linux), or where the system gives none the clock read in the main loop right after the read.
The kernel's stamp also leaves out the time the bytes waited in the socket for the main loop, which under
load waits for the GIL. Its task puts it in the environ under timesvc.web.received's key. The view writes `transmit_ns` from the app's clock
and notes it in the environ (TRANSMIT: the digits written, and the clock); the task hands that note to its
connection, which writes the clock's reading over those digits in the bytes of its next send() — the
worker's own, at once (waitress's `send_bytes` is 1), or the main loop's when the socket was full. Same
length, so Content-Length holds. So both of the server's stamps sit where the client's do in
timesvc.client.exchange: leaving, just before the bytes are handed to the socket; arriving, when the
kernel received them — and the path between the four stamps is the same both ways.

What this relies on in waitress (tests/serving/test_waitress_internals.py pins each): HTTPChannel reads
with `self.recv(n)` (wasyncore.dispatcher's: b"" and handle_close() for a closed or reset connection)
and hands the bytes to received(), which parses them into requests and appends each completed one to
`self.requests` before it returns; it writes with `self.send(bytes)` only (HTTPChannel._flush_some);
WSGITask's get_environment() builds the environ from `self.request`; WSGITask's write() is given each
piece of the body, in order, before the channel sends it.
"""
import time

from waitress import wasyncore

from ..domain.wirestamps import ANCILLARY, arrival, stamp_arrivals
from ..web.received import KEY as RECEIVED, TRANSMIT


class StampingChannelMixin:
    """For HTTPChannel subclasses: each request completed in a read is stamped with when those bytes arrived."""

    _arrived = None  # ns: the kernel's timestamp of the bytes last read, where it gives one

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kernel_stamps = stamp_arrivals(self.socket)  # else the clock after the read stands in

    def recv(self, buffer_size):
        if not self._kernel_stamps:
            return super().recv(buffer_size)
        try:
            data, ancillary, _, _ = self.socket.recvmsg(buffer_size, ANCILLARY)
        except OSError as why:  # as wasyncore.dispatcher.recv
            if why.args[0] in wasyncore._DISCONNECTED:
                self.handle_close()
                return b""
            raise
        if not data:
            self.handle_close()
            return b""
        self._arrived = arrival(ancillary) or self._arrived
        return data

    def received(self, data):
        now, self._arrived = self._arrived or time.time_ns(), None
        handled = super().received(data)
        for request in self.requests:
            if not hasattr(request, "received_ns"):
                request.received_ns = now
        return handled

    _transmit = None  # (digits of transmit_ns as written, the clock to write over them), for the next send

    def send(self, data, do_close=True):
        transmit = self._transmit
        if transmit is not None:
            written, clock = transmit
            at = data.find(written)
            if at >= 0:
                now = b"%d" % clock()
                if len(now) == len(written):  # a clock past 2286 would change the body's length
                    data = data[:at] + now + data[at + len(now) :]
                self._transmit = None
        return super().send(data, do_close)


class StampedTaskMixin:
    """For WSGITask subclasses: T2 from the connection into the environ, T3's note handed to the connection."""

    def get_environment(self):
        environ = super().get_environment()
        received = getattr(self.request, "received_ns", None)
        if received is not None:
            environ[RECEIVED] = received
        return environ

    def write(self, data):
        transmit = self.environ.pop(TRANSMIT, None) if self.environ is not None else None
        if transmit is not None:  # before the body's first bytes reach the channel
            self.channel._transmit = transmit
        return super().write(data)
