"""The checks /__heartbeat__ runs: `registry.heartbeats` maps a name to a callable(registry) → Check.

The zone data and clock checks are here; a feature adds its own with `config.add_health_check(name, check)`
(Roughtime, the IP data). Tests and deployments may swap or add callables; a check that raises counts
as an error, and so does one that does not answer within `timesvc.heartbeat_timeout`.
"""
import threading
import time
from dataclasses import dataclass, field

OK, WARNING, ERROR = "ok", "warning", "error"
SEVERITY = {OK: 0, WARNING: 1, ERROR: 2}


@dataclass(frozen=True)
class Check:
    status: str
    details: dict = field(default_factory=dict)


def zone_data(registry) -> Check:
    """The zone data can still be read: the index and the default zone's file."""
    catalogue = registry.catalogue
    catalogue.source.read("tzdata.zi")
    catalogue.source.read(registry.default_zone.name)
    return Check(OK, {"tzdata_version": catalogue.version, "zones": len(catalogue.names)})


def _clock_failure(registry) -> str:
    """How a failing clock check counts: an error only when require_clock_sync is on."""
    return ERROR if registry.timesvc_settings.require_clock_sync else WARNING


def clock_sync(registry) -> Check:
    """The kernel considers the clock synchronized; an error only when require_clock_sync is on."""
    synchronized = registry.clock_status().synchronized
    if synchronized:
        return Check(OK, {"synchronized": True})
    failing = _clock_failure(registry)
    reason = "the kernel reports the clock unsynchronized" if synchronized is False else "this system cannot tell"
    return Check(failing, {"synchronized": synchronized, "message": reason})


def clock_error(registry) -> Check:
    """The kernel's maximum error bound is within max_clock_error; failing as clock_sync does."""
    max_error = registry.clock_status().max_error
    settings = registry.timesvc_settings
    details = {"max_error": max_error, "limit": settings.max_clock_error}
    failing = _clock_failure(registry)
    if max_error is None:
        return Check(failing, {**details, "message": "this system does not report its clock error"})
    if max_error > settings.max_clock_error:
        return Check(failing, {**details, "message": f"clock error up to {max_error} s exceeds {settings.max_clock_error} s"})
    return Check(OK, details)


class _Run:
    """One run of one check, on a daemon thread of its own (a hung check must not block exit)."""

    def __init__(self, check, registry, monotonic):
        self.started = monotonic()
        self.done = threading.Event()
        self.result = None
        threading.Thread(target=self._run, args=(check, registry), name="heartbeat check", daemon=True).start()

    def _run(self, check, registry):
        try:
            self.result = check(registry)
        except Exception as exc:  # a broken dependency is what a heartbeat exists to report
            self.result = Check(ERROR, {"message": f"{type(exc).__name__}: {exc}"})
        self.done.set()


class CheckRunner:
    """Runs the checks off the request thread, each with a timeout; a check still running is not
    started again, so a hung check holds one thread of its own and never a request thread."""

    def __init__(self, timeout: float, monotonic=time.monotonic):
        self.timeout, self.monotonic = timeout, monotonic
        self._runs: dict[str, _Run] = {}
        self._lock = threading.Lock()

    def run(self, registry, checks: dict) -> tuple[str, dict, dict]:
        """(overall status, {name: status}, {name: details}); the overall status is the worst one."""
        with self._lock:
            runs = {}
            for name, check in checks.items():
                run = self._runs.get(name)
                if run is None or run.done.is_set():
                    run = self._runs[name] = _Run(check, registry, self.monotonic)
                runs[name] = run
        deadline = self.monotonic() + self.timeout
        for run in runs.values():
            run.done.wait(max(0.0, deadline - self.monotonic()))
        statuses, details = {}, {}
        for name, run in runs.items():
            result = run.result if run.done.is_set() else self._unanswered(run)
            statuses[name], details[name] = result.status, result.details
        overall = max(statuses.values(), key=SEVERITY.__getitem__, default=OK)
        return overall, statuses, details

    def _unanswered(self, run: _Run) -> Check:
        running = self.monotonic() - run.started
        return Check(ERROR, {"message": f"no answer within {self.timeout:g} s (running for {running:.1f} s)"})


def add_health_check(config, name: str, check):
    """The `config.add_health_check(name, check)` directive: a feature's check, run by /__heartbeat__ as `name`."""
    config.registry.heartbeats[name] = check


def includeme(config):
    config.registry.heartbeats = {"zone_data": zone_data, "clock_sync": clock_sync, "clock_error": clock_error}
    config.registry.heartbeat_runner = CheckRunner(config.registry.timesvc_settings.heartbeat_timeout)
    config.add_directive("add_health_check", add_health_check)
