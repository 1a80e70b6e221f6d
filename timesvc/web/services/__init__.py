"""The HTTP services: one module per Cornice service, built afresh for every application.

A module declares its services with `ServiceSpec` and their views with the spec's `get` decorator;
`includeme` builds a new cornice.Service from each spec for the app being configured (its CORS
origins, deserializer and validator), so apps built in one process never share or alter each
other's services. (Cornice's Service also appends itself to cornice.service.SERVICES, a
process-wide list that timesvc never reads: the app's own services are `registry.cornice_services`.)
"""
import importlib

from cornice import Service

from ..bodies import checked
from ..cors import add_preflight
from ..rendering import NAME as RENDERER, render_text_errors

# Pyramid's route mapper tries routes in the order they were added: the most asked-for go first.
# /timezones/{name} and /timezones/{name}/transitions do not depend on their order: neither pattern matches the other's paths.
MODULES = (
    "time", "worldtime", "worldtime_ip", "posix", "timezones", "transitions", "convert", "worldclock", "calculate", "difference",
    "heartbeat", "lbheartbeat", "version", "metrics", "index",
)


class ServiceSpec:
    """What a Cornice service is, independent of any app: its route, description and views."""

    def __init__(self, name: str, path: str, description: str, cors_origins: tuple[str, ...] | None = None, json: bool = True, text: bool = False):
        """`json`: False for a service that answers other media types too (no 406 for a non-JSON Accept).
        `text`: a service answering one line of text, its errors too (timesvc.web.rendering.text_error)."""
        self.name, self.path, self.description = name, path, description
        self.cors_origins = cors_origins  # None: the cors_origins setting's
        self.json = json and not text
        self.text = text
        self.views: list[tuple[str, object, dict]] = []

    def get(self, schema=None, validate: bool = True):
        """Decorate the GET view; `schema` is validated with colander unless `validate` is False
        (a schema that only documents what the route pattern already enforces)."""

        def register(view):
            self.views.append(("GET", view, {"schema": schema, "validate": validate and schema is not None}))
            return view

        return register

    def reads_headers(self) -> bool:
        return any(args["schema"] is not None and args["schema"].get("header") is not None for _, _, args in self.views)

    def build(self, registry) -> Service:
        """A new Cornice service for one app."""
        origins = registry.timesvc_settings.cors_origins if self.cors_origins is None else self.cors_origins
        path = registry.request_path  # timesvc.web.pipeline's stages, as timesvc.tuned left them
        service = Service(
            name=self.name,
            path=self.path,
            description=self.description,
            renderer=RENDERER,
            cors_origins=origins,
            deserializer=checked(path.deserializer(self.reads_headers())),
        )
        errors = {"error_handler": render_text_errors} if self.text else {}
        for method, view, args in self.views:
            validators = [path.validator] if args["validate"] else []
            service.add_view(method, view, schema=args["schema"], validators=validators, **errors)
        add_preflight(service)
        return service

    def register(self, config):
        """Build this service for the app being configured and add it: a feature's services come this way too."""
        config.add_cornice_service(self.build(config.registry))
        if not self.json:
            config.registry.non_json_pages.add(self.path)
        if self.text:
            config.registry.text_error_pages.add(self.path)


def _modules():
    return [importlib.import_module(f"{__name__}.{name}") for name in MODULES]


def specs() -> list[ServiceSpec]:
    """Every service spec, in route order."""
    return [value for module in _modules() for value in vars(module).values() if isinstance(value, ServiceSpec)]


def includeme(config):
    for spec in specs():
        spec.register(config)
    for module in _modules():  # what a service needs besides its routes (the clock page's assets)
        if hasattr(module, "includeme"):
            config.include(module)
