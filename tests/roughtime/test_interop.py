"""Interoperability with roughly 0.3.0 (PyPI), a Roughtime implementation timesvc did not write, both ways:
its client and checks against this server, this client against its server; server lists and reports too."""
import base64
import json
import os
import re
import socket
import subprocess
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.roughtime.protocol.support import NOW
from tests.support import roughly_peer
from tests.support.processes import stop
from timesvc.client.roughtime import ExchangeError, exchange
from timesvc.domain.clockstatus import ClockStatus
from timesvc.roughtime.listener import RoughtimeServer
from timesvc.roughtime.protocol.ecosystem import Address, ServerEntry, ServerList
from timesvc.roughtime.protocol.keys import public_key
from timesvc.roughtime.protocol.measurement import measure, verify_report
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.protocol.verify import verify_response


@pytest.fixture(scope="module", autouse=True)
def roughly():
    if not roughly_peer.ensure():
        pytest.skip("roughly needs Python 3.12 or newer, and none is installed here")


@pytest.fixture
def ours():
    """Our servers on free ports, each with its clock `offset` seconds from NOW; stopped after the test."""
    started = []

    def start(offset: int = 0) -> RoughtimeServer:
        clock = lambda: (NOW + offset) * 10**9 + 250_000_000  # noqa: E731
        server = RoughtimeServer(Ed25519PrivateKey.generate(), port=0, clock=clock, clock_status=lambda: ClockStatus(True, 0.01))
        started.append(server.start())
        return server

    yield start
    for server in started:
        server.stop()


def key(server) -> str:
    return base64.b64encode(server.public_key).decode()


def entry(server, name: str) -> ServerEntry:
    return ServerEntry(name, server.public_key, (Address("udp", "127.0.0.1", server.port),))


def test_roughlys_cli_verifies_our_answer_in_version_1(ours):
    server = ours()
    done = subprocess.run([str(roughly_peer.ROUGHLY), "query", "127.0.0.1", str(server.port), key(server)], capture_output=True, text=True, timeout=30)
    assert re.fullmatch(rf"Current time: {NOW} ± 3 seconds\n", done.stdout), done.stdout + done.stderr
    assert server.counters.responses == 1


@pytest.mark.parametrize("offered, answered", [(["0x1"], 1), (["0x8000000c"], 0x8000000C), (["0x8000000b", "0x8000000c"], 0x8000000C)])
def test_roughlys_client_verifies_our_answers_in_each_version(ours, offered, answered):
    server = ours()
    result = roughly_peer.call("query", "127.0.0.1", str(server.port), key(server), *offered)
    assert result == {"version": answered, "midpoint": NOW, "radius": 3}


def test_roughly_verifies_our_answers_over_tcp(ours):
    server = ours()
    assert roughly_peer.call("query-tcp", "127.0.0.1", str(server.port), key(server)) == {"version": 1, "midpoint": NOW}


@pytest.fixture
def roughly_server():
    """`roughly server run` on a free loopback UDP port, stopped by its PID after the test."""
    seed = os.urandom(32)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(roughly_peer.ROUGHLY), "server", "run", "--host", "127.0.0.1", "--port", str(port)]
    environment = {**os.environ, "ROUGHLY_PRIVATE_KEY": base64.b64encode(seed).decode()}  # not on the command line
    process = subprocess.Popen([*command, "--no-grease"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    address, public = Address("udp", "127.0.0.1", port), public_key(Ed25519PrivateKey.from_private_bytes(seed))
    try:
        deadline = time.monotonic() + 20
        while True:  # it listens once its interpreter has started: ask until it answers, as wait_for_port does
            try:
                exchange(address, build_request(os.urandom(32), public), timeout=0.5)
                break
            except ExchangeError:
                assert process.poll() is None and time.monotonic() < deadline, "roughly's server is not answering"
                time.sleep(0.1)
        yield address, public
    finally:
        stop(process, timeout=10)


@pytest.mark.parametrize("offered", [(1, 0x8000000C), (1,), (0x8000000C,)])
@pytest.mark.parametrize("with_srv", [True, False])
def test_our_client_verifies_roughlys_answers(roughly_server, offered, with_srv):
    address, public = roughly_server
    request = build_request(os.urandom(32), public if with_srv else None, offered)
    verified = verify_response(request, exchange(address, request), public)
    assert verified.version.number == offered[0] and verified.radius == 3
    assert abs(verified.midpoint - time.time()) < 60  # roughly's server reads the real clock


def test_roughly_reads_the_server_list_we_write(ours, tmp_path):
    server = ours()
    path = tmp_path / "servers.json"
    path.write_text(json.dumps(ServerList((entry(server, "timesvc"),)).to_json()))
    assert roughly_peer.call("load-ecosystem", str(path)) == [
        {"name": "timesvc", "version": 1, "publicKey": key(server), "addresses": [f"127.0.0.1:{server.port}"]}
    ]


def test_roughly_confirms_the_malfeasance_report_we_make(ours, tmp_path):
    servers = [entry(ours(), "honest"), entry(ours(3600), "an hour ahead")]
    report = measure(servers, send=exchange, rounds=2).malfeasance_report()
    assert report is not None
    (tmp_path / "report.json").write_text(json.dumps(report))
    assert roughly_peer.call("confirm-malfeasance", str(tmp_path / "report.json")) is True


def test_we_verify_the_chain_roughly_makes_over_our_servers(ours, tmp_path):
    honest, ahead, honest_too = ours(), ours(3600), ours()
    listed = ServerList(tuple(entry(s, name) for s, name in ((honest, "a"), (ahead, "b"), (honest_too, "c"))))
    (tmp_path / "servers.json").write_text(json.dumps(listed.to_json()))
    report = roughly_peer.call("chain", str(tmp_path / "servers.json"))
    assert verify_report(report) == ((1, 2),)  # the one an hour ahead, against the one asked after it
