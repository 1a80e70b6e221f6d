"""timesvc: the time, time zones and conversions as a JSON service."""
from pyramid.config import Configurator


def main(global_config, **settings):
    """Build the WSGI application from the ini's [app:main] settings."""
    with Configurator(settings=settings) as config:
        config.include(".ops.settings")  # timesvc.* parsed first: bad values stop here; all below read them
        config.include(".resources")  # the clock, the zone catalogue, the location data, Roughtime
        config.include(".ops")  # metrics, health checks, the request log (they read the resources)
        config.include(".web")  # rendering, errors, the services, /openapi.json and /docs
        config.include(".tuned")  # the speed tricks, when timesvc.tuned is on
    return config.make_wsgi_app()
