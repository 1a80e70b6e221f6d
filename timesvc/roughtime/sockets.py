"""The two sockets a Roughtime listener serves: UDP and TCP on one address and port, SO_REUSEPORT on both."""
import errno
import socket

from ..serving.hooks import ListenError

UDP_RECEIVE_BUFFER = 4 << 20  # bytes, asked for; the kernel gives at most net.core.rmem_max
# Each TCP connection's kernel buffers, both ways (the kernel doubles the figure for its bookkeeping), set on
# the listening socket for its connections to inherit: fixed, rather than autotuned up to megabytes for a
# client that sends without reading. Requests and answers are about a kilobyte.
TCP_BUFFER = 16384


class RoughtimeListenError(ListenError):
    """A Roughtime socket could not be bound."""


def listen(host: str, port: int, reuse_port: bool) -> tuple[socket.socket, socket.socket]:
    """A UDP and a TCP socket bound to the same address and port (a free one for port 0)."""
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        raise RoughtimeListenError(error.errno, f"Roughtime cannot listen on {host}: {error.strerror}") from None
    for _ in range(20 if port == 0 else 1):  # port 0: the UDP port chosen may be taken for TCP
        udp = _bound(socket.socket(family, socket.SOCK_DGRAM), address, reuse_port, "udp")
        address = (address[0], udp.getsockname()[1], *address[2:])
        try:
            tcp = _bound(socket.socket(family, socket.SOCK_STREAM), address, reuse_port, "tcp")
        except RoughtimeListenError as error:
            udp.close()
            if port == 0 and error.errno == errno.EADDRINUSE:
                address = (address[0], 0, *address[2:])
                continue
            raise
        tcp.listen(128)
        return udp, tcp
    raise RoughtimeListenError(errno.EADDRINUSE, f"Roughtime found no port free for both UDP and TCP on {host}")


def _bound(sock: socket.socket, address: tuple, reuse_port: bool, protocol: str) -> socket.socket:
    try:
        if protocol == "tcp":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port and hasattr(socket, "SO_REUSEPORT"):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if protocol == "udp":  # a burst waits in the kernel for the next batch instead of being lost
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, UDP_RECEIVE_BUFFER)
        else:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, TCP_BUFFER)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, TCP_BUFFER)
        sock.bind(address)
    except OSError as error:
        sock.close()
        where = f"[{address[0]}]" if ":" in address[0] else address[0]
        raise RoughtimeListenError(error.errno, f"Roughtime cannot listen on {where}:{address[1]}/{protocol}: {error.strerror}") from None
    sock.setblocking(False)
    return sock
