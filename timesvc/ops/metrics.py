"""Prometheus metrics, in a registry of the app's own (several apps may live in one test process)."""
import math

from prometheus_client import CollectorRegistry, Counter, Histogram, Info
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.process_collector import ProcessCollector

from ..serving.roughtime import LISTENING

# Labels come from these sets or a fixed word, never from raw input: bounded cardinality.
METHODS = frozenset(("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"))
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class ClockCollector:
    """Reads the clock's state when Prometheus scrapes, not on every request."""

    def __init__(self, clock_status):
        self.clock_status = clock_status

    def collect(self):
        status = self.clock_status()
        synchronized = math.nan if status.synchronized is None else float(status.synchronized)
        max_error = math.nan if status.max_error is None else status.max_error
        yield GaugeMetricFamily("timesvc_clock_synchronized", "1 when the kernel reports the clock synchronized, 0 when not, NaN when unknown", value=synchronized)
        yield GaugeMetricFamily("timesvc_clock_max_error_seconds", "The kernel's bound on the clock's error", value=max_error)


class RoughtimeCollector:
    """Reads the Roughtime server's counters when Prometheus scrapes: its thread keeps them as plain integers."""

    COUNTERS = {
        "requests": "Roughtime requests received: UDP datagrams and TCP request packets",
        "batches": "Roughtime batches answered, each with one signature per version in it",
        "responses": "Roughtime responses sent",
        "connections": "Roughtime TCP connections accepted",
    }

    def __init__(self, server):
        self.server = server

    def collect(self):
        counters = self.server.counters
        for name, description in self.COUNTERS.items():
            yield CounterMetricFamily(f"timesvc_roughtime_{name}", description, value=getattr(counters, name))
        drops = CounterMetricFamily("timesvc_roughtime_drops", "Roughtime requests left unanswered, by reason", labels=("reason",))
        for reason, count in dict(counters.drops).items():  # every reason from the start: a fixed set of labels
            drops.add_metric((str(reason),), count)
        yield drops
        yield GaugeMetricFamily("timesvc_roughtime_listening", "1 while the Roughtime listener runs, else 0", value=float(self.server.state == LISTENING))
        latest = self.server.delegations.latest
        expiry = math.nan if latest is None else float(latest.maxt)
        yield GaugeMetricFamily("timesvc_roughtime_delegation_expiry_timestamp_seconds", "MAXT of the online key in use, Unix seconds", value=expiry)


class RequestMetrics:
    """The request counters and latency histogram; `observe` is the only per-request call."""

    def __init__(self, registry: CollectorRegistry):
        self.registry = registry
        self.requests = Counter("timesvc_requests", "Requests answered, by route, method and status", ("route", "method", "status"), registry=registry)
        self.latency = Histogram("timesvc_request_duration_seconds", "Time to answer, by route", ("route",), buckets=LATENCY_BUCKETS, registry=registry)
        self._counters, self._histograms = {}, {}

    def observe(self, route: str, method: str, status: int, seconds: float):
        if method not in METHODS:
            method = "other"
        key = (route, method, status)
        counter = self._counters.get(key)
        if counter is None:  # labels() takes a lock and builds a key: do it once per combination
            counter = self._counters[key] = self.requests.labels(route, method, str(status))
        counter.inc()
        histogram = self._histograms.get(route)
        if histogram is None:
            histogram = self._histograms[route] = self.latency.labels(route)
        histogram.observe(seconds)


def build(clock_status, tzdata_version: str, roughtime_server=None) -> RequestMetrics:
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    registry.register(ClockCollector(clock_status))
    if roughtime_server is not None:
        registry.register(RoughtimeCollector(roughtime_server))
    Info("timesvc_tzdata", "The IANA tz data version in use", registry=registry).info({"version": tzdata_version})
    return RequestMetrics(registry)


def includeme(config):
    registry = config.registry
    if not registry.timesvc_settings.metrics:
        registry.metrics = None
        return
    roughtime = registry.roughtime
    registry.metrics = build(registry.clock_status, registry.catalogue.version, roughtime and roughtime.server)
