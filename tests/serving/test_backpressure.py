"""timesvc.serving.backpressure: pipelined requests cost what their client takes.

In-process on a real waitress channel (a socketpair, each task run by the test: a waitress upgrade that
changes what it relies on fails here by name), then on a real pserve in both timesvc.tuned modes.
"""
import fcntl
import json
import socket
import struct
import termios
import time

import pytest
import waitress

from tests.support.processes import serving
from tests.support.pserve import get
from tests.support.rawhttp import Connection
from timesvc.serving.backpressure import MAX_PARSED
from timesvc.serving.defences import DefendedChannel


class Dispatcher:
    """In place of waitress's thread pool: the channels queued, for the test to serve."""

    def __init__(self):
        self.queued = []

    def add_task(self, channel):
        self.queued.append(channel)

    def shutdown(self, timeout=0):
        pass


def answering(size: int):
    def app(environ, start_response):
        body = environ["PATH_INFO"].encode().ljust(size, b".")
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    return app


@pytest.fixture
def channel():
    """channel(answer size) -> (DefendedChannel, client's socket, dispatcher), on a real waitress server."""
    opened = []

    def make(size: int = 10):
        dispatcher = Dispatcher()
        server = waitress.create_server(answering(size), listen="127.0.0.1:0", _dispatcher=dispatcher, ident="test")
        ours, theirs = socket.socketpair()
        opened.extend([server, ours, theirs])
        return DefendedChannel(server, ours, ("127.0.0.1", 1), server.adj, map={}), theirs, dispatcher

    yield make
    for thing in opened:
        thing.close()


def requests(count: int) -> bytes:
    return b"".join(b"GET /%d HTTP/1.1\r\nHost: x\r\n\r\n" % number for number in range(count))


def test_at_most_max_parsed_requests_wait_parsed_and_the_rest_as_bytes(channel):
    served, client, dispatcher = channel()
    served.received(requests(200))
    assert len(served.requests) == MAX_PARSED
    assert served._unparsed.startswith(b"GET /%d " % MAX_PARSED) and not served.readable()
    assert dispatcher.queued == [served]


def test_every_pipelined_request_is_answered_in_order(channel):
    served, client, dispatcher = channel()
    served.received(requests(200))
    client.settimeout(5)
    got = b""
    while dispatcher.queued:
        dispatcher.queued.pop(0).service()
        got += client.recv(1 << 20)
    paths = [line.split(b".")[0] for line in got.split(b"\r\n\r\n")[1::1] if line.startswith(b"/")]
    assert paths == [b"/%d" % number for number in range(200)]
    assert served.readable()  # all served: it reads again


def test_a_client_that_does_not_read_holds_no_worker_and_is_served_once_it_reads(channel):
    served, client, dispatcher = channel(size=300_000)  # more than the socketpair's buffers take
    served.received(requests(3))
    dispatcher.queued.pop(0).service()  # the first answer, partly left unsent
    dispatcher.queued.pop(0).service()  # returns at once: the second request waits for the client
    assert len(served.requests) == 2 and served._waiting_for_reader and not dispatcher.queued
    client.settimeout(5)
    while served.total_outbufs_len:
        client.recv(1 << 20)
        served.handle_write()
    assert dispatcher.queued == [served]  # queued again by the loop's thread


def unread(sock: socket.socket) -> int:
    """Bytes waiting in a socket's receive queue (FIONREAD)."""
    return struct.unpack("i", fcntl.ioctl(sock, termios.FIONREAD, b"\0" * 4))[0]


def held_connections(port: int, count: int, request: bytes) -> list[socket.socket]:
    """`count` connections that sent `request` and read nothing, once the server has sent them all it will."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(request)
        sockets.append(sock)
    readings = [-1]
    for _ in range(100):  # until what waits unread in their sockets stops growing
        readings.append(sum(unread(sock) for sock in sockets))
        if readings[-1] == readings[-2] > 0:
            break
        time.sleep(0.1)  # a state to reach (the server's threads busy or free), not a clock to pass
    return sockets


@pytest.mark.parametrize("tuned", [True, False], ids=["tuned", "public"])
def test_clients_pipelining_large_answers_without_reading_leave_the_threads_to_others(tmp_path, tuned):
    """Before: 4 such connections took production.ini's 3 threads, and every other client waited."""
    instance = serving(tmp_path, tuned, threads=3)
    bundle = b"GET /docs/swagger-ui/swagger-ui-bundle.js HTTP/1.1\r\nHost: x\r\n\r\n"
    sockets = held_connections(instance.port, 6, bundle * 20)
    try:
        status, _, body = get(instance.port, "/__lbheartbeat__")
        assert (status, body) == (200, b"{}")
    finally:
        for sock in sockets:
            sock.close()
        instance.stop()


@pytest.mark.parametrize("tuned", [True, False], ids=["tuned", "public"])
def test_a_long_pipeline_is_answered_whole_and_in_order_through_pserve(tmp_path, tuned):
    instance = serving(tmp_path, tuned)
    zones = ["Europe/Paris", "Asia/Tokyo", "America/New_York", "Etc/UTC"] * 100
    try:
        with Connection(instance.port) as connection:
            connection.send(b"".join(b"GET /time?tz=%s HTTP/1.1\r\nHost: x\r\n\r\n" % zone.encode() for zone in zones))
            answered = [json.loads(connection.answer().body)["timezone"] for _ in zones]
    finally:
        instance.stop()
    assert answered == zones
