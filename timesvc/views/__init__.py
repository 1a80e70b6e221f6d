"""HTTP views: one Cornice service per module, plus the JSON error views."""
from cornice import Service

from ..rendering import NAME as RENDERER


def service(name: str, path: str, description: str) -> Service:
    """A Cornice service that renders with timesvc's JSON renderer."""
    # depth=2: config.scan finds the service in the module that called this helper.
    return Service(name=name, path=path, description=description, renderer=RENDERER, depth=2)


def includeme(config):
    config.scan(".")
