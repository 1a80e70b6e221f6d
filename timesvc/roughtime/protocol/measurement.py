"""Several servers asked in turn with chained nonces, and what their answers prove (RFC 10049 §8.2, §8.4).

Each nonce after the first is H(previous response || rand): a response is then provably made after the one
before it, so if an earlier server's earliest possible time (MIDP - RADI) is later than a later server's
latest (MIDP + RADI), one of them lied, and the chain of requests and responses is the proof (a malfeasance
report). The RFC asks for the servers to be queried twice in the same order, so that every pair is seen in
both orders: `rounds` = 2.
"""
import base64
import binascii
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import merkle
from .ecosystem import Address, ServerEntry
from .request import build_request, read_request
from .verify import VerificationError, Verified, verify_response
from .wire import WireError

MEDIA_TYPE = "application/roughtime-malfeasance+json"


class ExchangeError(OSError):
    """What a `send` function raises when no response could be had; the message names the server and why."""


class InvalidReport(ValueError):
    """A malfeasance report that proves nothing: a response does not verify, or the chain is broken."""


@dataclass(frozen=True)
class Probe:
    """One server asked once."""

    server: ServerEntry
    rand: bytes  # the 32 random bytes the nonce was made from (the first nonce is rand itself)
    request: bytes
    response: bytes | None
    verified: Verified | None
    error: str | None  # why there is no verified answer
    sent_ns: int  # this machine's clock before sending and after receiving
    received_ns: int

    @property
    def offset(self) -> float | None:
        """Seconds this machine's clock is behind the server's midpoint, measured around the exchange."""
        if self.verified is None:
            return None
        return self.verified.midpoint - (self.sent_ns + self.received_ns) / 2e9


@dataclass(frozen=True)
class Measurement:
    probes: tuple[Probe, ...]
    inconsistent: tuple[tuple[int, int], ...]  # (i, j): probe i, asked before j, is later than j can be

    @property
    def succeeded(self) -> bool:
        """Every response valid and all consistent with the order they came in."""
        return all(probe.verified for probe in self.probes) and not self.inconsistent

    def malfeasance_report(self) -> dict | None:
        """The §8.4.1 report of the valid responses in their chain, when some are inconsistent."""
        if not self.inconsistent:
            return None
        return {"responses": [_report_entry(probe) for probe in self.probes if probe.verified]}


def measure(
    servers: Sequence[ServerEntry],
    send: Callable[[Address, bytes, float], bytes],
    rounds: int = 2,
    random: Callable[[int], bytes] = os.urandom,
    clock: Callable[[], int] = time.time_ns,
    timeout: float = 3.0,
) -> Measurement:
    """Ask each of `servers` in order, `rounds` times over, each nonce chained from the last valid response.

    `send(address, request, timeout)` returns the response packet or raises ExchangeError: over the
    network, timesvc.client.roughtime.exchange.
    """
    probes, previous = [], None
    for server in [*servers] * rounds:
        rand = random(32)
        request = build_request(rand if previous is None else merkle.digest(previous + rand), server.public_key)
        probe = _ask(server, rand, request, send, clock, timeout)
        previous = probe.response if probe.verified else previous
        probes.append(probe)
    valid = [(position, probe.verified) for position, probe in enumerate(probes) if probe.verified]
    return Measurement(tuple(probes), inconsistent_pairs(valid))


def _ask(server: ServerEntry, rand: bytes, request: bytes, send, clock, timeout: float) -> Probe:
    sent, errors = clock(), []
    for address in server.addresses:  # the first address that answers
        try:
            response = send(address, request, timeout)
        except ExchangeError as error:
            errors.append(str(error))
            continue
        received = clock()
        try:
            verified = verify_response(request, response, server.public_key)
        except VerificationError as error:
            return Probe(server, rand, request, response, None, str(error), sent, received)
        return Probe(server, rand, request, response, verified, None, sent, received)
    return Probe(server, rand, request, None, None, "; ".join(errors) or "no address", sent, clock())


def inconsistent_pairs(answers: Sequence[tuple[int, Verified]]) -> tuple[tuple[int, int], ...]:
    """The pairs (i, j), i answered before j, where MIDP_i - RADI_i > MIDP_j + RADI_j (§8.2)."""
    return tuple(
        (i, j)
        for k, (i, earlier) in enumerate(answers)
        for j, later in answers[k + 1 :]
        if earlier.midpoint - earlier.radius > later.midpoint + later.radius
    )


def _report_entry(probe: Probe) -> dict:
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return {
        "rand": b64(probe.rand),
        "publicKey": b64(probe.server.public_key),
        "request": b64(probe.request),
        "response": b64(probe.response),
    }


def verify_report(report, version=None) -> tuple[tuple[int, int], ...]:
    """The inconsistent pairs a malfeasance report proves; InvalidReport when it proves nothing.

    Every response must verify against its request and key, and each nonce but the first must be
    H(previous response || rand). `version` forces a version's contexts, as in verify_response.
    """
    try:
        entries = [{name: base64.b64decode(entry[name]) for name in entry} for entry in report["responses"]]
        answers = [
            (position, verify_response(entry["request"], entry["response"], entry["publicKey"], version))
            for position, entry in enumerate(entries)
        ]
        nonces = [read_request(entry["request"])[0] for entry in entries]
    except (KeyError, TypeError, binascii.Error, VerificationError, WireError) as error:
        raise InvalidReport(f"the report is not a list of valid responses: {error}") from None
    for position in range(1, len(entries)):
        if nonces[position] != merkle.digest(entries[position - 1]["response"] + entries[position].get("rand", b"")):
            raise InvalidReport(f"response {position}: its nonce is not chained from the one before")
    return inconsistent_pairs(answers)
