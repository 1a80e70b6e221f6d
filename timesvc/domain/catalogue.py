"""The zones a deployment knows: canonical names, aliases, metadata, and loaded zones."""
import difflib
import io
import re
import threading
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import InvalidInput, echo
from .leapseconds import LeapSeconds
from .tzif import parse_tzif
from .zone import Zone

# The shape of every IANA name; anything else never reaches a file lookup.
_NAME = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")
# "Factory" is IANA's placeholder for machines with no zone configured, not a place.
_EXCLUDED = {"Factory"}
_SUGGEST_MAX_LENGTH = 64


class PackageSource:
    """Zone data from the pinned `tzdata` package: every deployment answers alike."""

    def __init__(self):
        import tzdata

        self.version = tzdata.IANA_VERSION
        self._root = resources.files("tzdata.zoneinfo")

    def read(self, name: str) -> bytes:
        return self._root.joinpath(*name.split("/")).read_bytes()


class SystemSource:
    """Zone data from the operating system's zoneinfo directory."""

    def __init__(self, root: str = "/usr/share/zoneinfo"):
        self._root = Path(root)
        try:
            header = self.read("tzdata.zi")[:64].decode("ascii", "replace")
        except OSError as exc:
            raise FileNotFoundError(f"{root}/tzdata.zi is missing: {exc.strerror}") from None
        match = re.match(r"# version (\S+)", header)
        self.version = match.group(1) if match else "unknown"

    def read(self, name: str) -> bytes:
        return self._root.joinpath(*name.split("/")).read_bytes()


def _coordinate(text: str, degree_digits: int) -> float:
    """ISO 6709 ±DDMM[SS] / ±DDDMM[SS] to decimal degrees."""
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    degrees, minutes, seconds = digits[:degree_digits], digits[degree_digits : degree_digits + 2], digits[degree_digits + 2 :]
    value = int(degrees) + int(minutes) / 60 + (int(seconds) / 3600 if seconds else 0)
    return round(sign * value, 4)


def _parse_tab(text: str) -> dict[str, dict]:
    """zone1970.tab / zone.tab rows: codes, coordinates, zone name, optional comment."""
    rows = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        codes, coordinates, name = fields[0], fields[1], fields[2]
        split = max(coordinates.rfind("+"), coordinates.rfind("-"))
        rows[name] = {
            "country_codes": codes.split(","),
            "coordinates": {
                "latitude": _coordinate(coordinates[:split], 2),
                "longitude": _coordinate(coordinates[split:], 3),
            },
            "comment": fields[3] if len(fields) > 3 else None,
        }
    return rows


class UnknownZone(InvalidInput):
    pass


class ZoneCatalogue:
    """Canonical zone names, their aliases, and each zone loaded once."""

    def __init__(self, source):
        self.source = source
        self.version = source.version
        try:
            self.leap_seconds = LeapSeconds.parse(source.read("leapseconds").decode("ascii"), self.version)
        except FileNotFoundError:  # a system zoneinfo directory may lack it
            self.leap_seconds = LeapSeconds.unlisted(self.version)
        zones, links = set(), {}
        for line in source.read("tzdata.zi").decode("ascii").splitlines():
            if line.startswith("Z "):
                zones.add(line.split()[1])
            elif line.startswith("L "):
                _, target, link = line.split()[:3]
                links[link] = target
        zone_tab = _parse_tab(source.read("zone.tab").decode("utf-8"))
        metadata = dict(zone_tab)
        metadata.update(_parse_tab(source.read("zone1970.tab").decode("utf-8")))
        # zone.tab keeps one name per country (Europe/Amsterdam) even where the data made it a link.
        canonical = (zones | (metadata.keys() & links.keys())) - _EXCLUDED
        self.names = sorted(name for name in canonical if _NAME.match(name))
        self._metadata = metadata
        self._lookup = {name.lower(): name for name in self.names}
        self.aliases = sorted(link for link, target in links.items() if target in canonical and _NAME.match(link))
        for link, target in links.items():
            if target in canonical and _NAME.match(link):
                self._lookup.setdefault(link.lower(), target)
        # Every area (each leading part of a name: `america`, `america/argentina`) → its zone names.
        self._areas: dict[str, list[str]] = {}
        for name in self.names:
            parts = name.lower().split("/")
            for end in range(1, len(parts)):
                self._areas.setdefault("/".join(parts[:end]), []).append(name)
        # zone.tab, not zone1970.tab: it has one row per zone per country, under the country's own names.
        self._countries: dict[str, list[str]] = {}
        for name, row in zone_tab.items():
            if name in canonical:
                for code in row["country_codes"]:
                    self._countries.setdefault(code, []).append(name)
        self._zones: dict[str, Zone] = {}
        self._lock = threading.Lock()

    def area(self, name: str) -> list[str] | None:
        """The canonical names in an area (`Europe`, `america/argentina/`, any letter case), or None."""
        return self._areas.get(name.rstrip("/").lower())

    def starting_with(self, prefix: str) -> list[str]:
        """The canonical names that start with `prefix`, in any ASCII letter case (as canonical() folds them)."""
        if not prefix.isascii():
            return []
        folded = prefix.lower()
        return [name for name in self.names if name.lower().startswith(folded)]

    def canonical(self, name: str, parameter: str = "tz") -> str:
        """The canonical name for a zone name or alias, in any ASCII letter case.

        Only ASCII folds: str.lower() would also take the Kelvin sign (U+212A) for a K.
        """
        found = self._lookup.get(name.lower()) if isinstance(name, str) and name.isascii() else None
        if found is None:
            raise UnknownZone(parameter, self._unknown_message(name))
        return found

    def _unknown_message(self, name) -> str:
        message = f"unknown time zone {echo(name)}"
        if isinstance(name, str) and " " in name and name.replace(" ", "+").lower() in self._lookup:
            # Etc/GMT+5 sent unencoded: a + in a query string means a space.
            return f"{message}: a + in a URL's query string arrives as a space; send it as %2B ({name.replace(' ', '%2B')})"
        if isinstance(name, str) and len(name) <= _SUGGEST_MAX_LENGTH:
            close = difflib.get_close_matches(name.lower(), self._lookup.keys(), n=1, cutoff=0.7)
            if close:
                return f"{message}; did you mean {self._lookup[close[0]]!r}?"
        return f"{message}; GET /timezones lists the known names"

    def zone(self, name: str, parameter: str = "tz") -> Zone:
        """The loaded zone for a name or alias; the file is read once per zone."""
        canonical = self.canonical(name, parameter)
        zone = self._zones.get(canonical)
        if zone is None:
            with self._lock:
                zone = self._zones.get(canonical)
                if zone is None:
                    data = self.source.read(canonical)
                    tzinfo = ZoneInfo.from_file(io.BytesIO(data), key=canonical)
                    zone = self._zones[canonical] = Zone(canonical, tzinfo, parse_tzif(data))
        return zone

    def metadata(self, name: str) -> dict:
        """Country codes, coordinates and comment from zone1970.tab (or zone.tab), where listed."""
        return self._metadata.get(name, {"country_codes": [], "coordinates": None, "comment": None})

    def zones_of_country(self, code: str) -> list[str]:
        """The zones zone.tab lists for an ISO 3166 alpha-2 country code, in its order; [] for none."""
        return list(self._countries.get(code.upper(), ())) if isinstance(code, str) else []
