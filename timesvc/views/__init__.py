"""HTTP views: one Cornice service per module, plus the JSON error views."""
import importlib
import pkgutil

from cornice import Service
from cornice.validators import extract_cstruct

from ..rendering import NAME as RENDERER


def request_cstruct(request) -> dict:
    """What colander_validator checks: the parts of a request that timesvc's schemas describe.

    Cornice's default deserializer also copies the cookies and the URL and reads the body on every
    request; no timesvc service validates those. A request that does carry a body still goes through
    it, so that a body that is not JSON keeps getting Cornice's 400.
    """
    environ = request.environ
    if environ.get("CONTENT_LENGTH") not in (None, "", "0") or environ.get("HTTP_TRANSFER_ENCODING"):
        return extract_cstruct(request)
    query = environ.get("QUERY_STRING")
    cstruct = {"querystring": request.GET.mixed() if query else {}, "path": request.matchdict or {}}
    if _validates_headers(request.current_service):
        cstruct["header"] = dict(request.headers)
    return cstruct


_HEADER_SCHEMAS: dict[str, bool] = {}


def _validates_headers(service) -> bool:
    """Whether any of the service's schemas has a `header` child: copying the headers costs µs."""
    if service is None:
        return True
    known = _HEADER_SCHEMAS.get(service.name)
    if known is None:
        schemas = (args.get("schema") for _, _, args in service.definitions)
        known = _HEADER_SCHEMAS[service.name] = any(s is not None and s.get("header") is not None for s in schemas)
    return known


def service(name: str, path: str, description: str, cors_origins: tuple[str, ...] | None = None) -> Service:
    """A Cornice service that renders with timesvc's JSON renderer.

    Its CORS origins are the cors_origins setting's, unless the service fixes its own.
    """
    # depth=2: config.scan finds the service in the module that called this helper.
    created = Service(
        name=name, path=path, description=description, renderer=RENDERER, deserializer=request_cstruct, depth=2
    )
    created.fixed_cors_origins = cors_origins
    SERVICES.append(created)
    return created


SERVICES: list[Service] = []


def _definitions(definitions: list) -> list:
    return [(method, view, {**args, "validators": list(args["validators"])}) for method, view, args in definitions]


def _set_cors_origins(origins: tuple[str, ...]):
    """Cornice reads a service's CORS origins as scan registers it: set them on every service first.

    Services are process-wide objects and Cornice's registration adds an OPTIONS view and a CORS
    validator to them in place: each app starts from the services as their modules defined them, so
    that an app built later in the same process (tests build several) does not inherit CORS.
    """
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    for each in SERVICES:
        if not hasattr(each, "defined_by_module"):
            each.defined_by_module = (_definitions(each.definitions), list(each.defined_methods))
        definitions, methods = each.defined_by_module
        each.definitions, each.defined_methods = _definitions(definitions), list(methods)
        each.cors_origins = origins if each.fixed_cors_origins is None else each.fixed_cors_origins


# Pyramid's route mapper tries routes in the order they were added: the most asked-for go first.
FIRST = (".time", ".worldtime")


def includeme(config):
    _set_cors_origins(config.registry.timesvc_settings.cors_origins)
    for module in FIRST:
        config.scan(module)
    first = {f"{__name__}{module}" for module in FIRST}
    config.scan(".", ignore=first.__contains__)  # a string would also ignore .timezones, .worldtime_ip
