"""GET /timezones and /timezones/{name}: the zone catalogue and one zone's timeline."""
import colander
from pyramid.httpexceptions import HTTPNotModified

from ..localizing import localize
from ..openapi import responds
from ..schemas import Body, Range, Text, ZoneTime, integer, locale_tag
from ..zones import Transition, ZonePath, now_in, zone_of_path
from . import ServiceSpec

timezones = ServiceSpec("timezones", "/timezones", "The canonical IANA zone names this server knows")
# No zone name ends in /transitions: those paths are GET /timezones/{name}/transitions (transitions.py).
timezone = ServiceSpec("timezone", "/timezones/{name:(?!.*/transitions$).+}", "One zone now, its next transitions and its location")


class ZonesQuery(colander.MappingSchema):
    prefix = colander.SchemaNode(
        Text(allow_empty=True),
        description="Only names starting with this text, in any letter case, e.g. Europe/ or europe/l",
        validator=colander.Length(max=200),
        missing="",
    )


class ZonesHeaders(colander.MappingSchema):
    if_none_match = colander.SchemaNode(
        colander.String(allow_empty=True),
        name="If-None-Match",
        description="The ETag of an earlier answer: 304 Not Modified while the zone data is the same",
        missing=colander.drop,
    )


class ZonesRequest(colander.MappingSchema):
    header = ZonesHeaders()
    querystring = ZonesQuery()


class ZoneQuery(colander.MappingSchema):
    count = integer("How many upcoming transitions to list", validator=Range(1, 100), missing=5)
    locale = locale_tag()


class ZoneRequest(colander.MappingSchema):
    path = ZonePath()
    querystring = ZoneQuery()


class ZoneNames(Body):
    tzdata_version = colander.SchemaNode(colander.String(), description="IANA version of the zone data")
    timezones = colander.SequenceSchema(colander.SchemaNode(colander.String()), description="Canonical names, sorted")


class Coordinates(Body):
    latitude = colander.SchemaNode(colander.Float(), validator=colander.Range(-90, 90))
    longitude = colander.SchemaNode(colander.Float(), validator=colander.Range(-180, 180))


class ZoneDetails(ZoneTime):
    transitions = colander.SequenceSchema(Transition(), description="The next transitions, at most count")
    country_codes = colander.SequenceSchema(colander.SchemaNode(colander.String()), description="ISO 3166 codes, from zone1970.tab")
    coordinates = Coordinates(nullable=True, description="Principal location, from zone1970.tab")
    comment = colander.SchemaNode(colander.String(), nullable=True, description="zone1970.tab comment")


@timezones.get(schema=ZonesRequest())
@responds({200: ZoneNames(), 304: None})
def list_zones(request):
    catalogue = request.registry.catalogue
    etag = f"tzdata-{catalogue.version}"
    if etag in request.if_none_match:
        return HTTPNotModified(headers={"ETag": f'"{etag}"'})
    names = catalogue.starting_with(request.validated["querystring"]["prefix"])
    response = request.response
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Cache-Control"] = "public, max-age=3600"
    return {
        "tzdata_version": catalogue.version,
        "timezones": names,
    }


@timezone.get(schema=ZoneRequest())
@responds({200: ZoneDetails()})
def show_zone(request):
    catalogue = request.registry.catalogue
    zone = zone_of_path(request)
    if zone is None:
        return None
    body = now_in(request, zone)
    query = request.validated["querystring"]
    localize(body, query, zone, body["unixtime_ns"])
    count = query["count"]
    body["transitions"] = [t.as_dict() for t in zone.next_transitions(body["unixtime"], count)]
    body.update(catalogue.metadata(zone.name))
    request.response.headers["Cache-Control"] = "no-store"
    return body
