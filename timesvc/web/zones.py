"""What the routes about zones share: a zone named in the path, a zone's fields now or at an instant, its transitions."""
import colander

from ..domain.catalogue import UnknownZone
from ..domain.zone import Zone, instant_fields
from .localizing import localize
from .schemas import Body, address_node, degrees_node, instant, integer, zone_name

DEFAULT_ZONE = "UTC"  # for times with an offset or in Unix seconds


class ZonePath(colander.MappingSchema):
    name = zone_name("IANA zone name or alias, any letter case")


def place_query(default: str) -> type:
    """The query naming a zone by one of tz, ip or lat+lon (timesvc.location.queries), `default` saying what none gives."""

    class PlaceQuery(colander.MappingSchema):
        tz = zone_name(
            f"IANA zone name or alias, any letter case; default: {default}",
            missing=colander.drop,
            repeated_hint="; for several zones at one instant, GET /worldclock?tz=Europe/Paris,Asia/Tokyo",
        )
        ip = address_node("IPv4 or IPv6 address whose zone to use, or `me` for the caller's")
        lat = degrees_node("latitude, -90 to 90, with lon: the zone at that point")
        lon = degrees_node("longitude, -180 to 180, with lat")

    return PlaceQuery


class Transition(Body):
    at = instant("When it happens, UTC")
    utc_offset = colander.SchemaNode(colander.String(), description="Offset from UTC after it")
    utc_offset_seconds = integer("Offset from UTC after it, seconds")
    abbreviation = colander.SchemaNode(colander.String(), description="Abbreviation after it")
    dst = colander.SchemaNode(colander.Boolean(), description="Whether daylight saving time is in effect after it")


def zone_of_path(request):
    """The zone the path's {name} names; None, with the 404 added to request.errors, when there is none."""
    try:
        return request.registry.catalogue.zone(request.matchdict["name"], parameter="name")
    except UnknownZone as exc:  # a zone that does not exist is a resource that does not
        request.errors.add("path", "name", exc.description)
        request.errors.status = 404
        return None


def zone_now(zone: Zone, now: int) -> dict:
    """A zone's fields at `now` (epoch ns) as the routes about now give them: its clocks and its POSIX TZ string."""
    return {**zone.describe(now), **zone.posix_fields(now // 1_000_000_000)}


def now_in(request, zone) -> dict:
    """The /time body for a zone at the registry clock's current instant."""
    now = request.registry.clock()
    return {
        "time": now / 1e9,
        **instant_fields(now),
        **zone_now(zone, now),
        "tzdata_version": request.registry.catalogue.version,
    }


def zone_instant(zone: Zone, epoch_ns: int, query) -> dict:
    """An instant in a zone (its fields, localized when asked) and in UTC: the `ZoneInstant` body."""
    fields = localize(zone.describe(epoch_ns), query, zone, epoch_ns)
    fields.update(instant_fields(epoch_ns))
    return fields
