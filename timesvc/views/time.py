"""GET /time: the time now, in UTC and in a zone."""
import colander
from cornice.validators import colander_validator

from ..domain.zone import format_utc
from ..openapi import responds
from ..received import received_ns
from . import service
from .schemas import ZoneTime, integer, zone_name

time_service = service("time", "/time", "The current time, in UTC and in a time zone")


class TimeQuery(colander.MappingSchema):
    tz = zone_name("IANA zone name or alias, any letter case; default: the server's default zone", missing=colander.drop)
    t1 = integer(
        "Client send time, integer ns since the epoch: echoed with received_ns and transmit_ns (NTP-style offset)",
        validator=colander.Range(0, 2**63 - 1),
        missing=colander.drop,
    )


class TimeRequest(colander.MappingSchema):
    querystring = TimeQuery()


class TimeBody(ZoneTime):
    t1 = integer("The t1 sent, echoed", missing=colander.drop)
    received_ns = integer("Server clock when the request arrived, ns (with t1 only)", missing=colander.drop)
    transmit_ns = integer("Server clock just before the body is rendered, ns (with t1 only)", missing=colander.drop)


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
@responds({200: TimeBody()})
def get_time(request):
    query = request.validated["querystring"]
    tz = query.get("tz")
    zone = request.registry.catalogue.zone(tz) if tz is not None else request.registry.default_zone
    request.response.headers["Cache-Control"] = "no-store"
    body = now_in(request, zone)
    if "t1" in query:
        body.update(t1=query["t1"], received_ns=received_ns(request), transmit_ns=request.registry.clock())
    return body
