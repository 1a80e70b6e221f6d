"""Roughtime's /__heartbeat__ check: the listener runs, its online key's validity, and what clients get."""
from ..domain.zone import format_utc
from ..ops.health import ERROR, OK, WARNING, Check
from ..serving.hooks import LISTENING, NOT_LISTENING
from .protocol.drops import Drop
from .protocol.radius import vouched

def roughtime(registry) -> Check:
    """The Roughtime listener runs, and for how long its online key stays valid; a warning for a throwaway key,
    or while the kernel vouches for no clock error bound (requests dropped, or answered with a radius that
    bounds nothing); an error when the listener is not running."""
    held = registry.roughtime
    server = held.server
    details = {"state": server.state, "port": server.port}
    if server.state != LISTENING:
        return Check(ERROR, {**details, "message": NOT_LISTENING[server.state]})
    latest, now = server.delegations.latest, registry.clock() // 10**9
    details.update(delegation_valid_until=format_utc(latest.maxt * 10**9, "seconds"), delegation_remaining_s=max(0, latest.maxt - now))
    if now >= latest.mint + server.delegations.handover:
        details["delegation_renewal"] = "due: the next request gets a new online key"
    warnings = []
    if held.throwaway_key:
        warnings.append("a throwaway key, which changes at every start: set timesvc.roughtime_key to a key file")
    if not vouched(server.clock_status()):
        warnings.append(
            f"the kernel vouches for no clock error bound: answering with a radius of {server.radius_now()} s, which bounds nothing"
            if server.serve_unsynchronized
            else f"the kernel vouches for no clock error bound: every request is dropped ({server.counters.drops[Drop.CLOCK_UNSYNCHRONIZED]} so far)"
        )
    if warnings:
        return Check(WARNING, {**details, "message": "; ".join(warnings)})
    return Check(OK, details)
