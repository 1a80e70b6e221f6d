"""One Roughtime TCP connection: a stream of ROUGHTIM packets in, one response packet out for each.

RFC 10049 §5: requests follow each other on a connection, each framed by ROUGHTIM and its length, and
either side closes the connection on a framing error. Reads and writes never block the listener's thread.
"""
import socket
import time

from .protocol.wire import PACKET_HEADER, FramingError, framed_length

MAX_MESSAGE = 16384  # a request's message longer than this closes the connection: no client needs more
MAX_OUTPUT = 65536  # responses a client leaves unread beyond this close its connection
_READ_SIZE = 65536


class Connection:
    """A client connection and what it has sent but not yet had answered, or been sent but not yet read."""

    def __init__(self, sock: socket.socket, monotonic=time.monotonic):
        sock.setblocking(False)
        self.sock, self.monotonic = sock, monotonic
        self.incoming, self.outgoing = bytearray(), bytearray()
        self.last_active = monotonic()
        self.open = True

    def fileno(self) -> int:
        return self.sock.fileno()

    def receive(self) -> bool:
        """Read what has arrived; False when the connection is over (closed by the client, or broken)."""
        try:
            data = self.sock.recv(_READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False
        self.incoming += data
        self.last_active = self.monotonic()
        return bool(data)

    def next_request(self) -> bytes | None:
        """The next complete request packet received, or None; FramingError when the stream is no Roughtime."""
        if len(self.incoming) < PACKET_HEADER:
            return None
        length = framed_length(bytes(self.incoming[:PACKET_HEADER]))
        if length > MAX_MESSAGE:
            raise FramingError(f"a request of {length} bytes is longer than {MAX_MESSAGE}")
        end = PACKET_HEADER + length
        if len(self.incoming) < end:
            return None
        packet = bytes(self.incoming[:end])
        del self.incoming[:end]
        return packet

    def send(self, packet: bytes) -> bool:
        """Queue and write what the socket takes now; False when the client reads too little to go on."""
        self.outgoing += packet
        return self.flush() and len(self.outgoing) <= MAX_OUTPUT

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
