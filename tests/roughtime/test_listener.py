"""The Roughtime listener on real UDP and TCP sockets on 127.0.0.1, with its clock injected."""
import os
import platform
import socket
import sys
from pathlib import Path

import pytest

from tests.roughtime.protocol.support import NOW
from tests.support.processes import wait_for
from timesvc.client.roughtime import ExchangeError, exchange
from timesvc.domain.clockstatus import UNKNOWN, ClockStatus
from timesvc.roughtime.listener import RoughtimeListenError
from timesvc.roughtime.protocol import wire
from timesvc.roughtime.protocol.delegation import LIFETIME
from timesvc.roughtime.protocol.drops import Drop
from timesvc.roughtime.protocol.ecosystem import Address
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.protocol.verify import verify_response


def ask(server, protocol="udp", **options):
    request = build_request(os.urandom(32), server.public_key, **options)
    return verify_response(request, exchange(Address(protocol, "127.0.0.1", server.port), request), server.public_key)


@pytest.fixture
def sock():
    """A UDP socket to send from; closed after the test."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(5.0)
        yield udp


@pytest.mark.parametrize("protocol", ["udp", "tcp"])
def test_answers_verify_over_udp_and_tcp_with_the_injected_clock(serve, protocol):
    server = serve()
    verified = ask(server, protocol)
    assert (verified.midpoint, verified.radius, verified.version.number) == (NOW, 3, 1)
    assert ask(server, protocol, versions=(0x8000000C,)).version.number == 0x8000000C


def test_the_radius_follows_the_kernels_maximum_error(serve):
    assert ask(serve(clock_status=lambda: ClockStatus(True, 7.5))).radius == 9


def test_requests_waiting_together_are_answered_from_one_signature(serve, sock):
    server = serve(max_batch=8, max_wait=0.5)
    requests = [build_request(os.urandom(32), server.public_key) for _ in range(8)]
    for request in requests:
        sock.sendto(request, ("127.0.0.1", server.port))
    responses = {wire.decode_message(wire.unframe(r))[wire.NONC]: r for r in (sock.recv(2048) for _ in requests)}
    signatures = set()
    for request in requests:
        response = responses[wire.decode_message(wire.unframe(request))[wire.NONC]]
        verify_response(request, response, server.public_key)
        signatures.add(wire.decode_message(wire.unframe(response))[wire.SIG])
    assert len(signatures) == 1 and server.counters.batches == 1
    wait_for(lambda: server.counters.responses == 8, "eight responses counted")
    assert server.counters.requests == 8


def test_a_batch_holds_at_most_max_batch_requests(serve, sock):
    server = serve(max_batch=3, max_wait=0.5)
    for _ in range(7):
        sock.sendto(build_request(os.urandom(32)), ("127.0.0.1", server.port))
    for _ in range(7):
        sock.recv(2048)
    assert server.counters.batches == 3


def test_a_datagram_under_1024_bytes_is_dropped_and_counted(serve, sock):
    server = serve()
    sock.sendto(build_request(os.urandom(32))[:1023], ("127.0.0.1", server.port))
    wait_for(lambda: server.counters.drops[Drop.TOO_SHORT] == 1, "the short datagram counted")
    request = build_request(os.urandom(32))
    sock.sendto(request, ("127.0.0.1", server.port))
    first = sock.recv(2048)  # nothing came for the short one: the first datagram is this answer
    verify_response(request, first, server.public_key)


def test_garbage_is_dropped_and_the_server_goes_on(serve, sock):
    server = serve()
    for junk in (os.urandom(1100), b"ROUGHTIM" + os.urandom(1100), wire.frame(os.urandom(1024))):
        sock.sendto(junk, ("127.0.0.1", server.port))
    wait_for(lambda: server.counters.requests == 3, "three datagrams received")
    assert ask(server).midpoint == NOW
    assert server.counters.drops[Drop.BAD_FRAMING] + server.counters.drops[Drop.BAD_MESSAGE] == 3


def test_an_unsynchronized_clock_drops_requests_in_production(serve):
    server = serve(clock_status=lambda: ClockStatus(False, 16.0))
    with pytest.raises(ExchangeError, match="no response"):
        exchange(Address("udp", "127.0.0.1", server.port), build_request(os.urandom(32)), timeout=0.5)
    assert server.counters.drops[Drop.CLOCK_UNSYNCHRONIZED] == 1


@pytest.mark.parametrize("status, expected", [(ClockStatus(False, 16.0), 17), (UNKNOWN, 17), (ClockStatus(None, 40.2), 42)])
def test_development_answers_an_unsynchronized_clock_with_the_error_it_reports(serve, status, expected):
    assert ask(serve(clock_status=lambda: status, serve_unsynchronized=True)).radius == expected


def test_several_requests_on_one_tcp_connection_are_answered_in_turn(serve):
    server = serve()
    requests = [build_request(os.urandom(32), server.public_key) for _ in range(3)]
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"".join(requests))
        stream = sock.makefile("rb")
        for request in requests:
            header = stream.read(12)
            response = header + stream.read(wire.framed_length(header))
            verify_response(request, response, server.public_key)
    assert server.counters.connections == 1


@pytest.mark.parametrize("junk, reason", [(b"NOTROUGH" + bytes(1028), Drop.BAD_FRAMING), (b"ROUGHTIM" + wire.uint32(1 << 20), Drop.TOO_LONG)])
def test_a_tcp_stream_out_of_step_is_closed(serve, junk, reason):
    server = serve()
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(junk)
        assert sock.recv(100) == b""
    assert server.counters.drops[reason] == 1


def test_connections_beyond_the_limit_are_closed_at_once(serve):
    server = serve(max_connections=1)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as first:
        wait_for(lambda: server.counters.connections == 1, "the first connection accepted")
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as second:
            assert second.recv(100) == b""
        first.sendall(build_request(os.urandom(32)))
        assert first.recv(12).startswith(b"ROUGHTIM")
    assert server.counters.drops[Drop.CONNECTION_LIMIT] == 1


def test_a_silent_connection_is_closed_after_the_idle_timeout(serve):
    now = [0.0]
    server = serve(idle_timeout=10.0, monotonic=lambda: now[0])
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        wait_for(lambda: server.counters.connections == 1, "the connection accepted")
        now[0] = 11.0  # the listener looks for idle connections once a second while it holds any
        assert sock.recv(100) == b""


def test_several_listeners_share_a_port_with_so_reuseport(serve):
    first = serve()
    second = serve(port=first.port)
    assert ask(first).midpoint == ask(second).midpoint == NOW


def test_without_so_reuseport_a_taken_port_is_one_clear_line(serve):
    first = serve()
    with pytest.raises(RoughtimeListenError) as error:
        serve(port=first.port, reuse_port=False)
    assert str(error.value) == f"Roughtime cannot listen on 127.0.0.1:{first.port}/udp: Address already in use"


def test_a_delegation_exists_from_the_start_for_health_checks(serve):
    server = serve()
    assert server.delegations.latest.maxt - NOW == LIFETIME
    assert ask(server).maxt == server.delegations.latest.maxt


def test_stop_closes_both_sockets_and_ends_the_thread(serve):
    server = serve()
    ask(server, "tcp")
    thread = server._thread
    server.stop()
    assert not thread.is_alive()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, socket.socket() as tcp:
        udp.bind(("127.0.0.1", server.port))  # without SO_REUSEPORT: only free ports bind
        tcp.bind(("127.0.0.1", server.port))


@pytest.mark.skipif(sys.platform != "linux" or platform.machine() != "x86_64", reason="x86-64 Linux system call numbers")
def test_idle_the_thread_waits_in_epoll_with_no_timeout(serve):
    server = serve()
    ask(server)
    syscall = Path(f"/proc/self/task/{server._thread.native_id}/syscall")
    epoll_wait, epoll_pwait = "232", "281"
    wait_for(lambda: syscall.read_text().split()[0] in (epoll_wait, epoll_pwait), "the thread back in epoll_wait")
    timeout = int(syscall.read_text().split()[4], 16)  # the fourth argument
    assert timeout in (0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF)  # -1: it sleeps until a packet or a stop comes
