"""T2 and T3 of the NTP-style offset on /time?t1=...: when the request arrived, when its answer leaves.

T2. Under timesvc's server runner with timesvc.tuned on, the connection stamps each request when its last
byte is read (timesvc.tuned.stamps) and puts it in the environ under KEY. Otherwise this tween, at the top
of the chain, reads the app's clock before any other work: only waitress's parsing, its task queue and
Pyramid's request object come before it. It reads the clock only when the query string mentions t1 and
no stamp is there yet, so that requests without it (the hot path) pay one substring test.

T3. The view writes `transmit_ns` from the app's clock and notes it with `transmitted`: under timesvc's
runner with tuned on, the same clock's reading replaces those digits as the body's bytes are handed to
the socket; otherwise the view's reading stands.
"""
KEY = "timesvc.received_ns"
TRANSMIT = "timesvc.transmit"  # (the digits of transmit_ns as written, the clock to write over them)


def received_tween_factory(handler, registry):
    def received_tween(request):
        environ = request.environ
        if "t1" in environ.get("QUERY_STRING", "") and KEY not in environ:
            environ[KEY] = registry.clock()
        return handler(request)

    return received_tween


def received_ns(request) -> int:
    """When the request arrived: the connection's stamp, else the tween's, else now."""
    return request.environ.get(KEY) or request.registry.clock()


def transmitted(request) -> int:
    """transmit_ns for the answer: the app's clock now, noted so that the server may stamp it again as the bytes leave."""
    clock = request.registry.clock
    now = clock()
    request.environ[TRANSMIT] = (b"%d" % now, clock)
    return now
