"""Roughtime's Prometheus metrics, read from the listener's counters at each scrape."""
import math

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from ..serving.hooks import LISTENING


class RoughtimeCollector:
    """Reads the Roughtime server's counters when Prometheus scrapes: its thread keeps them as plain integers."""

    COUNTERS = {
        "requests": "Roughtime requests received: UDP datagrams and TCP request packets",
        "batches": "Roughtime batches answered, each with one signature per version in it",
        "responses": "Roughtime responses sent",
        "connections": "Roughtime TCP connections accepted",
        "rested_seconds": "Seconds the Roughtime thread rested under load, leaving the rest of the time to HTTP",
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
