"""GET /__lbheartbeat__ (Dockerflow): the process answers; checks nothing, for load balancers and liveness."""
from . import service

lbheartbeat = service("lbheartbeat", "/__lbheartbeat__", "Answers 200 {} while the process serves requests")


@lbheartbeat.get()
def get_lbheartbeat(request):
    request.response.headers["Cache-Control"] = "no-store"
    return {}
