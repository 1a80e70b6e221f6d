"""Roughtime's bounds on a real `pserve production.ini` with a key file (issue 21): hostile TCP clients."""
import os
import re
import socket
import time

import pytest

from tests.support.processes import free_udp_tcp_port, rss_kib, wait_for
from tests.support.pserve import get, pserve, roughtime_info
from timesvc.roughtime.listener import MAX_BATCH, MAX_PER_SOURCE
from timesvc.roughtime.protocol.request import build_request


def drops(port: int, reason: str) -> float:
    text = get(port, "/metrics")[2].decode()
    return float(re.search(rf'^timesvc_roughtime_drops_total{{reason="{reason}"}} (\S+)$', text, re.M).group(1))


@pytest.fixture(params=[True, False], ids=["tuned", "public"])
def production(request, tmp_path):
    """pserve production.ini serving Roughtime on loopback with a key file: (HTTP port, Roughtime port, process)."""
    from timesvc.roughtime.protocol.keys import keygen

    keygen(tmp_path / "roughtime.key")
    roughtime_port = free_udp_tcp_port()
    env = {
        "TIMESVC_ROUGHTIME_KEY": str(tmp_path / "roughtime.key"),
        "TIMESVC_ROUGHTIME_HOST": "127.0.0.1",
        "TIMESVC_ROUGHTIME_UNSYNCHRONIZED": "answer",  # this machine's clock may be unsynchronized
        "TIMESVC_TUNED": str(request.param).lower(),
    }
    with pserve("production.ini", f"roughtime_port={roughtime_port}", env=env, log=tmp_path / "pserve.log") as (port, process):
        wait_for(lambda: roughtime_info(port)["listening"], "Roughtime listening")  # it starts after HTTP
        yield port, roughtime_port, process


FRAME = b"ROUGHTIM" + (8).to_bytes(4, "little") + bytes(8)  # well framed, and no request: the client


def push(sock: socket.socket, data: bytes, seconds: float) -> tuple[int, bool]:
    """Send `data` over and over for `seconds` or until the connection ends: (bytes the kernel took, still open)."""
    sent, deadline, view = 0, time.monotonic() + seconds, memoryview(data)
    sock.settimeout(0.05)
    while time.monotonic() < deadline:
        try:
            sent += sock.send(view[sent % len(data) :])  # on from where the last send stopped: the stream stays in step
        except TimeoutError:  # held back: TCP's window is closed
            continue
        except OSError:
            return sent, False
    return sent, True


def test_unanswerable_frames_close_the_connection_in_their_first_batch(production):
    port, roughtime_port, _ = production
    with socket.create_connection(("127.0.0.1", roughtime_port), timeout=5) as sock:
        push(sock, FRAME * 1000, 1.0)
        sock.settimeout(5)
        try:
            ended = sock.recv(1024) == b""
        except ConnectionResetError:  # closed with the rest of the stream unread: a reset
            ended = True
    assert ended and 1 <= drops(port, "bad_message") <= MAX_BATCH  # those of its first batch, not the 20 KB pushed


def test_a_client_streaming_frames_as_fast_as_loopback_allows_adds_no_memory(production):
    """Before: 48 MB sent in 2 s added 45 MB to the process."""
    _, roughtime_port, process = production
    before, deadline, sent = rss_kib(process.pid), time.monotonic() + 2.0, 0
    while time.monotonic() < deadline:
        with socket.create_connection(("127.0.0.1", roughtime_port), timeout=5) as sock:
            sent += push(sock, FRAME * 3200, deadline - time.monotonic())[0]
    assert sent > 1_000_000 and rss_kib(process.pid) - before < 8 * 1024


def test_a_client_sending_requests_without_reading_is_held_back_not_read(production):
    _, roughtime_port, process = production
    requests = b"".join(build_request(os.urandom(32)) for _ in range(64))
    before = rss_kib(process.pid)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)  # the client's own buffer: small, and fixed
        sock.connect(("127.0.0.1", roughtime_port))
        sent, still_open = push(sock, requests, 2.0)
        assert still_open and sent < 1_000_000  # kernels' buffers and 24 KiB in the process, not 2 s of loopback
        assert rss_kib(process.pid) - before < 8 * 1024


def test_connections_beyond_the_limit_of_one_source_are_refused_and_counted(production):
    port, roughtime_port, _ = production
    held = []
    try:
        for _ in range(MAX_PER_SOURCE + 3):
            held.append(socket.create_connection(("127.0.0.1", roughtime_port), timeout=5))
        wait_for(lambda: drops(port, "source_limit") == 3, "three connections refused")
        other = socket.create_connection(("127.0.0.1", roughtime_port), timeout=5, source_address=("127.0.0.2", 0))
        held.append(other)
        other.sendall(build_request(os.urandom(32)))
        assert other.recv(12).startswith(b"ROUGHTIM")  # another source is served
    finally:
        for sock in held:
            sock.close()
