"""The `roughtime` heartbeat check, against real listeners on loopback with their clocks injected."""
import os
import socket
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.roughtime.protocol.support import NOW
from tests.support.processes import wait_for
from timesvc.domain.clockstatus import ClockStatus
from timesvc.ops.health import ERROR, OK, WARNING
from timesvc.roughtime.health import roughtime
from timesvc.roughtime.listener import RoughtimeServer
from timesvc.roughtime.protocol.delegation import HANDOVER
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.resource import Roughtime

SYNCED = ClockStatus(True, 0.01, 0.001)
UNSYNCED = ClockStatus(False, 16.0, 16.0)


class Registry:
    """What the check reads: the Roughtime server and the app's clock (`now`, Unix seconds)."""

    def __init__(self, server, throwaway_key=False, now=NOW):
        self.roughtime, self.now = Roughtime(server, throwaway_key), now

    def clock(self):
        return self.now * 10**9 + 500_000_000


@pytest.fixture
def listening():
    """Start RoughtimeServers on free ports with the clock at NOW and the given status; stopped after."""
    started = []

    def start(status=SYNCED, **options):
        server = RoughtimeServer(Ed25519PrivateKey.generate(), port=0, clock=lambda: NOW * 10**9, clock_status=lambda: status, **options)
        started.append(server.start())
        return server

    yield start
    for server in started:
        server.stop()


def test_ok_with_the_delegations_remaining_lifetime(listening):
    check = roughtime(Registry(listening()))
    assert check.status == OK
    assert (check.details["delegation_valid_until"], check.details["delegation_remaining_s"]) == ("2026-12-02T00:00:00Z", 86400)
    assert "delegation_renewal" not in check.details


def test_an_idle_server_past_handover_says_the_next_request_renews_it(listening):
    check = roughtime(Registry(listening(), now=NOW + HANDOVER + 60))
    assert check.status == OK and check.details["delegation_remaining_s"] == 86400 - HANDOVER - 60
    assert check.details["delegation_renewal"].startswith("due")


def test_a_throwaway_key_is_a_warning(listening):
    check = roughtime(Registry(listening(), throwaway_key=True))
    assert check.status == WARNING and "throwaway key" in check.details["message"]


def test_dropping_for_an_unsynchronized_clock_is_a_warning_with_the_count(listening):
    server = listening(UNSYNCED)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(build_request(os.urandom(32), server.public_key), ("127.0.0.1", server.port))
        wait_for(lambda: server.counters.drops["clock_unsynchronized"] == 1, "the request dropped")
    check = roughtime(Registry(server))
    assert check.status == WARNING and "every request is dropped (1 so far)" in check.details["message"]


def test_answering_with_an_unsynchronized_clock_is_a_warning(listening):
    check = roughtime(Registry(listening(UNSYNCED, serve_unsynchronized=True)))
    assert check.status == WARNING and "a radius of 17 s, which bounds nothing" in check.details["message"]


def test_a_server_never_started_is_an_error():
    server = RoughtimeServer(Ed25519PrivateKey.generate(), port=0)
    check = roughtime(Registry(server))
    assert (check.status, check.details["state"]) == (ERROR, "not started")


def test_a_stopped_server_is_an_error(listening):
    server = listening()
    server.stop()
    assert (roughtime(Registry(server)).status, server.state) == (ERROR, "stopped")


def test_a_listener_that_died_is_an_error(listening):
    broken = []

    def monotonic():
        if broken:  # the listener's thread ends on this, as on any defect outside a batch
            raise RuntimeError("the monotonic clock failed")
        return time.monotonic()

    server = listening(monotonic=monotonic)
    broken.append(True)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(build_request(os.urandom(32), server.public_key), ("127.0.0.1", server.port))
        wait_for(lambda: server.state == "failed", "the listener's thread ended")
    check = roughtime(Registry(server))
    assert check.status == ERROR and "its listener ended" in check.details["message"]
