"""Roughtime server lists (RFC 10049 §8.3, media type application/roughtime-server+json): read and written.

A list is {"servers": [...], "sources": [...], "reports": "..."}; each server has "name", "version" (an
integer, the highest version it speaks), "publicKeyType" ("ed25519"), "publicKey" (base64 of 32 bytes) and
"addresses" ([{"protocol": "udp" | "tcp", "address": "host:port"}], IPv6 hosts in brackets). Lists written
before the RFC (cloudflare/roughtime's ecosystem.json) give "version" as a label such as "IETF-Roughtime":
such a label is kept as read, and a client then offers every version it speaks.
"""
import base64
import binascii
import ipaddress
from dataclasses import dataclass, field

from ...domain.errors import echo

MEDIA_TYPE = "application/roughtime-server+json"
PROTOCOLS = ("udp", "tcp")
DEFAULT_PORT = 5319  # assigned by IANA for UDP and TCP (RFC 10049 §12.1)


class InvalidServerList(ValueError):
    """A server list that does not follow §8.3; the message says where."""


@dataclass(frozen=True)
class Address:
    protocol: str  # "udp" or "tcp"
    host: str  # a name, or an IPv4 or IPv6 address (without brackets)
    port: int

    @property
    def address(self) -> str:
        """"host:port", with an IPv6 host in brackets."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class ServerEntry:
    name: str
    public_key: bytes  # the long-term Ed25519 key, 32 bytes
    addresses: tuple[Address, ...]
    version: int | str = 1  # a label from a pre-RFC list is kept as it was

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "publicKeyType": "ed25519",
            "publicKey": base64.b64encode(self.public_key).decode("ascii"),
            "addresses": [{"protocol": a.protocol, "address": a.address} for a in self.addresses],
        }


@dataclass(frozen=True)
class ServerList:
    servers: tuple[ServerEntry, ...]
    sources: tuple[str, ...] = field(default=())  # HTTPS URLs to fetch newer lists from
    reports: str | None = None  # the HTTPS URL malfeasance reports are posted to

    def to_json(self) -> dict:
        document = {"servers": [server.to_json() for server in self.servers]}
        if self.sources:
            document["sources"] = list(self.sources)
        if self.reports is not None:
            document["reports"] = self.reports
        return document


def parse_address(text: str, protocol: str = "udp") -> Address:
    """"host:port" or "[ipv6]:port"; InvalidServerList when it is neither."""
    host, colon, port = str(text).rpartition(":")
    bracketed = host.startswith("[") and host.endswith("]")
    if bracketed:
        host = host[1:-1]
        _require(_is_ipv6(host), f"{echo(text)}: brackets hold an IPv6 address")
    _require(colon and host and port.isascii() and port.isdigit() and int(port) <= 65535, f"{echo(text)} is not host:port")
    _require(bracketed or ":" not in host, f"{echo(text)}: an IPv6 address goes in brackets")
    return Address(protocol, host, int(port))


def parse_server_list(document) -> ServerList:
    """The list in a decoded JSON `document`; InvalidServerList naming the first thing wrong with it."""
    _require(isinstance(document, dict) and isinstance(document.get("servers"), list), 'no "servers" list')
    sources = document.get("sources", [])
    _require(isinstance(sources, list) and all(isinstance(s, str) for s in sources), '"sources" is a list of URLs')
    reports = document.get("reports")
    _require(reports is None or isinstance(reports, str), '"reports" is a URL')
    servers = tuple(_server(entry, position) for position, entry in enumerate(document["servers"]))
    return ServerList(servers, tuple(sources), reports)


def _server(entry, position: int) -> ServerEntry:
    where = f"servers[{position}]"
    _require(isinstance(entry, dict), f"{where} is not an object")
    name, version, key_type = entry.get("name"), entry.get("version"), entry.get("publicKeyType")
    _require(isinstance(name, str), f'{where} has no "name"')
    where = f"server {echo(name)}"
    _require(isinstance(version, (int, str)) and not isinstance(version, bool), f'{where}: "version" is an integer')
    _require(key_type == "ed25519", f'{where}: "publicKeyType" {echo(key_type)} is not "ed25519"')
    try:
        public_key = base64.b64decode(entry.get("publicKey", ""), validate=True)
    except (binascii.Error, TypeError, ValueError):
        public_key = b""
    _require(len(public_key) == 32, f'{where}: "publicKey" is not base64 of 32 bytes')
    addresses = entry.get("addresses")
    _require(isinstance(addresses, list) and addresses, f'{where}: "addresses" is a list of at least one')
    parsed = []
    for address in addresses:
        _require(isinstance(address, dict), f"{where}: an address is an object")
        protocol = address.get("protocol")
        _require(protocol in PROTOCOLS, f'{where}: "protocol" {echo(protocol)} is neither "udp" nor "tcp"')
        parsed.append(parse_address(address.get("address", ""), protocol))
    return ServerEntry(name, public_key, tuple(parsed), version)


def _is_ipv6(host: str) -> bool:
    """An IPv6 address without a zone identifier, which server lists may not carry."""
    if "%" in host:
        return False
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


def _require(condition, message: str):
    if not condition:
        raise InvalidServerList(message)
