"""T2 and T3 of `/time?t1=` where the exchange really happens: when the request's last byte is read, and
just before the answer's bytes are handed to the socket.

The offset estimator (`timesvc offset`, the clock page) takes everything between T2 and T3 as the
server's own time, and everything else as network. Stamped in the app (the outermost tween, the view:
timesvc.web.received, the public fallback), the wait of a request in waitress's task queue and the
wait of a finished answer for its worker thread to hold the GIL again count as network: under load the
bound grows several times, and since the request's wait is longer than the answer's, the estimate is
biased (docs/performance.md, "Time transfer").

Here the server runner's connection stamps every request it completes with the time the bytes that
completed it were read (`received_ns`, read in the main loop right after recv()), and its task puts it
in the environ under timesvc.web.received's key. The view writes `transmit_ns` from the app's clock
and notes it in the environ (TRANSMIT: the digits written, and the clock); the task writes that clock's
reading over those digits in the body's bytes as it hands them to the channel, which sends them at once
(waitress's `send_bytes` is 1). Same length, so Content-Length holds.

What this relies on in waitress (tests/serving/test_waitress_internals.py pins each): HTTPChannel's
received() parses `data` into requests and appends each completed one to `self.requests` before it
returns; WSGITask's get_environment() builds the environ from `self.request`; WSGITask's write() is
given each piece of the body, in order, and passes it to `channel.write_soon`.
"""
import time

from ..web.received import KEY as RECEIVED, TRANSMIT


class StampingChannelMixin:
    """For HTTPChannel subclasses: each request completed in a read is stamped with that read's time."""

    def received(self, data):
        now = time.time_ns()
        handled = super().received(data)
        for request in self.requests:
            if not hasattr(request, "received_ns"):
                request.received_ns = now
        return handled


class StampedTaskMixin:
    """For WSGITask subclasses: T2 from the connection into the environ, T3 written into the body's bytes."""

    def get_environment(self):
        environ = super().get_environment()
        received = getattr(self.request, "received_ns", None)
        if received is not None:
            environ[RECEIVED] = received
        return environ

    def write(self, data):
        transmit = self.environ.get(TRANSMIT) if self.environ is not None else None
        if transmit is not None and data:
            written, clock = transmit
            at = data.find(written)
            if at >= 0:
                now = b"%d" % clock()
                if len(now) == len(written):  # a clock past 2286 would change the body's length
                    data = data[:at] + now + data[at + len(now) :]
                    del self.environ[TRANSMIT]  # once: the digits may recur in the body
        return super().write(data)
