"""When a request arrived, for the NTP-style offset on /time?t1=...: T2 must be read before any work.

The tween sits at the top of the chain, so only waitress's parsing and Pyramid's request object
come before it. It reads the clock only when the query string mentions t1, so that requests
without it (the hot path) pay one substring test, not a clock read.
"""
KEY = "timesvc.received_ns"


def received_tween_factory(handler, registry):
    def received_tween(request):
        environ = request.environ
        if "t1" in environ.get("QUERY_STRING", ""):
            environ[KEY] = registry.clock()
        return handler(request)

    return received_tween


def received_ns(request) -> int:
    """The registry clock when the request entered the tweens (now, if the tween did not stamp it)."""
    return request.environ.get(KEY) or request.registry.clock()

