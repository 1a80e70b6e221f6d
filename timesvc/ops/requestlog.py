"""One tween for every request: its id, its `request.summary` log record, its metrics.

Kept to dictionary look-ups, the metrics' two increments and one append to the app's summary writer
(the record, built and written on its thread): docs/operations.md gives its measured cost.
"""
import logging
import re
from random import getrandbits
from time import perf_counter

from prometheus_client.core import CounterMetricFamily

from .logs import OffThreadLog

# A client's own id is kept when it is short and plain enough to log and echo safely (as every echo, at
# most 100 characters of what was sent).
SANE_ID = re.compile(r"[A-Za-z0-9._:@+=/-]{1,100}\Z")
TWEEN = "timesvc.ops.requestlog.request_summary_tween_factory"


def request_summary_tween_factory(handler, registry):
    metrics, summary = registry.metrics, registry.request_log

    def request_summary_tween(request):
        start = perf_counter()
        environ = request.environ
        rid = environ.get("HTTP_X_REQUEST_ID", "")
        if not SANE_ID.match(rid):
            # An id must be unique, not secret: the Mersenne Twister (reseeded in forked children)
            # costs a fraction of os.urandom, whose system call also hands the GIL to other threads.
            rid = "%032x" % getrandbits(128)  # nosec B311: an id needs uniqueness, not secrecy
        request.id = rid
        status = 500  # what the server answers when the handler raises past the exception views
        try:
            response = handler(request)
            status = response.status_code
            response.headerlist.extend((("X-Request-ID", rid), ("X-Content-Type-Options", "nosniff")))
            return response
        finally:
            seconds = perf_counter() - start
            matched = request.matched_route
            route = matched.name if matched is not None else "none"
            method = environ["REQUEST_METHOD"]
            if metrics is not None:
                metrics.observe(route, method, status, seconds)
            if summary.enabled():
                summary.info(
                    {
                        "method": method,
                        "path": environ.get("PATH_INFO", ""),
                        "querystring": environ.get("QUERY_STRING", ""),
                        "code": status,
                        "t": round(seconds * 1000, 3),
                        "rid": rid,
                        "agent": environ.get("HTTP_USER_AGENT", ""),
                        "remote_addr": environ.get("REMOTE_ADDR", ""),
                        "route": route,
                    }
                )

    return request_summary_tween


class DroppedSummaries:
    """What the summary writer dropped, behind by its limit (a stuck stdout), read at each scrape."""

    def __init__(self, summary: OffThreadLog):
        self.summary = summary

    def collect(self):
        yield CounterMetricFamily(
            "timesvc_request_log_dropped",
            "request.summary records dropped: their writer was OffThreadLog.limit behind",
            value=self.summary.dropped,
        )


def includeme(config):
    registry = config.registry
    # The app's own writer: apps built in one process (tests) never share one. Its tween is placed by timesvc.web.pipeline.
    registry.request_log = OffThreadLog(logging.getLogger("request.summary"))
    config.add_metrics_collector(DroppedSummaries(registry.request_log))
