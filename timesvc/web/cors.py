"""CORS preflight answers for the services that allow other origins: an allow-list, never a reflection.

Cornice's own preflight view copies every header a browser asks for (Access-Control-Request-Headers)
into Access-Control-Allow-Headers. This one answers with the request headers timesvc reads, whatever
is asked: the browser then refuses to send any other. Cornice's CORS validator still runs first and
sets Access-Control-Allow-Origin (or refuses the origin).
"""
from ..domain.errors import echo

# The request headers a page may send: the ones timesvc reads (CORS-safelisted ones need no listing).
ALLOWED_HEADERS = ("If-None-Match", "X-Request-ID")
MAX_AGE = "3600"  # seconds a browser may keep the answer


def preflight_view(service):
    def preflight(request):
        method = request.headers.get("Access-Control-Request-Method")
        if not request.headers.get("Origin"):
            request.errors.add("header", "Origin", "a preflight request carries the page's Origin")
        if not method:
            request.errors.add("header", "Access-Control-Request-Method", "a preflight request says the method it asks for")
        elif method not in service.cors_supported_methods:
            allowed = ", ".join(service.cors_supported_methods)
            request.errors.add("header", "Access-Control-Request-Method", f"{echo(method)} is not allowed here; allowed: {allowed}")
        if request.errors:
            return None
        response = request.response  # carries the Access-Control-Allow-Origin Cornice's validator set
        response.status_code = 204
        del response.headers["Content-Type"]  # no content
        response.headers.update(
            {
                "Access-Control-Allow-Headers": ", ".join(ALLOWED_HEADERS),
                "Access-Control-Allow-Methods": ", ".join(service.cors_supported_methods),
                "Access-Control-Max-Age": MAX_AGE,
            }
        )
        return response

    return preflight


def add_preflight(service):
    """Give a CORS-enabled Cornice service timesvc's preflight view, before Cornice adds its own."""
    if service.cors_enabled:
        service.add_view("OPTIONS", preflight_view(service))
