"""HTTP/1.1 on a raw socket: send any bytes, read the answers as they come, see how they came."""
import socket
import struct
from dataclasses import dataclass, field

# struct tcp_info (linux/tcp.h): tcpi_data_segs_in, the segments carrying data a socket has received.
_DATA_SEGS_IN = 152


@dataclass
class Answer:
    """One response: its status, headers (lower-case names, every value kept) and body."""

    status: int
    reason: str
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    raw: bytes = b""

    def header(self, name: str) -> str | None:
        values = self.headers.get(name)
        return values[0] if values else None


class Connection:
    """A client connection on loopback that reads answers one at a time."""

    def __init__(self, port: int, timeout: float = 10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""
        self.closed = False  # the server closed its side

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()

    def send(self, data: bytes):
        self.sock.sendall(data)

    def _fill(self) -> bool:
        if self.closed:
            return False
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.buffer += chunk
        return True

    def answer(self, to_head: bool = False) -> Answer | None:
        """The next whole answer (to a HEAD: no body), or None when the server closes first.

        TimeoutError if it does neither.
        """
        while b"\r\n\r\n" not in self.buffer:
            if not self._fill():
                return None
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        _, status, reason = (status_line.split(" ", 2) + [""])[:3]
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        length = 0 if to_head else int(headers.get("content-length", ["0"])[0])
        while len(rest) < length:
            if not self._fill():
                break
            rest = self.buffer.partition(b"\r\n\r\n")[2]
        body, self.buffer = rest[:length], rest[length:]
        return Answer(int(status), reason, headers, body, head + b"\r\n\r\n" + body)

    def is_closed_by_server(self) -> bool:
        """True once the server has closed the connection (reading what is left first)."""
        while self._fill():
            pass
        return self.closed

    def data_segments_in(self) -> int:
        """How many TCP segments with data this connection has received so far (Linux)."""
        info = self.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
        return struct.unpack_from("I", info, _DATA_SEGS_IN)[0]


def exchange(port: int, data: bytes, timeout: float = 10.0) -> tuple[list[Answer], bool]:
    """Send `data` on a new connection: (the answers, whether the server closed it within `timeout`)."""
    with Connection(port, timeout) as connection:
        connection.send(data)
        answers = []
        try:
            while (answer := connection.answer()) is not None:
                answers.append(answer)
            return answers, True
        except TimeoutError:
            return answers, False
