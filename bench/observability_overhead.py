"""What the request tween (request id, request.summary log, metrics) costs per request, in-process.

    .venv/bin/python -m bench.observability_overhead [requests]

Logging is set up from production.ini (mozlog JSON, written to /dev/null here). Two figures:
- request path: the tween around a handler that returns a ready response, minus the handler alone,
  while the background writer waits (it wakes every 50 ms; the loop is timed in short bursts);
  the metrics are counted here, on the request's thread;
- background: CPU per request to build, format and write the queued request.summary records.
"""
import os
import sys
import time
from pathlib import Path

from pyramid.paster import get_appsettings, setup_logging
from pyramid.request import Request
from pyramid.response import Response

ROOT = Path(__file__).resolve().parent.parent
INI = str(ROOT / "production.ini")
BURST = 1000  # requests timed between two writer wake-ups


def timed(call, requests: int, summary) -> float:
    """Best µs per call over bursts that each fit between two wake-ups of the writer `summary`."""
    best = float("inf")
    for _ in range(requests // BURST):
        summary.flush()
        time.sleep(0.001)
        start = time.perf_counter()
        for _ in range(BURST):
            call()
        best = min(best, (time.perf_counter() - start) / BURST * 1e6)
    return best


def background_cpu(tween_of, registry, requests: int) -> float:
    """CPU µs per record of the writer's work, done here on what a tween built around a writer of its own queued."""
    from timesvc.ops.logs import OffThreadLog

    live = registry.request_log
    live.flush()  # the writer has run: the logger's handlers are set up and warm
    registry.request_log = writer = OffThreadLog(live.logger, records=live.records)
    writer._thread = "not started: this function does the writer's work itself"
    call = tween_of()
    for _ in range(requests):
        call()
    registry.request_log = live
    cpu = time.process_time()
    writer.write_pending()
    return (time.process_time() - cpu) / requests * 1e6


def main(requests: int):
    sys.stdout = open(os.devnull, "w")  # production.ini logs to stdout
    setup_logging(INI)
    from timesvc import main as make_app
    from timesvc.ops.requestlog import request_summary_tween_factory

    app = make_app({}, **get_appsettings(INI))
    response = Response(b"{}", content_type="application/json")
    environ = Request.blank("/__lbheartbeat__", headers={"User-Agent": "bench/1"}).environ

    def handler(request):
        return response

    def make_request():
        request = Request(dict(environ))
        request.registry = app.registry
        return request

    def tweened():
        tween = request_summary_tween_factory(handler, app.registry)
        return lambda: tween(make_request())

    summary = app.registry.request_log
    bare = timed(lambda: handler(make_request()), requests, summary)
    wrapped = timed(tweened(), requests, summary)
    drain = background_cpu(tweened, app.registry, requests)
    sys.stdout = sys.__stdout__
    print(f"handler alone:           {bare:6.2f} µs")
    print(f"tween around it:         {wrapped:6.2f} µs")
    print(f"request path overhead:   {wrapped - bare:6.2f} µs  (request id, headers, the metrics, queueing the record)")
    print(f"background, per record:  {drain:6.2f} µs CPU  (LogRecord, mozlog JSON, write), batched off the request thread")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
