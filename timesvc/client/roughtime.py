"""The Roughtime client's network side: one request sent to a server and its response read back, over UDP
or TCP (RFC 10049 §5). What is sent and what is believed is timesvc.roughtime.protocol's (request, verify,
measurement); `measure(servers, send=exchange)` asks several servers in turn.
"""
import socket
import time

from ..roughtime.protocol.ecosystem import Address
from ..roughtime.protocol.measurement import ExchangeError
from ..roughtime.protocol.wire import PACKET_HEADER, FramingError, framed_length

__all__ = ["ExchangeError", "NoResponse", "exchange"]
MAX_RESPONSE = 65536 - PACKET_HEADER  # the largest message a response packet is read with


class NoResponse(ExchangeError):
    """The server sent nothing: what it does with a request that is not for it (over TCP it then closes the
    connection, RFC 10049 §5, where over UDP the timeout runs out)."""


def exchange(address: Address, request: bytes, timeout: float = 3.0) -> bytes:
    """The response packet to `request` from the server at `address`, within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    try:
        if address.protocol == "tcp":
            return _over_tcp(address, request, deadline)
        return _over_udp(address, request, deadline)
    except TimeoutError:
        raise NoResponse(f"no response from {address.address} ({address.protocol}) within {timeout} s") from None
    except NoResponse:
        raise
    except FramingError as error:
        raise ExchangeError(f"{address.address} (tcp) answered with no Roughtime packet: {error}") from None
    except OSError as error:
        raise ExchangeError(f"{address.address} ({address.protocol}): {error.strerror or error}") from None


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _over_udp(address: Address, request: bytes, deadline: float) -> bytes:
    family, kind, protocol, _, target = socket.getaddrinfo(address.host, address.port, type=socket.SOCK_DGRAM)[0]
    with socket.socket(family, kind, protocol) as sock:
        sock.connect(target)  # a connected socket hears only from the server it asked
        sock.send(request)
        sock.settimeout(_remaining(deadline))
        return sock.recv(65536)


def _over_tcp(address: Address, request: bytes, deadline: float) -> bytes:
    with socket.create_connection((address.host, address.port), timeout=_remaining(deadline)) as sock:
        sock.sendall(request)
        sock.settimeout(_remaining(deadline))
        first = sock.recv(PACKET_HEADER)
        if not first:
            raise NoResponse(f"no response from {address.address} (tcp): the server closed the connection without answering")
        header = first + _read(sock, PACKET_HEADER - len(first), deadline)
        length = framed_length(header)
        if length > MAX_RESPONSE:
            raise FramingError(f"a response of {length} bytes is more than any server sends")
        return header + _read(sock, length, deadline)


def _read(sock: socket.socket, size: int, deadline: float) -> bytes:
    chunks, received = [], 0
    while received < size:
        sock.settimeout(_remaining(deadline))
        chunk = sock.recv(size - received)
        if not chunk:
            raise ConnectionError("the server closed the connection before its response was complete")
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)
