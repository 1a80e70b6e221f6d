"""What a feature hands the server runner: listeners of its own (Roughtime's UDP and TCP), and reloaders for SIGHUP.

`config.add_listener(listener)` registers a listener with the app; timesvc's paste server runner starts
every listener once HTTP's sockets are bound, and stops each on SIGTERM before draining HTTP. Another WSGI
server starts none. A listener is any object with:

- `name`: what the log and errors call it ("Roughtime");
- `where`: where it is to listen, and with what (`timesvc check` prints it);
- `health_check`: the name of its /__heartbeat__ check, which reports on it running (`timesvc check` leaves it out);
- `start() -> str`: bind and serve, returning the log line that says where; ListenError when it cannot bind;
- `elsewhere() -> str | None`: after start() found its port taken, with timesvc.listener_port_taken = move
  (development): serve on a free port and return the log line, or None where another port is no use to
  its clients (it is then skipped);
- `stop(timeout: float)`: stop serving, finishing what it is answering within `timeout` seconds.

A listener that serves from one thread takes its `state` (NOT_STARTED, LISTENING, STOPPED, FAILED: what its
health check and metrics report) from ServingThread.

`config.add_reloader(function)`: the runner calls `function()` on SIGHUP, from the signal handler: it must
only set a flag or an event (the IP data's watcher checks its file again at once).
"""


NOT_STARTED, LISTENING, STOPPED, FAILED = "not started", "listening", "stopped", "failed"
# What a listener's health check says of each state but LISTENING.
NOT_LISTENING = {
    NOT_STARTED: "not started: only timesvc's server runner (pserve with [server:main] use = egg:timesvc) starts it",
    STOPPED: "stopped",
    FAILED: "its listener ended: the log says why",
}


class ServingThread:
    """For a listener serving from one thread: its state, from `_thread` (set by start()) and `_started`."""

    _thread = None
    _started = False

    @property
    def state(self) -> str:
        """LISTENING; FAILED once its thread has ended by itself (the reason is logged); STOPPED; NOT_STARTED."""
        if self._thread is not None:
            return LISTENING if self._thread.is_alive() else FAILED
        return STOPPED if self._started else NOT_STARTED


class ListenError(OSError):
    """A listener's socket could not be bound; the message is one line naming the address and the reason."""

    def __str__(self):
        return self.strerror


def add_listener(config, listener):
    """The `config.add_listener(listener)` directive."""
    config.registry.listeners.append(listener)


def add_reloader(config, reload):
    """The `config.add_reloader(function)` directive."""
    config.registry.data_reloaders.append(reload)


def includeme(config):
    config.registry.listeners = []
    config.registry.data_reloaders = []
    config.add_directive("add_listener", add_listener)
    config.add_directive("add_reloader", add_reloader)
