"""The IP data's /__heartbeat__ check."""
from ..ops.health import OK, WARNING, Check
from .resource import ip_data_facts


def ip_data(registry) -> Check:
    """What answers time by IP address; a warning while a replacement of the operator's file is refused."""
    details = ip_data_facts(registry)
    failure = getattr(registry.geoip, "failure", None)
    if failure is not None:
        return Check(WARNING, {**details, "message": f"a replacement was refused ({failure.reason}); the file loaded before still answers"})
    return Check(OK, details)
