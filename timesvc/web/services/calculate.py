"""GET /calculate: a duration added to or subtracted from a time in a zone, as Temporal's ZonedDateTime.add."""
import colander

from ...domain import calendar
from ...domain.conversion import read_instant
from ...domain.durations import parse_duration
from ...domain.errors import InvalidInput
from ...domain.isodate import OVERFLOW
from ..openapi import responds
from ..schemas import ZoneInstant, ambiguous_choice, choice, duration_text, locale_tag, nonexistent_choice, text, time_text, zone_name
from ..zones import DEFAULT_ZONE, zone_instant
from . import ServiceSpec

calculate = ServiceSpec("calculate", "/calculate", "A duration added to or subtracted from a time in a zone, as Temporal's ZonedDateTime.add")

_WALL_CLOCK = "A wall-clock time (the time given without offset, or where the calendar units lead)"


class CalculateQuery(colander.MappingSchema):
    time = time_text(
        "RFC 3339 / ISO 8601 time, with or without offset, or Unix seconds",
        missing_msg="time is required: an ISO 8601 time like 2026-01-31T12:00, or Unix seconds",
    )
    tz = zone_name(f"Zone to do the arithmetic in: required for a time without offset; default {DEFAULT_ZONE}", missing=colander.drop)
    add = duration_text("ISO 8601 duration to add (P1Y2M10DT2H30M, P1W, -P1D, PT0.5S); give add or subtract", example="P1M", missing=colander.drop)
    subtract = duration_text("ISO 8601 duration to subtract; give add or subtract", missing=colander.drop)
    overflow = choice(
        "A day the month does not have (31 January + P1M): constrain it to the month's last day, or reject with a 400",
        OVERFLOW,
        missing="constrain",
    )
    ambiguous = ambiguous_choice(_WALL_CLOCK)
    nonexistent = nonexistent_choice(_WALL_CLOCK)
    locale = locale_tag()


class CalculateRequest(colander.MappingSchema):
    querystring = CalculateQuery()


class Calculation(ZoneInstant):
    constrained = colander.SchemaNode(colander.Boolean(), description="Whether overflow=constrain clamped the day of the month")
    disambiguated = colander.SchemaNode(
        colander.String(),
        description="null: the wall-clock result was unique; else the side of the fold or gap taken (see ambiguous, nonexistent)",
        jsonschema={"type": ["string", "null"], "enum": ["earlier", "later", None]},
    )
    duration = text("The duration added, as Temporal's Duration.toString() writes it (subtract=P1D: -P1D)")


@calculate.get(schema=CalculateRequest())
@responds({200: Calculation()})
def get_calculate(request):
    query = request.validated["querystring"]
    given = [name for name in ("add", "subtract") if name in query]
    if len(given) != 1:
        raise InvalidInput("add", "give add or subtract, not both" if given else "add or subtract is required: an ISO 8601 duration like P1M or PT1H30M")
    operation = given[0]
    duration = parse_duration(query[operation], operation)
    catalogue = request.registry.catalogue
    zone = catalogue.zone(query["tz"]) if "tz" in query else None
    start = read_instant(query["time"], zone, query["ambiguous"], query["nonexistent"], zone_parameter="tz", leap_seconds=catalogue.leap_seconds)
    zone = zone or catalogue.zone(DEFAULT_ZONE)
    added = duration if operation == "add" else duration.negated()
    result = calendar.add(zone, start, added, query["overflow"], query["ambiguous"], query["nonexistent"], name=operation)
    return {
        **zone_instant(zone, result.epoch_ns, query),
        "constrained": result.constrained,
        "disambiguated": result.disambiguated,
        "duration": added.iso(),
    }
