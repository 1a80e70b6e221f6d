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


class JSONRenderer:
    """A renderer that skips per-request Accept parsing: the negotiation tween has done it."""

    def __call__(self, info):
        return self.render

    def render(self, value, system):
        system["request"].response.content_type = "application/json"
        return orjson.dumps(value)

    def render_errors(self, request):
        return JSONError(serializer=_dumps, serializer_kw={}, errors=request.errors, status=request.errors.status)


def negotiation_tween_factory(handler, registry):
    """Answer 406 when the client accepts no JSON; the common Accept headers take a fast path."""

    def negotiation_tween(request):
        accept = request.environ.get("HTTP_ACCEPT")
        if accept and "json" not in accept and "*/*" not in accept and not request.path_info.endswith(TEXT_SUFFIX):
            if not request.accept.acceptable_offers(ACCEPTABLE):
                return error_response(406, "header", "Accept", f"cannot answer in {echo(accept)}: responses are application/json")
        return handler(request)

    return negotiation_tween


def includeme(config):
    config.add_renderer(NAME, JSONRenderer())
    config.add_tween("timesvc.rendering.negotiation_tween_factory")


def error_response(status: int, location: str, name: str, description: str) -> Response:
    """A response in Cornice's error format, for errors raised outside Cornice's validators."""
    body = {"status": "error", "errors": [{"location": location, "name": name, "description": description}]}
    return Response(body=orjson.dumps(body), status=status, content_type="application/json", charset=None)
