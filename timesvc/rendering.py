"""JSON rendering for every service: orjson, and Cornice's error body for validation failures."""
import orjson
from cornice.renderer import JSONError
from pyramid.response import Response

from .domain.errors import echo

NAME = "timesvc_json"
ACCEPTABLE = ("application/json",)
# worldtimeapi-compatible routes ending in .txt answer text/plain whatever the Accept header says.
TEXT_SUFFIX = ".txt"


def _dumps(value, **_):
    return orjson.dumps(value).decode()


def json_response(request) -> Response:
    """`request.response`: created as JSON, so that rendering need not parse and set Content-Type.

    Given as a header list, the Content-Type is not checked for a charset to add (JSON has none).
    """
    return Response(headerlist=[("Content-Type", "application/json")])


class JSONRenderer:
    """A renderer that skips per-request Accept parsing: the negotiation tween has done it."""

    def __call__(self, info):
        return self.render

    def render(self, value, system):
        return orjson.dumps(value)

    def render_errors(self, request):
        return JSONError(serializer=_dumps, serializer_kw={}, errors=request.errors, status=request.errors.status)


def json_view_deriver(view, info):
    """Render a timesvc_json view's dict into `request.response` as soon as the view returns it.

    Same bytes as the renderer, without Pyramid's per-request rendering machinery (the system
    values, a BeforeRender event nobody listens to, an adapter lookup): about 12 µs a request.
    Anything but a dict (a Response, Cornice's error response) goes on to Pyramid's renderer.
    """
    renderer = info.options.get("renderer")
    if getattr(renderer, "name", None) != NAME:
        return view

    def json_view(context, request):
        result = view(context, request)
        if result.__class__ is not dict:
            return result
        body = orjson.dumps(result)
        response = request.response
        response.app_iter = [body]  # drops the empty body's Content-Length, as the body setter would
        response.headerlist.append(("Content-Length", str(len(body))))
        return response

    return json_view


json_view_deriver.options = ("renderer",)


def negotiation_tween_factory(handler, registry):
    """Answer 406 when the client accepts no JSON; the common Accept headers take a fast path."""

    def negotiation_tween(request):
        accept = request.environ.get("HTTP_ACCEPT")
        if accept and "json" not in accept and "*/*" not in accept and not request.path_info.endswith(TEXT_SUFFIX):
            path = request.path_info
            if path in registry.non_json_pages or path.startswith(tuple(registry.non_json_paths)):
                return handler(request)
            if not request.accept.acceptable_offers(ACCEPTABLE):
                return error_response(406, "header", "Accept", f"cannot answer in {echo(accept)}: responses are application/json")
        return handler(request)

    return negotiation_tween


def includeme(config):
    config.registry.non_json_paths = []  # path prefixes of pages in other media types (/docs), exempt from the 406
    config.registry.non_json_pages = set()  # exact paths exempt from it (/, whose prefix is every path)
    config.add_renderer(NAME, JSONRenderer())
    config.set_response_factory(json_response)
    config.add_view_deriver(json_view_deriver, under="rendered_view", over="mapped_view")
    config.add_tween("timesvc.rendering.negotiation_tween_factory")


def error_response(status: int, location: str, name: str, description: str) -> Response:
    """A response in Cornice's error format, for errors raised outside Cornice's validators."""
    body = {"status": "error", "errors": [{"location": location, "name": name, "description": description}]}
    return Response(body=orjson.dumps(body), status=status, content_type="application/json", charset=None)
