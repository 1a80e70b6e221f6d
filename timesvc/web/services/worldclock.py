"""GET /worldclock: one instant in several zones, in the order asked."""
import colander

from ...domain.catalogue import UnknownZone
from ...domain.zone import instant_fields
from ..localizing import localize
from ..openapi import responds
from ..schemas import Body, Text, ZoneNow, instant, integer, locale_tag, text
from ..zones import zone_now
from . import ServiceSpec

worldclock = ServiceSpec("worldclock", "/worldclock", "One instant in several zones, in the order asked")

MAX_ZONES = 50


class ZoneList(Text):
    """Zone names separated by commas (spaces around each ignored): 1 to MAX_ZONES of them, none empty."""

    def deserialize(self, node, cstruct):
        given = super().deserialize(node, cstruct)
        if given is colander.null:
            return given
        if given.count(",") >= MAX_ZONES:
            raise colander.Invalid(node, f"names {given.count(',') + 1} zones: ask for at most {MAX_ZONES} at a time")
        names = [name.strip() for name in given.split(",")]
        empty = next((index for index, name in enumerate(names, 1) if not name), None)
        if empty is not None:
            raise colander.Invalid(node, f"zone {empty} of {len(names)} is empty: separate the names with single commas, tz=Europe/Paris,Asia/Tokyo")
        return names


class WorldClockQuery(colander.MappingSchema):
    tz = colander.SchemaNode(
        ZoneList(allow_empty=True),
        description=f"IANA zone names or aliases, comma-separated, 1 to {MAX_ZONES}: Europe/Paris,Asia/Tokyo",
        jsonschema={"type": "array", "items": {"$ref": "#/components/schemas/ZoneName"}, "minItems": 1, "maxItems": MAX_ZONES},
        explode=False,
        example=["Europe/Paris", "Asia/Tokyo"],
        missing_msg="tz is required: the zones to show, comma-separated, tz=Europe/Paris,Asia/Tokyo",
        repeated_hint="; separate the zones with commas instead: tz=Europe/Paris,Asia/Tokyo",
    )
    locale = locale_tag()


class WorldClockRequest(colander.MappingSchema):
    querystring = WorldClockQuery()


class WorldClock(Body):
    time = colander.SchemaNode(colander.Float(), description="Seconds since the Unix epoch")
    unixtime = integer("Whole seconds since the Unix epoch")
    unixtime_ns = integer("Nanoseconds since the Unix epoch")
    utc_datetime = instant("RFC 3339 UTC time, microseconds")
    tzdata_version = text("IANA version of the zone data")
    zones = colander.SequenceSchema(ZoneNow(), description="Each zone asked for at this instant, in the order asked")


@worldclock.get(schema=WorldClockRequest())
@responds({200: WorldClock()})
def get_worldclock(request):
    query = request.validated["querystring"]
    catalogue = request.registry.catalogue
    zones = []
    for name in query["tz"]:
        try:
            zones.append(catalogue.zone(name))
        except UnknownZone as exc:  # every unknown name is reported, in one answer
            request.errors.add("querystring", "tz", exc.description)
    if request.errors:
        request.errors.status = 400
        return None
    now = request.registry.clock()
    request.response.headers["Cache-Control"] = "no-store"
    return {
        "time": now / 1e9,
        **instant_fields(now),
        "tzdata_version": catalogue.version,
        "zones": [localize(zone_now(zone, now), query, zone, now) for zone in zones],
    }
