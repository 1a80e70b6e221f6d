"""Roughtime's TCP connections without the listener's thread: socket pairs, one selector, the calls in turn."""
import os
import selectors
import socket

import pytest

from timesvc.roughtime.listener import RoughtimeCounters
from timesvc.roughtime.protocol import wire
from timesvc.roughtime.protocol.drops import Drop
from timesvc.roughtime.protocol.request import MAX_REQUEST, build_request
from timesvc.roughtime.tcp import MAX_INPUT, MAX_OUTPUT, Connection, Connections, source_of


@pytest.mark.parametrize(
    "host, source",
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),  # the same host, another address of its /64
        ("::ffff:192.0.2.7", "192.0.2.7"),  # an IPv4 client of a dual-stack socket
        ("fe80::1%eth0", "fe80::/64"),
    ],
)
def test_a_connection_counts_against_its_ipv4_address_or_its_ipv6_64(host, source):
    assert source_of(host) == source


@pytest.fixture
def tcp():
    """Connections on one selector, and a function giving (client end, Connection) pairs, all closed after."""
    selector, ends = selectors.DefaultSelector(), []
    connections = Connections(selector, RoughtimeCounters(), limit=4, per_source=2, idle_timeout=10.0, monotonic=lambda: 0.0)

    def pair(source="192.0.2.7"):
        client, server = socket.socketpair()
        ends.append(client)
        return client, connections.add(server, source)

    connections.pair = pair
    yield connections
    connections.close_all()
    selector.close()
    for end in ends:
        end.close()


def received(connections: Connections, connection: Connection):
    """What the selector would do once the client's bytes have arrived."""
    connections.serve(connection, selectors.EVENT_READ)


def test_a_busy_connection_does_not_starve_the_others(tcp):
    busy_client, busy = tcp.pair()
    lone_client, lone = tcp.pair()
    busy_client.sendall(b"".join(build_request(os.urandom(32)) for _ in range(7)))
    lone_client.sendall(build_request(os.urandom(32)))
    received(tcp, busy)
    received(tcp, lone)
    batch = []
    tcp.take(batch, 4)
    assert [target for _, target in batch] == [busy, lone, busy, busy]
    batch = []
    tcp.take(batch, 2)  # busy went to the back each time it gave one: its turn comes again in order
    assert [target for _, target in batch] == [busy, busy]


def test_input_stops_at_max_input_and_the_connection_is_not_read_while_full(tcp):
    client, connection = tcp.pair()
    client.setblocking(False)
    pushed = b"".join(build_request(os.urandom(32)) for _ in range(40))
    client.send(pushed)
    received(tcp, connection)
    received(tcp, connection)
    assert len(connection.incoming) == MAX_INPUT
    assert not connection.readable and connection.events == 0  # not watched: the kernel holds the rest back
    batch = []
    tcp.take(batch, 8)
    assert len(batch) == 7 and connection.events == 0  # still its input, until answered
    (request, _), *_ = batch
    tcp.deliver(bytes(600), request, connection)
    assert connection.events & selectors.EVENT_READ  # room again: read again


def test_a_client_that_does_not_read_its_answers_is_no_longer_read(tcp):
    client, connection = tcp.pair()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1024)
    answer = bytes(600)
    while len(connection.outgoing) < MAX_OUTPUT:
        assert tcp.deliver(answer, b"", connection)
    assert not connection.readable
    assert connection.events == selectors.EVENT_WRITE  # waits for the client to read, and nothing else
    client.recv(1 << 20)
    tcp.serve(connection, selectors.EVENT_WRITE)
    assert len(connection.outgoing) < MAX_OUTPUT and connection.events & selectors.EVENT_READ


@pytest.mark.parametrize(
    "stream, reason",
    [
        (b"NOTROUGH" + bytes(1028), Drop.BAD_FRAMING),
        (b"ROUGHTIM" + wire.uint32(MAX_REQUEST - wire.PACKET_HEADER + 4), Drop.TOO_LONG),
    ],
    ids=["no magic", "longer than MAX_REQUEST"],
)
def test_a_stream_out_of_step_or_too_long_is_closed_and_counted(tcp, stream, reason):
    client, connection = tcp.pair()
    client.sendall(stream)
    received(tcp, connection)
    tcp.take([], 64)
    assert not connection.open and tcp.counters.drops[reason] == 1
    assert client.recv(10) == b""


def test_a_request_of_max_request_bytes_is_taken(tcp):
    client, connection = tcp.pair()
    longest = b"ROUGHTIM" + wire.uint32(MAX_REQUEST - wire.PACKET_HEADER) + bytes(MAX_REQUEST - wire.PACKET_HEADER)
    client.sendall(longest)
    received(tcp, connection)
    batch = []
    tcp.take(batch, 64)
    assert batch == [(longest, connection)]


def test_refusing_writes_what_was_answered_then_closes(tcp):
    client, connection = tcp.pair()
    tcp.deliver(b"an answer", b"", connection)
    tcp.refuse(connection)
    assert not connection.open and connection not in tcp.open
    assert client.recv(100) == b"an answer" and client.recv(100) == b""


def test_connections_beyond_the_source_limit_or_the_limit_are_refused_and_counted(tcp):
    assert tcp.pair("192.0.2.7")[1] and tcp.pair("192.0.2.7")[1]
    client, refused = tcp.pair("192.0.2.7")
    assert refused is None and client.recv(10) == b""
    assert tcp.pair("192.0.2.8")[1] and tcp.pair("2001:db8::/64")[1]  # other sources, up to the limit of 4
    assert tcp.pair("192.0.2.9")[1] is None
    assert (tcp.counters.drops[Drop.SOURCE_LIMIT], tcp.counters.drops[Drop.CONNECTION_LIMIT]) == (1, 1)


def test_a_closed_connection_gives_its_source_its_place_back(tcp):
    _, first = tcp.pair()
    tcp.pair()
    tcp.close(first)
    assert tcp.pair()[1] is not None
