"""What a Roughtime client can make the listener hold or do, on real sockets on 127.0.0.1 (docs/internals.md, Bounds)."""
import os
import socket
import threading
import time

import pytest

from tests.roughtime.conftest import SYNCHRONIZED
from tests.roughtime.protocol.support import fields, rebuilt
from tests.support.processes import wait_for
from timesvc.domain.clockstatus import ClockStatus
from timesvc.roughtime.protocol import wire
from timesvc.roughtime.protocol.drops import Drop
from timesvc.roughtime.protocol.request import MAX_REQUEST, build_request
from timesvc.roughtime.sockets import TCP_BUFFER
from timesvc.roughtime.tcp import MAX_INPUT, MAX_OUTPUT

REQUEST = build_request(bytes(32))
PADDING = len(fields(REQUEST)[wire.ZZZZ])
# Requests that frame well and go unanswered, each for its reason: every one closes its connection (§5).
UNANSWERED = {
    "20-byte frame": (b"ROUGHTIM" + wire.uint32(8) + bytes(8), Drop.BAD_MESSAGE),
    "no NONC": (rebuilt(REQUEST, NONC=None), Drop.MISSING_TAG),
    "short NONC": (rebuilt(REQUEST, NONC=bytes(8)), Drop.BAD_VALUE),
    "TYPE 1": (rebuilt(REQUEST, TYPE=wire.uint32(1)), Drop.NOT_A_REQUEST),
    "VER 2": (rebuilt(REQUEST, VER=wire.uint32(2)), Drop.UNSUPPORTED_VERSION),
    "another SRV": (rebuilt(REQUEST, SRV=bytes(32)), Drop.WRONG_SERVER),
    "too short for its answer": (rebuilt(REQUEST, ZZZZ=bytes(PADDING - 700)), Drop.RESPONSE_TOO_LARGE),
    "no magic": (b"NOTROUGH" + bytes(1028), Drop.BAD_FRAMING),
    "too long": (b"ROUGHTIM" + wire.uint32(MAX_REQUEST), Drop.TOO_LONG),
}


def read_packet(sock: socket.socket) -> bytes:
    stream = sock.makefile("rb")
    header = stream.read(wire.PACKET_HEADER)
    return header + stream.read(wire.framed_length(header))


@pytest.mark.parametrize("packet, reason", UNANSWERED.values(), ids=UNANSWERED.keys())
def test_any_request_left_unanswered_closes_its_connection_after_the_answers_before_it(serve, packet, reason):
    server = serve()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(build_request(os.urandom(32), server.public_key))
        assert read_packet(sock).startswith(b"ROUGHTIM")
        sock.sendall(packet + build_request(os.urandom(32), server.public_key))
        assert sock.recv(1024) == b""
    assert server.counters.drops[reason] == 1


def test_an_unsynchronized_clock_closes_the_connection_it_cannot_answer(serve):
    server = serve(clock_status=lambda: ClockStatus(False, 16.0))
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(build_request(os.urandom(32)))
        assert sock.recv(1024) == b""
    assert server.counters.drops[Drop.CLOCK_UNSYNCHRONIZED] == 1


def test_a_client_sending_without_reading_is_held_back_then_closed_as_idle(serve):
    later = [0.0]  # the clock moves on by itself too: the listener's batches wait on it
    server = serve(idle_timeout=10.0, monotonic=lambda: time.monotonic() + later[0])
    requests = b"".join(build_request(os.urandom(32), server.public_key) for _ in range(2000))  # 2 MB
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, TCP_BUFFER)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, TCP_BUFFER)
        sock.connect(("127.0.0.1", server.port))
        sock.settimeout(1.0)
        pushed = 0
        with pytest.raises(TimeoutError):  # the server stops reading: TCP's window closes on the client
            while pushed < len(requests):
                pushed += sock.send(requests[pushed : pushed + 65536])
        (connection,) = server._connections.open
        assert len(connection.incoming) + connection.in_batch <= MAX_INPUT
        assert len(connection.outgoing) < MAX_OUTPUT + MAX_INPUT  # each answer no larger than its request
        # What got through: both kernels' buffers, what the process holds, and the answers the client left unread.
        assert pushed < 400_000
        assert connection.sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) <= 2 * TCP_BUFFER
        assert connection.sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) <= 2 * TCP_BUFFER
        later[0] = 11.0  # nothing was read from it for longer than the idle timeout
        wait_for(lambda: not server._connections.open, "the connection closed as idle")


def test_one_source_holds_at_most_max_per_source_connections(serve):
    server = serve(max_per_source=2)
    held = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(2)]
    try:
        wait_for(lambda: server.counters.connections == 2, "two connections accepted")
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as third:
            assert third.recv(10) == b""
        with socket.create_connection(("127.0.0.1", server.port), timeout=5, source_address=("127.0.0.2", 0)) as other:
            other.sendall(build_request(os.urandom(32)))
            assert read_packet(other).startswith(b"ROUGHTIM")
    finally:
        for sock in held:
            sock.close()
    assert server.counters.drops[Drop.SOURCE_LIMIT] == 1


def test_a_datagram_longer_than_max_request_is_dropped_and_one_of_max_request_is_answered(serve):
    server = serve()
    longest = rebuilt(REQUEST, ZZZZ=bytes(PADDING + MAX_REQUEST - len(REQUEST)))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(5.0)
        udp.sendto(rebuilt(REQUEST, ZZZZ=bytes(PADDING + MAX_REQUEST + 4 - len(REQUEST))), ("127.0.0.1", server.port))
        udp.sendto(longest, ("127.0.0.1", server.port))
        assert len(longest) == MAX_REQUEST and udp.recv(MAX_REQUEST).startswith(b"ROUGHTIM")
    assert server.counters.drops[Drop.TOO_LONG] == 1


def test_datagrams_take_half_a_batch_while_a_tcp_request_waits(serve):
    """The listener is held in its first batch while 40 datagrams and a TCP request queue up behind it."""
    release, first = threading.Event(), [True]

    def held_once():
        if first.pop() if first else False:
            release.wait(5)
        return SYNCHRONIZED

    server = serve(max_batch=4, max_wait=0.5, clock_status=held_once)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, socket.create_connection(("127.0.0.1", server.port), timeout=5) as tcp:
        udp.settimeout(5.0)
        wait_for(lambda: server.counters.connections == 1, "the connection accepted")
        udp.sendto(build_request(os.urandom(32)), ("127.0.0.1", server.port))
        wait_for(lambda: server.counters.batches == 1, "the first batch held")
        for _ in range(40):
            udp.sendto(build_request(os.urandom(32)), ("127.0.0.1", server.port))
        tcp.sendall(build_request(os.urandom(32)))
        release.set()
        signatures = [fields(udp.recv(2048))[wire.SIG] for _ in range(1 + 3)]
        assert fields(read_packet(tcp))[wire.SIG] == signatures[1]  # in the first batch after, beside 2 + 1 datagrams
    assert signatures[1] == signatures[3]


def test_under_a_flood_the_thread_rests_to_keep_to_its_share_of_the_time(serve):
    server = serve(work_share=0.1)
    requests = [build_request(os.urandom(32)) for _ in range(64)]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        deadline = time.monotonic() + 10
        while not server.counters.rested_seconds and time.monotonic() < deadline:
            for request in requests:
                udp.sendto(request, ("127.0.0.1", server.port))
    assert server.counters.rested_seconds > 0 and server.counters.responses > 0

