"""timesvc.tuned.eventloop on real loopback sockets, with waitress's channels and worker threads.

Every connection's full re-check (once a second) is pushed out of reach here, so a change the loop
failed to notice would leave a client waiting until its socket timeout: the test would fail.
"""
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import waitress
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer

from tests.support.processes import wait_for
from timesvc.tuned import eventloop

pytestmark = pytest.mark.skipif(not eventloop.AVAILABLE, reason="no epoll on this system")
TIMEOUT = 10  # s: a client waiting this long means the loop lost track of its connection
BIG = 32 * 1024 * 1024  # more than loopback's socket buffers hold: sent over many passes


class Channel(eventloop.ServedChannelMixin, HTTPChannel):
    pass


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/wait":  # answers once the test says so
        environ["waitress.test_release"].wait(TIMEOUT)
    body = b"x" * BIG if path == "/big" else path.encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


class Served:
    """A waitress server on a free loopback port, its loop running EpollLoop in a thread."""

    def __init__(self, **adjustments):
        self.release = threading.Event()

        def with_release(environ, start_response):
            environ["waitress.test_release"] = self.release
            return app(environ, start_response)

        self.server = waitress.create_server(with_release, listen="127.0.0.1:0", threads=2, **adjustments)
        self.map = self.server._map
        self.listener = next(d for d in self.map.values() if isinstance(d, BaseWSGIServer))
        self.listener.channel_class = Channel
        self.port = self.listener.socket.getsockname()[1]
        self.loop = eventloop.EpollLoop(self.map, [self.listener])
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopping:
            self.loop.run_once(0.5)

    def in_loop(self, thunk):
        """Run `thunk` on the loop's thread, as waitress's own code would be, and wait for it."""
        done = threading.Event()
        self.listener.pull_trigger(lambda: (thunk(), done.set()))
        assert done.wait(TIMEOUT)

    def channels(self) -> list:
        return [c for c in list(self.map.values()) if isinstance(c, HTTPChannel)]

    def close(self):
        self.stopping = True
        self.listener.pull_trigger()
        self.thread.join(TIMEOUT)
        self.server.task_dispatcher.shutdown(timeout=1)
        wasyncore.close_all(self.map)
        self.loop.close()


@pytest.fixture
def served(monkeypatch):
    monkeypatch.setattr(eventloop, "FULL_PASS_INTERVAL", 3600.0)
    instances = []

    def start(**adjustments):
        instances.append(Served(**adjustments))
        return instances[-1]

    yield start
    for instance in instances:
        instance.close()


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)


def read_response(sock: socket.socket, pending: bytearray) -> tuple[bytes, bytes]:
    """(status line, body) of the next response on `sock`; `pending` keeps bytes read beyond it."""
    while b"\r\n\r\n" not in pending:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before a response"
        pending += chunk
    head, _, rest = bytes(pending).partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    body = bytearray(rest)
    while len(body) < length:
        chunk = sock.recv(1024 * 1024)
        assert chunk, "connection closed inside a body"
        body += chunk
    pending[:] = body[length:]
    return head.split(b"\r\n")[0], bytes(body[:length])


def request(path: str, close: bool = False) -> bytes:
    connection = b"Connection: close\r\n" if close else b""
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode() + connection + b"\r\n"


def test_many_keepalive_clients_each_get_every_answer(served):
    server = served()

    def client(number):
        pending = bytearray()
        with connect(server.port) as sock:
            for turn in range(30):
                sock.sendall(request(f"/{number}/{turn}"))
                assert read_response(sock, pending) == (b"HTTP/1.1 200 OK", f"/{number}/{turn}".encode())
        return number

    with ThreadPoolExecutor(20) as pool:
        assert sorted(pool.map(client, range(20))) == list(range(20))


def test_pipelined_requests_are_answered_in_order(served):
    server = served()
    pending = bytearray()
    with connect(server.port) as sock:
        sock.sendall(b"".join(request(f"/{n}") for n in range(5)))
        assert [read_response(sock, pending)[1] for _ in range(5)] == [f"/{n}".encode() for n in range(5)]


def test_a_response_larger_than_the_socket_buffer_is_sent_whole(served):
    server = served()
    pending = bytearray()
    with connect(server.port) as sock:
        sock.sendall(request("/big") + request("/after"))
        assert read_response(sock, pending) == (b"HTTP/1.1 200 OK", b"x" * BIG)
        assert read_response(sock, pending)[1] == b"/after"


def wait_until_served(server):
    deadline = time.monotonic() + TIMEOUT
    while not any(c.requests for c in server.channels()) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_request_sent_while_the_previous_one_is_served_is_answered_after_it(served):
    server = served()
    pending = bytearray()
    with connect(server.port) as sock:
        sock.sendall(request("/wait"))
        wait_until_served(server)
        sock.sendall(request("/second"))  # arrives while the connection is not reading
        server.release.set()
        assert [read_response(sock, pending)[1] for _ in range(2)] == [b"/wait", b"/second"]


def test_a_client_gone_while_its_request_is_served_does_not_stop_the_others(served):
    server = served()
    with connect(server.port) as gone:
        gone.sendall(request("/wait"))
        wait_until_served(server)
    server.release.set()
    pending = bytearray()
    with connect(server.port) as sock:
        sock.sendall(request("/next"))
        assert read_response(sock, pending)[1] == b"/next"


def test_closed_connections_free_their_descriptors_for_new_ones(served):
    server = served()
    for number in range(200):  # descriptors are reused: each new connection must be polled anew
        pending = bytearray()
        with connect(server.port) as sock:
            sock.sendall(request(f"/{number}", close=True))
            assert read_response(sock, pending)[1] == f"/{number}".encode()
    # the listener, the trigger, and at most one closing, once the loop has seen the last clients go
    wait_for(lambda: len(server.loop.registered) <= 3, "the closed connections' registrations dropped")


def test_connections_waitress_maintenance_closes_are_closed(served):
    server = served(channel_timeout=60)
    pending = bytearray()
    with connect(server.port) as sock:
        sock.sendall(request("/first"))
        read_response(sock, pending)
        # As waitress's loop does once per cleanup_interval, here with the clock moved on. The
        # response may be read before its worker has finished with the channel, which maintenance
        # then leaves alone: it is run again (a bounded number of times) until the channel is idle.
        sock.settimeout(0.2)
        for _ in range(50):
            server.in_loop(lambda: server.listener.maintenance(time.time() + 3600))
            try:
                assert sock.recv(1) == b""
                break
            except TimeoutError:
                continue
        else:
            pytest.fail("maintenance never closed the idle connection")


def test_a_burst_of_new_connections_is_accepted(served):
    server = served(connection_limit=1000)
    sockets = [connect(server.port) for _ in range(150)]
    try:
        for sock in sockets:
            sock.sendall(request("/burst"))
        answers = [read_response(sock, bytearray())[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
    assert answers == [b"/burst"] * 150


def test_the_connection_limit_still_holds_new_connections_back(served):
    server = served()
    server.listener.adj.connection_limit = len(server.map) + 2  # the map also holds the listener and the trigger
    first, second = connect(server.port), connect(server.port)
    try:
        for sock in (first, second):
            sock.sendall(request("/held"))
            read_response(sock, bytearray())
        third = connect(server.port)  # the kernel completes it; waitress does not accept it yet
        third.sendall(request("/third"))
        third.settimeout(0.5)
        with pytest.raises(TimeoutError):
            third.recv(1)
        first.close()
        third.settimeout(TIMEOUT)
        assert read_response(third, bytearray())[1] == b"/third"
        third.close()
    finally:
        first.close()
        second.close()
