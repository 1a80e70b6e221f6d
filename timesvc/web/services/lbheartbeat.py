"""GET /__lbheartbeat__ (Dockerflow): the process answers; checks nothing, for load balancers and liveness."""
from ..openapi import responds
from ..schemas import Body
from . import ServiceSpec

lbheartbeat = ServiceSpec("lbheartbeat", "/__lbheartbeat__", "Answers 200 {} while the process serves requests")


@lbheartbeat.get()
@responds({200: Body(description="Always {}")})
def get_lbheartbeat(request):
    request.response.headers["Cache-Control"] = "no-store"
    return {}
