"""GET /api/ip…: worldtimeapi.org's time by IP address, the caller's or a given one."""
import colander

from ...domain.errors import InvalidInput
from ...location.ipdata import GeoIPUnavailable, NoLocation, UnknownAddress
from ...location.queries import zone_of_address, zone_of_caller
from ..openapi import responds
from ..schemas import IP_ADDRESS
from ..worldtimeapi import ANY_ORIGIN, TEXT, TIME_ANSWERS, UNKNOWN_LOCATION, WorldtimePath, WorldtimeRequest, error_answer, time_answer
from . import ServiceSpec

caller = ServiceSpec("worldtime_ip", "/api/ip" + TEXT, "worldtimeapi.org: the time in the zone of the caller's address", ANY_ORIGIN)
address = ServiceSpec("worldtime_ip_address", "/api/ip/{address:[^/]+?}" + TEXT, "worldtimeapi.org: the time in the zone of an address", ANY_ORIGIN)


def _time_of(request, find):
    """worldtimeapi's answer in the zone `find(request)` gives, or its error."""
    try:
        zone, _ = find(request)
    except InvalidInput:
        return error_answer(request, 400, "malformed ip")
    except UnknownAddress:
        return error_answer(request, 404, UNKNOWN_LOCATION)
    except NoLocation as exc:
        return error_answer(request, 404, exc.description)
    except GeoIPUnavailable as exc:
        return error_answer(request, 503, str(exc))
    return time_answer(request, zone)


class AddressPath(WorldtimePath):
    address = colander.SchemaNode(colander.String(), jsonschema=IP_ADDRESS, description="IPv4 or IPv6 address", example="81.2.69.160")


class AddressRequest(colander.MappingSchema):
    path = AddressPath()


@caller.get(schema=WorldtimeRequest(), validate=False)
@responds(TIME_ANSWERS)
def caller_time(request):
    return _time_of(request, zone_of_caller)


@address.get(schema=AddressRequest(), validate=False)
@responds(TIME_ANSWERS)
def address_time(request):
    return _time_of(request, lambda request: zone_of_address(request, request.matchdict["address"]))
