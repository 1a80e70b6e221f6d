"""GET /api/timezone…: worldtimeapi.org's zone routes, in its own answer and error format.

Its clients (firmware, CircuitPython and Arduino libraries, shell scripts) parse these bodies as they
are, so they skip the Cornice error format on purpose; a `.txt` suffix answers `key: value` text.
"""
from functools import cache

import orjson
from pyramid.response import Response

from ..domain.catalogue import UnknownZone
from ..domain.worldtime import as_text, worldtime
from ..domain.zone import Zone
from . import service
from .geolocation import client_address

TEXT = r"{ext:(?:\.txt)?}"
UNKNOWN_LOCATION = "unknown location"

ANY_ORIGIN = ("*",)  # browser pages called worldtimeapi.org from anywhere, whatever cors_origins says
zones = service("worldtime_zones", "/api/timezone" + TEXT, "worldtimeapi.org: every zone name", ANY_ORIGIN)
zone_or_area = service(
    "worldtime_zone", "/api/timezone/{name:.+?}" + TEXT, "worldtimeapi.org: the time in a zone, or the zone names of an area", ANY_ORIGIN
)


def _answer(request, status: int, json_body, text_body: str) -> Response:
    if request.matchdict.get("ext"):
        response = Response(text=text_body, status=status, content_type="text/plain", charset="utf-8")
    else:
        response = Response(body=orjson.dumps(json_body), status=status, content_type="application/json", charset=None)
    # Browser pages called worldtimeapi.org from any origin.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def error_answer(request, status: int, message: str) -> Response:
    """worldtimeapi's error: {"error": message} in JSON, the bare message in text."""
    return _answer(request, status, {"error": message}, message)


def time_answer(request, zone: Zone) -> Response:
    body = worldtime(zone, request.registry.clock(), client_address(request))
    response = _answer(request, 200, body, as_text(body))
    response.headers["Cache-Control"] = "no-store"
    return response


def _names_answer(request, names: list[str]) -> Response:
    response = _answer(request, 200, names, "\n".join(names))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@cache
def _areas(catalogue) -> dict[str, list[str]]:
    """Every area (each leading part of a name: `america`, `america/argentina`) → its zone names."""
    areas: dict[str, list[str]] = {}
    for name in catalogue.names:
        parts = name.lower().split("/")
        for end in range(1, len(parts)):
            areas.setdefault("/".join(parts[:end]), []).append(name)
    return areas


@zones.get()
def list_zones(request):
    return _names_answer(request, request.registry.catalogue.names)


@zone_or_area.get()
def show_zone_or_area(request):
    catalogue = request.registry.catalogue
    name = request.matchdict["name"]
    names = _areas(catalogue).get(name.rstrip("/").lower())
    if names:
        return _names_answer(request, names)
    try:
        zone = catalogue.zone(name)
    except UnknownZone:
        return error_answer(request, 404, UNKNOWN_LOCATION)
    return time_answer(request, zone)
