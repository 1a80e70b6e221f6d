"""The worldtimeapi.org answer format: the same fields, order, types and text rendering."""
from .zone import Transition, Zone, utc_datetime

# The order worldtimeapi.org used, in JSON and in its `key: value` text answers alike.
FIELDS = (
    "abbreviation",
    "client_ip",
    "datetime",
    "day_of_week",
    "day_of_year",
    "dst",
    "dst_from",
    "dst_offset",
    "dst_until",
    "raw_offset",
    "timezone",
    "unixtime",
    "utc_datetime",
    "utc_offset",
    "week_number",
)
# More transitions than any zone has inside one DST period (London's war years had ten).
_MAX_STEPS = 64


def _utc_text(seconds: int) -> str:
    return utc_datetime(seconds * 1_000_000_000).isoformat(timespec="seconds")


def dst_period(zone: Zone, seconds: int) -> tuple[Transition | None, Transition | None]:
    """The transitions that began and will end the DST period in force at `seconds`."""
    start = zone.previous_transition(seconds)
    for _ in range(_MAX_STEPS):
        earlier = zone.previous_transition(start.at - 1) if start else None
        if earlier is None or not earlier.dst:
            break
        start = earlier
    return start, _period_end(zone, seconds)


def _period_end(zone: Zone, seconds: int) -> Transition | None:
    count = 2  # almost always enough: the next transition ends the period
    while count <= _MAX_STEPS:
        following = zone.next_transitions(seconds, count)
        end = next((t for t in following if not t.dst), None)
        if end is not None or len(following) < count:
            return end
        count *= 4
    return None


def worldtime(zone: Zone, epoch_ns: int, client_ip: str) -> dict:
    """The worldtimeapi.org body for a zone at an instant, keys in worldtimeapi's order."""
    now = zone.describe(epoch_ns)
    seconds = epoch_ns // 1_000_000_000
    dst_from = dst_until = None
    if now["dst"]:
        start, end = dst_period(zone, seconds)
        dst_from = _utc_text(start.at) if start else None
        dst_until = _utc_text(end.at) if end else None
    return {
        "abbreviation": now["abbreviation"],
        "client_ip": client_ip,
        "datetime": now["datetime"],
        "day_of_week": now["day_of_week"] % 7,  # ISO Monday = 1 … Sunday = 7; worldtimeapi: Sunday = 0
        "day_of_year": now["day_of_year"],
        "dst": now["dst"],
        "dst_from": dst_from,
        "dst_offset": now["dst_offset"],
        "dst_until": dst_until,
        "raw_offset": now["raw_offset"],
        "timezone": now["timezone"],
        "unixtime": seconds,
        "utc_datetime": utc_datetime(epoch_ns).isoformat(timespec="microseconds"),
        "utc_offset": now["utc_offset"],
        "week_number": now["week_number"],
    }


def _text_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_text(body: dict) -> str:
    """worldtimeapi's text answer: one `key: value` line per field, null as an empty value."""
    return "\n".join(f"{key}: {_text_value(body[key])}" for key in FIELDS)
