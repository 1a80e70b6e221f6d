"""timezoned's Prometheus metrics, read from the listener's counters at each scrape."""
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from ..serving.hooks import LISTENING


class TimezonedCollector:
    """Reads the timezoned listener's counters when Prometheus scrapes: its thread keeps them as plain integers."""

    def __init__(self, server):
        self.server = server

    def collect(self):
        counters = self.server.counters
        yield CounterMetricFamily("timesvc_timezoned_questions", "timezoned questions received (UDP datagrams)", value=counters.questions)
        yield CounterMetricFamily("timesvc_timezoned_answers", "timezoned answers sent", value=counters.answers)
        drops = CounterMetricFamily("timesvc_timezoned_drops", "timezoned questions left unanswered, by reason", labels=("reason",))
        for reason, count in dict(counters.drops).items():  # every reason from the start: a fixed set of labels
            drops.add_metric((reason,), count)
        yield drops
        yield GaugeMetricFamily("timesvc_timezoned_listening", "1 while the timezoned listener runs, else 0", value=float(self.server.state == LISTENING))
        yield GaugeMetricFamily("timesvc_timezoned_sources", "Source addresses remembered by the rate limit", value=float(len(self.server.limit)))
