"""ezTime's `timezoned` service: a zone's POSIX TZ string by name, country or the asker's address, over UDP 2342.

protocol: the questions and answers, and the per-source limit (pure: no sockets, no Pyramid) · listener: the
UDP socket's thread · resource: the listener this app holds, built from its settings · health, metrics: its
/__heartbeat__ check and Prometheus counters. docs/devices.md says where it differs from the original.
"""


def includeme(config):
    from .health import timezoned as check
    from .metrics import TimezonedCollector
    from .resource import build

    held = config.registry.timezoned = build(config.registry)
    if held is not None:
        config.add_listener(held)
        config.add_health_check(held.health_check, check)
        config.add_metrics_collector(TimezonedCollector(held))
