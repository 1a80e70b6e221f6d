"""The Roughtime server (RFC 10049) this app serves beside HTTP, built from its settings but not started.

`registry.roughtime` is a Roughtime (the server, and whether its key is a throwaway), or None when Roughtime
is not served. It is the app's listener (timesvc.serving.hooks): the paste server runner starts it once
HTTP's sockets are bound and stops it on SIGTERM; /roughtime, the heartbeat and the metrics read the same
server's state. Another WSGI server never starts it: /roughtime and the heartbeat then say so.
"""
import base64
import logging
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..ops.settings import Settings, source_of, startup_failure
from .listener import RoughtimeServer
from .protocol.ecosystem import DEFAULT_PORT
from .protocol.keys import KeyFileError, load_long_term_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Roughtime:
    """The app's Roughtime server, and the listener the server runner starts and stops."""

    server: RoughtimeServer
    throwaway_key: bool  # made at start: it changes at every start and is this process's alone
    key_file: str | None = None
    name = "Roughtime"
    health_check = "roughtime"

    @property
    def where(self) -> str:
        key = "a throwaway key" if self.throwaway_key else f"the key in {self.key_file}"
        public_key = base64.b64encode(self.server.public_key).decode("ascii")
        return f"{self.server.host}:{self.server.port}, UDP and TCP, with {key}: public key {public_key}"

    def start(self) -> str:
        self.server.start()
        return f"Serving Roughtime on {self.where}"

    def elsewhere(self) -> str:
        self.server.port = 0  # a free port, for both UDP and TCP (a development instance beside another)
        return self.start()

    def stop(self, timeout: float):
        self.server.stop(timeout)


def served(settings: Settings) -> bool:
    """`auto` serves Roughtime when a key file is named, `on` always (with a throwaway key if none is)."""
    return settings.roughtime == "on" or (settings.roughtime == "auto" and settings.roughtime_key is not None)


def long_term_key(settings: Settings, ini: dict) -> tuple[Ed25519PrivateKey, bool]:
    """The key named by roughtime_key, or a throwaway one; a file that cannot be used stops startup."""
    if settings.roughtime_key is None:
        return Ed25519PrivateKey.generate(), True
    try:
        return load_long_term_key(settings.roughtime_key), False
    except KeyFileError as exc:  # its message names the file and the fault, never the key
        raise startup_failure(f"{source_of('roughtime_key', ini)}: {exc}") from None


def build(registry, ini: dict) -> Roughtime | None:
    """The app's Roughtime server, not started; None when the settings do not serve it."""
    settings = registry.timesvc_settings
    if not served(settings):
        return None
    key, throwaway = long_term_key(settings, ini)
    server = RoughtimeServer(
        key,
        settings.roughtime_host,
        settings.roughtime_port or DEFAULT_PORT,
        # Read through the registry at each use: a clock a test injects there holds for Roughtime too.
        clock=lambda: registry.clock(),
        clock_status=lambda: registry.clock_status(),
        serve_unsynchronized=settings.roughtime_unsynchronized == "answer",
        # Processes sharing a port must share a key: with a throwaway key the port is this process's
        # alone, so a second process fails to bind instead of splitting the clients between two keys.
        reuse_port=not throwaway,
    )
    if throwaway:
        logger.warning(
            "Roughtime: no key file configured (timesvc.roughtime_key): serving with a throwaway key made now, "
            "public key %s. It changes at every start and belongs to this process alone: several processes "
            "behind one port need a key file (`timesvc roughtime keygen PATH`)",
            base64.b64encode(server.public_key).decode("ascii"),
        )
    return Roughtime(server, throwaway, settings.roughtime_key)

