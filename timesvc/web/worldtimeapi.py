"""What worldtimeapi.org's routes share (timesvc.web.services.worldtime, worldtime_ip): its bodies and errors.

Its clients (firmware, CircuitPython and Arduino libraries, shell scripts) parse these bodies as they are,
so they skip the Cornice error format on purpose; a `.txt` suffix answers `key: value` text. The error
views answer in this form too for paths under /api/.
"""
import colander
from pyramid.response import Response

from ..domain.worldtime import as_text, worldtime
from ..domain.zone import Zone
from ..location.callers import client_address
from .openapi import ERROR_REF, json_schema
from .rendering import dumps, one_line
from .schemas import Body, instant, integer

TEXT = r"{ext:(?:\.txt)?}"
UNKNOWN_LOCATION = "unknown location"

ANY_ORIGIN = ("*",)  # browser pages called worldtimeapi.org from anywhere, whatever cors_origins says


class WorldTime(Body):
    """worldtimeapi.org's time body, field for field."""

    abbreviation = colander.SchemaNode(colander.String())
    client_ip = colander.SchemaNode(colander.String(), description="The caller's address as the server sees it")
    datetime = colander.SchemaNode(colander.String(), description="Local time with offset")
    day_of_week = integer("Sunday = 0", validator=colander.Range(0, 6))
    day_of_year = integer("1 to 366", validator=colander.Range(1, 366))
    dst = colander.SchemaNode(colander.Boolean())
    dst_from = instant("Start of the current DST period; null outside DST", nullable=True)
    dst_offset = integer("Seconds")
    dst_until = instant("End of the current DST period; null outside DST", nullable=True)
    raw_offset = integer("Seconds")
    timezone = colander.SchemaNode(colander.String())
    unixtime = integer("Whole seconds since the Unix epoch")
    utc_datetime = colander.SchemaNode(colander.String())
    utc_offset = colander.SchemaNode(colander.String())
    week_number = integer("ISO 8601 week", validator=colander.Range(1, 53))


class WorldtimeError(Body):
    error = colander.SchemaNode(colander.String(), description="unknown location, malformed ip, ...")


class WorldtimePath(colander.MappingSchema):
    """The path of every worldtimeapi route; documentation only: the route patterns enforce it."""

    ext = colander.SchemaNode(colander.String(), validator=colander.OneOf(["", ".txt"]), description="`.txt` for key: value text")


class WorldtimeRequest(colander.MappingSchema):
    path = WorldtimePath()


NAMES = colander.SequenceSchema(colander.SchemaNode(colander.String()), description="Zone names")
TEXT_BODY = colander.SchemaNode(colander.String(), description="The same answer as text: key: value lines, or one name a line")
# A path no route matches is a 404 in Cornice's format, like everywhere else.
ERROR_BODY = {"application/json": {"anyOf": [json_schema(WorldtimeError()), ERROR_REF]}, "text/plain": TEXT_BODY}
TIME_BODY = {"application/json": WorldTime(), "text/plain": TEXT_BODY}
# Everything but 200 is worldtimeapi's {"error": ...}, not Cornice's format.
TIME_ANSWERS = {200: TIME_BODY, 400: ERROR_BODY, 404: ERROR_BODY, 503: ERROR_BODY}


def answer(request, status: int, json_body, text_body: str) -> Response:
    # The raw path, not the route's `ext`: the error views answer here too, with no route matched.
    if request.environ.get("PATH_INFO", "").endswith(".txt"):
        response = Response(text=text_body, status=status, content_type="text/plain", charset="utf-8")
    else:
        response = Response(body=dumps(json_body), status=status, content_type="application/json", charset=None)
    # Browser pages called worldtimeapi.org from any origin.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def error_answer(request, status: int, message: str) -> Response:
    """worldtimeapi's error: {"error": message} in JSON, the bare message in text (one line: shell
    clients grep these answers, so no control character may forge a `key: value` line)."""
    return answer(request, status, {"error": message}, one_line(message))


def time_answer(request, zone: Zone) -> Response:
    body = worldtime(zone, request.registry.clock(), client_address(request))
    response = answer(request, 200, body, as_text(body))
    response.headers["Cache-Control"] = "no-store"
    return response
