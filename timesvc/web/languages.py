"""The clock page's languages: which one a browser gets, its sentences (gettext catalogs) and its CLDR formats.

The page speaks one language throughout: the first of the browser's Accept-Language preferences that has a
catalog here, else English, the language the sentences are written in. Dates and numbers come from CLDR
(Babel) for the tag the browser gave (fr-CH, pt-PT), sentences from timesvc/web/locale/<language>/
LC_MESSAGES/clock.po. The page's scripts are handed the same tag and translations (page.py), so what they
render later agrees with what was served.

The .po files are read as they are, through babel.messages, the first time a page is rendered in their
language: no compile step (the editable install, the wheel and the image all carry the sources), no
compiled .mo beside them to fall out of date. `make messages` extracts and merges them (docs in README).
Importing this module imports Babel: timesvc.web.services.index imports it with the first page, not at
startup (timesvc.web.localizing says why).
"""
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.units import format_unit

from ..domain.errors import InvalidInput
from ..domain.localized import language_tag, parse_locale

LOCALES = Path(__file__).with_name("locale")
DOMAIN = "clock"
CATALOGS = ("de", "es", "fr", "ja", "pt", "zh_Hans")  # the claimed languages besides English, by folder
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
MOST_PREFERENCES = 20  # Accept-Language tags looked at: a browser sends a handful


@dataclass(frozen=True)
class PageLanguage:
    """One language of the page: `tag` (BCP 47) names the CLDR locale, `messages` the catalog's translations."""

    tag: str
    locale: Locale = field(repr=False)
    messages: dict[str, str] = field(repr=False)

    def gettext(self, message: str, **values) -> str:
        """The translation of `message`, its %(name)s placeholders replaced by `values`."""
        return fill(self.messages.get(message, message), values)

    def duration(self, value, unit: str, digits: int) -> str:
        """`value` (already rounded to `digits` decimals) in CLDR's short unit: 2.0 ms, 16.0 sec, 1 Std."""
        pattern = "0." + "0" * digits if digits else "0"
        return format_unit(Decimal(str(value)), f"duration-{unit}", length="short", format=pattern, locale=self.locale)

    def full_date(self, day: date) -> str:
        """The date in CLDR's full format: Sunday, March 29, 2026; dimanche 29 mars 2026."""
        return format_date(day, "full", locale=self.locale)


def fill(text: str, values: dict) -> str:
    """%(name)s placeholders replaced in one pass, as phrases.js does; no other % sequence means anything."""
    return PLACEHOLDER.sub(lambda found: str(values[found[1]]) if found[1] in values else found[0], text)


@lru_cache(maxsize=len(CATALOGS))
def catalog(folder: str) -> dict[str, str]:
    """The translated messages of one catalog, msgid → msgstr; fuzzy or untranslated ones are left out."""
    with open(LOCALES / folder / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as file:
        messages = read_po(file, locale=folder)
    return {message.id: message.string for message in messages if message.id and message.string and not message.fuzzy}


def _cldr(tag: str) -> Locale | None:
    """The CLDR locale of an Accept-Language tag, or of its language alone (fr-XX: fr); None if neither."""
    for candidate in (tag, tag.split("-")[0]):
        try:
            return parse_locale(candidate)
        except InvalidInput:
            continue
    return None


def _messages(locale: Locale) -> dict[str, str] | None:
    """The translations a CLDR locale's page reads: none for English, its catalog for a claimed language
    (Chinese only in simplified script: zh alone is simplified in CLDR), None for a language not claimed."""
    if locale.language == "en":
        return {}
    folder = "zh_Hans" if locale.language == "zh" and locale.script in (None, "Hans") else locale.language
    return catalog(folder) if folder in CATALOGS else None


def page_language(preferences: list[str]) -> PageLanguage:
    """The page's language for a browser's language tags, most preferred first; English when none is claimed."""
    for tag in preferences[:MOST_PREFERENCES]:
        locale = _cldr(tag)
        messages = _messages(locale) if locale is not None else None
        if messages is not None:
            return PageLanguage(language_tag(locale), locale, messages)
    return PageLanguage("en", Locale("en"), {})
