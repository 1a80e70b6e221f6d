"""GET /roughtime: how to reach the Roughtime server beside this API (RFC 10049), and the key to trust it by."""
import base64
import ipaddress
import re

import colander

from ..domain.zone import format_utc
from ..serving.hooks import LISTENING
from ..web.openapi import CORNICE_ERROR, responds
from ..web.rendering import error_response
from ..web.schemas import Body, OneOf, instant, integer, text
from ..web.services import ServiceSpec
from .protocol.ecosystem import PROTOCOLS, Address, ServerEntry
from .protocol.radius import vouched
from .protocol.versions import SUPPORTED

roughtime = ServiceSpec("roughtime", "/roughtime", "The Roughtime server beside this API: its public key, port and versions, as a server-list entry too")

NOT_SERVED = (
    "Roughtime is not served here: its operator serves it by setting timesvc.roughtime_key (environment variable "
    "TIMESVC_ROUGHTIME_KEY) to a key file made by `timesvc roughtime keygen PATH`, with timesvc.roughtime auto "
    "(the default) or on"
)
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOST_NAME = re.compile(rf"(?=.{{1,253}}\Z){_LABEL}(\.{_LABEL})*\.?\Z")  # request.domain is in lower case


def flag(description: str) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Boolean(), description=description)


class Version(Body):
    number = integer("As in VER and VERS: 1 is RFC 10049's, 2147483660 (0x8000000c) drafts 12 to 19's")
    name = text("Where it is specified")


class Delegation(Body):
    valid_from = instant("MINT: the online key in use signs times from this instant (when it was made)")
    valid_until = instant("MAXT: ... to this one, 24 h later; a new online key takes over after 12 h")


class ServerAddress(Body):
    protocol = text("udp or tcp", validator=OneOf(PROTOCOLS))
    address = text("host:port, an IPv6 host in brackets", example="localhost:5319")


class ServerListEntry(Body):
    """A server as the Roughtime ecosystem's server lists give it (RFC 10049 §8.3): camelCase names, as there."""

    name = text("This server's host, as in its addresses")
    version = integer("The highest version it speaks")
    publicKeyType = text("Always ed25519", validator=OneOf(["ed25519"]))  # noqa: N815
    publicKey = text("Base64 of the 32-byte long-term public key")  # noqa: N815
    addresses = colander.SequenceSchema(ServerAddress(), description="UDP first, then TCP")


class RoughtimeBody(Body):
    public_key = text("Base64 of the 32-byte long-term Ed25519 public key: configure clients with it")
    port = integer("The UDP and TCP port it is served on")
    protocols = colander.SequenceSchema(text("udp or tcp"), description="The transports served: both, on the one port")
    versions = colander.SequenceSchema(Version(), description="The versions answered, ascending as VERS lists them")
    throwaway_key = flag("The key was made at start (no key file configured): it changes at every start")
    listening = flag("The UDP and TCP listener is running")
    answering = flag("Requests are answered now; false while listening: the kernel vouches for no clock error bound and they are dropped")
    unsynchronized = flag("Answered although the kernel vouches for no error bound (development): the radius then bounds nothing")
    radius = integer("RADI of an answer now, seconds: the true time lies within midpoint ± radius; null when not answering", nullable=True)
    delegation = Delegation(description="The validity window of the online key in use; null before the listener starts", nullable=True)
    server = ServerListEntry(description="An entry for a server list (application/roughtime-server+json): how a client adds this server")


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return "%" not in host  # a zone identifier means nothing to another machine, and server lists refuse it


def advertised_host(request, server) -> str:
    """The host a client reaches this server by: the address it is bound to, or when that is every address
    (0.0.0.0, ::), the host the client asked over HTTP (its Host header), where that is a host name or address."""
    if not (_is_address(server.host) and ipaddress.ip_address(server.host).is_unspecified):
        return server.host
    host = request.domain.removeprefix("[").removesuffix("]")
    return host if HOST_NAME.match(host) or _is_address(host) else server.host


def _delegation(server) -> dict | None:
    latest = server.delegations.latest
    if latest is None:
        return None
    return {"valid_from": format_utc(latest.mint * 10**9, "seconds"), "valid_until": format_utc(latest.maxt * 10**9, "seconds")}


@roughtime.get()
@responds({200: RoughtimeBody(), 404: CORNICE_ERROR})  # 404: Roughtime is not served, and how to serve it
def get_roughtime(request):
    held = request.registry.roughtime
    if held is None:
        return error_response(404, "url", "path", NOT_SERVED)
    server = held.server
    listening = server.state == LISTENING
    radius = server.radius_now() if listening else None
    host = advertised_host(request, server)
    entry = ServerEntry(host, server.public_key, tuple(Address(protocol, host, server.port) for protocol in PROTOCOLS))
    request.response.headers["Cache-Control"] = "no-store"
    return {
        "public_key": base64.b64encode(server.public_key).decode("ascii"),
        "port": server.port,
        "protocols": list(PROTOCOLS),
        "versions": [{"number": version.number, "name": version.name} for version in SUPPORTED],
        "throwaway_key": held.throwaway_key,
        "listening": listening,
        "answering": radius is not None,
        "unsynchronized": radius is not None and not vouched(server.clock_status()),
        "radius": radius,
        "delegation": _delegation(server),
        "server": entry.to_json(),
    }
