"""Every error leaves in Cornice's JSON format: {"status": "error", "errors": [...]}; under /api/ in worldtimeapi's;
on a text service's path (/posix, `registry.text_error_pages`) as one line of text."""
import logging

from pyramid.exceptions import URLDecodeError
from pyramid.httpexceptions import HTTPException
from pyramid.interfaces import IRoutesMapper

from ..domain.errors import InvalidInput, echo
from ..location.ipdata import GeoIPUnavailable, NoLocation
from .bodies import UnreadableBody
from .rendering import error_response, text_error
from .worldtimeapi import UNKNOWN_LOCATION, error_answer

logger = logging.getLogger(__name__)


def _error(request, status: int, location: str, name: str, description: str):
    if request.environ.get("PATH_INFO", "") in request.registry.text_error_pages:  # raw: decoding it could fail
        return text_error(status, name, description)
    return error_response(status, location, name, description)


def invalid_input(exc, request):
    location = "path" if exc.name in (request.matchdict or {}) else "querystring"
    return _error(request, 400, location, exc.name, exc.description)


def undecodable(exc, request):
    # webob decodes the query string, and Pyramid the path, as UTF-8 when a view first reads them.
    location = "path" if isinstance(exc, URLDecodeError) else "querystring"
    path = request.environ.get("PATH_INFO", "")
    if location == "path" and path.startswith("/api/"):  # worldtimeapi's clients parse its own errors
        return error_answer(request, 400, "malformed ip") if path.startswith("/api/ip/") else error_answer(request, 404, UNKNOWN_LOCATION)
    return _error(request, 400, location, "", f"the {location} is not UTF-8 once percent-decoded: encode text as UTF-8, then percent-encode it")


def unreadable_body(exc, request):
    return _error(request, 400, "body", "", exc.description)


def not_found(exc, request):
    where = "GET / lists the routes, /docs describes them"
    trimmed = request.path.rstrip("/")
    if trimmed != request.path and _is_route(request, trimmed):
        query = request.environ.get("QUERY_STRING", "")
        where = f"did you mean {echo(trimmed + ('?' + query if query else ''))}? {where}"
    return _error(request, 404, "url", "path", f"nothing here: {echo(request.method)} {echo(request.path)}; {where}")


def _is_route(request, path: str) -> bool:
    """Whether a route answers `path`; static views' routes (named __…) left out: they match any subpath."""
    routes = request.registry.getUtility(IRoutesMapper).get_routes()
    return any(not route.name.startswith("__") and route.match(path) is not None for route in routes)


def http_error(exc, request):
    if exc.status_code < 400:  # 304 and redirects pass through untouched
        return exc
    description = exc.detail or exc.explanation
    if exc.status_code == 405:
        description = f"method {echo(request.method)} is not allowed on {echo(request.path)}; allowed: {exc.headers.get('Allow', '')}"
    response = _error(request, exc.status_code, "request", "", str(description))
    for header in ("Allow", "Retry-After"):
        if header in exc.headers:
            response.headers[header] = exc.headers[header]
    return response


def no_location(exc, request):
    return _error(request, 404, "querystring", exc.name, exc.description)


def ip_data_unavailable(exc, request):
    return _error(request, 503, "querystring", "ip", str(exc))


def unexpected_error(exc, request):
    # The raw WSGI path and query: decoding them could itself fail, and this view must not.
    logger.exception("unhandled error on %s %s?%s", request.method, request.environ.get("PATH_INFO"), request.environ.get("QUERY_STRING"))
    return _error(request, 500, "server", "", "internal error; it has been logged")


def includeme(config):
    config.add_exception_view(invalid_input, context=InvalidInput)
    config.add_exception_view(undecodable, context=UnicodeDecodeError)
    config.add_exception_view(unreadable_body, context=UnreadableBody)
    config.add_exception_view(no_location, context=NoLocation)
    config.add_exception_view(ip_data_unavailable, context=GeoIPUnavailable)
    config.add_notfound_view(not_found)
    config.add_exception_view(http_error, context=HTTPException)
    config.add_exception_view(unexpected_error, context=Exception)
