"""Roughtime (RFC 10049): authenticated rough time, served beside HTTP over UDP and TCP, and asked of others.

protocol/: the wire format, keys, the responder and the client's checks (pure: no sockets, no Pyramid) ·
listener, tcp, sockets: the server's thread and its sockets · resource: the server this app holds, built
from its settings · service: GET /roughtime · health, metrics: its /__heartbeat__ check and Prometheus
counters. The `timesvc roughtime` command is the client's (timesvc.client).
"""


def includeme(config):
    # Imported here, not above: the client imports timesvc.roughtime.protocol without Pyramid and Cornice.
    from .health import roughtime as check
    from .metrics import RoughtimeCollector
    from .resource import build
    from .service import roughtime as service

    held = config.registry.roughtime = build(config.registry, config.get_settings())
    if held is not None:
        config.add_listener(held)
        config.add_health_check(held.health_check, check)
        config.add_metrics_collector(RoughtimeCollector(held.server))
    service.register(config)  # served either way: without Roughtime, its 404 says how to turn it on
