"""The time zone a city database record gives, in each common schema.

- MaxMind GeoLite2/GeoIP2 City: `location.time_zone`, `location.latitude/longitude`, `country.iso_code`;
- DB-IP City Lite as db-ip.com publishes it: the same names, with no time zone;
- ip-location-db's flat records: `timezone` (often empty), `latitude`, `longitude`, `country_code`.
The zone is the record's own when it has one, else the zone at its coordinates unless that is
open sea (an address lives on land: a point at sea is a centroid or a placeholder such as 0, 0),
else the country's zone when the country keeps one time, else none.
"""
import math
from typing import NamedTuple

from ..domain.tzif import parse_tzif
from .coordinates import is_nautical


class Place(NamedTuple):
    """Where a record without a zone of its own puts an address; None where it says nothing usable."""

    latitude: float | None
    longitude: float | None
    country: str | None


def own_zone(record) -> str | None:
    """The zone a record names itself: MaxMind's location.time_zone, ip-location-db's timezone."""
    if not isinstance(record, dict):
        return None
    location = record.get("location")
    zone = location.get("time_zone") if isinstance(location, dict) else record.get("timezone")
    return zone if isinstance(zone, str) and zone else None


def _degrees(value, limit: int) -> float | None:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) and -limit <= value <= limit else None


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _code(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def place_of(record) -> Place:
    """The coordinates and country in a record of any of the schemas above."""
    record = _mapping(record)
    location = _mapping(record.get("location"))
    return Place(
        latitude=_degrees(location.get("latitude", record.get("latitude")), 90),
        longitude=_degrees(location.get("longitude", record.get("longitude")), 180),
        country=_code(_mapping(record.get("country")).get("iso_code")) or _code(record.get("country_code")),
    )


class RecordZones:
    """The zone of a record: its own, else by coordinates (when given a lookup), else by country."""

    def __init__(self, catalogue=None, coordinates=None):
        self._catalogue = catalogue
        self._coordinates = coordinates
        self._countries: dict[str, str | None] = {}

    def zone_of(self, record) -> tuple[str | None, str]:
        """(zone, "") or (None, why the record gives none, for the 404's description)."""
        zone = own_zone(record)
        if zone:
            return zone, ""
        place = place_of(record)
        why = "its record has no time zone"
        if self._coordinates and place.latitude is not None and place.longitude is not None:
            zone = self._coordinates.zone_name(place.latitude, place.longitude)
            if not is_nautical(zone):
                return zone, ""
            why = f"its record places it at sea ({place.latitude}, {place.longitude})"
        if self._catalogue and place.country:
            zone = self.country_zone(place.country)
            if zone:
                return zone, ""
            count = len(self._catalogue.zones_of_country(place.country))
            kind = f"has {count} time zones" if count else "is not in zone.tab"
            why = f"{why}, and its country {place.country} {kind}"
        return None, why

    def country_zone(self, code: str) -> str | None:
        """The zone of a country that keeps one time: its only zone in zone.tab, or, when all its
        zones follow one rule from their last transition on (Germany's Busingen, Argentina), the
        first zone.tab lists for it."""
        if code not in self._countries:
            zones = self._catalogue.zones_of_country(code)
            rules = {parse_tzif(self._catalogue.source.read(name)).footer for name in zones}
            self._countries[code] = zones[0] if len(rules) == 1 else None
        return self._countries[code]
