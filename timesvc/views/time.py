"""GET /time: the time now, in UTC and in a zone."""
import colander
from cornice.validators import colander_validator

from ..domain.zone import format_utc
from . import service
from .geolocation import address_node, degrees_node, zone_of_query
from .schemas import zone_name

time_service = service("time", "/time", "The current time, in UTC and in a time zone")


class TimeQuery(colander.MappingSchema):
    tz = zone_name("IANA zone name or alias, any letter case; default: the server's default zone", missing=colander.drop)
    ip = address_node("IPv4 or IPv6 address whose zone to use, or `me` for the caller's")
    lat = degrees_node("latitude, -90 to 90, with lon: the zone at that point")
    lon = degrees_node("longitude, -180 to 180, with lat")


class TimeRequest(colander.MappingSchema):
    querystring = TimeQuery()


def now_in(request, zone) -> dict:
    """The /time body for a zone at the registry clock's current instant."""
    now = request.registry.clock()
    return {
        "time": now / 1e9,
        "unixtime": now // 1_000_000_000,
        "unixtime_ns": now,
        "utc_datetime": format_utc(now),
        **zone.describe(now),
        "tzdata_version": request.registry.catalogue.version,
    }


@time_service.get(schema=TimeRequest(), validators=(colander_validator,))
def get_time(request):
    zone = zone_of_query(request)
    request.response.headers["Cache-Control"] = "no-store"
    body = now_in(request, zone)
    body["clock"] = request.registry.clock_status().describe(body["unixtime_ns"])
    return body
