"""timesvc: the time, time zones and conversions as a JSON service."""
from pyramid.config import Configurator


def main(global_config, **settings):
    """Build the WSGI application from the ini's [app:main] settings and pserve's `name=value` arguments."""
    with Configurator(settings=settings) as config:
        config.registry.command_line = global_config  # roughtime_port=..., timezoned_port=... (timesvc.ops.settings reads them)
        config.include(".ops.settings")  # timesvc.* parsed first: bad values stop here; all below read them
        config.include(".resources")  # the clock and the zone catalogue
        config.include(".ops")  # metrics, health checks, the request log; the hooks features register with
        config.include(".serving.hooks")  # where a feature hands the server runner its sockets and reloaders
        config.include(".location")  # the IP data, the host's zone, coordinates: which zone a request names
        config.include(".web.pipeline")  # the request path's stages, in order, on public APIs
        config.include(".tuned")  # with timesvc.tuned on: faster stages, relying on dependencies' internals
        config.include(".web")  # rendering, errors, the services (built on those stages), /openapi.json and /docs
        config.include(".roughtime")  # RFC 10049 beside HTTP: its listener, check, metrics and /roughtime
        config.include(".timezoned")  # ezTime's timezoned beside HTTP, over UDP: its listener, check and metrics
    return config.make_wsgi_app()
