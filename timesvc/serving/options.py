"""[server:main] read once, the same way for `pserve` (timesvc.serving.runner) and `timesvc check`.

`pserve production.ini http_port=8000` wins over the PORT environment variable, which wins over the port
in the ini's `listen`; `graceful_timeout` in [server:main] bounds a SIGTERM's wait; `send_buffer` fixes
each connection's kernel send buffer; every other option is waitress's, checked by waitress's own parser.
"""
import os

from waitress.adjustments import Adjustments

from ..ops.settings import parse_port, startup_failure

DEFAULT_GRACEFUL_TIMEOUT = 10.0
RUNNER_OPTIONS = ("graceful_timeout", "send_buffer")  # the runner's own, which waitress does not take


def server_options(local_conf: dict, global_conf: dict, ini: str) -> tuple[dict, float, int | None, Adjustments]:
    """(waitress's options, the graceful timeout, the send buffer, waitress's reading of its options) from
    [server:main] of `ini` as PasteDeploy hands it over; one line and exit for anything wrong in it."""
    options = {key: value for key, value in local_conf.items() if key not in RUNNER_OPTIONS}
    timeout = graceful_timeout(local_conf.get("graceful_timeout", DEFAULT_GRACEFUL_TIMEOUT))
    buffer = send_buffer(local_conf.get("send_buffer"))
    options["listen"] = listen_addresses(options.get("listen", "*:6543"), global_conf)
    # With waitress's loop (timesvc.tuned off): its default select() loop dies ("filedescriptor out of
    # range") once a descriptor passes 1023, which a connection_limit of 1000 or more allows; poll() has no
    # such limit.
    options.setdefault("asyncore_use_poll", "true")
    try:
        adjustments = Adjustments(**options)
    except (TypeError, ValueError) as exc:  # an unknown option, or a value waitress cannot read
        raise startup_failure(f"[server:main] in {ini}: {exc}") from None
    return options, timeout, buffer, adjustments


def listen_addresses(listen: str, global_conf: dict, environ=os.environ) -> str:
    """The ini's `listen` with each address's port replaced when one was given at startup:
    `http_port=` on the pserve command line, else $PORT."""
    for source, value in (("http_port", global_conf.get("http_port")), ("PORT", environ.get("PORT"))):
        if value:
            try:
                port = parse_port(value)
            except ValueError:
                raise startup_failure(f"{source} = {value!r} is not a port number (1-65535)") from None
            return " ".join(f"{address.rpartition(':')[0]}:{port}" for address in listen.split())
    return listen


def graceful_timeout(value) -> float:
    """The `graceful_timeout` server option: seconds a SIGTERM waits for in-flight requests."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise startup_failure(f"graceful_timeout = {value!r} is not a number of seconds (0-3600)")
    return seconds


def send_buffer(value) -> int | None:
    """The `send_buffer` server option: bytes of kernel send buffer per connection (SO_SNDBUF), or None for the
    system's own autotuning. Fixed, a connection whose client does not read holds at most twice that in the
    kernel (Linux doubles it), where autotuning lets it grow to net.ipv4.tcp_wmem's maximum (4 MiB here)."""
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and 4096 <= int(text) <= 16 << 20):
        raise startup_failure(f"send_buffer = {value!r} is not a number of bytes from 4096 to 16777216")
    return int(text)
