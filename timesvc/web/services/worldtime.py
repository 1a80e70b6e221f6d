"""GET /api/timezone…: worldtimeapi.org's zone routes, in its own answer and error format (timesvc.web.worldtimeapi)."""
import colander

from ...domain.catalogue import UnknownZone
from ..openapi import json_schema, responds
from ..worldtimeapi import (
    ANY_ORIGIN,
    NAMES,
    TEXT,
    TEXT_BODY,
    TIME_ANSWERS,
    UNKNOWN_LOCATION,
    WorldTime,
    WorldtimePath,
    WorldtimeRequest,
    answer,
    error_answer,
    time_answer,
)
from . import ServiceSpec

zones = ServiceSpec("worldtime_zones", "/api/timezone" + TEXT, "worldtimeapi.org: every zone name", ANY_ORIGIN)
zone_or_area = ServiceSpec(
    "worldtime_zone", "/api/timezone/{name:.+?}" + TEXT, "worldtimeapi.org: the time in a zone, or the zone names of an area", ANY_ORIGIN
)


class ZonePath(WorldtimePath):
    name = colander.SchemaNode(colander.String(), validator=colander.Length(min=1), description="A zone name, or an area such as America")


class ZoneRequest(colander.MappingSchema):
    path = ZonePath()


def _names_answer(request, names: list[str]):
    response = answer(request, 200, names, "\n".join(names))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@zones.get(schema=WorldtimeRequest(), validate=False)
@responds({200: {"application/json": NAMES, "text/plain": TEXT_BODY}})
def list_zones(request):
    return _names_answer(request, request.registry.catalogue.names)


@zone_or_area.get(schema=ZoneRequest(), validate=False)
@responds({**TIME_ANSWERS, 200: {"application/json": {"oneOf": [json_schema(NAMES), json_schema(WorldTime())]}, "text/plain": TEXT_BODY}})
def show_zone_or_area(request):
    catalogue = request.registry.catalogue
    name = request.matchdict["name"]
    names = catalogue.area(name)
    if names:
        return _names_answer(request, names)
    try:
        zone = catalogue.zone(name)
    except UnknownZone:
        return error_answer(request, 404, UNKNOWN_LOCATION)
    return time_answer(request, zone)
