"""Colander types shared by the services' schemas.

The query parameter types replace colander's messages, which quote the whole input (`"xxx…" is not
a number`, `['UTC', 'Europe/Paris'] is not a string`), with ones that quote at most 100 characters
of it (timesvc.domain.errors.echo) and say what to send instead.
"""
import re

import colander

from ..domain.conversion import MAX_TIME_LENGTH
from ..domain.durations import MAX_DURATION_LENGTH
from ..domain.errors import echo

# A parameter given empty (`?tz=`) is an error, not a parameter left out: colander's String() and
# Int() would turn "" into "absent" and quietly answer with the default.
GIVEN_EMPTY = "is empty: give a value or leave the parameter out"
# ASCII only: Python's int() and float() also take fullwidth and Arabic-Indic digits.
_INTEGER = re.compile(r"[+-]?[0-9]{1,30}\Z")
_NUMBER = re.compile(r"[+-]?([0-9]{1,30}(\.[0-9]{0,30})?|\.[0-9]{1,30})([eE][+-]?[0-9]{1,4})?\Z")


def _given_once(node, cstruct):
    """A parameter repeated in the query string (`?tz=UTC&tz=Asia/Tokyo`) arrives as a list."""
    if isinstance(cstruct, (list, tuple)):
        hint = getattr(node, "repeated_hint", "")
        raise colander.Invalid(node, f"is given {len(cstruct)} times: give it once{hint}")
    if cstruct == "":
        raise colander.Invalid(node, GIVEN_EMPTY)


class Text(colander.String):
    """A string given once; given empty, refused rather than defaulted (unless allow_empty)."""

    def deserialize(self, node, cstruct):
        if isinstance(cstruct, (list, tuple)) or (cstruct == "" and not self.allow_empty):
            _given_once(node, cstruct)
        return super().deserialize(node, cstruct)


class _ASCIINumber:
    """Mixed into colander's Int and Float: ASCII digits only, given once and not empty."""

    pattern, refusal, convert = None, "", None

    def deserialize(self, node, cstruct):
        if cstruct is colander.null:
            return cstruct
        _given_once(node, cstruct)
        if not isinstance(cstruct, str) or not self.pattern.match(cstruct):
            raise colander.Invalid(node, f"{echo(cstruct)} {self.refusal}")
        return self.convert(cstruct)


class Integer(_ASCIINumber, colander.Int):
    pattern, refusal, convert = _INTEGER, "is not an integer: use ASCII digits, e.g. 5", int


class Number(_ASCIINumber, colander.Float):
    """A decimal number (1.5, -0.25, 1e3)."""

    pattern, refusal, convert = _NUMBER, "is not a number: use decimal ASCII digits, e.g. 48.8566", float


class Range(colander.Range):
    """colander.Range, but the message quotes at most 100 characters of the value."""

    def __call__(self, node, value):
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            bounds = f"from {self.min} to {self.max}" if self.min is not None and self.max is not None else (
                f"at least {self.min}" if self.min is not None else f"at most {self.max}"
            )
            raise colander.Invalid(node, f"{echo(value)} is out of range: give a value {bounds}")


class OneOf(colander.OneOf):
    """colander.OneOf, but the message quotes at most 100 characters of what the client sent."""

    def __call__(self, node, value):
        if value not in self.choices:
            raise colander.Invalid(node, f"{echo(value)} is not one of {', '.join(self.choices)}")


def choice(description: str, choices, **kw) -> colander.SchemaNode:
    """One of a few words; given empty, it is refused rather than defaulted."""
    return colander.SchemaNode(Text(allow_empty=True), description=description, validator=OneOf(choices), **kw)


def zone_name(description: str, **kw) -> colander.SchemaNode:
    """An IANA zone name or alias, checked against the catalogue by the view."""
    return colander.SchemaNode(
        Text(allow_empty=True),
        description=description,
        validator=colander.Length(min=1, max=200, min_err=GIVEN_EMPTY, max_err="longer than ${max} characters: no zone name is"),
        ref="ZoneName",
        example="Europe/Paris",
        **kw,
    )


def time_text(description: str, **kw) -> colander.SchemaNode:
    """A time as /convert reads it (RFC 3339 / ISO 8601, with or without offset, or Unix seconds), parsed by the view."""
    kw.setdefault("example", "2026-03-29T12:00")
    return colander.SchemaNode(
        Text(),
        description=description,
        validator=colander.Length(min=1, max=MAX_TIME_LENGTH, max_err="longer than ${max} characters: not a time; use RFC 3339 or Unix seconds"),
        **kw,
    )


# Temporal's duration grammar (timesvc.domain.durations) as a JSON Schema pattern; the limits on each field,
# and that at least one part is given, are checked by the view. [0-9], not \d: Python's \d takes any digit.
_FRACTION = "([.,][0-9]{1,9})?"
DURATION_PATTERN = (
    "^[+-]?[Pp]([0-9]+[Yy])?([0-9]+[Mm])?([0-9]+[Ww])?([0-9]+[Dd])?"
    f"([Tt]([0-9]+{_FRACTION}[Hh])?([0-9]+{_FRACTION}[Mm])?([0-9]+{_FRACTION}[Ss])?)?$"
)


def duration_text(description: str, **kw) -> colander.SchemaNode:
    """An ISO 8601 duration as Temporal.Duration.from reads it (P1Y2M10DT2H30M, -P1D), parsed by the view."""
    return colander.SchemaNode(
        Text(),
        description=description,
        validator=colander.Length(max=MAX_DURATION_LENGTH, max_err="longer than ${max} characters: not a duration; use for example P1M or PT1H30M"),
        jsonschema={"type": "string", "minLength": 1, "maxLength": MAX_DURATION_LENGTH, "pattern": DURATION_PATTERN},
        **kw,
    )


def locale_tag(description: str = "BCP 47 language tag (fr, pt-BR, ja): adds a `localized` object, the zone's names and the date in that language") -> colander.SchemaNode:
    """A `locale` parameter, checked against CLDR by the view (timesvc.web.localizing)."""
    return colander.SchemaNode(
        Text(allow_empty=True),
        description=description,
        validator=colander.Length(min=1, min_err=GIVEN_EMPTY),
        ref="Locale",
        example="fr",
        missing=colander.drop,
    )


def instant(description: str, **kw) -> colander.SchemaNode:
    """An RFC 3339 UTC instant in a response body."""
    return colander.SchemaNode(colander.String(), description=description, format="date-time", **kw)


def integer(description: str, **kw) -> colander.SchemaNode:
    return colander.SchemaNode(Integer(), description=description, **kw)


def text(description: str, **kw) -> colander.SchemaNode:
    """A string in a response body."""
    return colander.SchemaNode(colander.String(), description=description, **kw)


class Body(colander.MappingSchema):
    """A response body: the OpenAPI document lets it carry no field it does not declare."""

    @staticmethod
    def schema_type():
        return colander.Mapping(unknown="raise")


class Localized(Body):
    """A zone's names and an instant's date in a language, from CLDR: `timesvc.domain.localized.localized`."""

    locale = text("The BCP 47 tag of the CLDR locale that answered (zh-TW: zh-Hant-TW)")
    specific_name = text("The zone's name for this instant's standard or daylight time: heure normale d’Europe centrale")
    generic_name = text("The zone's name whatever the season: heure d’Europe centrale")
    exemplar_city = text("The zone's city in that language: Londres; null for a zone of no place (Etc/UTC, Etc/GMT+5, EST5EDT)", nullable=True)
    datetime_full = text("The local date and time in the locale's full format")
    datetime_medium = text("The local date and time in the locale's medium format")


class ZoneNow(Body):
    """What a zone's clocks show at an instant: `Zone.describe`, and `localized` when a locale is asked for."""

    timezone = colander.SchemaNode(colander.String(), description="Canonical IANA zone name")
    datetime = colander.SchemaNode(colander.String(), description="RFC 3339 local time with offset, microseconds")
    utc_offset = colander.SchemaNode(colander.String(), description="Offset from UTC, +HH:MM or +HH:MM:SS")
    utc_offset_seconds = integer("Offset from UTC, seconds")
    raw_offset = integer("Standard offset from UTC, seconds")
    dst_offset = integer("Daylight saving part of the offset, seconds")
    dst = colander.SchemaNode(colander.Boolean(), description="Whether daylight saving time is in effect")
    abbreviation = colander.SchemaNode(colander.String(), description="As the tz data gives it: CET, or -03")
    day_of_week = integer("ISO 8601: Monday = 1", validator=colander.Range(1, 7))
    day_of_year = integer("1 to 366", validator=colander.Range(1, 366))
    week_number = integer("ISO 8601 week", validator=colander.Range(1, 53))
    previous_transition = instant("When the offset or abbreviation last changed; null if never", nullable=True)
    next_transition = instant("When the offset or abbreviation next changes; null if never", nullable=True)
    localized = Localized(missing=colander.drop, description="With locale only: the zone's names and this instant in that language")


class ZoneInstant(ZoneNow):
    """An instant in a zone and in UTC."""

    unixtime = integer("Whole seconds since the Unix epoch")
    unixtime_ns = integer("Nanoseconds since the Unix epoch")
    utc_datetime = instant("RFC 3339 UTC time, microseconds")


class ZoneTime(ZoneInstant):
    """The /time body: an instant in UTC and in a zone."""

    time = colander.SchemaNode(colander.Float(), description="Seconds since the Unix epoch")
    tzdata_version = colander.SchemaNode(colander.String(), description="IANA version of the zone data")
