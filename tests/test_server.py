import resource
import signal
import socket

import pytest

from reliability.load import pipelined_then_sigterm
from reliability.processes import ROOT, Instance, derived_ini, free_port
from tests.serving import get
from timesvc import eventloop
from timesvc.server import event_loop, graceful_timeout, listen_addresses


def test_ini_port_is_kept_without_overrides():
    assert listen_addresses("*:6543", {}, {}) == "*:6543"


def test_port_environment_variable_replaces_the_port():
    assert listen_addresses("*:6543", {}, {"PORT": "8000"}) == "*:8000"


def test_command_line_wins_over_port_variable():
    assert listen_addresses("127.0.0.1:6543 [::1]:6543", {"http_port": "9000"}, {"PORT": "8000"}) == "127.0.0.1:9000 [::1]:9000"


@pytest.mark.parametrize("port", ["http", "0", "70000", "-1"])
def test_bad_port_stops_startup_with_one_line(port):
    with pytest.raises(SystemExit, match=f"PORT = '{port}' is not a port number"):
        listen_addresses("*:6543", {}, {"PORT": port})


@pytest.mark.parametrize("value", ["soon", "0", "-1", "99999"])
def test_bad_graceful_timeout_stops_startup_with_one_line(value):
    with pytest.raises(SystemExit, match=f"graceful_timeout = '{value}' is not a number of seconds"):
        graceful_timeout(value)


def test_event_loop_is_epoll_where_the_system_has_it():
    assert event_loop(None) == ("epoll" if eventloop.AVAILABLE else "waitress")


@pytest.mark.parametrize("value", ["select", "EPOLL", ""])
def test_bad_event_loop_stops_startup_with_one_line(value):
    with pytest.raises(SystemExit, match=f"event_loop = '{value}': expected"):
        event_loop(value)


def serving(tmp_path, **server) -> Instance:
    """A real pserve of testing.ini with these [server:main] options, logging to a file."""
    ini = derived_ini(tmp_path, "server", server, source=ROOT / "testing.ini")
    return Instance(ini, free_port(), tmp_path / "pserve.log").start()


def test_sigterm_answers_the_requests_in_flight_then_exits_0(tmp_path):
    instance = serving(tmp_path)
    try:
        answered, _ = pipelined_then_sigterm(instance.port, instance.process, count=100)
    finally:
        instance.stop()
    assert answered == 100
    assert instance.process.returncode == 0
    assert "no longer accepting" in instance.log_text()


def test_waitress_own_loop_can_still_be_chosen(tmp_path):
    instance = serving(tmp_path, event_loop="waitress")
    try:
        status, _, _ = get(instance.port, "/time")
        answered, _ = pipelined_then_sigterm(instance.port, instance.process, count=20)
    finally:
        instance.stop()
    assert (status, answered, instance.process.returncode) == (200, 20, 0)


def test_sigterm_closes_idle_keepalive_connections_without_waiting_for_the_timeout(tmp_path):
    instance = serving(tmp_path, graceful_timeout=60)
    try:
        with socket.create_connection(("127.0.0.1", instance.port), timeout=30) as sock:
            sock.sendall(b"GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while not answer.endswith(b"}"):  # header and body may come in separate segments
                answer += sock.recv(65536)
            assert answer.startswith(b"HTTP/1.1 200 OK")
            instance.process.send_signal(signal.SIGTERM)
            assert sock.recv(65536) == b""  # closed by the server, not left open for 60 s
        assert instance.process.wait(timeout=30) == 0
    finally:
        instance.stop()


def test_a_client_trickling_its_headers_is_dropped_after_channel_timeout(tmp_path):
    instance = serving(tmp_path, channel_timeout=1, cleanup_interval=1)
    try:
        with socket.create_connection(("127.0.0.1", instance.port), timeout=0.25) as sock:
            sent = 0
            for byte in b"GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
                try:
                    sock.sendall(bytes([byte]))
                    sent += 1
                    if sock.recv(1) == b"":
                        break
                except TimeoutError:
                    continue  # still open: one byte every 0.25 s keeps it busy but never done
                except OSError:
                    break
    finally:
        instance.stop()
    # Each byte reset waitress's own inactivity timer; the request's deadline counts from its first.
    assert sent < 60


def test_more_than_1024_open_connections_do_not_stop_the_server(tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1400:
        pytest.skip(f"the descriptor limit ({hard}) cannot reach 1,100 connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1400), hard))  # pserve inherits it
    try:
        instance = serving(tmp_path, connection_limit=2000)
        sockets = []
        try:
            sockets = [socket.create_connection(("127.0.0.1", instance.port)) for _ in range(1100)]
            status, _, _ = get(instance.port, "/time")
        finally:
            for sock in sockets:
                sock.close()
            instance.stop()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert status == 200
    assert "out of range" not in instance.log_text()
