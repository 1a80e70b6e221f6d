"""timesvc: the time, time zones and conversions as a JSON service."""
from pyramid.config import Configurator


def main(global_config, **settings):
    """Build the WSGI application from the ini's [app:main] settings."""
    with Configurator(settings=settings) as config:
        config.include(".settings")  # parse and validate timesvc.* first: bad values stop here
        config.include(".rendering")
        config.include("cornice")
        config.include(".request")  # Cornice's per-request hooks, made per-class
        config.include(".clock")
        config.include(".zones")
        config.include(".location")
        config.include(".health")  # the checks /__heartbeat__ runs
        config.include(".metrics")
        config.include(".requestlog")  # request ids, request.summary logs, metrics: one tween
        config.include(".views")
        config.include(".received")
        config.include(".apidocs")
        config.include(".views.index")  # the clock page's assets and negotiation; its service is scanned above
    return config.make_wsgi_app()
