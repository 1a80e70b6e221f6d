"""Prometheus metrics, in a registry of the app's own (several apps may live in one test process)."""
import math

from prometheus_client import CollectorRegistry, Counter, Histogram, Info
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.process_collector import ProcessCollector

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


def build(clock_status, tzdata_version: str) -> RequestMetrics:
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    registry.register(ClockCollector(clock_status))
    Info("timesvc_tzdata", "The IANA tz data version in use", registry=registry).info({"version": tzdata_version})
    return RequestMetrics(registry)


def add_metrics_collector(config, collector):
    """The `config.add_metrics_collector(collector)` directive: a feature's collector (prometheus_client's
    `collect()` protocol), read at each scrape; nothing when the metrics setting is off."""
    if config.registry.metrics is not None:
        config.registry.metrics.registry.register(collector)


def includeme(config):
    registry = config.registry
    registry.metrics = build(registry.clock_status, registry.catalogue.version) if registry.timesvc_settings.metrics else None
    config.add_directive("add_metrics_collector", add_metrics_collector)
