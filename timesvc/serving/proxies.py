"""Proxy headers from a peer waitress does not trust: noted for the app before waitress drops them.

waitress deletes X-Forwarded-* and Forwarded from every peer that is not its `trusted_proxy`
(`clear_untrusted_proxy_headers`, on by default) before the app runs, so an app cannot tell a caller
from an untrusted reverse proxy forwarding someone else's request: both arrive as the peer's address
with no header. Each request's environ therefore carries UNTRUSTED_PROXY_HEADERS: the proxy headers
(waitress's six, and X-Real-IP, which it neither reads nor drops) that a peer waitress does not trust
sent, by name, e.g. `("X-Forwarded-For",)`; absent when there are none. waitress itself is left as
configured: it still drops these headers and never believes them.

Why here, and not another way. Turning `clear_untrusted_proxy_headers` off would let the headers
through, but the app could then no longer tell a trusted proxy's request (REMOTE_ADDR rewritten by
waitress) from an untrusted peer naming its own address in a forged X-Forwarded-For, and every app
this runner serves (the benchmarks' peers too) would receive forgeable headers. Wrapping waitress's
proxy middleware from outside needs its internals as much as this does, in more places. So the task
that builds the environ notes the headers, before waitress's middleware sees them: another app served
here only gains one environ key.

What this relies on in waitress (tests/serving/test_waitress_internals.py pins each): WSGITask's
get_environment() builds the environ once, keeps it in `self.environ`, with REMOTE_ADDR the peer's
address and each header as `HTTP_<NAME>`, and hands that same dict to the server's application, the
proxy middleware; that middleware trusts a peer exactly when `trusted_proxy` is "*" or its address.
"""
UNTRUSTED_PROXY_HEADERS = "timesvc.untrusted_proxy_headers"
# waitress's list (waitress.proxy_headers.PROXY_HEADERS), then X-Real-IP, as clients write them.
NOTED = ("X-Forwarded-For", "Forwarded", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-By", "X-Real-IP")
_KEYS = tuple(("HTTP_" + name.upper().replace("-", "_"), name) for name in NOTED)


def trusted(trusted_proxy: str | None, peer: str) -> bool:
    """Whether waitress believes `peer`'s proxy headers, by its own rule."""
    return trusted_proxy is not None and trusted_proxy in ("*", peer)


class ProxyHeadersNoted:
    """For waitress WSGITask subclasses: the environ notes the proxy headers an untrusted peer sent."""

    def get_environment(self):
        if self.environ is not None:  # built already, and perhaps changed by waitress's middleware since
            return self.environ
        environ = super().get_environment()
        if not trusted(self.channel.server.adj.trusted_proxy, environ["REMOTE_ADDR"]):
            sent = tuple(name for key, name in _KEYS if key in environ)
            if sent:
                environ[UNTRUSTED_PROXY_HEADERS] = sent
        return environ
