"""The time zone of an IP address, from a MaxMind-format (.mmdb) city database."""
import ipaddress

import maxminddb

from .errors import InvalidInput, echo

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class GeoIPUnavailable(LookupError):
    """No database is configured to look addresses up in."""


class NoLocation(LookupError):
    """No place is known for what the client sent; `name` is the parameter it came from."""

    def __init__(self, description: str, name: str = "ip"):
        super().__init__(description)
        self.description = description
        self.name = name


class UnknownAddress(NoLocation):
    """A public address the database has no time zone for."""


def parse_address(text: str, name: str = "ip") -> IPAddress:
    """An IPv4 or IPv6 address; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes its IPv4 address."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise InvalidInput(name, f"{echo(text)} is not an IPv4 or IPv6 address") from None
    if getattr(address, "scope_id", None) is not None:
        # fe80::1%eth0: a zone id names an interface of the sender's own host, nowhere on Earth.
        raise InvalidInput(name, f"{echo(text)} carries an IPv6 zone id (after %): give the address alone")
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _require_public(address: IPAddress):
    if not address.is_global:
        raise NoLocation(f"{address} is {_kind(address)} address: it has no location")


def _kind(address: IPAddress) -> str:
    if address.is_loopback:
        return "a loopback"
    if address.is_link_local:
        return "a link-local"
    if address.is_multicast:
        return "a multicast"
    if address.is_private:
        return "a private"
    return "a reserved"


class GeoIPDatabase:
    """A city database, opened once (memory-mapped) and shared by every thread."""

    def __init__(self, path: str):
        self._reader = maxminddb.open_database(path)
        metadata = self._reader.metadata()
        self.description = f"{metadata.database_type} built {metadata.build_epoch}"

    def zone_name(self, address: IPAddress) -> str:
        """The IANA zone the database gives for an address; NoLocation when there is none."""
        _require_public(address)
        try:
            record = self._reader.get(address)
        except ValueError:  # an IPv6 address looked up in an IPv4-only database
            record = None
        location = record.get("location") if isinstance(record, dict) else None
        zone = location.get("time_zone") if isinstance(location, dict) else None
        if not isinstance(zone, str) or not zone:
            raise UnknownAddress(f"the GeoIP database has no time zone for {address}")
        return zone


class MissingGeoIPDatabase:
    """Stands in for the database when none is configured: every public lookup says how to set one."""

    def __init__(self, remedy: str):
        self._remedy = remedy

    def zone_name(self, address: IPAddress) -> str:
        _require_public(address)
        raise GeoIPUnavailable(self._remedy)
