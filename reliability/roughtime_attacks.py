"""Hostile Roughtime clients for the exhaustion scenario (reliability/attacks.py says what an attack is)."""
import os
import random
import socket
import time

from timesvc.roughtime.listener import MAX_PER_SOURCE
from timesvc.roughtime.protocol.request import build_request

from .attacks import MAX_REQUESTS, Target, hold

SOURCES = 9  # 127.0.0.1 to 127.0.0.9: at MAX_PER_SOURCE connections each, more than the listener's 256


def _requests(count: int) -> bytes:
    return b"".join(build_request(os.urandom(32)) for _ in range(count))


def _stream(sock: socket.socket, data: bytes, deadline: float) -> int:
    """Send `data` over and over until the deadline or the connection ends; the bytes sent."""
    sent, view = 0, memoryview(data)
    sock.settimeout(0.05)
    while time.monotonic() < deadline:
        try:
            sent += sock.send(view[sent % len(data) :])
        except TimeoutError:  # held back: TCP's window is closed
            continue
        except OSError:
            break
    return sent


def unread(target: Target, deadline: float, rng: random.Random) -> str:
    """One connection streaming valid requests as fast as loopback allows, never reading; again when closed."""
    requests, sent, connections = _requests(64), 0, 0
    while time.monotonic() < deadline:
        with socket.create_connection(("127.0.0.1", target.roughtime_port), timeout=5) as sock:
            connections += 1
            sent += _stream(sock, requests, deadline)
    return f"{sent / 1e6:.1f} MB of requests on {connections} connections, no answer read"


def frames(target: Target, deadline: float, rng: random.Random) -> str:
    """The issue's client: 20-byte ROUGHTIM frames, well framed and unanswerable, as fast as loopback allows."""
    frames, sent, connections = (b"ROUGHTIM" + (8).to_bytes(4, "little") + bytes(8)) * 3200, 0, 0
    while time.monotonic() < deadline and connections < MAX_REQUESTS:
        try:
            with socket.create_connection(("127.0.0.1", target.roughtime_port), timeout=5) as sock:
                connections += 1
                sent += _stream(sock, frames, deadline)
        except OSError:
            pass
    return f"{sent / 1e6:.1f} MB of 20-byte frames on {connections:,} connections"


def sources(target: Target, deadline: float, rng: random.Random) -> str:
    """32 connections from each of 9 sources (more than the listener holds), each sent requests, none read."""
    requests, sockets, refused = _requests(40), [], 0
    for index in range(SOURCES * (MAX_PER_SOURCE + 1)):
        if time.monotonic() >= deadline:
            break
        sock = socket.create_connection(("127.0.0.1", target.roughtime_port), timeout=5, source_address=(f"127.0.0.{1 + index % SOURCES}", 0))
        sock.setblocking(False)
        try:
            sock.send(requests)
        except BlockingIOError:
            pass
        except OSError:
            refused += 1
        sockets.append(sock)
    hold(sockets, deadline)
    return f"{len(sockets)} connections from {SOURCES} sources, each 41 KB of requests, none read" + (f" ({refused} refused at once)" if refused else "")


def flood(target: Target, deadline: float, rng: random.Random) -> str:
    """Valid requests over UDP as fast as one process sends them, no answer read."""
    requests = [build_request(os.urandom(32)) for _ in range(256)]
    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        address = ("127.0.0.1", target.roughtime_port)
        while time.monotonic() < deadline and sent < MAX_REQUESTS * 10:
            for request in requests:
                try:
                    udp.sendto(request, address)
                except OSError:  # the socket's buffer is full: loopback's own flow control
                    pass
            sent += len(requests)
    return f"{sent:,} datagrams"


def junk(target: Target, deadline: float, rng: random.Random) -> str:
    """Datagrams of every size up to the largest, random bytes or a ROUGHTIM header and random bytes."""
    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        address = ("127.0.0.1", target.roughtime_port)
        pool = os.urandom(65507)
        while time.monotonic() < deadline and sent < MAX_REQUESTS:
            size = rng.choice((rng.randint(0, 1100), rng.randint(1024, 65507)))
            head = b"ROUGHTIM" + size.to_bytes(4, "little") if rng.random() < 0.5 else b""
            try:
                udp.sendto(head + pool[: size - len(head)], address)
            except OSError:
                pass
            sent += 1
    return f"{sent:,} datagrams of 0 to 65,507 bytes"


ATTACKS = {
    "Roughtime TCP, never read": (unread, "a Roughtime connection's buffers"),
    "Roughtime TCP, 20-byte frames": (frames, "Roughtime TCP, closed on format errors"),
    "Roughtime TCP, 297 connections": (sources, "the Roughtime TCP listener at its bounds"),
    "Roughtime UDP flood": (flood, "the Roughtime thread's CPU"),
    "Roughtime UDP junk": (junk, "Roughtime UDP, any datagram"),
}
