"""GET /__heartbeat__ (Dockerflow): the health of what the service depends on, for readiness probes."""
from ..health import ERROR, run_checks
from . import service

heartbeat = service("heartbeat", "/__heartbeat__", "Zone data, clock synchronization and error, GeoIP database")


@heartbeat.get()
def get_heartbeat(request):
    status, checks, details = run_checks(request.registry)
    request.response.status_code = 503 if status == ERROR else 200
    request.response.headers["Cache-Control"] = "no-store"
    return {"status": status, "checks": checks, "details": details}
