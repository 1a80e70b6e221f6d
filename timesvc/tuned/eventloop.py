"""waitress's event loop, asking a connection what it waits for only when that may have changed.

waitress's own loop (`wasyncore.poll2`) builds a new poll set on every pass: it calls `readable()`
and `writable()` on every open connection, registers each one, then polls. That costs about 0.4 µs
per connection per pass, and the slower the application, the more passes per request (while the
workers run the application, the loop wakes for each finished response and each new request, a
few events at a time). Measured at 50 connections (docs/performance.md): 0.35 passes and 18
connections asked per request for a bare WSGI app, 2.9 passes and 148 asked for timesvc.

This loop keeps an epoll registration from pass to pass and asks again only the connections whose
state may have changed: those it has just handled an event for, and those a worker thread has just
served (waitress's workers pull the server's trigger after serving; the trigger is wrapped to note
which connection pulled it). Listeners and triggers are asked on every pass, as waitress does (a
listener's `readable()` runs waitress's maintenance and applies `connection_limit`). Every
connection is asked again when connections come or go, after waitress's maintenance, and at least
once a second. What a connection is polled for and what each event does stay waitress's own
(`readable`, `writable`, `wasyncore.readwrite`, events filtered as poll() filters them): only when
the question is asked changes. A listener accepts up to ACCEPTS_PER_EVENT connections per event
rather than one, so that a burst of new connections does not wait a pass each.

Measured gain (bench.tricks epoll_loop --no-in-process --rounds 5, 2026-12-01): req/s +0.5 % at
-c50 (p99 the same); at -c200 p99 178 ms against 996 ms with waitress's loop, and 0 wrk timeouts
against 280, for 18 % fewer req/s (waitress's loop serves some connections over and over while
others wait). On 2026-11-26 it had gained 11 % req/s at -c50.
"""
import select
import threading
import time
from collections import deque

from waitress import wasyncore
from waitress.channel import HTTPChannel

AVAILABLE = hasattr(select, "epoll")
# Every connection is asked again at least this often (s), whatever this loop was told.
FULL_PASS_INTERVAL = 1.0
# New connections accepted per listener event (waitress accepts one), within connection_limit.
ACCEPTS_PER_EVENT = 64
_READ = select.POLLIN | select.POLLPRI
# Reported by poll() whatever was asked for, for a descriptor polled at all.
_ALWAYS = select.POLLHUP | select.POLLERR | select.POLLNVAL
_serving = threading.local()


class ServedChannelMixin:
    """For HTTPChannel subclasses: notes which connection the current worker thread is serving."""

    def service(self):
        _serving.channel = self
        try:
            super().service()
        finally:
            _serving.channel = None


class EpollLoop:
    """Polls a waitress server's map with epoll; `run_once(timeout)` is one pass of the loop."""

    def __init__(self, server_map: dict, listeners: list):
        self.map = server_map
        self.epoll = select.epoll()
        # fd -> (dispatcher, flags it wants, flags it is polled for; 0: not in epoll)
        self.registered = {}
        self.served = deque()  # connections served by a worker since they were last asked
        self.handled = []  # (fd, dispatcher) with an event on the last pass
        self.others = []  # (fd, dispatcher) that are not connections: listeners, triggers
        self.next_full_pass = 0.0
        self.size = -1  # len(map) at the last full pass
        for listener in listeners:
            listener.pull_trigger = self._noting_pull(listener.trigger)
            listener.maintenance = self._then_full_pass(listener.maintenance)
            listener.handle_accept = self._accepting_several(listener)

    def _noting_pull(self, trigger):
        served = self.served

        def pull_trigger(thunk=None):
            channel = getattr(_serving, "channel", None)
            if channel is not None:
                served.append(channel)  # before the wake-up, so the woken loop finds it
            trigger.pull_trigger(thunk)

        return pull_trigger

    def _then_full_pass(self, maintenance):
        def maintained(now):
            maintenance(now)  # may mark idle connections to close
            self.next_full_pass = 0.0

        return maintained

    def _accepting_several(self, listener):
        accept_one = listener.handle_accept
        server_map = self.map

        def handle_accept():
            for _ in range(ACCEPTS_PER_EVENT):
                before = len(server_map)
                accept_one()
                if len(server_map) == before:
                    break
                self.next_full_pass = 0.0  # register the new connection (its descriptor may be reused)
                if not listener.readable():  # connection_limit reached
                    break

        return handle_accept

    def close(self):
        self.epoll.close()

    def full_pass_next(self):
        """Ask every connection on the next pass (after changing connections from outside)."""
        self.next_full_pass = 0.0

    def _ask(self, fd: int, obj):
        wanted = 0
        if obj.readable():
            wanted |= _READ
        if obj.writable() and not obj.accepting:
            wanted |= select.POLLOUT
        known = self.registered.get(fd)
        if known is not None and known[0] is obj:
            # A read interest is dropped lazily: a connection stops reading while a worker serves
            # its request and reads again after, usually before anything arrives. Keeping it
            # registered spares two epoll_ctl calls a request; an event it was not asked for is
            # filtered out in run_once and only then is the registration made exact.
            polled = wanted | (known[2] & _READ)
            if known[1:] == (wanted, polled):
                return
            self._set(fd, known[2], polled)
        else:
            if known is not None:
                self._set(fd, known[2], 0)  # the descriptor of a connection now gone
            polled = wanted
            self._set(fd, 0, polled)
        self.registered[fd] = (obj, wanted, polled)

    def _exact(self, fd: int, obj, wanted: int, polled: int):
        """Poll for exactly what the dispatcher wants (it was sent an event it did not ask for)."""
        self._set(fd, polled, wanted)
        self.registered[fd] = (obj, wanted, wanted)

    def _set(self, fd: int, old: int, new: int):
        if old == new:
            return
        if not new:
            # Waiting for nothing, a descriptor is left out, as in poll2: epoll would still
            # report its hang-up.
            try:
                self.epoll.unregister(fd)
            except OSError:
                pass  # closed: the kernel has dropped it already
        elif old:
            try:
                self.epoll.modify(fd, new)
            except FileNotFoundError:  # the kernel dropped it (its socket was replaced)
                self.epoll.register(fd, new)
        else:
            try:
                self.epoll.register(fd, new)
            except FileExistsError:
                self.epoll.modify(fd, new)

    def _full_pass(self, now: float):
        server_map = self.map
        for fd, (obj, _, polled) in list(self.registered.items()):
            if server_map.get(fd) is not obj:
                del self.registered[fd]
                self._set(fd, polled, 0)
        others = []
        for fd, obj in list(server_map.items()):
            self._ask(fd, obj)
            if not isinstance(obj, HTTPChannel):
                others.append((fd, obj))
        self.others = others
        self.size = len(server_map)
        self.next_full_pass = now + FULL_PASS_INTERVAL

    def run_once(self, timeout: float):
        server_map = self.map
        now = time.monotonic()
        if now < self.next_full_pass and len(server_map) == self.size:
            for fd, obj in self.others:
                self._ask(fd, obj)  # a listener's readable() may run maintenance, asking for a full pass
            for fd, obj in self.handled:
                if server_map.get(fd) is obj:
                    self._ask(fd, obj)
        if now >= self.next_full_pass or len(server_map) != self.size:
            self._full_pass(now)
        served = self.served
        while served:
            channel = served.popleft()
            fd = channel._fileno
            if server_map.get(fd) is channel:
                self._ask(fd, channel)
        try:
            events = self.epoll.poll(timeout)
        except InterruptedError:
            events = []
        handled = self.handled = []
        registered = self.registered
        for fd, flags in events:
            obj = server_map.get(fd)
            if obj is None:
                continue
            known = registered.get(fd)
            if known is not None and known[0] is obj:
                wanted = known[1]
                if flags & ~(wanted | _ALWAYS) or (wanted == 0):
                    # An event poll2 would not have asked for: drop the lazy read interest.
                    self._exact(fd, obj, wanted, known[2])
                    flags &= (wanted | _ALWAYS) if wanted else 0
                    if not flags:
                        continue
            wasyncore.readwrite(obj, flags)
            handled.append((fd, obj))
