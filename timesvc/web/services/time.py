"""GET /time: the time now, in UTC and in a zone."""
import colander

from ...location.queries import ZONE_SOURCES, zone_of_query
from ..localizing import localize
from ..openapi import CORNICE_ERROR, responds
from ..received import received_ns, transmitted
from ..schemas import Body, Range, ZoneTime, integer, locale_tag
from ..zones import now_in, place_query
from . import ServiceSpec

time_service = ServiceSpec("time", "/time", "The current time, in UTC and in a time zone")


class TimeQuery(place_query("the server's default zone")):
    t1 = integer(
        "Client send time, integer ns since the epoch: echoed with received_ns and transmit_ns (NTP-style offset)",
        validator=Range(0, 2**63 - 1),
        missing=colander.drop,
    )
    locale = locale_tag()


class TimeRequest(colander.MappingSchema):
    querystring = TimeQuery()


def seconds(description: str) -> colander.SchemaNode:
    return colander.SchemaNode(colander.Float(), description=description, nullable=True)


class Clock(Body):
    synchronized = colander.SchemaNode(colander.Boolean(), nullable=True, description="Whether the kernel considers the clock NTP-synchronized; null: cannot tell")
    max_error = seconds("The kernel's maximum clock error, seconds; null: not reported")
    est_error = seconds("The kernel's estimated clock error, seconds")
    earliest = seconds("The true time is at least this, Unix seconds (time − max_error)")
    latest = seconds("The true time is at most this, Unix seconds (time + max_error)")


class TimeBody(ZoneTime):
    zone_source = colander.SchemaNode(
        colander.String(),
        validator=colander.OneOf(ZONE_SOURCES),
        description="Where the zone came from: tz, ip (the IP data), local_network (a caller on the server's network), coordinates, or default",
    )
    clock = Clock(description="The server clock's own state")
    t1 = integer("The t1 sent, echoed", missing=colander.drop)
    received_ns = integer("Server clock when the request arrived, ns (with t1 only): when its last byte was read", missing=colander.drop)
    transmit_ns = integer("Server clock when the answer left, ns (with t1 only): as its bytes were handed to the socket", missing=colander.drop)


@time_service.get(schema=TimeRequest())
@responds({200: TimeBody(), 404: CORNICE_ERROR, 503: CORNICE_ERROR})  # 404: no zone for ip, lat/lon; 503: damaged IP data
def get_time(request):
    query = request.validated["querystring"]
    zone, source = zone_of_query(request)
    request.response.headers["Cache-Control"] = "no-store"
    body = now_in(request, zone)
    body["zone_source"] = source
    localize(body, query, zone, body["unixtime_ns"])
    body["clock"] = request.registry.clock_status().describe(body["unixtime_ns"])
    if "t1" in query:
        body.update(t1=query["t1"], received_ns=received_ns(request), transmit_ns=transmitted(request))
    return body
