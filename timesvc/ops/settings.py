"""Every timesvc.* setting, parsed and validated in one place.

Precedence: a listener's port given as `NAME=` on the pserve command line (`roughtime_port=5320`), then the
environment variable TIMESVC_<NAME>, then the ini's [app:main], then the default.
"""
import json
import logging
import os
from dataclasses import dataclass

logger = logging.getLogger(__name__)
PREFIX = "timesvc."
ENV_PREFIX = "TIMESVC_"


class ConfigurationError(ValueError):
    """A setting has a value the service cannot run with."""


def startup_failure(message: str) -> SystemExit:
    """What stops pserve on bad configuration: one line on stderr, no traceback, exit status 1."""
    return SystemExit(f"timesvc: configuration error: {message}")


@dataclass(frozen=True)
class Settings:
    default_timezone: str = "UTC"
    tzdata_source: str = "package"
    cors_origins: tuple[str, ...] = ()
    geoip_database: str | None = None
    geoip_check_interval: float = 5.0
    local_timezone: str = "system"
    require_clock_sync: bool = False
    max_clock_error: float = 1.0
    version_file: str = "version.json"
    metrics: bool = True
    heartbeat_timeout: float = 2.0
    tuned: bool = True
    roughtime: str = "auto"
    roughtime_key: str | None = None
    roughtime_host: str = "127.0.0.1"
    roughtime_port: int | None = None  # None: Roughtime's own port, 5319 (timesvc.roughtime)
    roughtime_unsynchronized: str = "drop"
    timezoned: bool = False
    timezoned_host: str = "127.0.0.1"
    timezoned_port: int = 2342  # ezTime's, compiled into every device (timesvc.timezoned)
    listener_port_taken: str = "stop"


def _choice(*allowed):
    def parse(value):
        if value not in allowed:
            raise ValueError(f"expected one of: {', '.join(allowed)}")
        return value

    return parse


def _text(value):
    if not value:
        raise ValueError("expected a non-empty value")
    return value


BOOLEANS = {"true": True, "on": True, "yes": True, "1": True, "false": False, "off": False, "no": False, "0": False}


def _boolean(value):
    try:
        return BOOLEANS[value.lower()]
    except KeyError:
        raise ValueError("expected one of: on, off (or true/false, yes/no, 1/0)") from None


def _seconds(value):
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ValueError("expected a number of seconds, 0 or more (e.g. 0.5)")
    return seconds


def _positive_seconds(maximum: float, example: str):
    def parse(value):
        seconds = _seconds(value)
        if not 0 < seconds <= maximum:
            raise ValueError(f"expected a number of seconds above 0, at most {maximum:g} (e.g. {example})")
        return seconds

    return parse


def parse_port(value: str) -> int:
    """A TCP or UDP port number, 1-65535, in ASCII digits; ValueError otherwise."""
    if not (value.isascii() and value.isdigit() and 0 < int(value) < 65536):
        raise ValueError("expected a port number, 1-65535")
    return int(value)


def _version_file(value):
    """The build's version.json: absent is fine (the installed package answers); present, it must be readable JSON."""
    if not os.path.exists(_text(value)):
        return value
    try:
        with open(value, encoding="utf-8") as file:
            built = json.load(file)
    except OSError as exc:
        raise ValueError(f"the file cannot be read: {exc.strerror}") from None
    except ValueError as exc:
        raise ValueError(f"the file is not JSON: {exc}") from None
    if not isinstance(built, dict):
        raise ValueError("the file holds no JSON object")
    return value


def _origins(value):
    return tuple(value.split())  # empty: CORS off


def _readable_file(value):
    if not os.path.isfile(value):
        raise ValueError("no such file")
    if not os.access(value, os.R_OK):
        raise ValueError("the file is not readable by this process")
    return value


PARSERS = {
    "default_timezone": _text,  # checked against the zone catalogue when it loads
    "tzdata_source": _choice("package", "system"),
    "cors_origins": _origins,
    "geoip_database": _readable_file,  # a MaxMind-format .mmdb, opened by timesvc.location.resource
    "geoip_check_interval": _positive_seconds(10, "5"),  # how often that file is checked for a replacement
    # The zone of callers on the local network: system (the host's), off, or a zone name (checked when the catalogue loads).
    "local_timezone": _text,
    "require_clock_sync": _boolean,
    "max_clock_error": _seconds,
    "version_file": _version_file,  # may be absent: /__version__ then reports the installed package
    "metrics": _boolean,
    "heartbeat_timeout": _positive_seconds(60, "2"),  # how long /__heartbeat__ waits for each check
    # The speed tricks of timesvc.tuned (the app's and the server runner's); off: public APIs only.
    "tuned": _boolean,
    # Roughtime (timesvc.roughtime.resource): auto serves it when roughtime_key names a key file; on serves
    # it with a throwaway key when none is named (development only); off never.
    "roughtime": _choice("auto", "on", "off"),
    "roughtime_key": _text,  # the long-term key's PEM file; a file that cannot be used stops startup
    "roughtime_host": _text,  # the one address both sockets are bound to (0.0.0.0: every IPv4 interface)
    "roughtime_port": parse_port,
    # When the kernel vouches for no error bound: drop requests (counted), or answer with the error it reports.
    "roughtime_unsynchronized": _choice("drop", "answer"),
    # ezTime's timezoned protocol over UDP (timesvc.timezoned): on or off, the one address it is bound to
    # (0.0.0.0: every IPv4 interface, for the LAN's devices) and its port.
    "timezoned": _boolean,
    "timezoned_host": _text,
    "timezoned_port": parse_port,
    # A listener beside HTTP (Roughtime's, timezoned's) whose port another process holds: stop startup with one line
    # (production), or move (development: a second instance started with only its HTTP port changed
    # serves; a listener whose clients cannot use another port is skipped with one warning line).
    "listener_port_taken": _choice("stop", "move"),
}

# Settings for which an empty value means "unset" (the feature off) rather than a mistake.
OPTIONAL = {"cors_origins", "geoip_database", "roughtime_key"}
# Settings pserve may be given on its command line, as `pserve development.ini roughtime_port=5320`.
COMMAND_LINE = {"roughtime_port", "timezoned_port"}
# Environment variables kept one release after their setting got its TIMESVC_ name; each use is logged.
DEPRECATED_ENVIRONMENT = {"ROUGHTIME_PORT": "roughtime_port"}


def raw_value(name: str, ini: dict, environ, command_line: dict | None = None) -> tuple[str | None, str]:
    """The text given for a setting and where it came from (the command line, the environment, the ini, or 'default')."""
    if name in COMMAND_LINE and (command_line or {}).get(name):
        return str(command_line[name]).strip(), f"{name} on the command line"
    env_name = ENV_PREFIX + name.upper()
    if env_name in environ:
        return environ[env_name].strip(), f"environment variable {env_name}"
    for old, setting in DEPRECATED_ENVIRONMENT.items():
        if setting == name and old in environ:
            return environ[old].strip(), f"environment variable {old}"
    if PREFIX + name in ini:
        return str(ini[PREFIX + name]).strip(), f"ini setting {PREFIX}{name}"
    return None, "default"


def source_of(name: str, ini: dict, environ=os.environ) -> str:
    return raw_value(name, ini, environ)[1]


def deprecations(environ=os.environ) -> list[str]:
    """What to log for each deprecated environment variable set."""
    return [
        f"environment variable {old} is deprecated and will be dropped: set {ENV_PREFIX}{name.upper()} instead"
        for old, name in DEPRECATED_ENVIRONMENT.items()
        if old in environ and ENV_PREFIX + name.upper() not in environ
    ]


def parse_settings(ini: dict, environ=os.environ, command_line: dict | None = None) -> Settings:
    """Typed settings from the ini values, the environment and pserve's command line; ConfigurationError names the culprit."""
    unknown = sorted(key for key in ini if key.startswith(PREFIX) and key[len(PREFIX):] not in PARSERS)
    if unknown:  # most likely a typo, which would otherwise leave the default silently in force
        raise ConfigurationError(f"ini setting {unknown[0]} is unknown; known: {', '.join(PREFIX + name for name in PARSERS)}")
    values = {}
    for name, parse in PARSERS.items():
        text, source = raw_value(name, ini, environ, command_line)
        if text is None or (not text and name in OPTIONAL):
            continue
        try:
            values[name] = parse(text)
        except ValueError as exc:
            raise ConfigurationError(f"{source} = {text!r} is invalid: {exc}") from None
    return Settings(**values)


def settings_or_exit(ini: dict, environ=os.environ, command_line: dict | None = None) -> Settings:
    """parse_settings, or the one-line startup failure that stops pserve."""
    try:
        return parse_settings(ini, environ, command_line)
    except ConfigurationError as exc:
        raise startup_failure(str(exc)) from None


def includeme(config):
    settings = config.get_settings()
    # Cornice's catch-all exception views would answer in HTML; timesvc.web.errors answers in JSON.
    settings["handle_exceptions"] = False
    # pserve's `name=value` arguments reach the app as its global configuration (timesvc.main keeps it).
    command_line = getattr(config.registry, "command_line", {})
    config.registry.timesvc_settings = settings_or_exit(settings, os.environ, command_line)
    for line in deprecations():
        logger.warning("%s", line)
