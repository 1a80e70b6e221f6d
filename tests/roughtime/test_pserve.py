"""A real `pserve` serving Roughtime beside HTTP (issue 14): development.ini's throwaway key, a key file shared
by two processes on one port, the port given at startup, a bad key file, SIGTERM; checked by our client and
by roughly, an implementation we did not write."""
import base64
import os
import re
import signal
import socket
import subprocess
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from tests.support import roughly_peer
from tests.support.processes import derived_ini, free_udp_tcp_port
from tests.support.pserve import PSERVE, ROOT, free_port, get, pserve, roughtime_info, serving_roughtime
from timesvc.client.roughtime import ExchangeError, exchange
from timesvc.roughtime.protocol.ecosystem import Address
from timesvc.roughtime.protocol.keys import keygen
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.protocol.verify import verify_response


def ask(roughtime_port: int, key: bytes, protocol: str = "udp", timeout: float = 5.0):
    """One request, verified in full; with this machine's clock read before and after (Unix seconds)."""
    request = build_request(os.urandom(32), key)
    before = time.time()
    response = exchange(Address(protocol, "127.0.0.1", roughtime_port), request, timeout)
    return verify_response(request, response, key), before, time.time()


@pytest.fixture(scope="module")
def development():
    """`pserve development.ini` on free loopback ports: (HTTP port, its /roughtime)."""
    with serving_roughtime("development.ini") as (port, info, _):
        yield port, info


@pytest.mark.parametrize("protocol", ["udp", "tcp"])
def test_development_ini_answers_over_udp_and_tcp_signed_with_the_key_roughtime_publishes(development, protocol):
    _, info = development
    verified, before, after = ask(info["port"], base64.b64decode(info["public_key"]), protocol)
    # The server reads this machine's clock between `before` and `after`, and truncates it to seconds.
    assert int(before) <= verified.midpoint <= after
    assert verified.version.number == 1 and verified.radius >= 3
    assert info["throwaway_key"] is True and info["listening"] is True


def test_the_published_server_entry_reaches_the_server(development):
    _, info = development
    entry = info["server"]
    assert entry["publicKey"] == info["public_key"]
    assert entry["addresses"] == [{"protocol": p, "address": f"127.0.0.1:{info['port']}"} for p in ("udp", "tcp")]


@pytest.fixture(scope="module")
def roughly():
    if not roughly_peer.ensure():
        pytest.skip("roughly needs Python 3.12 or newer, and none is installed here")


@pytest.mark.parametrize("call", ["query", "query-tcp"], ids=["udp", "tcp"])
def test_roughly_verifies_what_pserve_serves(development, roughly, call):
    _, info = development
    before = time.time()
    answer = roughly_peer.call(call, "127.0.0.1", str(info["port"]), info["public_key"])
    assert answer["version"] == 1 and int(before) <= answer["midpoint"] <= time.time()


def test_the_command_line_port_wins_over_the_environments():
    given, environment = free_udp_tcp_port(), free_udp_tcp_port()
    with pserve("development.ini", f"roughtime_port={given}", env={"TIMESVC_ROUGHTIME_PORT": str(environment)}) as (port, _):
        info = roughtime_info(port)
        assert info["port"] == given
        ask(given, base64.b64decode(info["public_key"]))
    with pserve("development.ini", env={"TIMESVC_ROUGHTIME_PORT": str(environment)}) as (port, _):
        assert roughtime_info(port)["port"] == environment


def test_the_old_roughtime_port_variable_still_works_and_logs_its_deprecation(tmp_path):
    environment, log_file = free_udp_tcp_port(), tmp_path / "pserve.log"
    with pserve("development.ini", env={"ROUGHTIME_PORT": str(environment)}, log=log_file) as (port, _):
        assert roughtime_info(port)["port"] == environment
    log = log_file.read_text()
    assert "environment variable ROUGHTIME_PORT is deprecated and will be dropped: set TIMESVC_ROUGHTIME_PORT instead" in log


def test_a_throwaway_keys_port_is_its_process_alone_so_production_stops_with_one_line(development):
    _, info = development
    result = subprocess.run(
        [str(PSERVE), str(ROOT / "development.ini"), f"http_port={free_port()}", f"roughtime_port={info['port']}"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TIMESVC_LISTENER_PORT_TAKEN": "stop"},
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"timesvc: configuration error: Roughtime cannot listen on 127.0.0.1:{info['port']}/udp: Address already in use: "
        "another process holds the port: stop it, or give this server another "
        "(its port setting, or timesvc.listener_port_taken = move in development)"
    )
    assert "Traceback" not in result.stderr


def test_a_second_development_instance_with_only_its_http_port_set_moves_its_roughtime_port(development, tmp_path):
    _, info = development
    log = tmp_path / "second.log"
    with pserve("development.ini", f"roughtime_port={info['port']}", log=log) as (second, _):
        moved = roughtime_info(second)
        assert moved["listening"] and moved["port"] != info["port"]
        assert ask(moved["port"], base64.b64decode(moved["public_key"]))
    # Roughtime's lines: timezoned's port (2342) may be taken too, by the first instance or another process.
    lines = [line for line in log.read_text().splitlines() if "listener_port_taken" in line and "Roughtime" in line]
    assert len(lines) == 1 and f"127.0.0.1:{info['port']}/udp: Address already in use" in lines[0]
    assert f"Serving Roughtime on 127.0.0.1:{moved['port']}" in lines[0]


def test_processes_sharing_a_key_file_share_the_port(tmp_path):
    path = tmp_path / "roughtime.key"
    key = keygen(path)
    roughtime_port = free_udp_tcp_port()
    # This machine's clock may be unsynchronized: production.ini would then drop every request.
    env = {"TIMESVC_ROUGHTIME_KEY": str(path), "TIMESVC_ROUGHTIME_HOST": "127.0.0.1", "TIMESVC_ROUGHTIME_UNSYNCHRONIZED": "answer"}
    with pserve("production.ini", f"roughtime_port={roughtime_port}", env=env) as (first, _):
        with pserve("production.ini", f"roughtime_port={roughtime_port}", env=env) as (second, _):
            infos = [roughtime_info(first), roughtime_info(second)]
            for _ in range(32):  # from a new source port each: the kernel spreads them between the two
                ask(roughtime_port, key)
            answered = [responses(port) for port in (first, second)]
    assert [info["public_key"] for info in infos] == [base64.b64encode(key).decode()] * 2
    assert [info["throwaway_key"] for info in infos] == [False, False]
    assert sum(answered) == 32 and min(answered) > 0  # both served (all to one: a chance of 2 in 2**32)


def responses(http_port: int) -> float:
    """timesvc_roughtime_responses_total from the pserve's /metrics."""
    text = get(http_port, "/metrics")[2].decode()
    return float(re.search(r"^timesvc_roughtime_responses_total (\S+)$", text, re.M).group(1))


def pem(key, password: bytes | None = None) -> bytes:
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


BAD_KEYS = {
    "missing": (None, "does not exist (`timesvc roughtime keygen` makes one)"),
    "not PEM": (b"0123456789abcdef" * 4, "holds no PEM private key"),
    "X25519": (pem(X25519PrivateKey.generate()), "holds another kind of key, not an Ed25519 key"),
    "encrypted": (pem(Ed25519PrivateKey.generate(), b"secret"), "is encrypted: timesvc reads unencrypted PEM keys"),
}


@pytest.mark.parametrize("content, fault", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_a_bad_key_file_stops_pserve_with_one_line_and_no_key_material(tmp_path, content, fault):
    path = tmp_path / "roughtime.key"
    if content is not None:
        path.write_bytes(content)
    env = {**os.environ, "TIMESVC_ROUGHTIME_KEY": str(path)}
    result = subprocess.run([str(PSERVE), str(ROOT / "production.ini"), f"http_port={free_port()}"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    prefix = "timesvc: configuration error: environment variable TIMESVC_ROUGHTIME_KEY: Roughtime key file"
    assert result.stderr.strip().splitlines() == [f"{prefix} {path} {fault}"]
    secret_lines = [line for line in (content or b"").decode().splitlines() if line and not line.startswith("-----")]
    assert not any(line in result.stderr + result.stdout for line in secret_lines)


@pytest.mark.parametrize("tuned", [True, False], ids=["tuned", "public"])
def test_sigterm_stops_roughtime_and_http_without_waiting_out_the_graceful_timeout(tmp_path, tuned):
    ini = derived_ini(tmp_path, "development", {"graceful_timeout": 60}, source=ROOT / "development.ini")
    with serving_roughtime(str(ini), env={"TIMESVC_TUNED": str(tuned).lower()}) as (port, info, process):
        key = base64.b64decode(info["public_key"])
        with socket.create_connection(("127.0.0.1", info["port"]), timeout=30) as connection:
            request = build_request(os.urandom(32), key)
            connection.sendall(request)
            assert connection.recv(65536).startswith(b"ROUGHTIM")  # a connection open and served
            process.send_signal(signal.SIGTERM)
            assert connection.recv(65536) == b""  # closed by the server at once, not kept for 60 s
        assert process.wait(timeout=30) == 0
        log = process.stderr.read().decode()
    assert "Roughtime stopped" in log and "no longer accepting" in log
    with pytest.raises(ExchangeError):
        ask(info["port"], key, timeout=0.5)
