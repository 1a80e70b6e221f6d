"""The time zone at a point on Earth, offline, from timezonefinder's shipped boundary data."""
import math
import re
import threading

from ..domain.errors import InvalidInput, echo


def _checked(value: float, name: str, limit: int) -> float:
    if not (math.isfinite(value) and -limit <= value <= limit):
        raise InvalidInput(name, f"{name} must be between {-limit} and {limit} degrees, got {echo(value)}")
    return value


def nautical_zone(lon: float) -> str:
    """The nautical zone of a longitude: 15° bands centred on the meridians, named POSIX-style."""
    hours = round(lon / 15)
    # Etc/GMT+N is N hours *behind* UTC (POSIX sign), so a point east of Greenwich gets Etc/GMT-N.
    return "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"


class CoordinateZones:
    """Zone lookup by coordinates; the boundary data (tens of MB) is loaded on the first lookup."""

    def __init__(self, finder_factory=None):
        self._factory = finder_factory
        self._finder = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._finder is not None

    def _load(self):
        with self._lock:
            if self._finder is None:
                factory = self._factory
                if factory is None:
                    # Imported here, not at module level: importing it pulls in numpy and the data.
                    from timezonefinder import TimezoneFinder as factory
                self._finder = factory()
        return self._finder

    def zone_name(self, lat: float, lon: float) -> str:
        """The IANA zone at (lat, lon); open sea gets its nautical Etc/GMT±N zone."""
        lat = _checked(lat, "lat", 90)
        lon = _checked(lon, "lon", 180)
        finder = self._finder or self._load()
        return finder.timezone_at(lat=lat, lng=lon) or nautical_zone(lon)


def is_nautical(name: str) -> bool:
    """Whether a zone is a nautical Etc/GMT±N zone, as open sea gets, rather than a place's."""
    return re.fullmatch(r"Etc/GMT([+-]\d{1,2})?", name) is not None
