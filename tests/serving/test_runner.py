import resource
import signal
import socket

import pytest

from tests.support.processes import pipelined_then_sigterm, serving
from tests.support.pserve import get
from timesvc import main
from timesvc.serving.runner import graceful_timeout, is_tuned, listen_addresses


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


def test_the_runner_reads_tuned_from_the_app_it_serves(app_settings, monkeypatch):
    monkeypatch.delenv("TIMESVC_TUNED", raising=False)
    assert is_tuned(main({}, **{**app_settings, "timesvc.tuned": "false"}), {"TIMESVC_TUNED": "true"}) is False
    assert is_tuned(main({}, **{**app_settings, "timesvc.tuned": "true"}), {}) is True


def test_for_another_app_the_runner_reads_tuned_from_the_environment():
    assert is_tuned(lambda environ, start_response: [], {"TIMESVC_TUNED": "off"}) is False
    assert is_tuned(lambda environ, start_response: [], {}) is True


def test_a_bad_tuned_value_for_another_app_stops_startup_with_one_line():
    with pytest.raises(SystemExit, match="TIMESVC_TUNED = 'sometimes' is invalid"):
        is_tuned(lambda environ, start_response: [], {"TIMESVC_TUNED": "sometimes"})


@pytest.mark.parametrize("tuned", [True, False], ids=["tuned", "public"])
def test_sigterm_answers_the_requests_in_flight_then_exits_0(tmp_path, tuned):
    instance = serving(tmp_path, tuned)
    try:
        answered, _ = pipelined_then_sigterm(instance.port, instance.process, count=100)
    finally:
        instance.stop()
    assert answered == 100
    assert instance.process.returncode == 0
    assert "no longer accepting" in instance.log_text()


@pytest.mark.parametrize("tuned", [True, False], ids=["tuned", "public"])
def test_sigterm_closes_idle_keepalive_connections_without_waiting_for_the_timeout(tmp_path, tuned):
    instance = serving(tmp_path, tuned, graceful_timeout=60)
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


@pytest.mark.parametrize("tuned", [True, False], ids=["epoll loop", "waitress's loop, poll by default"])
def test_more_than_1024_open_connections_do_not_stop_the_server(tmp_path, tuned):
    """waitress's default select() loop dies past descriptor 1023: the runner makes it poll()."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1400:
        pytest.skip(f"the descriptor limit ({hard}) cannot reach 1,100 connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1400), hard))  # pserve inherits it
    try:
        instance = serving(tmp_path, tuned, connection_limit=2000)
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
