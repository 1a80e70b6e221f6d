"""The client's NTP-style exchange: stamped where the bytes leave and arrive, on the connection's own socket."""
import json
import re
import socket
import ssl
import sys
import threading

import pytest

from timesvc.client import Client
from timesvc.client.exchange import IncompleteAnswer, exchange, kernel_timestamps

ONE_ANSWER = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{body}"


class OneAnswerPerConnection:
    """A loopback server answering one /time?t1= per connection, then closing it, as a server whose
    keep-alive ran out would: the client must open a new connection for the next exchange."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            with sock:
                self.connections += 1
                request = b""
                while b"\r\n\r\n" not in request:
                    request += sock.recv(4096)
                t1 = int(re.search(rb"t1=(\d+)", request).group(1))
                body = json.dumps({"t1": t1, "received_ns": t1 + 10, "transmit_ns": t1 + 20})
                sock.sendall(ONE_ANSWER.format(length=len(body), body=body).encode())

    def close(self):
        self.listener.close()


@pytest.fixture
def closing_server():
    server = OneAnswerPerConnection()
    yield server
    server.close()


def test_a_sample_on_a_connection_the_server_closed_opens_a_new_one(closing_server):
    with Client(f"http://127.0.0.1:{closing_server.port}") as client:
        first, second = client.sample(), client.sample()
    assert closing_server.connections == 2
    for sample in (first, second):
        assert (sample.t2 - sample.t1, sample.t3 - sample.t1) == (10, 20) and sample.t4 >= sample.t1


def test_samples_and_other_requests_share_the_connection(server):
    with Client(server) as client:
        client.now("UTC")
        sock = client._connection.sock
        samples = [client.sample(), client.sample()]
        client.now("Asia/Tokyo")
        assert client._connection.sock is sock
    assert all(sample.t1 <= sample.t2 <= sample.t3 <= sample.t4 for sample in samples)  # one machine, one clock


def test_on_linux_a_tcp_socket_is_kernel_stamped_and_the_exchange_brackets_the_servers_stamps(server):
    port = int(server.rpartition(":")[2])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        assert kernel_timestamps(sock) is (sys.platform == "linux")
        request = b"GET /time?t1=1000000000000000000 HTTP/1.1\r\nHost: x\r\n\r\n"
        t1, t4, status, body = exchange(sock, request, b"1000000000000000000", kernel_timestamps(sock))
    answer = json.loads(body)
    assert status == 200 and answer["t1"] == t1 and t1 <= answer["received_ns"] <= answer["transmit_ns"] <= t4


def test_a_tls_socket_is_not_kernel_stamped():
    context = ssl.create_default_context()
    with socket.socket() as raw, context.wrap_socket(raw, server_hostname="localhost", do_handshake_on_connect=False) as wrapped:
        assert kernel_timestamps(wrapped) is False


def test_an_answer_cut_short_is_an_incomplete_answer():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")
        theirs.shutdown(socket.SHUT_WR)
        with pytest.raises(IncompleteAnswer, match="closed before the answer was whole"):
            exchange(ours, b"GET / HTTP/1.1\r\n\r\n", b"\0", kernel=False)
