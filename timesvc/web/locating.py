"""Which zone a request means: a zone name, an IP address (the caller's or given) or coordinates."""
import colander

from ..domain.catalogue import UnknownZone
from ..domain.errors import InvalidInput
from ..domain.geoip import GeoIPUnavailable, NoLocation, parse_address
from ..domain.zone import Zone
from .rendering import error_response
from .schemas import GIVEN_EMPTY, Number, Text

CALLER = "me"
# How each way of naming a place is called in a conflict → the parameter that reports it.
_SOURCES = {"tz": "tz", "ip": "ip", "lat+lon": "lat"}


def client_address(request) -> str:
    """The peer's address as waitress reports it: rewritten from proxy headers only for a trusted proxy."""
    # Never request.client_addr: WebOb reads X-Forwarded-For there, whoever sent it.
    return request.remote_addr or ""


_OCTET = r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# The pattern says what Python's ipaddress accepts (no leading zeros), which the format alone does not.
IP_ADDRESS = {
    "anyOf": [
        {"type": "string", "format": "ipv4", "pattern": rf"^({_OCTET}\.){{3}}{_OCTET}$"},
        {"type": "string", "format": "ipv6"},
    ]
}


def address_node(description: str) -> colander.SchemaNode:
    document = {"anyOf": [*IP_ADDRESS["anyOf"], {"const": CALLER}]}
    return colander.SchemaNode(
        Text(allow_empty=True),
        description=description,
        validator=colander.Length(min=1, max=100, min_err=GIVEN_EMPTY),
        missing=colander.drop,
        jsonschema=document,
    )


def degrees_node(description: str) -> colander.SchemaNode:
    return colander.SchemaNode(Number(), description=description, missing=colander.drop)


def _known_zone(request, name: str, source: str, parameter: str) -> Zone:
    try:
        return request.registry.catalogue.zone(name)
    except UnknownZone:
        raise NoLocation(f"{source} gives the zone {name!r}, which this server's tz data does not know", parameter) from None


def zone_of_address(request, text: str) -> Zone:
    """The zone of an IP address; InvalidInput, NoLocation or GeoIPUnavailable when it has none."""
    address = parse_address(text)
    name = request.registry.geoip.zone_name(address)
    return _known_zone(request, name, f"the GeoIP database entry for {address}", "ip")


def zone_of_coordinates(request, lat: float, lon: float) -> Zone:
    name = request.registry.coordinate_zones.zone_name(lat, lon)
    return _known_zone(request, name, f"the boundary data at ({lat}, {lon})", "lat")


def zone_of_query(request) -> Zone:
    """The zone a /time query names by exactly one of tz, ip, or lat+lon; else the default zone."""
    query = request.validated["querystring"]
    if not query:
        return request.registry.default_zone
    if ("lat" in query) != ("lon" in query):
        missing = "lon" if "lat" in query else "lat"
        raise InvalidInput(missing, "lat and lon go together: give both, in decimal degrees")
    given = [label for label, parameter in _SOURCES.items() if parameter in query]
    if len(given) > 1:
        raise InvalidInput(_SOURCES[given[1]], f"give only one of tz, ip, or lat+lon; this request gives {' and '.join(given)}")
    if "tz" in query:
        return request.registry.catalogue.zone(query["tz"])
    if "ip" in query:
        caller = query["ip"].lower() == CALLER
        return zone_of_address(request, client_address(request) if caller else query["ip"])
    if "lat" in query:
        return zone_of_coordinates(request, query["lat"], query["lon"])
    return request.registry.default_zone


def no_location(exc, request):
    return error_response(404, "querystring", exc.name, exc.description)


def geoip_unavailable(exc, request):
    return error_response(503, "querystring", "ip", str(exc))


def includeme(config):
    config.add_exception_view(no_location, context=NoLocation)
    config.add_exception_view(geoip_unavailable, context=GeoIPUnavailable)
