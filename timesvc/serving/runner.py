"""The paste server runner: waitress, with the port taken from the command line or $PORT, and the app's
listeners (Roughtime's) beside it.

`pserve production.ini http_port=8000` wins over the PORT environment variable, which wins over
the port in the ini's `listen`. The listeners' ports are the app's settings (timesvc.ops.settings).
SIGTERM stops all of them gracefully: see `serve`.
"""
import errno
import logging
import os
import signal
import sys
import time

import waitress
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer

from .. import tuned
from ..ops.settings import settings_or_exit, startup_failure
from .defences import DefendedChannel
from .hooks import ListenError
from .memory import Allocator, freeze_startup
from .options import DEFAULT_GRACEFUL_TIMEOUT, server_options

logger = logging.getLogger(__name__)
# The signals run_until_stopped handles: SIGTERM stops gracefully, SIGHUP checks the data files again.
_HANDLED = {signal.SIGTERM, signal.SIGHUP}
# How often the drain loop looks for connections that have become idle.
_DRAIN_POLL = 0.05
# What to do about a socket that cannot be bound, by errno: said after the system's reason.
_REMEDIES = {
    errno.EADDRINUSE: "another process holds the port: stop it, or give this server another",
    errno.EACCES: "ports below 1024 need root or CAP_NET_BIND_SERVICE: choose one from 1024 up",
    errno.EADDRNOTAVAIL: "no interface of this host has that address: listen on one it has, or on all",
}


def _bind_failure(what: str, exc: OSError, how: str) -> SystemExit:
    remedy = _REMEDIES.get(exc.errno, "")
    return startup_failure(f"{what}: {remedy} ({how})" if remedy else what)


def start_listeners(app) -> list:
    """Start the app's listeners (timesvc.serving.hooks), each logging where it serves. A port that cannot be
    bound stops startup with one line; a taken one, with timesvc.listener_port_taken = move, is moved or skipped."""
    registry = getattr(app, "registry", None)
    settings = getattr(registry, "timesvc_settings", None)
    started = []
    for listener in getattr(registry, "listeners", ()):
        try:
            try:
                logger.info("%s", listener.start())
            except ListenError as exc:
                if exc.errno != errno.EADDRINUSE or settings.listener_port_taken != "move":
                    raise
                line = listener.elsewhere()
                if line is None:
                    logger.warning("%s: %s is not served (timesvc.listener_port_taken = move; its clients use that port alone)", exc, listener.name)
                    continue
                logger.warning("%s: %s instead (timesvc.listener_port_taken = move)", exc, line)
        except ListenError as exc:
            for each in started:
                each.stop(1.0)
            raise _bind_failure(str(exc), exc, "its port setting, or timesvc.listener_port_taken = move in development") from None
        started.append(listener)
    return started


class WaitressLoop:
    """waitress's own loop (poll2, or select), one pass at a time so that SIGTERM can be noticed."""

    def __init__(self, server_map: dict, use_poll: bool):
        self.map, self.use_poll = server_map, use_poll

    def run_once(self, timeout: float):
        wasyncore.loop(timeout=timeout, map=self.map, use_poll=self.use_poll, count=1)

    def full_pass_next(self):
        pass  # every pass is a full pass

    def close(self):
        pass


def _drain(server_map: dict, listeners: list, deadline: float, loop):
    """Stop accepting, let every connection finish the requests it has, then close it."""
    for listener in listeners:
        # dispatcher.close, not the server's own close: that also closes the trigger the
        # worker threads still pull when their responses are ready.
        wasyncore.dispatcher.close(listener)
    while time.monotonic() < deadline:
        # Poll first, so a request already in a socket's buffer is read before its
        # connection is judged idle.
        loop.run_once(_DRAIN_POLL)
        channels = [c for c in list(server_map.values()) if isinstance(c, HTTPChannel)]
        if not channels:
            return 0
        for channel in channels:
            if channel.idle():  # timesvc.serving.backpressure: its requests, parsed or waiting, answered and sent
                channel.will_close = True  # the loop closes it on its next pass, as waitress's own timeout does
        loop.full_pass_next()
    return len([c for c in server_map.values() if isinstance(c, HTTPChannel)])


def is_tuned(app, environ=os.environ) -> bool:
    """timesvc.tuned as the app parsed it; for another app (the benchmarks' peers), from the environment."""
    registry = getattr(app, "registry", None)
    settings = getattr(registry, "timesvc_settings", None)
    return (settings or settings_or_exit({}, environ)).tuned


def run_until_stopped(server, timeout: float = DEFAULT_GRACEFUL_TIMEOUT, tuned_loop: bool = False, reloaders=(), app_listeners=(), buffer: int | None = None):
    """Run a waitress server until SIGTERM, then drain it for at most `timeout` seconds.

    SIGHUP calls each of `reloaders` (the app's data files are checked again at once) and goes on serving.
    The app's started listeners (`app_listeners`) are stopped first on SIGTERM: each finishes what it is answering.
    `buffer`: each connection's kernel send buffer, bytes (None: the system's autotuning).
    """
    server_map = server.map if hasattr(server, "map") else server._map
    listeners = [d for d in server_map.values() if isinstance(d, BaseWSGIServer)]
    channel = tuned.channel_class(tuned_loop, type(DefendedChannel.__name__, (DefendedChannel,), {"send_buffer": buffer}) if buffer else DefendedChannel)
    for listener in listeners:
        listener.channel_class = channel
    loop = tuned.event_loop(tuned_loop, server_map, listeners) or WaitressLoop(server_map, server.adj.asyncore_use_poll)
    stopping, hangups = [], []

    def on_sigterm(signum, frame):
        stopping.append(signum)
        listeners[0].pull_trigger()  # wake the loop now rather than at its next timeout

    def on_sighup(signum, frame):
        for reload in reloaders:
            reload()  # sets a flag and an event: no I/O, no lock, safe in a signal handler
        hangups.append(signum)  # logged by the loop, not here

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    previous_hup = signal.signal(signal.SIGHUP, on_sighup)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HANDLED)  # one serve() held back is handled now
    allocator = Allocator()
    try:
        while not stopping:
            loop.run_once(server.adj.asyncore_loop_timeout)
            allocator.give_back_if_due()
            if hangups:
                hangups.clear()
                logger.info("SIGHUP: %s", "checking the data files again now" if reloaders else "no data file to check (the built-in IP data is in use)")
        logger.info("SIGTERM: no longer accepting; finishing in-flight requests (at most %g s)", timeout)
        deadline = time.monotonic() + timeout
        for listener in app_listeners:  # within the one graceful timeout, HTTP's drain included
            listener.stop(max(0.0, deadline - time.monotonic()))
            logger.info("%s stopped", listener.name)
        left = _drain(server_map, listeners, deadline, loop)
        if left:
            logger.warning("graceful timeout reached: closing %d connections", left)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGHUP, previous_hup)
        for listener in app_listeners:
            listener.stop(timeout)  # after Ctrl-C; nothing once stopped
        server.task_dispatcher.shutdown(timeout=1)
        wasyncore.close_all(server_map)
        loop.close()


def _start(app, global_conf: dict, settings: dict):
    """The bound HTTP server, the started listeners, the graceful timeout and the send buffer."""
    options, timeout, buffer, _ = server_options(settings, global_conf, global_conf.get("__file__", "the ini"))
    try:
        server = waitress.create_server(app, **options)
    except OSError as exc:  # a taken or privileged port, an address this host does not have
        raise _bind_failure(f"HTTP cannot listen on {options['listen']}: {exc.strerror}", exc, "http_port=N on the command line, PORT, or listen in [server:main]") from None
    return server, start_listeners(app), timeout, buffer  # the listeners once HTTP's sockets are bound


def serve(app, global_conf, **settings):
    """Serve `app` until SIGTERM, which stops accepting and lets in-flight requests finish."""
    Allocator.configure()
    freeze_startup()  # the app and its data, made by now, live as long as the process
    # Held back from the moment the ports open until the handlers are in place (run_until_stopped): a
    # SIGTERM sent as soon as the port answers stops the server gracefully, not by the default action.
    signal.pthread_sigmask(signal.SIG_BLOCK, _HANDLED)
    try:
        server, app_listeners, timeout, buffer = _start(app, global_conf, settings)
    except SystemExit as failure:
        # pserve catches a SystemExit raised by its server runner, prints it on stdout and exits 0: a bad
        # port stops it here instead, as a bad setting does (exit status 1, its one line on stderr).
        print(failure, file=sys.stderr, flush=True)
        logging.shutdown()
        os._exit(1)
    server.print_listen("Serving on http://{}:{}")
    reloaders = getattr(getattr(app, "registry", None), "data_reloaders", ())
    run_until_stopped(server, timeout, is_tuned(app), reloaders, app_listeners, buffer)
