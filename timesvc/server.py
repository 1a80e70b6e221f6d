"""The paste server runner: waitress, with the port taken from the command line or $PORT.

`pserve production.ini http_port=8000` wins over the PORT environment variable, which wins over
the port in the ini's `listen`.
"""
import os

import waitress


def _port(global_conf: dict, environ) -> str | None:
    if global_conf.get("http_port"):
        value, source = global_conf["http_port"], "http_port"
    elif environ.get("PORT"):
        value, source = environ["PORT"], "PORT"
    else:
        return None
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise SystemExit(f"timesvc: configuration error: {source} = {value!r} is not a port number (1-65535)")
    return value


def listen_addresses(listen: str, global_conf: dict, environ=os.environ) -> str:
    """The ini's `listen` with each address's port replaced when one was given at startup."""
    port = _port(global_conf, environ)
    if port is None:
        return listen
    return " ".join(f"{address.rpartition(':')[0]}:{port}" for address in listen.split())


def serve(app, global_conf, **settings):
    settings["listen"] = listen_addresses(settings.get("listen", "*:6543"), global_conf)
    waitress.serve(app, **settings)
