"""GET /: the clock page for browsers (text/html preferred), a JSON index of the routes otherwise."""
import colander
from pyramid.response import Response

from ...domain.errors import InvalidInput, echo
from ..openapi import CORNICE_ERROR, openapi_path, responds
from ..page import ASSETS, PageValues, render_page
from ..rendering import error_response
from ..schemas import Body, text, zone_name
from ..static import add_static_files, html_response
from . import ServiceSpec

# json=False: a browser's Accept (text/html) gets the page, not a 406.
index = ServiceSpec("index", "/", "The routes, as JSON; for a browser, the clock page", json=False)

OFFERS = ("application/json", "text/html")  # equal preference (*/*, no Accept): JSON, as curl expects


class IndexQuery(colander.MappingSchema):
    tz = zone_name("The clock page's zone; default: the browser's own, else the server's default", missing=colander.drop)


class IndexRequest(colander.MappingSchema):
    querystring = IndexQuery()


class Route(Body):
    name = text("The service's name, as in the OpenAPI operation ids")
    path = text("Its path; {name} marks a path parameter")
    description = text("What it answers")


class Links(Body):
    openapi = text("The OpenAPI 3.1 document")
    docs = text("The API documentation, for a browser")


class Index(Body):
    routes = colander.SequenceSchema(Route(), description="Every route, by path")
    links = Links()


def route_index(registry) -> dict:
    """The JSON index, built once: every service is registered before the first request."""
    if not hasattr(registry, "route_index"):
        services = registry.cornice_services.values()
        routes = [{"name": each.name, "path": openapi_path(each.path), "description": each.description} for each in services]
        registry.route_index = {"routes": sorted(routes, key=lambda route: route["path"]), "links": {"openapi": "/openapi.json", "docs": "/docs"}}
    return registry.route_index


def clock_page(request, zone, chosen: bool, notice: str | None) -> Response:
    registry = request.registry
    now = registry.clock()
    following = zone.next_transitions(now // 1_000_000_000, 1)
    values = PageValues(
        zone=zone.describe(now),
        next_transition=following[0].as_dict() if following else None,
        clock=registry.clock_status().describe(now),
        tzdata_version=registry.catalogue.version,
        chosen=chosen,
        notice=notice,
        worldclock=any(route["path"] == "/worldclock" for route in route_index(registry)["routes"]),
    )
    response = html_response(render_page(values).encode(), status=400 if notice else 200)
    response.headers.update({"Cache-Control": "no-store", "Vary": "Accept"})
    return response


@index.get(schema=IndexRequest(), validate=False)  # a bad ?tz= gets the page (with a notice) or a JSON 400
@responds({200: {"application/json": Index(), "text/html": text("The clock page")}, 400: CORNICE_ERROR})
def get_index(request):
    offers = request.accept.acceptable_offers(OFFERS)
    if not offers:
        accept = request.headers["Accept"]
        return error_response(406, "header", "Accept", f"cannot answer in {echo(accept)}: / answers application/json or text/html")
    tz = request.GET.get("tz")
    html = offers[0][0] == "text/html"
    zone, notice = request.registry.default_zone, None
    if tz is not None:
        try:
            zone = request.registry.catalogue.zone(tz)
        except InvalidInput as exc:
            if not html:
                raise  # Cornice's 400, from the exception view
            notice = f"Cannot show that zone: {exc.description}. Showing {zone.name} instead."
    if html:
        return clock_page(request, zone, chosen=tz is not None and notice is None, notice=notice)
    request.response.headers["Vary"] = "Accept"
    return route_index(request.registry)


def includeme(config):
    add_static_files(config, ASSETS, f"timesvc:{ASSETS}")
