"""JSON rendering for every service: orjson with markup escaped, Cornice's error body for validation failures, and the 406."""
import json

import orjson
from cornice.renderer import JSONError
from pyramid.response import Response

from ..domain.errors import echo

NAME = "timesvc_json"
ACCEPTABLE = ("application/json",)
# worldtimeapi-compatible routes ending in .txt answer text/plain whatever the Accept header says.
TEXT_SUFFIX = ".txt"
# As integers: `int in bytes` is one memchr, where `bytes in bytes` first tries its argument as an integer,
# raising and clearing a TypeError each time (CPython 3.11's _Py_bytes_contains): 3,600 instructions against
# 700 for a /time body (valgrind --tool=callgrind, 20,000 calls).
_LT, _GT, _AMP = b"<>&"


def escape_markup(body: bytes) -> bytes:
    """JSON text with <, > and & written \\u003c, \\u003e, \\u0026, as Go's encoding/json writes them.

    A page that embeds an answer (in a <script>, say) then cannot be made to close a tag or open one by
    what a client sent and an error echoes. In JSON these bytes occur only inside strings, where the
    escape stands for the same character: a bytes replace is exact. Most bodies have none of the three:
    three scans and no copy.
    """
    if _LT in body or _GT in body or _AMP in body:
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")
    return body


def dumps(value) -> bytes:
    """JSON as orjson writes it, markup escaped; with an integer beyond 64 bits, which orjson refuses, the standard library's.

    Such integers are exact nanoseconds centuries from 1970 (unixtime_ns in year 1 is -6.2e19; 2^63 is
    9.2e18), which /calculate and /difference answer: JSON numbers have no size limit. The standard
    library writes the same text for everything else a body holds (no NaN, no non-string keys).
    """
    try:
        body = orjson.dumps(value)
    except TypeError:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return escape_markup(body)


def _dumps(value, **_):
    return dumps(value).decode()


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
        return dumps(value)

    def render_errors(self, request):
        _quote_briefly(request)
        return JSONError(serializer=_dumps, serializer_kw={}, errors=request.errors, status=request.errors.status)


def _quote_briefly(request):
    """Rewrite the one error Cornice words itself: its CORS validator quotes the whole Origin header."""
    for error in request.errors:
        if (error["location"], error["name"]) == ("header", "Origin") and error["description"].endswith(" not allowed"):
            origin = echo(request.headers.get("Origin", ""))
            error["description"] = f"origin {origin} is not allowed: the server's timesvc.cors_origins setting lists those that are"


def one_line(message: str) -> str:
    """`message` with unprintable characters escaped: a client reading lines reads one, and no forged `key: value`."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in message)


def text_response(status: int, text: str) -> Response:
    """`text` as one line of text/plain, without a newline: the smallest clients take the body whole."""
    return Response(text=one_line(text), status=status, content_type="text/plain", charset="utf-8")


def _error_line(name: str, description: str) -> str:
    return f"{name}: {description}" if name else description


def text_error(status: int, name: str, description: str) -> Response:
    """An error as one line of text, `name: description`, for a service whose clients read nothing else (/posix)."""
    return text_response(status, _error_line(name, description))


def render_text_errors(request) -> Response:
    """Cornice's validation errors as one line of text: the `error_handler` of such a service."""
    _quote_briefly(request)
    return text_response(request.errors.status, "; ".join(_error_line(e["name"], e["description"]) for e in request.errors))


def negotiation_tween_factory(handler, registry):
    """Answer 406 when the client accepts no JSON; Accept headers without parameters that name JSON
    or */* take a fast path (one with parameters may refuse JSON: application/json;q=0)."""

    def negotiation_tween(request):
        environ = request.environ
        accept = environ.get("HTTP_ACCEPT")
        path = environ.get("PATH_INFO", "")  # raw: decoding it here could raise before the error views
        if accept and (";" in accept or ("json" not in accept and "*/*" not in accept)) and not path.endswith(TEXT_SUFFIX):
            if path in registry.non_json_pages or path.startswith(tuple(registry.non_json_paths)):
                return handler(request)
            if not request.accept.acceptable_offers(ACCEPTABLE):
                return error_response(406, "header", "Accept", f"cannot answer in {echo(accept)}: responses are application/json")
        return handler(request)

    return negotiation_tween


def includeme(config):
    config.registry.non_json_paths = []  # path prefixes of pages in other media types (/docs), exempt from the 406
    config.registry.non_json_pages = set()  # exact paths exempt from it (/, whose prefix is every path)
    config.registry.text_error_pages = set()  # exact paths whose errors are one line of text (/posix)
    config.add_renderer(NAME, JSONRenderer())
    config.set_response_factory(json_response)


def error_response(status: int, location: str, name: str, description: str) -> Response:
    """A response in Cornice's error format, for errors raised outside Cornice's validators."""
    body = {"status": "error", "errors": [{"location": location, "name": name, "description": description}]}
    return Response(body=dumps(body), status=status, content_type="application/json", charset=None)
