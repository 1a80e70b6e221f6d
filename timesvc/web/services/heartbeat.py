"""GET /__heartbeat__ (Dockerflow): the health of what the service depends on, for readiness probes."""
import colander

from ...ops.health import ERROR, OK, WARNING
from ..openapi import responds
from ..schemas import Body
from . import ServiceSpec

heartbeat = ServiceSpec("heartbeat", "/__heartbeat__", "The health of what the service depends on: zone data, clock synchronization and error, IP data, and each served feature (Roughtime, timezoned)")


def by_check(description: str) -> colander.SchemaNode:
    """An object keyed by check name: the checks vary with the settings."""
    return colander.SchemaNode(colander.Mapping(unknown="preserve"), description=description)


class Health(Body):
    status = colander.SchemaNode(colander.String(), validator=colander.OneOf([OK, WARNING, ERROR]), description="The worst check's status")
    checks = by_check("Each check's status: ok, warning or error")
    details = by_check("Each check's details")


@heartbeat.get()
@responds({200: Health(), 503: Health()})
def get_heartbeat(request):
    registry = request.registry
    status, checks, details = registry.heartbeat_runner.run(registry, registry.heartbeats)
    request.response.status_code = 503 if status == ERROR else 200
    request.response.headers["Cache-Control"] = "no-store"
    return {"status": status, "checks": checks, "details": details}
