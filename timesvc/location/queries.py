"""Which zone a request means: a zone name, an IP address (the caller's or given) or coordinates.

The errors raised here (InvalidInput, NoLocation, GeoIPUnavailable) are answered by timesvc.web.errors.
"""
from ..domain.catalogue import UnknownZone
from ..domain.errors import InvalidInput
from ..domain.zone import Zone
from .callers import client_address, through_untrusted_proxy, warn_once_about_proxy
from .hostzone import is_local_network
from .ipdata import IPAddress, NoLocation, parse_address

CALLER = "me"  # ip=me: the caller's own address
# Where /time's zone came from (its zone_source field).
TZ, IP, LOCAL_NETWORK, COORDINATES, DEFAULT = "tz", "ip", "local_network", "coordinates", "default"
ZONE_SOURCES = (TZ, IP, LOCAL_NETWORK, COORDINATES, DEFAULT)
# How each way of naming a place is called in a conflict → the parameter that reports it.
_SOURCES = {"tz": "tz", "ip": "ip", "lat+lon": "lat"}


def _known_zone(registry, name: str, source: str, parameter: str) -> Zone:
    try:
        return registry.catalogue.zone(name)
    except UnknownZone:
        raise NoLocation(f"{source} gives the zone {name!r}, which this server's tz data does not know", parameter) from None


def zone_of_sender(registry, address: IPAddress) -> tuple[Zone, str]:
    """(zone, source) of an address that reached the server itself (no proxy between): the local network's
    zone, or the IP data's. NoLocation or GeoIPUnavailable when it has none."""
    if is_local_network(address) and registry.local_zone is not None:
        return registry.local_zone, LOCAL_NETWORK
    name = registry.geoip.zone_name(address)
    return _known_zone(registry, name, f"the IP data's entry for {address}", "ip"), IP


def zone_of_address(request, text: str, caller: bool = False) -> tuple[Zone, str]:
    """(zone, source) of an IP address: the local network's zone, or the IP data's.

    InvalidInput, NoLocation or GeoIPUnavailable when it has none. `caller`: the address is the
    request's own, which for a request forwarded by an untrusted proxy is the proxy's.
    """
    address = parse_address(text)
    if caller and is_local_network(address) and through_untrusted_proxy(request):
        warn_once_about_proxy(request.registry, text)
        raise NoLocation(f"{address} is a proxy's address, not the caller's: it has no location (the server's operator can set trusted_proxy)")
    return zone_of_sender(request.registry, address)


def zone_of_caller(request) -> tuple[Zone, str]:
    """(zone, source) of the caller's own address, as `ip=me` and /api/ip have it."""
    return zone_of_address(request, client_address(request), caller=True)


def zone_of_coordinates(request, lat: float, lon: float) -> Zone:
    name = request.registry.coordinate_zones.zone_name(lat, lon)
    return _known_zone(request.registry, name, f"the boundary data at ({lat}, {lon})", "lat")


def default_zone(request) -> tuple[Zone, str]:
    """(zone, source) of a query that names no place: the server's default zone."""
    return request.registry.default_zone, DEFAULT


def zone_of_query(request, otherwise=default_zone) -> tuple[Zone, str]:
    """(zone, source) a query names by exactly one of tz, ip, or lat+lon; else `otherwise(request)`: the
    default zone, or the caller's (/posix, as /api/ip)."""
    query = request.validated["querystring"]
    if not query:
        return otherwise(request)
    if ("lat" in query) != ("lon" in query):
        missing = "lon" if "lat" in query else "lat"
        raise InvalidInput(missing, "lat and lon go together: give both, in decimal degrees")
    given = [label for label, parameter in _SOURCES.items() if parameter in query]
    if len(given) > 1:
        raise InvalidInput(_SOURCES[given[1]], f"give only one of tz, ip, or lat+lon; this request gives {' and '.join(given)}")
    if "tz" in query:
        return request.registry.catalogue.zone(query["tz"]), TZ
    if "ip" in query:
        return zone_of_caller(request) if query["ip"].lower() == CALLER else zone_of_address(request, query["ip"])
    if "lat" in query:
        return zone_of_coordinates(request, query["lat"], query["lon"]), COORDINATES
    return otherwise(request)
