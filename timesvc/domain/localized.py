"""A zone's names and an instant's date and time in a language, from CLDR through Babel.

Babel would pick the standard or daylight name by asking a tzinfo; here the tzinfo it is handed is this
zone as timesvc sees it at the instant (timesvc's offset and its own DST reading), so no second copy of the
zone data is consulted. CLDR calls "daylight" the period with the larger offset of a standard/DST pair; the
tz database marks Europe/Dublin's winter (and Morocco's Ramadan) as a negative DST instead, so a period with
a negative DST offset is CLDR's standard one and its non-DST neighbour is CLDR's daylight one.
"""
import difflib
from datetime import timedelta, tzinfo
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime, get_timezone_location, get_timezone_name
from babel.localedata import locale_identifiers

from .errors import InvalidInput, echo
from .zone import Zone, utc_datetime

_MAX_TAG_LENGTH = 35  # RFC 5646's longest well-formed tag without extensions
_ONE_HOUR = timedelta(hours=1)
_NO_DST = timedelta(0)


class _ZoneAtInstant(tzinfo):
    """One zone at one instant as timesvc describes it; Babel reads the zone name and the variant from it."""

    def __init__(self, key: str, offset_seconds: int, daylight: bool, abbreviation: str):
        self.key = key  # Babel's way of finding the zone's CLDR names
        self._offset = timedelta(seconds=offset_seconds)
        self._daylight = daylight
        self._abbreviation = abbreviation

    def utcoffset(self, moment):
        return self._offset

    def dst(self, moment):
        # Babel only asks whether this is zero: standard if so, daylight otherwise.
        return _ONE_HOUR if self._daylight else _NO_DST

    def tzname(self, moment):
        return self._abbreviation


def parse_locale(tag) -> Locale:
    """The CLDR locale for a BCP 47 tag (fr, pt-BR, zh-Hant-TW); InvalidInput("locale") with a close match."""
    if not isinstance(tag, str) or not 0 < len(tag) <= _MAX_TAG_LENGTH or not tag.isascii():
        raise InvalidInput("locale", f"locale {echo(tag)} is not a BCP 47 language tag: use for example en, fr or pt-BR")
    subtags = tag.replace("_", "-").split("-")
    # Extensions and private use (-u-ca-gregory, -x-...) start at a one-letter subtag; CLDR names ignore them.
    singleton = next((index for index, subtag in enumerate(subtags) if len(subtag) == 1), len(subtags))
    try:
        return _parse("-".join(subtags[:singleton]))
    except (UnknownLocaleError, ValueError):
        raise InvalidInput("locale", _unknown_locale(tag)) from None


@lru_cache(maxsize=256)
def _parse(tag: str) -> Locale:
    return Locale.parse(tag, sep="-")


@lru_cache(maxsize=1)
def _known_locales() -> dict[str, str]:
    """Every CLDR locale's BCP 47 tag, by its lower case."""
    return {identifier.replace("_", "-").lower(): identifier.replace("_", "-") for identifier in locale_identifiers()}


def known_tags() -> list[str]:
    """The BCP 47 tag of every locale CLDR has data for, sorted (each one parse_locale accepts)."""
    return sorted(_known_locales().values())


def _unknown_locale(tag: str) -> str:
    message = f"locale {echo(tag)} is not a language with CLDR data"
    language = tag.replace("_", "-").split("-")[0].lower()
    known = _known_locales()
    close = [known[language]] if language in known and language != tag.lower() else difflib.get_close_matches(tag.lower(), known, n=1, cutoff=0.75)
    if close:
        return f"{message}; did you mean {known.get(close[0], close[0])!r}?"
    return f"{message}; use a BCP 47 tag such as en, fr, ja or pt-BR"


def language_tag(locale: Locale) -> str:
    """The BCP 47 tag of a Babel locale (pt_BR → pt-BR)."""
    return "-".join(part for part in (locale.language, locale.script, locale.territory, locale.variant) if part)


def _cldr_daylight(zone: Zone, seconds: int, fields: dict) -> bool:
    """Whether CLDR's daylight name applies: a positive DST, or the non-DST side of a negative one."""
    if fields["dst_offset"]:
        return fields["dst_offset"] > 0
    started = zone.previous_transition(seconds)
    neighbours = zone.next_transitions(seconds, 1)
    if started is not None:
        before = zone.previous_transition(started.at - 1)
        neighbours += [before] if before is not None else []
    return any(other.dst and other.utc_offset < fields["utc_offset_seconds"] for other in neighbours)


def localized(zone: Zone, locale: Locale, epoch_ns: int) -> dict:
    """The `localized` object: the zone's specific and generic names, exemplar city, full and medium date-time."""
    fields = zone.describe(epoch_ns)
    offset = fields["utc_offset_seconds"]
    here = _ZoneAtInstant(zone.name, offset, _cldr_daylight(zone, epoch_ns // 1_000_000_000, fields), fields["abbreviation"])
    local = (utc_datetime(epoch_ns) + timedelta(seconds=offset)).replace(tzinfo=here)
    return {
        "locale": language_tag(locale),
        "specific_name": get_timezone_name(local, "long", locale=locale),
        "generic_name": get_timezone_name(here, "long", zone_variant="generic", locale=locale),
        "exemplar_city": get_timezone_location(here, locale=locale, return_city=True),
        "datetime_full": format_datetime(local, "full", locale=locale),
        "datetime_medium": format_datetime(local, "medium", locale=locale),
    }
