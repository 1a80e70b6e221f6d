"""One NTP-style exchange with GET /time?t1= over HTTP/1.1, stamped where the bytes leave and arrive.

T1 is this machine's clock read just before the request's bytes are handed to the socket (the request
carries it: its digits are written last); T4 is when the answer's last bytes came: the kernel's receive
timestamp of them (SO_TIMESTAMPNS with recvmsg, Linux, plain TCP), else the clock read as the read that
completed the answer returned (TLS, other systems). A timesvc server with timesvc.tuned stamps its T2
and T3 at the same two places (timesvc.tuned.stamps), so the path between the stamps is the same both
ways: neither side's work in Python (building the request, parsing the answer, rendering it) counts as
network delay, nor biases the estimate.
"""
import ssl
import time

from ..domain.wirestamps import ANCILLARY, arrival, stamp_arrivals

_READ = 65536
MAX_ANSWER = 1 << 20  # bytes: a /time answer is about one kilobyte


class IncompleteAnswer(OSError):
    """The connection ended before a whole answer came (a kept-alive connection the server had closed)."""


def kernel_timestamps(sock) -> bool:
    """Ask the kernel to stamp what `sock` receives; False where it cannot (TLS, another system)."""
    return not isinstance(sock, ssl.SSLSocket) and stamp_arrivals(sock)


def _receive(sock, kernel: bool) -> tuple[bytes, int]:
    """(bytes, when they came): the kernel's stamp of them, or the clock now."""
    if not kernel:
        data = sock.recv(_READ)
        return data, time.time_ns()
    data, ancillary, _, _ = sock.recvmsg(_READ, ANCILLARY)
    return data, arrival(ancillary) or time.time_ns()


def _length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise IncompleteAnswer("the answer has no Content-Length")


def exchange(sock, request: bytes, placeholder: bytes, kernel: bool) -> tuple[int, int, int, bytes]:
    """Send `request` with T1's digits written over `placeholder`; (t1, t4, status, body) of the answer."""
    t1 = time.time_ns()
    sock.sendall(request.replace(placeholder, b"%d" % t1, 1))
    data, arrived = b"", 0
    while True:
        chunk, arrived = _receive(sock, kernel)
        if not chunk:
            raise IncompleteAnswer("the connection closed before the answer was whole")
        data += chunk
        head, blank, body = data.partition(b"\r\n\r\n")
        if blank and len(body) >= _length(head):
            return t1, arrived, int(head.split(b" ", 2)[1]), body
        if len(data) > MAX_ANSWER:
            raise IncompleteAnswer(f"an answer of more than {MAX_ANSWER} bytes")
