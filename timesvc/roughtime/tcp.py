"""Roughtime over TCP (RFC 10049 §5): connections, each a stream of ROUGHTIM packets in and one response out
for each, and the listener's set of them with the bounds on what they make the process hold.

Requests follow each other on a connection, each framed by ROUGHTIM and its length; either side closes on an
error (§5), and here any request left unanswered closes its connection: its client learns at once that no
answer comes, and a stream of unanswerable requests cannot pile up. A connection is read only while its
input has room and its client reads what it is sent, so one that sends without reading is held back by
TCP's own flow control, then closed as idle. Reads and writes never block the listener's thread.
"""
import ipaddress
import selectors
import socket
import time

from .protocol.drops import Drop, Dropped
from .protocol.request import MAX_REQUEST
from .protocol.wire import PACKET_HEADER, FramingError, framed_length

MAX_INPUT = 2 * MAX_REQUEST  # bytes received and not yet answered: 7 requests padded to 1024 bytes
MAX_OUTPUT = 8192  # answers queued and unread: beyond, the connection is not read until its client reads
# The most a connection holds in the process: its input, its output, and the answers to what its input held
# when reading stopped (each answer no larger than its request: responder.py).
MAX_HELD = MAX_INPUT + MAX_OUTPUT + MAX_INPUT
_ACCEPTS_PER_WAKE = 64  # a burst of connections waits for the next pass, behind the requests already in


def source_of(host: str) -> str:
    """Whom a connection counts against: its IPv4 address, or its IPv6 address's /64 (one host's usual share)."""
    address = ipaddress.ip_address(host.partition("%")[0])
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:  # a dual-stack socket's IPv4 client
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network((address, 64), strict=False))


class Connection:
    """A client connection and what it has sent but not yet had answered, or been sent but not yet read."""

    def __init__(self, sock: socket.socket, source: str, monotonic=time.monotonic):
        sock.setblocking(False)
        self.sock, self.source, self.monotonic = sock, source, monotonic
        self.incoming, self.outgoing = bytearray(), bytearray()
        self.in_batch = 0  # bytes of its requests taken into the batch being answered: input still
        self.last_active = monotonic()
        self.events = 0  # what the selector watches it for: nothing while both buffers are full
        self.open = True

    def fileno(self) -> int:
        return self.sock.fileno()

    @property
    def readable(self) -> bool:
        """Whether to read more: its input has room and its client has read what it was sent."""
        return len(self.incoming) + self.in_batch < MAX_INPUT and len(self.outgoing) < MAX_OUTPUT

    def receive(self) -> bool:
        """Read what fits; False when the connection is over (closed by the client, or broken)."""
        room = MAX_INPUT - len(self.incoming) - self.in_batch
        if room <= 0:
            return True
        try:
            data = self.sock.recv(room)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False
        self.incoming += data
        self.last_active = self.monotonic()
        return bool(data)

    def next_request(self) -> bytes | None:
        """The next complete request packet received, or None; Dropped when the stream cannot go on."""
        if len(self.incoming) < PACKET_HEADER:
            return None
        try:
            length = PACKET_HEADER + framed_length(bytes(self.incoming[:PACKET_HEADER]))
        except FramingError as error:
            raise Dropped(Drop.BAD_FRAMING, str(error)) from None
        if length > MAX_REQUEST:
            raise Dropped(Drop.TOO_LONG, f"a request of {length} bytes is longer than {MAX_REQUEST}")
        if len(self.incoming) < length:
            return None
        packet = bytes(self.incoming[:length])
        del self.incoming[:length]
        self.in_batch += length
        return packet

    def send(self, response: bytes, request: bytes) -> bool:
        """Queue `request`'s response and write what the socket takes now; False when the connection is broken."""
        self.in_batch -= len(request)
        self.outgoing += response
        return self.flush()

    def flush(self) -> bool:
        """Write what is queued that the socket takes; False when the connection is broken."""
        try:
            sent = self.sock.send(self.outgoing) if self.outgoing else 0
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False
        del self.outgoing[:sent]
        return True

    def close(self):
        self.open = False
        self.sock.close()


class Connections:
    """The listener's TCP connections, at most `limit` of them and `per_source` from one source."""

    def __init__(self, selector: selectors.BaseSelector, counters, limit: int, per_source: int, idle_timeout: float, monotonic):
        self.selector, self.counters, self.monotonic = selector, counters, monotonic
        self.limit, self.per_source, self.idle_timeout = limit, per_source, idle_timeout
        self.open: set[Connection] = set()
        self._by_source: dict[str, int] = {}  # open connections per source: at most `limit` keys
        # Connections that may hold a complete request, in turn: a dict is an ordered set.
        self._waiting: dict[Connection, None] = {}

    @property
    def waiting(self) -> bool:
        return bool(self._waiting)

    def accept(self, listening: socket.socket):
        for _ in range(_ACCEPTS_PER_WAKE):
            try:
                sock, address = listening.accept()
            except OSError:
                return
            self.add(sock, source_of(address[0]))

    def add(self, sock: socket.socket, source: str) -> Connection | None:
        """The connection on `sock`; None, `sock` closed and the refusal counted, beyond either limit."""
        held = self._by_source.get(source, 0)
        if len(self.open) >= self.limit or held >= self.per_source:
            sock.close()
            self.counters.drops[Drop.CONNECTION_LIMIT if len(self.open) >= self.limit else Drop.SOURCE_LIMIT] += 1
            return None
        connection = Connection(sock, source, self.monotonic)
        self.open.add(connection)
        self._by_source[source] = held + 1
        self.counters.connections += 1
        self._watch(connection)
        return connection

    def serve(self, connection: Connection, mask: int):
        """Write and read what the selector says the connection is ready for."""
        if mask & selectors.EVENT_WRITE and not connection.flush():
            return self.close(connection)
        if mask & selectors.EVENT_READ:
            if not connection.receive():
                return self.close(connection)
            self._waiting.setdefault(connection)
        self._watch(connection)

    def take(self, batch: list, limit: int):
        """Complete requests into `batch` until it holds `limit`: one per connection in turn, each that gave
        one going to the back of the line, so that a busy connection cannot starve the others."""
        while self._waiting and len(batch) < limit:
            for connection in list(self._waiting):
                if len(batch) >= limit:
                    return
                del self._waiting[connection]
                try:
                    packet = connection.next_request()
                except Dropped as dropped:  # the stream is out of step, or asks too much: §5 says to close
                    self.counters.requests += 1
                    self.counters.drops[dropped.reason] += 1
                    self.close(connection)
                    continue
                if packet is not None:
                    self.counters.requests += 1
                    batch.append((packet, connection))
                    self._waiting[connection] = None

    def deliver(self, response: bytes, request: bytes, connection: Connection) -> bool:
        if not connection.open:
            return False
        if not connection.send(response, request):
            self.close(connection)
            return False
        self._watch(connection)
        return True

    def refuse(self, connection: Connection):
        """One of its requests goes unanswered: write what it was answered before, once, and close it."""
        if connection.open:
            connection.flush()
            self.close(connection)

    def close_idle(self):
        now = self.monotonic()
        for connection in [c for c in self.open if now - c.last_active > self.idle_timeout]:
            self.close(connection)

    def close(self, connection: Connection):
        if connection.open:
            if connection.events:
                self.selector.unregister(connection)
            connection.close()
            count = self._by_source.pop(connection.source) - 1
            if count:
                self._by_source[connection.source] = count
        self.open.discard(connection)
        self._waiting.pop(connection, None)

    def close_all(self):
        for connection in list(self.open):
            self.close(connection)

    def _watch(self, connection: Connection):
        if not connection.open:
            return
        wanted = (selectors.EVENT_READ if connection.readable else 0) | (selectors.EVENT_WRITE if connection.outgoing else 0)
        if wanted == connection.events:
            return
        if not wanted:  # a selector cannot watch for nothing
            self.selector.unregister(connection)
        elif not connection.events:
            self.selector.register(connection, wanted, connection)
        else:
            self.selector.modify(connection, wanted, connection)
        connection.events = wanted
