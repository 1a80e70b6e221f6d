"""HTTP views: one Cornice service per module, plus the JSON error views."""
from cornice import Service

from ..rendering import NAME as RENDERER


def querystring_cstruct(request) -> dict:
    """What colander_validator checks: the services' schemas validate the querystring only.

    Cornice's default deserializer also copies the headers and cookies and parses the body on
    every request, to be ignored by these schemas.
    """
    query = request.environ.get("QUERY_STRING")
    return {"querystring": request.GET.mixed() if query else {}}


def service(name: str, path: str, description: str) -> Service:
    """A Cornice service that renders with timesvc's JSON renderer."""
    # depth=2: config.scan finds the service in the module that called this helper.
    return Service(
        name=name, path=path, description=description, renderer=RENDERER, deserializer=querystring_cstruct, depth=2
    )


def includeme(config):
    config.scan(".")
