"""The peers timesvc is measured against: a bare WSGI app, Falcon and the plain Pyramid hello-world.

Each answers GET /time with a body shaped like GET /time in UTC (same keys, same kinds of values), built
from the clock on each request; the bare app and Falcon with orjson and timesvc's headers, plain Pyramid
as a user would write it: one route, one view, `renderer="json"`, no tweens of its own.
"""
import time
from datetime import datetime, timezone

import orjson

HEADERS = [
    ("Content-Type", "application/json"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
]


def time_fields() -> dict:
    """A /time-shaped answer for the current instant, in UTC."""
    now = time.time_ns()
    utc = datetime.fromtimestamp(now // 1_000_000_000, timezone.utc).replace(microsecond=now // 1000 % 1_000_000)
    iso = utc.isocalendar()
    return {
        "time": now / 1e9,
        "unixtime": now // 1_000_000_000,
        "unixtime_ns": now,
        "utc_datetime": utc.isoformat(timespec="microseconds")[:-6] + "Z",
        "timezone": "Etc/UTC",
        "datetime": utc.isoformat(timespec="microseconds"),
        "utc_offset": "+00:00",
        "utc_offset_seconds": 0,
        "raw_offset": 0,
        "dst_offset": 0,
        "dst": False,
        "abbreviation": "UTC",
        "day_of_week": iso.weekday,
        "day_of_year": utc.timetuple().tm_yday,
        "week_number": iso.week,
        "previous_transition": None,
        "next_transition": None,
        "tzdata_version": "2026f",
    }


def time_body() -> bytes:
    return orjson.dumps(time_fields())


def bare_app(environ, start_response):
    """The ceiling: a WSGI callable with nothing between waitress and the body."""
    body = time_body()
    start_response("200 OK", [*HEADERS, ("Content-Length", str(len(body)))])
    return [body]


class _TimeResource:
    def on_get(self, request, response):
        response.data = time_body()
        response.content_type = "application/json"
        response.cache_control = ["no-store"]
        response.set_header("X-Content-Type-Options", "nosniff")


def bare(global_config, **settings):
    """PasteDeploy app factory (`use = call:bench.apps:bare`)."""
    return bare_app


def falcon(global_config=None, **settings):
    """The Falcon peer, routing /time like timesvc (also a PasteDeploy app factory)."""
    import falcon as framework

    app = framework.App()
    app.add_route("/time", _TimeResource())
    return app


def pyramid(global_config=None, **settings):
    """The framework's hello-world, what a user would write instead: one route, one view, renderer="json"."""
    from pyramid.config import Configurator

    with Configurator() as config:
        config.add_route("time", "/time")
        config.add_view(lambda request: time_fields(), route_name="time", renderer="json")
    return config.make_wsgi_app()
