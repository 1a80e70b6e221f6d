"""The paste server runner: waitress, with the port taken from the command line or $PORT, and the app's
Roughtime server beside it.

`pserve production.ini http_port=8000` wins over the PORT environment variable, which wins over
the port in the ini's `listen`; `roughtime_port=5320` over ROUGHTIME_PORT over the app's
timesvc.roughtime_port, alike. SIGTERM stops both gracefully: see `serve`.
"""
import base64
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
from .roughtime import RoughtimeListenError, RoughtimeServer

logger = logging.getLogger(__name__)
DEFAULT_GRACEFUL_TIMEOUT = 10.0
# How often the drain loop looks for connections that have become idle.
_DRAIN_POLL = 0.05


def _port(global_conf: dict, environ, variable: str = "http_port", environment: str = "PORT") -> str | None:
    """The port given at startup: `variable=` on the pserve command line, else $`environment`; None if neither."""
    if global_conf.get(variable):
        value, source = global_conf[variable], variable
    elif environ.get(environment):
        value, source = environ[environment], environment
    else:
        return None
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise startup_failure(f"{source} = {value!r} is not a port number (1-65535)")
    return value


def listen_addresses(listen: str, global_conf: dict, environ=os.environ) -> str:
    """The ini's `listen` with each address's port replaced when one was given at startup."""
    port = _port(global_conf, environ)
    if port is None:
        return listen
    return " ".join(f"{address.rpartition(':')[0]}:{port}" for address in listen.split())


def start_roughtime(app, global_conf: dict, environ=os.environ) -> RoughtimeServer | None:
    """Start the app's Roughtime server (timesvc.resources.roughtime), on the port given at startup if one was."""
    roughtime = getattr(getattr(app, "registry", None), "roughtime", None)
    if roughtime is None:
        return None
    server = roughtime.server
    port = _port(global_conf, environ, "roughtime_port", "ROUGHTIME_PORT")
    if port is not None:
        server.port = int(port)
    try:
        server.start()
    except RoughtimeListenError as exc:
        raise startup_failure(str(exc)) from None
    key = "a throwaway key" if roughtime.throwaway_key else f"the key in {app.registry.timesvc_settings.roughtime_key}"
    public_key = base64.b64encode(server.public_key).decode("ascii")
    logger.info("Serving Roughtime on %s:%d, UDP and TCP, with %s: public key %s", server.host, server.port, key, public_key)
    return server


def graceful_timeout(value) -> float:
    """The `graceful_timeout` server option: seconds a SIGTERM waits for in-flight requests."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise startup_failure(f"graceful_timeout = {value!r} is not a number of seconds (0-3600)")
    return seconds


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
            if not channel.requests and not channel.total_outbufs_len:
                channel.will_close = True  # the loop closes it on its next pass, as waitress's own timeout does
        loop.full_pass_next()
    return len([c for c in server_map.values() if isinstance(c, HTTPChannel)])


def is_tuned(app, environ=os.environ) -> bool:
    """timesvc.tuned as the app parsed it; for another app (the benchmarks' peers), from the environment."""
    registry = getattr(app, "registry", None)
    settings = getattr(registry, "timesvc_settings", None)
    return (settings or settings_or_exit({}, environ)).tuned


def run_until_stopped(server, timeout: float = DEFAULT_GRACEFUL_TIMEOUT, tuned_loop: bool = False, reloaders=(), roughtime=None):
    """Run a waitress server until SIGTERM, then drain it for at most `timeout` seconds.

    SIGHUP calls each of `reloaders` (the app's data files are checked again at once) and goes on serving.
    A started RoughtimeServer given as `roughtime` is stopped first on SIGTERM: it finishes the batch it is answering.
    """
    server_map = server.map if hasattr(server, "map") else server._map
    listeners = [d for d in server_map.values() if isinstance(d, BaseWSGIServer)]
    channel = tuned.channel_class(tuned_loop, DefendedChannel)
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
    try:
        while not stopping:
            loop.run_once(server.adj.asyncore_loop_timeout)
            if hangups:
                hangups.clear()
                logger.info("SIGHUP: %s", "checking the data files again now" if reloaders else "no data file to check (the built-in IP data is in use)")
        logger.info("SIGTERM: no longer accepting; finishing in-flight requests (at most %g s)", timeout)
        deadline = time.monotonic() + timeout
        if roughtime is not None:
            roughtime.stop(timeout)
            logger.info("Roughtime stopped")
        left = _drain(server_map, listeners, deadline, loop)
        if left:
            logger.warning("graceful timeout reached: closing %d connections", left)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGHUP, previous_hup)
        if roughtime is not None:
            roughtime.stop(timeout)  # after Ctrl-C; nothing once stopped
        server.task_dispatcher.shutdown(timeout=1)
        wasyncore.close_all(server_map)
        loop.close()


def _start(app, global_conf: dict, settings: dict):
    """The bound HTTP server, the started Roughtime server (or None) and the graceful timeout."""
    timeout = graceful_timeout(settings.pop("graceful_timeout", DEFAULT_GRACEFUL_TIMEOUT))
    settings["listen"] = listen_addresses(settings.get("listen", "*:6543"), global_conf)
    # With waitress's loop (timesvc.tuned off): its default select() loop dies ("filedescriptor out of
    # range") once a descriptor passes 1023, which a connection_limit of 1000 or more allows; poll()
    # has no such limit.
    settings.setdefault("asyncore_use_poll", "true")
    server = waitress.create_server(app, **settings)
    return server, start_roughtime(app, global_conf), timeout  # Roughtime once HTTP's sockets are bound


def serve(app, global_conf, **settings):
    """Serve `app` until SIGTERM, which stops accepting and lets in-flight requests finish."""
    try:
        server, roughtime, timeout = _start(app, global_conf, settings)
    except SystemExit as failure:
        # pserve catches a SystemExit raised by its server runner, prints it on stdout and exits 0: a bad
        # port stops it here instead, as a bad setting does (exit status 1, its one line on stderr).
        print(failure, file=sys.stderr, flush=True)
        logging.shutdown()
        os._exit(1)
    server.print_listen("Serving on http://{}:{}")
    reloaders = getattr(getattr(app, "registry", None), "data_reloaders", ())
    run_until_stopped(server, timeout, is_tuned(app), reloaders, roughtime)
