"""GET /convert: one instant, shown in two zones."""
import colander

from ...domain.conversion import AMBIGUOUS, NONEXISTENT, read_instant
from ...domain.zone import format_utc
from ..localizing import localize
from ..openapi import responds
from ..schemas import Body, ZoneAt, choice, instant, integer, locale_tag, time_text, zone_name
from . import ServiceSpec

convert = ServiceSpec("convert", "/convert", "Convert a time between zones, with explicit DST gap and fold handling")


class ConvertQuery(colander.MappingSchema):
    time = time_text(
        "RFC 3339 / ISO 8601 time, with or without offset, or Unix seconds",
        missing_msg="time is required: an ISO 8601 time like 2026-03-29T02:30, or Unix seconds",
    )
    from_ = zone_name("Zone of a time given without offset (required then)", name="from", missing=colander.drop)
    to = zone_name("Zone to show the instant in", missing="UTC")
    ambiguous = choice(
        "A local time that occurs twice (clocks going back): raise a 400, take the earlier or later, "
        "or compatible (Temporal's rule: the earlier)",
        AMBIGUOUS,
        missing="raise",
    )
    nonexistent = choice(
        "A local time skipped by clocks jumping forward: raise a 400, shift to the instant of the jump or just before it, "
        "or compatible (Temporal's rule: on by the gap's length, 02:30 becomes 03:30)",
        NONEXISTENT,
        missing="raise",
    )
    locale = locale_tag()


class ConvertRequest(colander.MappingSchema):
    querystring = ConvertQuery()


class Conversion(Body):
    from_ = ZoneAt(name="from", nullable=True, description="The instant in the from zone; null when the time carried its offset")
    to = ZoneAt(description="The instant in the to zone")
    unixtime = integer("Whole seconds since the Unix epoch")
    utc_datetime = instant("RFC 3339 UTC time, microseconds")


@convert.get(schema=ConvertRequest())
@responds({200: Conversion()})
def get_convert(request):
    query = request.validated["querystring"]
    catalogue = request.registry.catalogue
    source = catalogue.zone(query["from"], parameter="from") if "from" in query else None
    target = catalogue.zone(query["to"], parameter="to")
    instant = read_instant(
        query["time"], source, query["ambiguous"], query["nonexistent"], zone_parameter="from", leap_seconds=catalogue.leap_seconds
    )
    return {
        "from": localize(source.describe(instant), query, source, instant) if source is not None else None,
        "to": localize(target.describe(instant), query, target, instant),
        "unixtime": instant // 1_000_000_000,
        "utc_datetime": format_utc(instant),
    }
