"""GET /convert: one instant, shown in two zones."""
import colander
from cornice.validators import colander_validator

from ..domain.conversion import AMBIGUOUS, NONEXISTENT, instant_ns, parse_time, resolve_local
from ..domain.errors import InvalidInput
from ..domain.zone import format_utc
from . import service
from .schemas import OneOf, zone_name

convert = service("convert", "/convert", "Convert a time between zones, with explicit DST gap and fold handling")


class ConvertQuery(colander.MappingSchema):
    time = colander.SchemaNode(
        colander.String(),
        description="RFC 3339 / ISO 8601 time, with or without offset, or Unix seconds",
        missing_msg="time is required: an ISO 8601 time like 2026-03-29T02:30, or Unix seconds",
    )
    from_ = zone_name("Zone of a time given without offset (required then)", name="from", missing=colander.drop)
    to = zone_name("Zone to show the instant in", missing="UTC")
    ambiguous = colander.SchemaNode(
        colander.String(),
        description="A local time that occurs twice (clocks going back): raise a 400, or take the earlier or later",
        validator=OneOf(AMBIGUOUS),
        missing="raise",
    )
    nonexistent = colander.SchemaNode(
        colander.String(),
        description="A local time skipped by clocks jumping forward: raise a 400, or shift to the instant of the jump",
        validator=OneOf(NONEXISTENT),
        missing="raise",
    )


class ConvertRequest(colander.MappingSchema):
    querystring = ConvertQuery()


@convert.get(schema=ConvertRequest(), validators=(colander_validator,))
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
