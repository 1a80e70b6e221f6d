"""The timezoned listener this app serves beside HTTP, built from its settings but not started.

`registry.timezoned` is a TimezonedServer, or None when timezoned is not served (the default). The server
runner starts it once HTTP's sockets are bound and stops it on SIGTERM; another WSGI server never starts it,
which the heartbeat says.
"""
from ..domain.errors import InvalidInput
from ..location.ipdata import GeoIPUnavailable, NoLocation, parse_address
from ..location.queries import zone_of_sender
from .listener import TimezonedServer
from .protocol import Timezoned


def sender_zone(registry, address: str) -> str | None:
    """The zone of a datagram's sender, as an HTTP caller's without a proxy: the local network's, or the IP data's."""
    try:
        # An IPv6 link-local sender comes with its interface (fe80::1%eth0): on the local network all the same.
        zone, _ = zone_of_sender(registry, parse_address(address.partition("%")[0]))
    except (InvalidInput, NoLocation, GeoIPUnavailable):
        return None
    return zone.name


def build(registry) -> TimezonedServer | None:
    """The app's timezoned listener, not started; None when the settings do not serve it."""
    settings = registry.timesvc_settings
    if not settings.timezoned:
        return None
    # Read through the registry at each use: a clock or IP data a test injects there holds here too.
    protocol = Timezoned(registry.catalogue, lambda address: sender_zone(registry, address))
    return TimezonedServer(protocol, settings.timezoned_host, settings.timezoned_port, clock=lambda: registry.clock())
