"""Speed tricks: every part of timesvc that relies on a dependency's non-public behaviour for speed.

One setting, `timesvc.tuned` (default on), turns them all on or off, for the app and the server
runner alike. Off, the same service runs on public APIs only, every behaviour the same: CI runs the
whole test suite both ways. The app's modules ask here for the pieces a trick replaces; each answer
below is the public one when tuned is off. docs/internals.md lists each trick: what it touches, what
it gains (measured), what an upgrade could break and which test would show it.
"""
from cornice.validators import colander_validator


def enabled(registry) -> bool:
    return registry.timesvc_settings.tuned


def summary_records(registry):
    """How timesvc.ops.logs.OffThreadLog builds request.summary records: a prototype copy (tuned)."""
    from ..ops.logs import public_records

    if not enabled(registry):
        return public_records
    from .logging import prototype_records

    return prototype_records


def service_deserializer(registry, reads_headers: bool):
    """A service's Cornice deserializer: None for Cornice's own, or the lean one (tuned)."""
    if not enabled(registry):
        return None
    from .deserializer import lean_deserializer

    return lean_deserializer(reads_headers)


def service_validator(registry):
    """The colander validator of the app's services: Cornice's, or one remembering results (tuned)."""
    if not enabled(registry):
        return colander_validator
    from .validation import RememberingValidator

    return RememberingValidator()


def includeme(config):
    """The app's request-path tricks: Cornice's hooks on a request class, the JSON view deriver."""
    if enabled(config.registry):
        config.include(".cornice_hooks")
        config.include(".rendering")


def event_loop(tuned: bool, server_map: dict, listeners: list):
    """The server runner's loop: timesvc.tuned.eventloop's epoll loop (tuned, Linux), or None for waitress's."""
    from .eventloop import AVAILABLE, EpollLoop

    return EpollLoop(server_map, listeners) if tuned and AVAILABLE else None


def channel_class(tuned: bool, channel):
    """The server's channel class: `channel`, noting which connection a worker serves (tuned, for the loop)."""
    from .eventloop import AVAILABLE, ServedChannelMixin

    return type(channel.__name__, (ServedChannelMixin, channel), {}) if tuned and AVAILABLE else channel
