"""timezoned's /__heartbeat__ check: its listener runs."""
from ..ops.health import ERROR, OK, WARNING, Check
from ..serving.hooks import LISTENING, NOT_LISTENING

def timezoned(registry) -> Check:
    """The timezoned listener runs; a warning when development skipped it (its port taken), else an error when not running."""
    server = registry.timezoned
    details = {"state": server.state, "port": server.port, "sources_remembered": len(server.limit)}
    if server.state == LISTENING:
        return Check(OK, details)
    if server.skipped:
        message = f"skipped: another process holds port {server.port}, and ezTime's devices use that port alone (timesvc.listener_port_taken = move)"
        return Check(WARNING, {**details, "message": message})
    return Check(ERROR, {**details, "message": NOT_LISTENING[server.state]})
