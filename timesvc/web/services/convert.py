"""GET /convert: one instant, shown in two zones."""
import colander

from ...domain.conversion import AMBIGUOUS, MAX_TIME_LENGTH, NONEXISTENT, instant_ns, parse_time, resolve_local
from ...domain.errors import InvalidInput
from ...domain.zone import format_utc
from ..openapi import responds
from ..schemas import Body, Text, ZoneNow, choice, instant, integer, zone_name
from . import ServiceSpec

convert = ServiceSpec("convert", "/convert", "Convert a time between zones, with explicit DST gap and fold handling")


class ConvertQuery(colander.MappingSchema):
    time = colander.SchemaNode(
        Text(),
        description="RFC 3339 / ISO 8601 time, with or without offset, or Unix seconds",
        validator=colander.Length(min=1, max=MAX_TIME_LENGTH, max_err="longer than ${max} characters: not a time; use RFC 3339 or Unix seconds"),
        example="2026-03-29T12:00",
        missing_msg="time is required: an ISO 8601 time like 2026-03-29T02:30, or Unix seconds",
    )
    from_ = zone_name("Zone of a time given without offset (required then)", name="from", missing=colander.drop)
    to = zone_name("Zone to show the instant in", missing="UTC")
    ambiguous = choice(
        "A local time that occurs twice (clocks going back): raise a 400, or take the earlier or later", AMBIGUOUS, missing="raise"
    )
    nonexistent = choice(
        "A local time skipped by clocks jumping forward: raise a 400, or shift to the instant of the jump", NONEXISTENT, missing="raise"
    )


class ConvertRequest(colander.MappingSchema):
    querystring = ConvertQuery()


class Conversion(Body):
    from_ = ZoneNow(name="from", nullable=True, description="The instant in the from zone; null when the time carried its offset")
    to = ZoneNow(description="The instant in the to zone")
    unixtime = integer("Whole seconds since the Unix epoch")
    utc_datetime = instant("RFC 3339 UTC time, microseconds")


@convert.get(schema=ConvertRequest())
@responds({200: Conversion()})
def get_convert(request):
    query = request.validated["querystring"]
    catalogue = request.registry.catalogue
    parsed = parse_time(query["time"])
    source = catalogue.zone(query["from"], parameter="from") if "from" in query else None
    target = catalogue.zone(query["to"], parameter="to")
    if isinstance(parsed, int):
        instant = parsed
    elif parsed.tzinfo is not None:
        instant = instant_ns(parsed)
    elif source is None:
        raise InvalidInput("from", f"time {query['time']!r} has no UTC offset: pass from=<zone> to say where it is local time")
    else:
        instant = resolve_local(parsed, source, query["ambiguous"], query["nonexistent"])
    return {
        "from": source.describe(instant) if source is not None else None,
        "to": target.describe(instant),
        "unixtime": instant // 1_000_000_000,
        "utc_datetime": format_utc(instant),
    }
