"""A zone's names and an instant's date and time in a language, from CLDR through Babel.

A tag is resolved against CLDR's fixed list of locales before Babel sees it, and at most LOCALES_HELD
locales are loaded at once (LoadedLocales): what clients send cannot make the process hold more.

Babel would pick the standard or daylight name by asking a tzinfo; here the tzinfo it is handed is this
zone as timesvc sees it at the instant (timesvc's offset and its own DST reading), so no second copy of the
zone data is consulted. CLDR calls "daylight" the period with the larger offset of a standard/DST pair; the
tz database marks Europe/Dublin's winter (and Morocco's Ramadan) as a negative DST instead, so a period with
a negative DST offset is CLDR's standard one and its non-DST neighbour is CLDR's daylight one.
"""
import difflib
import re
import threading
from datetime import datetime, timedelta, tzinfo
from functools import lru_cache

from babel import Locale, localedata
from babel.core import get_global, get_locale_identifier
from babel.core import parse_locale as parse_locale_parts
from babel.dates import format_datetime, get_timezone_gmt, get_timezone_location, get_timezone_name
from babel.localedata import locale_identifiers

from .errors import InvalidInput, echo
from .zone import Zone, utc_datetime

_MAX_TAG_LENGTH = 35  # RFC 5646's longest well-formed tag without extensions
_TAG_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+\Z")
# Locales whose CLDR data stays loaded at once: a region of a language already loaded costs little, a
# locale with its parents and CLDR's root up to 2.3 MB (hi-Latn-IN); docs/internals.md has the bound.
LOCALES_HELD = 8
# CLDR's metazone data gives the System V zones the US metazones (ICU names EST5EDT "Eastern Time");
# Babel's copy of it leaves them out, and Babel finds a metazone's names through a zone that uses it.
_NAMED_AS = {"EST5EDT": "America/New_York", "CST6CDT": "America/Chicago", "MST7MDT": "America/Denver", "PST8PDT": "America/Los_Angeles"}
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
    if not isinstance(tag, str) or not 0 < len(tag) <= _MAX_TAG_LENGTH or not _TAG_CHARACTERS.match(tag):
        raise InvalidInput("locale", f"locale {echo(tag)} is not a BCP 47 language tag: use for example en, fr or pt-BR")
    subtags = tag.replace("_", "-").split("-")
    # Extensions and private use (-u-ca-gregory, -x-...) start at a one-letter subtag; CLDR names ignore them.
    singleton = next((index for index, subtag in enumerate(subtags) if len(subtag) == 1), len(subtags))
    identifier = resolve_tag("-".join(subtags[:singleton]))
    if identifier is None:
        raise InvalidInput("locale", _unknown_locale(tag))
    return LOADED_LOCALES.get(identifier)


def resolve_tag(tag: str) -> str | None:
    """The CLDR identifier (zh_Hant_TW) Babel's Locale.parse would pick for a tag (zh-TW), or None.

    The same steps as Babel's (the tag as given, then with CLDR's aliases and likely subtags), but each
    candidate is looked up in CLDR's fixed list of locales: Babel's own `localedata.exists` would keep
    every string it is asked about, so clients could make it hold any number of them.
    """
    try:
        parts = parse_locale_parts(tag, sep="-")[:4]
    except ValueError:
        return None
    known = _known_locales()
    lowered = (candidate.replace("_", "-").lower() for candidate in _candidates(parts))
    found = next((known[candidate] for candidate in lowered if candidate in known), None)
    return found.replace("-", "_") if found else None


def _candidates(parts: tuple):
    """Babel's Locale.parse order: as given; then aliased, filled in from likely subtags, reduced."""
    yield get_locale_identifier(parts)
    language, territory, script, variant = parts
    language = get_global("language_aliases").get(language, language)
    territory = get_global("territory_aliases").get(territory or "", (territory,))[0]
    script = get_global("script_aliases").get(script or "", script)
    variant = get_global("variant_aliases").get(variant or "", variant)
    territory = None if territory == "ZZ" else territory
    script = None if script == "Zzzz" else script
    likely = get_global("likely_subtags").get(get_locale_identifier((language, territory, script, variant)))
    if likely is not None:
        likely_parts = parse_locale_parts(likely)
        yield get_locale_identifier(likely_parts[:4])
        yield get_locale_identifier(likely_parts[:2])
    likely = get_global("likely_subtags").get(language)
    if likely is not None:
        likely_language, _, likely_script, likely_variant = parse_locale_parts(likely)[:4]
        yield get_locale_identifier((likely_language, territory, likely_script, likely_variant))
        yield get_locale_identifier((likely_language, territory))


class LoadedLocales:
    """The CLDR locales whose data is loaded: at most `limit`; one more empties Babel's cache first.

    Babel keeps every locale's data it loads (and its parents') in one process-wide cache, which it can
    only empty whole (`localedata.clear_caches`). Holding at most `limit` locales between two emptyings
    bounds that cache; past the bound every locale is still answered, each loaded again when next asked.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self._held: dict[str, Locale] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._held)

    def get(self, identifier: str) -> Locale:
        """The locale of a CLDR identifier from the fixed list (resolve_tag's answer), its data loaded."""
        locale = self._held.get(identifier)
        if locale is not None:
            return locale
        with self._lock:
            locale = self._held.get(identifier)
            if locale is None:
                if len(self._held) >= self.limit:
                    self._held = {}
                    localedata.clear_caches()
                locale = Locale.parse(identifier)
                locale.time_zones  # loads the data now, inside the lock, so that the count stays true
                self._held[identifier] = locale
        return locale


# Process-wide, as the Babel cache it bounds. docs/internals.md gives its memory, measured.
LOADED_LOCALES = LoadedLocales(LOCALES_HELD)


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


def _placed(cldr_zone: str) -> bool:
    """Whether CLDR puts the zone in a country: not the world (001) nor nowhere (ZZ: Etc/UTC, Etc/GMT+5)."""
    return get_global("zone_territories").get(cldr_zone) not in (None, "001", "ZZ")


def _unplaced_name(cldr_zone: str, locale: Locale, local: datetime, fixed: bool) -> str:
    """The generic name of a zone in no country, where Babel would write "Unknown Region (UTC) Time".

    CLDR's own data, in TR35's order: the zone's (or its metazone's) generic name; its standard name when
    the zone never changes (Coordinated Universal Time); its city (Troll Station Time); the offset in the
    locale's GMT format (GMT-05:00, UTC-05:00 in French).
    """
    names = locale.time_zones.get(cldr_zone, {}).get("long") or locale.meta_zones.get(get_global("meta_zones").get(cldr_zone), {}).get("long") or {}
    if "generic" in names or (fixed and "standard" in names):
        return names.get("generic") or names["standard"]
    city = _unplaced_city(cldr_zone, locale)
    if city:
        return locale.zone_formats["region"] % city
    return get_timezone_gmt(local, "long", locale=locale)


def _unplaced_city(cldr_zone: str, locale: Locale) -> str | None:
    """CLDR's city for a zone in no country, else the place its name ends with (Troll); None for Etc/UTC, EST5EDT."""
    city = locale.time_zones.get(cldr_zone, {}).get("city")
    if city is None and "/" in cldr_zone and not cldr_zone.startswith("Etc/"):
        city = cldr_zone.rpartition("/")[2].replace("_", " ")  # TR35's fallback, as Babel's for places
    return city


def localized(zone: Zone, locale: Locale, epoch_ns: int) -> dict:
    """The `localized` object: the zone's specific and generic names, exemplar city, full and medium date-time."""
    fields = zone.describe(epoch_ns)
    offset = fields["utc_offset_seconds"]
    cldr_zone = get_global("zone_aliases").get(zone.name, zone.name)  # CLDR's own id: Asia/Kolkata is Asia/Calcutta
    named_as = _NAMED_AS.get(cldr_zone, cldr_zone)
    here = _ZoneAtInstant(named_as, offset, _cldr_daylight(zone, epoch_ns // 1_000_000_000, fields), fields["abbreviation"])
    local = (utc_datetime(epoch_ns) + timedelta(seconds=offset)).replace(tzinfo=here)
    if _placed(named_as):
        generic = get_timezone_name(here, "long", zone_variant="generic", locale=locale)
    else:
        generic = _unplaced_name(cldr_zone, locale, local, fixed=fields["next_transition"] is None and not fields["dst"])
    return {
        "locale": language_tag(locale),
        "specific_name": get_timezone_name(local, "long", locale=locale),
        "generic_name": generic,
        "exemplar_city": get_timezone_location(here, locale=locale, return_city=True) if _placed(cldr_zone) else _unplaced_city(cldr_zone, locale),
        "datetime_full": format_datetime(local, "full", locale=locale),
        "datetime_medium": format_datetime(local, "medium", locale=locale),
    }
