"""Speed tricks: every part of timesvc that relies on a dependency's non-public behaviour for speed.

One setting, `timesvc.tuned` (default on), turns them all on or off, for the app and the server
runner alike. Off, the same service runs on public APIs only, every behaviour the same: CI runs the
whole test suite both ways. Only the two composition roots use this package: the app's `main()`
includes it, and it replaces stages of the request path (timesvc.web.pipeline's `registry.request_path`, the
summary writer's records) from its includeme; the server runner's entry asks it for its loop and
channel. docs/internals.md lists each trick: what it touches, what it gains (measured), what an
upgrade could break and which test would show it.
"""


def _lean_deserializer(config):
    from .deserializer import lean_deserializer

    config.registry.request_path.deserializer = lean_deserializer


def _validation_memo(config):
    from .validation import RememberingValidator

    config.registry.request_path.validator = RememberingValidator()


def _prototype_records(config):
    from .logging import prototype_records

    config.registry.request_log.records = prototype_records


# The app's tricks by name, each replacing a public stage of the request path (bench.tricks turns one off).
APP_TRICKS = {
    "cornice_hooks": lambda config: config.include("timesvc.tuned.cornice_hooks"),
    "json_view_deriver": lambda config: config.include("timesvc.tuned.rendering"),
    "lean_deserializer": _lean_deserializer,
    "validation_memo": _validation_memo,
    "prototype_records": _prototype_records,
}


def includeme(config):
    """After timesvc.web.pipeline has set the public stages, before the services are built from them."""
    if config.registry.timesvc_settings.tuned:
        for apply in APP_TRICKS.values():
            apply(config)


def event_loop(tuned: bool, server_map: dict, listeners: list):
    """The server runner's loop: timesvc.tuned.eventloop's epoll loop (tuned, Linux), or None for waitress's."""
    from .eventloop import AVAILABLE, EpollLoop

    return EpollLoop(server_map, listeners) if tuned and AVAILABLE else None


def channel_class(tuned: bool, channel):
    """The server's channel class: `channel`, or (tuned) one stamping T2 and T3 where the bytes come and go
    (tuned.stamps) and noting which connection a worker serves (for the epoll loop)."""
    if not tuned:
        return channel
    from .eventloop import AVAILABLE, ServedChannelMixin
    from .stamps import StampedTaskMixin, StampingChannelMixin

    task = type(channel.task_class.__name__, (StampedTaskMixin, channel.task_class), {})
    mixins = (StampingChannelMixin, ServedChannelMixin) if AVAILABLE else (StampingChannelMixin,)
    return type(channel.__name__, (*mixins, channel), {"task_class": task})
