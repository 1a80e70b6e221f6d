"""GET /__lbheartbeat__ (Dockerflow): the process answers; checks nothing, for load balancers and liveness."""
from ..openapi import responds
from . import service
from .schemas import Body

lbheartbeat = service("lbheartbeat", "/__lbheartbeat__", "Answers 200 {} while the process serves requests")


@lbheartbeat.get()
@responds({200: Body(description="Always {}")})
def get_lbheartbeat(request):
    request.response.headers["Cache-Control"] = "no-store"
    return {}
