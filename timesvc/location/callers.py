"""Who is calling: the caller's address as waitress reports it, and whether a proxy stands between.

The address is waitress's REMOTE_ADDR, rewritten from X-Forwarded-For or Forwarded only when the
peer is a `trusted_proxy` (never WebOb's client_addr, which believes X-Forwarded-For from anyone).
A proxy waitress does not trust is the peer itself: its address (127.0.0.1 for a local nginx) is
not the caller's, which matters for the local-network rule (timesvc.local_timezone). waitress drops
such a peer's proxy headers before the app runs; timesvc's server runner notes them first
(timesvc.serving.proxies).
"""
import ipaddress
import logging

from ..serving.proxies import UNTRUSTED_PROXY_HEADERS

logger = logging.getLogger(__name__)
# The proxy headers that name the caller; waitress rewrites REMOTE_ADDR from the first two only, and
# only for a trusted peer.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def client_address(request) -> str:
    """The peer's address as waitress reports it: rewritten from proxy headers only for a trusted proxy."""
    return request.remote_addr or ""


def _named(header: str, value: str):
    """The addresses a proxy header names (X-Forwarded-For: a, b; Forwarded: for="[::1]:80";...)."""
    for part in value.split(","):
        if header == "HTTP_FORWARDED":
            pairs = (item.partition("=") for item in part.split(";"))
            part = next((given for key, _, given in pairs if key.strip().lower() == "for"), "")
        text = part.strip().strip('"')
        if text.startswith("["):
            text = text[1 : text.find("]")]
        elif text.count(":") == 1:
            text = text.partition(":")[0]  # an IPv4 address with its port
        try:
            yield str(ipaddress.ip_address(text))
        except ValueError:
            continue


def through_untrusted_proxy(request) -> bool:
    """Whether the peer is a proxy the server does not trust, forwarding someone else's request.

    So it is when a peer waitress does not trust sent any proxy header (noted by timesvc's server
    runner, since waitress has dropped them), or when the headers the app sees name addresses
    without the peer's: had the server believed them, REMOTE_ADDR would be one they name (another
    WSGI server passes every header on; a trusted proxy may send none that waitress believes).
    """
    environ = request.environ
    if environ.get(UNTRUSTED_PROXY_HEADERS):
        return True
    present = [(header, environ[header]) for header in PROXY_HEADERS if environ.get(header)]
    if not present:
        return False
    named = {address for header, value in present for address in _named(header, value)}
    return client_address(request) not in named


def warn_once_about_proxy(registry, address: str):
    """Say once per app that trusted_proxy should be set, when a local caller turns out to be a proxy."""
    if not getattr(registry, "untrusted_proxy_reported", False):
        registry.untrusted_proxy_reported = True
        logger.warning(
            "requests come through a proxy at %s that waitress does not trust: its callers cannot be told from "
            "the proxy, so none gets the local network's zone; set trusted_proxy (and trusted_proxy_headers) in "
            "[server:main] to the proxy's address",
            address,
        )
