"""Which catalogue zones a compiled TZif file, or a POSIX TZ rule, describes.

Two files are the same zone when their clocks agree (UTC offset and abbreviation) at every
transition either of them lists: a "fat" file from a system's zoneinfo then matches the "slim"
file of the tzdata package, whose later transitions come from its footer rule.
"""
import io
import re
import struct
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .tzif import TZifData, parse_tzif

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Transitions before 1800 are the "big bang" placeholders zic writes, not history; clamping them
# also keeps every instant inside datetime's range.
_FIRST = -5364662400  # 1800-01-01T00:00:00Z
_LAST = 253402214400  # 9999-12-31T00:00:00Z
_DAY = 86400
# tz's own criterion for a zone of its own: clocks that differ since 1970. Builds with backzone
# (Debian's, for one) differ from the package's main data before 1970 only.
SINCE_1970 = 0
_POSIX_HEAD = re.compile(r"(?P<std><[^>]+>|[A-Za-z]{3,})(?P<offset>[+-]?\d{1,2}(?::\d\d){0,2})(?P<dst><[^>]+>|[A-Za-z]{3,})?")


def read_tzif(data: bytes) -> TZifData | None:
    """The parsed file, or None when it is not a TZif version 2+ file zoneinfo can read."""
    try:
        parsed = parse_tzif(data)
        ZoneInfo.from_file(io.BytesIO(data))
    except (ValueError, struct.error, IndexError):
        return None
    return parsed


class _Clocks:
    """What a zone file's clocks show (offset, abbreviation) at instants, each computed once."""

    def __init__(self, data: bytes):
        self.table = parse_tzif(data)
        self._zone = ZoneInfo.from_file(io.BytesIO(data))
        self._shown: dict[int, tuple] = {}

    def at(self, instant: int) -> tuple:
        shown = self._shown.get(instant)
        if shown is None:
            local = (_EPOCH + timedelta(seconds=instant)).astimezone(self._zone)
            shown = self._shown[instant] = (local.utcoffset(), local.tzname())
        return shown


def _instants(tables: list[TZifData], since: int) -> list[int]:
    """Each transition from `since` on and the second before it, plus `since` itself."""
    found = {since}
    for table in tables:
        for at in table.transitions:
            if at >= since:
                found.update((at, at - 1))
    return sorted(min(max(at, _FIRST), _LAST) for at in found)


def _agree(first: _Clocks, second: _Clocks, since: int, until: int | None = None) -> bool:
    """Same clocks at each transition either lists from `since` on; for ever (footers equal too),
    or up to `until`, then also at each day once either table has ended and its rule governs."""
    instants = _instants([first.table, second.table], max(since, _FIRST))
    if until is None:
        if first.table.footer != second.table.footer:
            return False
    else:
        ends = [table.transitions[-1] if table.transitions else since for table in (first.table, second.table)]
        instants = [at for at in instants if at <= until] + list(range(max(min(ends), since), until, _DAY)) + [until]
    return all(first.at(instant) == second.at(instant) for instant in instants)


def same_clocks(data: bytes, other: bytes, since: int = _FIRST, until: int | None = None) -> bool:
    """Whether two TZif files show the same offset and abbreviation from `since` on (to `until`)."""
    if read_tzif(data) is None or read_tzif(other) is None:
        return False
    return _agree(_Clocks(data), _Clocks(other), since, until)


def preference(catalogue):
    """A sort key putting first the zones the data defines, then those zone.tab places, then by name."""
    links = set(catalogue.aliases)
    return lambda name: (name in links, not catalogue.metadata(name)["country_codes"], name)


def zones_matching_file(catalogue, data: bytes, now: int) -> list[str]:
    """The catalogue zones a TZif file describes, best first: over its whole history, else since
    1970, else since 1970 until `now` (a file from another tzdata version predicts otherwise)."""
    if read_tzif(data) is None:
        return []
    host = _Clocks(data)
    same_rule = {name: _Clocks(catalogue.source.read(name)) for name in catalogue.names if _footer(catalogue, name) == host.table.footer}
    for since in (_FIRST, SINCE_1970):
        found = [name for name, clocks in same_rule.items() if _agree(host, clocks, since)]
        if found:
            return sorted(found, key=preference(catalogue))
    same_now = {name: _Clocks(catalogue.source.read(name)) for name in catalogue.names}
    found = [name for name, clocks in same_now.items() if clocks.at(now) == host.at(now) and _agree(host, clocks, SINCE_1970, now)]
    return sorted(found, key=preference(catalogue))


def _footer(catalogue, name: str) -> str:
    return parse_tzif(catalogue.source.read(name)).footer


def zones_following_rule(catalogue, rule: str) -> list[str]:
    """The catalogue zones whose rule for the present and future is the POSIX TZ string `rule`."""
    links = set(catalogue.aliases)
    return [name for name in catalogue.names if name not in links and _footer(catalogue, name) == rule]


def names_for_rule(rule: str) -> list[str]:
    """The names tzdata gives a POSIX rule itself: CET, EST5EDT, UTC, Etc/GMT-3 for "<+03>-3"."""
    head = _POSIX_HEAD.match(rule)
    if head is None:
        return []
    std, offset, dst = head["std"], head["offset"], head["dst"]
    names = [] if std.startswith("<") else [std]
    if dst and not dst.startswith("<") and names:
        names.insert(0, head.group(0))
    if not dst and "," not in rule and re.fullmatch(r"[+-]?\d{1,2}", offset) and head.end() == len(rule):
        hours = int(offset)
        names.append("Etc/GMT" if hours == 0 else f"Etc/GMT{hours:+d}")
    return names
