"""Cornice's per-request hooks, moved onto a request class so a request does not pay for them.

Cornice adds `request.current_service` with `add_request_method`, which makes Pyramid build a new
request class on every request, and a NewRequest subscriber that sets `validated`, `errors` and
`info` and adds two response callbacks. Here the same attributes live on a request subclass, computed
on first use; of the callbacks, `add_nosniff_header` is kept as a tween, and `apply_filters` only
matters to services with filters or CORS, which timesvc does not declare (if one ever does, Cornice's
hooks stay in place).
"""
from cornice.errors import Errors
from cornice.pyramidhook import wrap_request
from cornice.util import current_service
from pyramid.decorator import reify
from pyramid.interfaces import IRequestExtensions
from pyramid.request import Request as PyramidRequest

# After the default order (0) of every other action, so that Cornice's registrations exist.
_AFTER_CORNICE = 10


class Request(PyramidRequest):
    """A Pyramid request carrying Cornice's attributes as class-level lazy properties."""

    current_service = reify(current_service)

    @reify
    def validated(self):
        return {}

    @reify
    def errors(self):
        return Errors()

    @reify
    def info(self):
        return {}


def needs_cornice_hooks(services, settings) -> bool:
    """True when a service or setting relies on what Cornice's per-request hooks do."""
    if settings.get("available_languages"):  # Errors() then needs the request's localizer
        return True
    for service in services:
        if service.cors_enabled or service.filters or any(args.get("filters") for _, _, args in service.definitions):
            return True
    return False


def drop_cornice_hooks(registry):
    """Remove Cornice's request property and NewRequest subscriber when nothing needs them."""
    if needs_cornice_hooks(registry.cornice_services.values(), registry.settings):
        return
    extensions = registry.queryUtility(IRequestExtensions)
    if extensions is not None:
        extensions.descriptors.pop("current_service", None)
        if not extensions.descriptors and not extensions.methods:
            registry.unregisterUtility(provided=IRequestExtensions)
    for registration in list(registry.registeredHandlers()):
        # Pyramid registers a wrapper around a subscriber that takes only the event.
        if getattr(registration.handler, "__wrapped__", registration.handler) is wrap_request:
            registry.unregisterHandler(registration.handler, registration.required)
    # Pyramid skips event dispatch entirely when nothing listens; it never resets the flag itself.
    registry.has_listeners = any(True for _ in registry.registeredHandlers()) or any(
        True for _ in registry.registeredSubscriptionAdapters()
    )


def nosniff_tween_factory(handler, registry):
    """Cornice's `X-Content-Type-Options: nosniff` on every response, errors included."""

    def nosniff_tween(request):
        response = handler(request)
        if "X-Content-Type-Options" not in response.headers:
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return nosniff_tween


def includeme(config):
    config.set_request_factory(Request)
    config.add_tween("timesvc.request.nosniff_tween_factory")
    config.action(None, drop_cornice_hooks, args=(config.registry,), order=_AFTER_CORNICE)
