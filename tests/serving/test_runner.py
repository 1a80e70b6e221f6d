import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.processes import free_port, free_udp_tcp_port, pipelined_then_sigterm, serving
from tests.support.pserve import PSERVE, ROOT, get
from timesvc import main
from timesvc.serving.options import graceful_timeout, listen_addresses, send_buffer
from timesvc.serving.runner import is_tuned, start_listeners


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


@pytest.mark.parametrize(
    "env, line",
    [
        ({"PORT": "http"}, "PORT = 'http' is not a port number (1-65535)"),
        ({"TIMESVC_ROUGHTIME_PORT": "5319/udp"}, "environment variable TIMESVC_ROUGHTIME_PORT = '5319/udp' is invalid: expected a port number, 1-65535"),
    ],
)
def test_a_bad_port_stops_pserve_with_status_1_and_one_line_on_stderr(env, line):
    """pserve itself would print a server runner's SystemExit on stdout and exit 0."""
    result = subprocess.run([str(PSERVE), str(ROOT / "development.ini")], env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"timesvc: configuration error: {line}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "option, reason",
    [("bogus_option = 1", "Unknown adjustment 'bogus_option'"), ("threads = many", "invalid literal for int() with base 10: 'many'")],
)
def test_a_bad_waitress_option_stops_pserve_with_one_line_naming_the_ini(tmp_path, option, reason):
    """The options waitress reads are checked by waitress's parser before it serves, as `timesvc check` does."""
    ini = tmp_path / "bad.ini"
    ini.write_text((ROOT / "development.ini").read_text().replace("[server:main]\n", f"[server:main]\n{option}\n"))
    result = subprocess.run([str(PSERVE), str(ini), f"http_port={free_port()}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == f"timesvc: configuration error: [server:main] in {ini}: {reason}"


def test_a_taken_http_port_stops_pserve_with_one_line_naming_it_and_the_remedy():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([str(PSERVE), str(ROOT / "development.ini"), f"http_port={port}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout.count("\n") <= 2  # pserve's own "Starting server" lines
    assert result.stderr.strip().splitlines()[-1] == (
        f"timesvc: configuration error: HTTP cannot listen on localhost:{port}: Address already in use: another process holds "
        "the port: stop it, or give this server another (http_port=N on the command line, PORT, or listen in [server:main])"
    )


def _refusing_privileged_ports() -> list | None:
    """A command prefix under which binding port 81 is refused (EACCES), or None where this system has none."""
    start = Path("/proc/sys/net/ipv4/ip_unprivileged_port_start")
    if start.exists() and int(start.read_text()) <= 81:
        return None
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")  # root without CAP_NET_BIND_SERVICE, still reading every file
    return [setpriv, "--bounding-set", "-net_bind_service"] if setpriv else None


def test_a_privileged_http_port_stops_pserve_with_one_line_naming_the_remedy():
    prefix = _refusing_privileged_ports()
    if prefix is None:
        pytest.skip("this system lets any process bind port 81, or has no setpriv to drop the capability")
    result = subprocess.run([*prefix, str(PSERVE), str(ROOT / "development.ini"), "http_port=81"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "timesvc: configuration error: HTTP cannot listen on localhost:81: Permission denied: ports below 1024 need root or "
        "CAP_NET_BIND_SERVICE: choose one from 1024 up (http_port=N on the command line, PORT, or listen in [server:main])"
    )


@pytest.mark.parametrize("content, fault", [("{", "the file is not JSON"), ("[]", "the file holds no JSON object")])
def test_a_damaged_version_file_stops_startup_naming_it(app_settings, tmp_path, content, fault):
    path = tmp_path / "version.json"
    path.write_text(content)
    with pytest.raises(SystemExit, match=f"ini setting timesvc.version_file = '{path}' is invalid: {fault}"):
        main({}, **{**app_settings, "timesvc.version_file": str(path)})


@pytest.mark.parametrize("given", [("command line", "environment", "old environment"), ("environment", "old environment"), ("old environment",), ()], ids=["command line", "environment", "deprecated environment", "ini"])
def test_roughtime_listens_on_the_command_lines_port_then_the_environments_then_the_inis(app_settings, given, monkeypatch):
    ports = {name: free_udp_tcp_port() for name in ("command line", "environment", "old environment", "ini")}
    for name, variable in (("environment", "TIMESVC_ROUGHTIME_PORT"), ("old environment", "ROUGHTIME_PORT")):
        monkeypatch.delenv(variable, raising=False)
        if name in given:
            monkeypatch.setenv(variable, str(ports[name]))
    command_line = {"roughtime_port": str(ports["command line"])} if "command line" in given else {}
    app = main(command_line, **{**app_settings, "timesvc.roughtime": "on", "timesvc.roughtime_port": str(ports["ini"])})
    try:
        (listener,) = start_listeners(app)
        assert listener is app.registry.roughtime and listener.server.state == "listening"
        assert listener.server.port == ports[given[0] if given else "ini"]
    finally:
        app.registry.roughtime.stop(5)


def test_an_app_without_roughtime_starts_no_listener(app):
    assert start_listeners(app) == []
    assert start_listeners(lambda environ, start_response: []) == []  # an app that is not timesvc


def test_a_listener_that_cannot_bind_stops_startup_with_its_one_line(app_settings):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        app = main({}, **{**app_settings, "timesvc.roughtime": "on", "timesvc.roughtime_port": str(port)})
        with pytest.raises(SystemExit, match=f"Roughtime cannot listen on 127.0.0.1:{port}/udp: Address already in use"):
            start_listeners(app)


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


def test_a_sigterm_as_soon_as_the_port_answers_stops_the_server_gracefully(tmp_path):
    """Between the ports opening and the handlers being in place (listeners starting, startup frozen), a
    SIGTERM is held back, then handled: exit 0 and the graceful line, not death by the signal (-15)."""
    port = free_port()
    command = [str(PSERVE), str(ROOT / "development.ini"), f"http_port={port}", f"roughtime_port={free_udp_tcp_port()}", f"timezoned_port={free_udp_tcp_port()}"]
    with open(tmp_path / "pserve.log", "wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and server.poll() is None:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.001)
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=30) == 0
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    assert "SIGTERM: no longer accepting" in (tmp_path / "pserve.log").read_text()


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



@pytest.mark.parametrize("value, expected", [(None, None), ("65536", 65536), (" 4096 ", 4096)])
def test_the_send_buffer_option_is_bytes_or_the_systems_autotuning(value, expected):
    assert send_buffer(value) == expected


@pytest.mark.parametrize("value", ["64k", "0", "4095", "16777217", "-1"])
def test_a_bad_send_buffer_stops_startup_with_one_line(value):
    with pytest.raises(SystemExit, match=f"send_buffer = '{value}' is not a number of bytes from 4096 to 16777216"):
        send_buffer(value)

