"""What the table says about each source network, and neighbouring networks that say the same merged."""
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from .ip_sources import SourceError, SourceRecord

# (IANA zone or None, ISO 3166 country code or None): what the table holds for an address.
Answer = tuple[str | None, str | None]


class Range(NamedTuple):
    """Consecutive addresses, first to last as integers, with one answer."""

    first: int
    last: int
    version: int
    answer: Answer


class ZoneAnswers:
    """A record's answer: the land zone at its coordinates (one lookup per coordinate pair) and its country.

    A point that timezonefinder puts at sea gets no zone. DB-IP places networks in towns and on islands,
    never on ships, so such a point is a small island or a coast the boundary data misses, where the
    sea's nautical zone (Etc/GMT±N, by longitude alone) would be wrong; the country stays, so that a
    reader can answer from the country when it has a single zone.
    """

    def __init__(self, finder):
        self._finder = finder
        self._zone_at = functools.cache(self._land_zone)

    def _land_zone(self, latitude: float, longitude: float) -> str | None:
        return self._finder.timezone_at_land(lat=latitude, lng=longitude)

    @property
    def points(self) -> int:
        """How many distinct coordinate pairs have been looked up."""
        return self._zone_at.cache_info().currsize

    def __call__(self, record: SourceRecord) -> Answer | None:
        """The record's answer; None when it has neither a zone nor a country (the table leaves it out)."""
        zone = None
        if record.latitude is not None and record.longitude is not None:
            zone = self._zone_at(record.latitude, record.longitude)
        if zone is None and record.country is None:
            return None
        return zone, record.country


def merged(records: Iterable[SourceRecord], answer: Callable[[SourceRecord], Answer | None], counts: Counter) -> Iterator[Range]:
    """The ranges of adjacent records with equal answers, in the records' order; records without one are left out.

    `counts` receives ("records", version), ("ranges", version), "without zone" and "left out".
    Each IP version's records must come in address order without overlap, as DB-IP writes them.
    """
    ends: dict[int, int] = {}
    current = None
    for record in records:
        if record.first <= ends.get(record.version, -1):
            raise SourceError(
                f"the network starting at integer {record.first} (IPv{record.version}) overlaps or precedes the one before it: "
                "give each IP version's networks once, in address order"
            )
        ends[record.version] = record.last
        counts["records", record.version] += 1
        found = answer(record)
        if found is None:
            counts["left out"] += 1
        elif found[0] is None:
            counts["without zone"] += 1
        if current is not None and current.answer == found and current.version == record.version and current.last + 1 == record.first:
            current = current._replace(last=record.last)
            continue
        yield from _finished(current, counts)
        current = Range(record.first, record.last, record.version, found)
    yield from _finished(current, counts)


def _finished(current: Range | None, counts: Counter) -> Iterator[Range]:
    if current is not None and current.answer is not None:
        counts["ranges", current.version] += 1
        yield current
