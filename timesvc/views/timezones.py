"""GET /timezones and /timezones/{name}: the zone catalogue and one zone's timeline."""
import colander
from cornice.validators import colander_validator
from pyramid.httpexceptions import HTTPNotModified

from ..domain.catalogue import UnknownZone
from . import service
from .time import now_in

timezones = service("timezones", "/timezones", "The canonical IANA zone names this server knows")
timezone = service("timezone", "/timezones/{name:.+}", "One zone now, its next transitions and its location")


class ZonesQuery(colander.MappingSchema):
    prefix = colander.SchemaNode(
        colander.String(),
        description="Only names starting with this text (case-sensitive), e.g. Europe/",
        validator=colander.Length(max=200),
        missing="",
    )


class ZonesRequest(colander.MappingSchema):
    querystring = ZonesQuery()


class ZoneQuery(colander.MappingSchema):
    count = colander.SchemaNode(
        colander.Int(),
        description="How many upcoming transitions to list",
        validator=colander.Range(1, 100),
        missing=5,
    )


class ZoneRequest(colander.MappingSchema):
    querystring = ZoneQuery()


@timezones.get(schema=ZonesRequest(), validators=(colander_validator,))
def list_zones(request):
    catalogue = request.registry.catalogue
    etag = f"tzdata-{catalogue.version}"
    if etag in request.if_none_match:
        return HTTPNotModified(headers={"ETag": f'"{etag}"'})
    prefix = request.validated["querystring"]["prefix"]
    response = request.response
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Cache-Control"] = "public, max-age=3600"
    return {
        "tzdata_version": catalogue.version,
        "timezones": [name for name in catalogue.names if name.startswith(prefix)],
    }


@timezone.get(schema=ZoneRequest(), validators=(colander_validator,))
def show_zone(request):
    catalogue = request.registry.catalogue
    try:
        zone = catalogue.zone(request.matchdict["name"], parameter="name")
    except UnknownZone as exc:
        request.errors.add("path", "name", exc.description)
        request.errors.status = 404
        return
    body = now_in(request, zone)
    count = request.validated["querystring"]["count"]
    body["transitions"] = [t.as_dict() for t in zone.next_transitions(body["unixtime"], count)]
    body.update(catalogue.metadata(zone.name))
    request.response.headers["Cache-Control"] = "no-store"
    return body
