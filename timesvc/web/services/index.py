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


def browser_languages(request) -> list[str]:
    """The Accept-Language tags, most preferred first (by q, then in the order sent); none refused (q=0)."""
    parsed = getattr(request.accept_language, "parsed", None) or []  # None: no header, or one WebOb cannot parse
    return [tag for tag, q in sorted(parsed, key=lambda pair: -pair[1]) if q > 0 and tag != "*"]


def clock_page(request, zone, tz: str | None) -> Response:
    """The page in the browser's language; `tz` the ?tz= it asked for, shown instead of `zone` when it is known."""
    # Here, not at the top: the page's languages bring Babel and its CLDR data, which the app loads with the
    # first page or `locale` (timesvc.web.localizing says why).
    from ...domain.localized import localized
    from ..languages import page_language

    registry = request.registry
    words = page_language(browser_languages(request))
    notice = None
    if tz is not None:
        try:
            zone = registry.catalogue.zone(tz)
        except InvalidInput:
            notice = words.gettext("No time zone is called %(name)s: showing %(zone)s instead.", name=echo(tz), zone=zone.name)
    now = registry.clock()
    following = zone.next_transitions(now // 1_000_000_000, 1)
    names = localized(zone, words.locale, now)
    values = PageValues(
        zone=zone.describe(now),
        next_transition=following[0].as_dict() if following else None,
        clock=registry.clock_status().describe(now),
        tzdata_version=registry.catalogue.version,
        chosen=tz is not None and notice is None,
        notice=notice,
        worldclock=any(route["path"] == "/worldclock" for route in route_index(registry)["routes"]),
        zone_names=" · ".join(name for name in (names["specific_name"], names["exemplar_city"]) if name),
    )
    response = html_response(render_page(values, words).encode(), status=400 if notice else 200)
    response.headers.update({"Cache-Control": "no-store", "Vary": "Accept, Accept-Language", "Content-Language": words.tag})
    return response


@index.get(schema=IndexRequest(), validate=False)  # a bad ?tz= gets the page (with a notice) or a JSON 400
@responds({200: {"application/json": Index(), "text/html": text("The clock page")}, 400: CORNICE_ERROR})
def get_index(request):
    offers = request.accept.acceptable_offers(OFFERS)
    if not offers:
        accept = request.headers["Accept"]
        return error_response(406, "header", "Accept", f"cannot answer in {echo(accept)}: / answers application/json or text/html")
    tz = request.GET.get("tz")
    if offers[0][0] == "text/html":
        return clock_page(request, request.registry.default_zone, tz)
    if tz is not None:
        request.registry.catalogue.zone(tz)  # an unknown zone: Cornice's 400, from the exception view
    request.response.headers["Vary"] = "Accept"
    return route_index(request.registry)


def includeme(config):
    add_static_files(config, ASSETS, f"timesvc:{ASSETS}")
