"""GET /api/ip…: worldtimeapi.org's time by IP address, the caller's or a given one."""
from ..domain.errors import InvalidInput
from ..domain.geoip import GeoIPUnavailable, NoLocation, UnknownAddress
from . import service
from .geolocation import client_address, zone_of_address
from .worldtime import ANY_ORIGIN, TEXT, UNKNOWN_LOCATION, error_answer, time_answer

caller = service("worldtime_ip", "/api/ip" + TEXT, "worldtimeapi.org: the time in the zone of the caller's address", ANY_ORIGIN)
address = service("worldtime_ip_address", "/api/ip/{address:[^/]+?}" + TEXT, "worldtimeapi.org: the time in the zone of an address", ANY_ORIGIN)


def _time_of(request, text: str):
    try:
        zone = zone_of_address(request, text)
    except InvalidInput:
        return error_answer(request, 400, "malformed ip")
    except UnknownAddress:
        return error_answer(request, 404, UNKNOWN_LOCATION)
    except NoLocation as exc:
        return error_answer(request, 404, exc.description)
    except GeoIPUnavailable as exc:
        return error_answer(request, 503, str(exc))
    return time_answer(request, zone)


@caller.get()
def caller_time(request):
    return _time_of(request, client_address(request))


@address.get()
def address_time(request):
    return _time_of(request, request.matchdict["address"])
