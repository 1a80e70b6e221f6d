"""The time zone of an IP address, from a MaxMind-format (.mmdb) city database of any common schema."""
import ipaddress
import shutil
import tempfile
from typing import NamedTuple

import maxminddb

from ..domain.errors import InvalidInput, echo
from ..domain.zone import format_instant
from .hostzone import is_local_network
from .iprecords import RecordZones

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class GeoIPUnavailable(LookupError):
    """The database cannot answer: it is damaged where the address would be (a 503, not the client's fault)."""


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
    if is_local_network(address):
        return "a private"
    return "a reserved"


class DatabaseInfo(NamedTuple):
    """What a database file is, from its metadata, for /__version__ and /__heartbeat__."""

    path: str
    type: str
    built: str  # the build time, RFC 3339 UTC
    description: str
    ip_version: int

    def summary(self) -> str:
        return f"{self.type} built {self.built}" + (f" ({self.description})" if self.description else "")


def _info(path: str, metadata) -> DatabaseInfo:
    descriptions = metadata.description if isinstance(metadata.description, dict) else {}
    return DatabaseInfo(
        path=path,
        type=metadata.database_type,
        built=format_instant(metadata.build_epoch),
        description=descriptions.get("en") or next(iter(descriptions.values()), ""),
        ip_version=metadata.ip_version,
    )


def _open_reader(path: str, private_copy: bool):
    if not private_copy:
        return maxminddb.open_database(path)
    with tempfile.NamedTemporaryFile(prefix="timesvc-geoip-", suffix=".mmdb") as copy:
        shutil.copyfile(path, copy.name)
        # The mapping outlives the name: the copy is deleted here, and freed with the reader.
        return maxminddb.open_database(copy.name)


class GeoIPDatabase:
    """A city database, opened once (memory-mapped) and shared by every thread.

    Without `catalogue` and `coordinates` only a record's own zone counts; with them, records
    without one are placed by their coordinates, then by their country (timesvc.location.iprecords).
    With `private_copy`, a copy of the file in the temporary directory is mapped instead: a file
    rewritten in place (cp, curl -o) changes the pages of a mapping under a lookup, and once
    truncated kills the process with SIGBUS; a file replaced by rename (geoipupdate) never does.
    """

    def __init__(self, path: str, catalogue=None, coordinates=None, private_copy: bool = False):
        self._reader = _open_reader(path, private_copy)
        self.info = _info(path, self._reader.metadata())
        self.description = self.info.summary()
        self._zones = RecordZones(catalogue, coordinates)

    def zone_name(self, address: IPAddress) -> str:
        """The IANA zone the database gives for an address; NoLocation when there is none.

        Looked up first: city databases hold no record for private or reserved space, so only an
        address without one pays for ipaddress's is_global (several µs) to say why.
        """
        try:
            record = self._reader.get(address)
        except ValueError:  # an IPv6 address looked up in an IPv4-only database
            record = None
        except maxminddb.InvalidDatabaseError:
            raise GeoIPUnavailable(f"the GeoIP database is damaged where it would hold {address}") from None
        if record is None:
            _require_public(address)
            raise UnknownAddress(f"the GeoIP database has no time zone for {address}")
        zone, why = self._zones.zone_of(record)
        if zone is None:
            raise UnknownAddress(f"the GeoIP database has no time zone for {address}: {why}")
        return zone
