"""The timezoned protocol, as ropg/ezTime's server/server speaks it, without the socket.

A question is a zone name or a case-insensitive part of one (spaces for underscores), a two-letter
country code, or "GeoIP", optionally followed by "#" and the asking ezTime's version (ignored). The
answer is "OK <zone> <POSIX TZ string>" or one of the ERROR lines below, never more than 100 bytes.
Where timesvc answers otherwise than the original (docs/devices.md, "timezoned"):
- a part of a name picks by a fixed order (`_RANKS`), where the original took the first file `find` listed;
- countries come from zone.tab (IS is Atlantic/Reykjavik; the original's zone1970.tab gave Africa/Abidjan);
- "GeoIP" asks `geo(address)` for a zone, where the original went through the country (and failed for
  countries with several zones);
- the string is the one ezTime reads right from now on (timesvc.domain.posixtz, dialect "eztime"): the
  original's Europe/Dublin fix ("GMT0IST,M3.5.0/1,M10.5.0") then holds for "IE" too, and Lord Howe,
  Troll, Santiago, Cairo, Gaza, Hebron, Jerusalem, Nuuk and Scoresbysund are read right.
"""
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from timesvc.domain.catalogue import UnknownZone

MAX_ANSWER = 100  # bytes: ezTime reserves 60, the original sent at most 100
MAX_QUESTION = 512  # bytes: what the original read of a datagram
NOT_FOUND = b"ERROR Timezone Not Found"
MULTIPLE = b"ERROR Country Spans Multiple Timezones"
NO_COUNTRY = b"ERROR Country Not Found"
NO_GEOIP = b"ERROR GeoIP Lookup Failed"
# The original's two country fixes: UK is not ISO 3166 (GB is), and Germany's other zone.tab row
# (Europe/Busingen, a German town on Swiss time) should not make "DE" ambiguous.
_COUNTRY_ALIASES = {"UK": "GB"}
_COUNTRY_ZONES = {"DE": "Europe/Berlin"}


def _ranks(query: str, upper: str) -> int | None:
    """How well a zone name, upper-cased, answers an upper-cased query (spaces made underscores); lower is
    better, None: not."""
    if query not in upper:
        return None
    if upper.rsplit("/", 1)[-1] == query:
        return 0  # the city itself: "new york" is America/New_York, not America/North_Dakota/New_Salem
    if upper.startswith(query) or f"/{query}" in upper or f"_{query}" in upper:
        return 1  # at the start of a word: "york", "salem"
    return 2  # anywhere


class Timezoned:
    """Answers timezoned questions from a catalogue; `geo(address)` gives the asker's zone name or None."""

    def __init__(self, catalogue, geo: Callable[[str], str | None]):
        self._catalogue = catalogue
        self._geo = geo
        self._upper = [(name.upper(), name) for name in catalogue.names]  # what find_zone searches, once

    def answer(self, question: bytes, source_address: str, now: int) -> bytes:
        """The answer datagram to one question datagram, at UTC seconds `now`."""
        if len(question) > MAX_QUESTION:
            return NOT_FOUND
        text = question.split(b"#", 1)[0].decode("latin-1")
        query = text.replace(" ", "_").upper()
        if query == "GEOIP":
            zone = self._geo(source_address)
            try:
                return self._ok(zone, now) if zone else NO_GEOIP
            except UnknownZone:
                return NO_GEOIP
        query = _COUNTRY_ALIASES.get(query, query)
        if query in _COUNTRY_ZONES:
            return self._ok(_COUNTRY_ZONES[query], now)
        if len(query) == 2 and query.isascii() and query.isalpha():
            zones = self._catalogue.zones_of_country(query)
            if not zones:
                return NO_COUNTRY
            return self._ok(zones[0], now) if len(zones) == 1 else MULTIPLE
        zone = self.find_zone(query)
        return self._ok(zone, now) if zone else NOT_FOUND

    def find_zone(self, query: str) -> str | None:
        """The zone a name, an alias or a part of a name means (upper case, underscores for spaces), or None.

        An exact name or alias first; else of the canonical names containing the query, a name whose last
        part is the query, then one where it starts a word, then any; the shortest, then the first
        alphabetically, of the best.
        """
        if not query or not query.isascii():
            return None
        try:
            return self._catalogue.canonical(query)
        except UnknownZone:
            pass
        ranked = [(rank, len(name), name) for upper, name in self._upper if (rank := _ranks(query, upper)) is not None]
        return min(ranked)[2] if ranked else None

    def _ok(self, name: str, now: int) -> bytes:
        zone = self._catalogue.zone(name)  # its string is kept until it may change (Zone.posix_fields)
        string = zone.posix_fields(now, "eztime")["posix_tz"]
        answer = f"OK {zone.name} {string}".encode("ascii") if string else NOT_FOUND
        # No zone comes near the bound (tests/timezoned/test_protocol.py checks them all); cut, as the original did.
        return answer[:MAX_ANSWER]


class SourceLimit:
    """One answer per source address per `interval` seconds, remembering at most `capacity` sources.

    A source is forgotten `interval` after its last answer. When `capacity` sources were all answered
    within `interval`, a new source waits too: memory stays at `capacity` entries whatever the senders.
    """

    def __init__(self, interval: float = 3.0, capacity: int = 10_000, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.capacity = capacity
        self._clock = clock
        self._last: OrderedDict[str, float] = OrderedDict()  # oldest answer first
        self._lock = threading.Lock()

    def allow(self, source: str) -> bool:
        """Whether to answer `source` now; an answer is counted when allowed."""
        now = self._clock()
        with self._lock:
            while self._last and now - next(iter(self._last.values())) >= self.interval:
                self._last.popitem(last=False)
            if source in self._last or len(self._last) >= self.capacity:
                return False
            self._last[source] = now
            return True

    def __len__(self) -> int:
        return len(self._last)
