"""GET /timezones/{name}/transitions: a zone's transitions in a range of instants, a page at a time."""
from datetime import timedelta

import colander

from ...domain.conversion import read_instant
from ...domain.errors import InvalidInput
from ...domain.zone import MAX_SECONDS, format_utc, utc_datetime
from ..openapi import responds
from ..schemas import Body, Range, integer, text, time_text
from ..zones import Transition, ZonePath, zone_of_path
from . import ServiceSpec

transitions = ServiceSpec("transitions", "/timezones/{name:.+}/transitions", "A zone's transitions between two instants, a page at a time")

MAX_PER_ANSWER = 1000
# Years computed from a zone's POSIX rule per answer: about a millisecond each (docs/calendar.md), so no
# range makes an answer cost more than about a tenth of a second. The table's transitions cost no such work.
RULE_YEARS_PER_ANSWER = 100
_NS = 1_000_000_000
_LAST_NS = MAX_SECONDS * _NS + _NS - 1  # 9999-12-31T23:59:59.999999999Z


class TransitionsQuery(colander.MappingSchema):
    from_ = time_text(
        "From this instant on (inclusive): RFC 3339 with offset, or Unix seconds; default: now",
        name="from",
        example="2026-01-01T00:00:00Z",
        missing=colander.drop,
    )
    to = time_text(
        "Up to this instant (exclusive): RFC 3339 with offset, or Unix seconds; default: a year after from",
        example="2027-01-01T00:00:00Z",
        missing=colander.drop,
    )
    limit = integer("How many transitions to list at most; `next` continues after them", validator=Range(1, MAX_PER_ANSWER), missing=MAX_PER_ANSWER)


class TransitionsRequest(colander.MappingSchema):
    path = ZonePath()
    querystring = TransitionsQuery()


class Transitions(Body):
    timezone = text("Canonical IANA zone name")
    from_ = colander.SchemaNode(colander.String(), name="from", format="date-time", description="The range's start as asked, UTC, microseconds")
    to = colander.SchemaNode(colander.String(), format="date-time", description="The range's end as asked (exclusive), UTC, microseconds")
    transitions = colander.SequenceSchema(Transition(), description="Every transition in the range, in order, at most limit")
    next = text(
        "Where the listing continues (the same query from after the last transition listed); null: it is complete. "
        "A page may hold fewer than limit and still have a next",
        nullable=True,
    )
    tzdata_version = text("IANA version of the zone data")


def a_year_after(epoch_ns: int) -> int:
    """The same UTC date and time a year later (29 February: 28 February), or the last instant of year 9999."""
    moment = utc_datetime(epoch_ns)
    if moment.year == 9999:
        return _LAST_NS
    later = moment.replace(year=moment.year + 1, day=28 if (moment.month, moment.day) == (2, 29) else moment.day)
    return epoch_ns + (later - moment) // timedelta(microseconds=1) * 1000


def _ceil_seconds(epoch_ns: int) -> int:
    return -(-epoch_ns // _NS)


@transitions.get(schema=TransitionsRequest())
@responds({200: Transitions()})
def list_transitions(request):
    zone = zone_of_path(request)
    if zone is None:
        return None
    query = request.validated["querystring"]
    leap_seconds = request.registry.catalogue.leap_seconds
    start = read_instant(query["from"], None, name="from", leap_seconds=leap_seconds) if "from" in query else request.registry.clock()
    end = read_instant(query["to"], None, name="to", leap_seconds=leap_seconds) if "to" in query else a_year_after(start)
    if end < start:
        raise InvalidInput("to", f"to ({format_utc(end)}) is before from ({format_utc(start)}): give a later to, or leave it out for a year")
    # Transitions fall on whole seconds: [start, end) in ns holds those in [⌈start⌉, ⌈end⌉) in seconds.
    page = zone.transitions_between(_ceil_seconds(start), _ceil_seconds(end), query["limit"], RULE_YEARS_PER_ANSWER)
    following = None
    if page.next_start is not None:
        resume = {"from": str(page.next_start), "to": str(_ceil_seconds(end)), "limit": str(query["limit"])}
        following = request.route_path("transitions", name=zone.name, _query=resume)
    return {
        "timezone": zone.name,
        "from": format_utc(start),
        "to": format_utc(end),
        "transitions": [transition.as_dict() for transition in page.transitions],
        "next": following,
        "tzdata_version": request.registry.catalogue.version,
    }
