"""Finding a place's zone: the IP data and its reloading, the host's own zone for callers on its network, the
zone at coordinates, who is calling through which proxy, and the queries the routes use.

ipdata, iprecords: IP → zone databases (the built-in table, an operator's .mmdb) · reloading: a file
replaced under a running server · hostzone: the host's zone, and what counts as the local network ·
coordinates: the zone at a point · callers: the caller's address and the proxy rule · queries: which zone a
request names (tz, ip, lat+lon) · resource: what the app holds, built from its settings · health: its
/__heartbeat__ check.
"""


def includeme(config):
    from .health import ip_data

    config.include(".resource")
    config.add_health_check("ip_data", ip_data)
