"""The Roughtime listener in this process, on free loopback ports, for the listener's tests."""
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.roughtime.protocol.support import NOW
from timesvc.domain.clockstatus import ClockStatus
from timesvc.roughtime.listener import RoughtimeServer

SYNCHRONIZED = ClockStatus(True, 0.004, 0.001)
KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def serve():
    """Start RoughtimeServers on free ports, the clock at NOW + 0.75 s unless told otherwise; all stopped after."""
    started = []

    def start(**options):
        options = {"port": 0, "clock": lambda: NOW * 10**9 + 750_000_000, "clock_status": lambda: SYNCHRONIZED, **options}
        server = RoughtimeServer(options.pop("key", KEY), "127.0.0.1", **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
