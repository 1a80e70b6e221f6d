"""`timesvc check INI`: what `pserve INI` would serve, or the one line that would stop it, without binding a port.

As `nginx -t` and `promtool check config` do, for CI/CD before a deployment: the app is built from the
ini and the environment exactly as pserve builds it (every setting parsed, every file the settings name
read: the zone data, the IP database, the Roughtime key, the version file), the [server:main] options
are checked by waitress's own parser, and the app's health checks run once. Nothing listens: the
listeners are started only by the server runner. Exit status 0, or 1 with the startup failure's line.
"""
import logging
import os
import sys

from paste.deploy.loadwsgi import SERVER, loadcontext
from pyramid.paster import get_app

from ..ops.settings import startup_failure
from .options import server_options

OK, FAILED = 0, 1


def _server_lines(ini: str, command_line: dict) -> list[str]:
    # [server:main] as PasteDeploy hands it to the runner, inherited options (use = config:...) included.
    given = loadcontext(SERVER, f"config:{os.path.abspath(ini)}", name="main", global_conf=command_line).local_conf
    options, timeout, _, adjustments = server_options(given, command_line, ini)
    listen = " ".join(options["listen"].split())
    return [f"HTTP: {listen} ({adjustments.threads} threads, at most {adjustments.connection_limit} connections, graceful stop {timeout:g} s)"]


def _check_line(name: str, state: str, details: dict) -> str:
    message = details.get("message")
    facts = ", ".join(f"{key} {value}" for key, value in details.items() if key != "message")
    return f"check {name}: {state}" + (f": {message}" if message else "") + (f" ({facts})" if facts else "")


def _app_lines(app) -> list[str]:
    registry = app.registry
    settings = registry.timesvc_settings
    lines = [f"listener {listener.name}: {listener.where}" for listener in registry.listeners]
    # A listener's own check reports on it running, which only the server runner starts.
    checks = {name: check for name, check in registry.heartbeats.items() if name not in {each.health_check for each in registry.listeners}}
    _, statuses, details = registry.heartbeat_runner.run(registry, checks)
    lines += [_check_line(name, state, details[name]) for name, state in statuses.items()]
    lines.append(f"timesvc.tuned: {'on' if settings.tuned else 'off'}; metrics: {'on' if settings.metrics else 'off'}")
    return lines


def check(ini: str, command_line: dict | None = None, out=sys.stdout) -> int:
    """Print what `pserve ini` would serve and return OK, or print the line that would stop it and return FAILED.

    The environment's TIMESVC_* variables and PORT apply, as they do to pserve."""
    command_line = command_line or {}
    # Warnings the app logs while it is built (a throwaway Roughtime key...) are part of the answer.
    warnings = logging.StreamHandler(out)
    warnings.setLevel(logging.WARNING)
    warnings.setFormatter(logging.Formatter("warning: %(message)s"))
    logging.getLogger().addHandler(warnings)
    try:
        if not os.path.isfile(ini):
            raise startup_failure(f"{ini}: no such file")
        server = _server_lines(ini, command_line)
        app = get_app(ini, "main", options=command_line)
        lines = server + _app_lines(app)
    except SystemExit as failure:
        print(failure, file=out)
        return FAILED
    except Exception as exc:  # an ini PasteDeploy cannot read: its message is the line
        print(startup_failure(f"{ini}: {type(exc).__name__}: {' '.join(str(exc).split())}"), file=out)
        return FAILED
    finally:
        logging.getLogger().removeHandler(warnings)
    print(f"{ini}: pserve would serve", file=out)
    for line in lines:
        print(f"  {line}", file=out)
    return OK
