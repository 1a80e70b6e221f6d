"""GET /difference: the duration from one time to another in a zone, as Temporal's ZonedDateTime.until."""
import colander

from ...domain import calendar
from ...domain.conversion import read_instant
from ...domain.durations import UNITS
from ..openapi import responds
from ..schemas import Body, ZoneInstant, ambiguous_choice, choice, integer, locale_tag, nonexistent_choice, text, time_text, zone_name
from ..zones import DEFAULT_ZONE, zone_instant
from . import ServiceSpec

difference = ServiceSpec("difference", "/difference", "The duration between two times in a zone, as Temporal's ZonedDateTime.until")

_LOCAL = "A start or end given without offset"


class DifferenceQuery(colander.MappingSchema):
    start = time_text("RFC 3339 / ISO 8601 time, with or without offset, or Unix seconds", missing_msg="start is required: an ISO 8601 time, or Unix seconds")
    end = time_text(
        "The time to measure to, as start; before start, the duration is negative",
        example="2026-12-25T00:00",
        missing_msg="end is required: an ISO 8601 time, or Unix seconds",
    )
    tz = zone_name(f"Zone whose calendar counts days, months and years: required for a time without offset; default {DEFAULT_ZONE}", missing=colander.drop)
    largest_unit = choice(
        "The largest unit of the answer; calendar units (years to days) count on the zone's wall clock, time units are exact time",
        UNITS,
        missing="hours",
    )
    ambiguous = ambiguous_choice(_LOCAL)
    nonexistent = nonexistent_choice(_LOCAL)
    locale = locale_tag()


class DifferenceRequest(colander.MappingSchema):
    querystring = DifferenceQuery()


class Fields(Body):
    """A Temporal duration's fields: each has the sign of the whole, or is 0."""

    years = integer("Years")
    months = integer("Months")
    weeks = integer("Weeks")
    days = integer("Days, calendar days of the zone: 23, 24 or 25 hours across a DST change")
    hours = integer("Hours")
    minutes = integer("Minutes")
    seconds = integer("Seconds")
    milliseconds = integer("Milliseconds")
    microseconds = integer("Microseconds")
    nanoseconds = integer("Nanoseconds")


class Difference(Body):
    start = ZoneInstant(description="The start, in tz")
    end = ZoneInstant(description="The end, in tz")
    largest_unit = text("The largest unit asked for")
    duration = text("ISO 8601, as Temporal's Duration.toString() writes it, exact to the nanosecond: start + duration = end")
    fields = Fields(description="The same duration, field by field")


@difference.get(schema=DifferenceRequest())
@responds({200: Difference()})
def get_difference(request):
    query = request.validated["querystring"]
    catalogue = request.registry.catalogue
    zone = catalogue.zone(query["tz"]) if "tz" in query else None
    start, end = (
        read_instant(query[name], zone, query["ambiguous"], query["nonexistent"], name, zone_parameter="tz", leap_seconds=catalogue.leap_seconds)
        for name in ("start", "end")
    )
    zone = zone or catalogue.zone(DEFAULT_ZONE)
    duration = calendar.until(zone, start, end, query["largest_unit"])
    return {
        "start": zone_instant(zone, start, query),
        "end": zone_instant(zone, end, query),
        "largest_unit": query["largest_unit"],
        "duration": duration.iso(),
        "fields": duration.as_dict(),
    }
