"""Hostile HTTP clients for the exhaustion scenario, each against loopback until its deadline or its count.

An attack is `attack(target, deadline, rng) -> str`: it runs in a process of its own (so that the
heartbeat probes' latencies do not include its share of a GIL) and says what it sent. Each one is the
worst a client can do to one resource: one request, one connection, or one client cycling through values.
"""
import http.client
import ipaddress
import random
import socket
import string
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from timesvc.domain.catalogue import PackageSource, ZoneCatalogue

MAX_REQUESTS = 200_000  # per attack, whatever its deadline: every attack stops by itself


@dataclass(frozen=True)
class Target:
    http_port: int
    roughtime_port: int
    connections: int  # what the HTTP connection attacks open: under production.ini's connection_limit (1000)


def _word(rng: random.Random, length: int, letters: str = string.ascii_letters) -> str:
    return "".join(rng.choices(letters, k=length))


def nothing(target: Target, deadline: float, rng: random.Random) -> str:
    """No attack: the probes' figures on this machine as it is, to read the others against."""
    time.sleep(max(0.0, deadline - time.monotonic()))
    return "nothing"


# --- HTTP: one client cycling through values, on one keep-alive connection -----------------------------


def cycling(paths, headers=lambda rng: {}, method=lambda rng: "GET"):
    """An attack asking `paths(rng)` (one path each time) until the deadline, tallying the statuses."""

    def attack(target: Target, deadline: float, rng: random.Random) -> str:
        statuses, connection = Counter(), None
        while time.monotonic() < deadline and statuses.total() < MAX_REQUESTS:
            connection = connection or http.client.HTTPConnection("127.0.0.1", target.http_port, timeout=10)
            try:
                connection.request(method(rng), paths(rng), headers=headers(rng))
                response = connection.getresponse()
                response.read()
                statuses[response.status] += 1
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                statuses["closed"] += 1
                connection.close()
                connection = None
        if connection:
            connection.close()
        return f"{statuses.total():,} requests (" + ", ".join(f"{s}: {n:,}" for s, n in sorted(statuses.items(), key=str)) + ")"

    return attack


_CATALOGUE = ZoneCatalogue(PackageSource())  # the same names as production.ini's (tzdata_source = package)
ZONES = [quote(name, safe="/") for name in _CATALOGUE.names + _CATALOGUE.aliases]  # Etc/GMT+5: %2B
CANONICAL = [quote(name, safe="/") for name in _CATALOGUE.names]


def _locales() -> list[str]:
    from babel.localedata import locale_identifiers

    return [identifier.replace("_", "-") for identifier in locale_identifiers()]


def _public_ip(rng: random.Random) -> str:
    while True:
        address = ipaddress.ip_address(rng.getrandbits(32)) if rng.random() < 0.5 else ipaddress.IPv6Address((0x2000 << 112) | rng.getrandbits(125))
        if address.is_global:
            return str(address)


def _instant(rng: random.Random, first: int = 1, last: int = 9999) -> str:
    return f"{rng.randint(first, last):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"


def _duration(rng: random.Random) -> str:
    return f"P{rng.randint(0, 9000)}Y{rng.randint(0, 500)}M{rng.randint(0, 5000)}DT{rng.randint(0, 10**6)}H{rng.randint(0, 10**6)}M"


_LOCALES = []


def _locale(rng: random.Random) -> str:
    if not _LOCALES:
        _LOCALES.extend(_locales())
        rng.shuffle(_LOCALES)
    return _LOCALES.pop()


HTTP_CYCLES = {
    "no attack": (nothing, "the machine's own noise"),
    "zone names and aliases": (cycling(lambda rng: f"/time?tz={rng.choice(ZONES)}"), "loaded zones"),
    "unknown zone names": (cycling(lambda rng: f"/time?tz={_word(rng, 30)}/{_word(rng, 12)}"), "did-you-mean over the catalogue"),
    "every CLDR locale": (cycling(lambda rng: f"/time?tz=Europe/Paris&locale={_locale(rng)}"), "Babel's locale data (issue 21, 2)"),
    "made-up locale variants": (cycling(lambda rng: f"/time?locale=en-{_word(rng, 8, string.ascii_lowercase)}"), "Babel's tag cache (issue 21, 2)"),
    "distinct 8 KB queries": (cycling(lambda rng: f"/time?tz=UTC&pad={_word(rng, 7900)}"), "the validation memo (issue 21, 3)"),
    "transitions far ahead": (
        cycling(lambda rng: (lambda y: f"/timezones/{rng.choice(CANONICAL)}/transitions?from={y}-01-01T00:00Z&to={y + 1}-01-01T00:00Z")(rng.randint(2040, 9998))),
        "rule years",
    ),
    "IP addresses": (cycling(lambda rng: f"/time?ip={_public_ip(rng)}"), "the IP data's mapped pages"),
    "coordinates": (cycling(lambda rng: f"/time?lat={rng.uniform(-90, 90):.5f}&lon={rng.uniform(-180, 180):.5f}"), "the boundary data"),
    "worldclock lists": (cycling(lambda rng: "/worldclock?tz=" + ",".join(rng.sample(CANONICAL, 50)) + f"&locale={rng.choice(('fr', 'de', 'ja'))}"), "zones, names"),
    "calculate and difference": (
        cycling(
            lambda rng: rng.choice(
                (
                    f"/calculate?time={_instant(rng)}&tz={rng.choice(ZONES)}&add={_duration(rng)}",
                    f"/difference?start={_instant(rng, 1, 100)}&end={_instant(rng, 9900)}&tz={rng.choice(ZONES)}&largest_unit={rng.choice(('years', 'days', 'hours', 'nanoseconds'))}",
                )
            )
        ),
        "rule years, durations",
    ),
    "convert with odd time text": (
        cycling(lambda rng: f"/convert?time={_instant(rng)}:{rng.randint(0, 60):02d}{rng.choice('+-')}{rng.randint(0, 99):02d}:{rng.randint(0, 99):02d}&from={rng.choice(ZONES)}&to={rng.choice(ZONES)}"),
        "strict time text (issue 21, 5)",
    ),
    "zone pages and worldtimeapi": (
        cycling(lambda rng: rng.choice((f"/timezones/{rng.choice(ZONES)}?count=100", f"/api/timezone/{rng.choice(ZONES)}", f"/api/ip/{_public_ip(rng)}.txt"))),
        "zones, IP data",
    ),
    "unknown paths and methods": (
        cycling(lambda rng: f"/{_word(rng, 40)}?{_word(rng, 10)}=1", method=lambda rng: rng.choice(("GET", "POST", "DELETE", _word(rng, 12, string.ascii_uppercase)))),
        "metrics label children",
    ),
    "forwarded addresses": (
        cycling(
            lambda rng: "/api/ip",
            headers=lambda rng: {"X-Forwarded-For": _public_ip(rng), "Forwarded": f'for="{_public_ip(rng)}"', "X-Real-IP": _public_ip(rng)},
        ),
        "proxy warnings (issue 21, 4)",
    ),
    "markup in values": (cycling(lambda rng: f"/time?tz=%3Cscript%3E{_word(rng, 60)}%22%3E%3Cimg"), "echoed descriptions (issue 21, 6)"),
    "docs files and ranges": (
        cycling(
            lambda rng: rng.choice(("/docs", "/docs/swagger-ui/swagger-ui-bundle.js", "/docs/swagger-ui/swagger-ui.css", "/openapi.json")),
            headers=lambda rng: {"Range": f"bytes={rng.randint(0, 10**7)}-{rng.randint(10**7, 10**8)}"} if rng.random() < 0.5 else {},
        ),
        "static files, Range (issue 21, 7 and 8)",
    ),
}


# --- HTTP: connections ------------------------------------------------------------------------------------
# Connections that ask something are opened at OPENED_PER_SECOND: 900 requests at once are a burst of
# load that any server queues (rate limits belong to the proxy in front, deploy/nginx's limit_req), not
# something a client makes the process hold.
OPENED_PER_SECOND = 100


def hold(sockets: list, deadline: float):
    """Keep `sockets` open until the deadline, then close them."""
    while time.monotonic() < deadline:
        time.sleep(0.05)
    for sock in sockets:
        sock.close()


def _opened(target: Target, deadline: float, count: int, sent: bytes, per_second: float = float("inf")) -> list:
    """Up to `count` connections (fewer if the deadline comes), each sent `sent` without reading anything."""
    sockets, began = [], time.monotonic()
    for index in range(count):
        time.sleep(max(0.0, began + index / per_second - time.monotonic()))
        if time.monotonic() >= deadline:
            break
        sock = socket.socket()
        # A small window: the server's kernel buffers fill after a few KB, and the server holds the rest.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", target.http_port))
        sock.setblocking(False)
        try:
            sock.send(sent)
        except BlockingIOError:  # the server reads no more than it can take: what it took is enough
            pass
        sockets.append(sock)
    return sockets


def held_headers(target: Target, deadline: float, rng: random.Random) -> str:
    """Connections under the limit, each holding a header of nearly max_request_header_size, never ended."""
    sockets = _opened(target, deadline, target.connections, b"GET /time HTTP/1.1\r\nHost: a\r\nX-Pad: " + _word(rng, 7900).encode())
    hold(sockets, deadline)
    return f"{len(sockets)} connections, each 7.9 KB into a header never ended"


LARGEST = (b"GET /docs/swagger-ui/swagger-ui-bundle.js HTTP/1.1\r\nHost: a\r\n\r\n", b"GET /openapi.json HTTP/1.1\r\nHost: a\r\n\r\n")
SHORTEST = b"GET /time HTTP/1.1\r\nHost:a\r\n\r\n"


def unread_answers(target: Target, deadline: float, rng: random.Random) -> str:
    """More connections than threads, each pipelining requests for the largest answers, never reading one."""
    sockets = _opened(target, deadline, 12, b"".join(LARGEST) * 20)
    hold(sockets, deadline)
    return f"{len(sockets)} connections, each 40 pipelined requests for the two largest answers (1.5 MB, 100 KB), none read"


def pipelined(target: Target, deadline: float, rng: random.Random) -> str:
    """Connections each asking more than the kernels' buffers take (on loopback the server's grows past a
    megabyte: the largest file twice), then 8 KB of the shortest requests, none read: those wait behind.

    A third of the other cases' connections: 900 of them left 2.1 GB in the kernels' socket buffers, past
    tcp_mem's pressure mark, and the machine as a whole paid for it (docs/reliability.md, "Exhaustion");
    300 leave 1.1 GB, below it.
    """
    sent = LARGEST[0] * 2 + SHORTEST * (8192 // len(SHORTEST))
    sockets = _opened(target, deadline, target.connections // 3, sent, OPENED_PER_SECOND)
    hold(sockets, deadline)
    return f"{len(sockets)} connections, each the 1.5 MB file twice then {8192 // len(SHORTEST)} pipelined requests, none read"


def largest_unread(target: Target, deadline: float, rng: random.Random) -> str:
    """Connections each asking the largest answer the app makes (/openapi.json, 100 KB) 4 times, none read."""
    sockets = _opened(target, deadline, target.connections, LARGEST[1] * 4, OPENED_PER_SECOND)
    hold(sockets, deadline)
    return f"{len(sockets)} connections, each 4 pipelined requests for /openapi.json, none read"


CONNECTION_ATTACKS = {
    "held headers": (held_headers, "waitress's connections, input buffers"),
    "unread answers": (unread_answers, "waitress's threads"),
    "pipelined requests": (pipelined, "waitress's parsed requests"),
    "largest answers unread": (largest_unread, "waitress's output buffers"),
}
