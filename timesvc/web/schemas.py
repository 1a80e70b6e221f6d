"""Colander types shared by the services' schemas.

The query parameter types replace colander's messages, which quote the whole input (`"xxx…" is not
a number`, `['UTC', 'Europe/Paris'] is not a string`), with ones that quote at most 100 characters
of it (timesvc.domain.errors.echo) and say what to send instead.
"""
import re

import colander

from ..domain.conversion import AMBIGUOUS, MAX_TIME_LENGTH, NONEXISTENT
from ..domain.durations import MAX_DURATION_LENGTH
from ..domain.errors import echo
from ..domain.fields import DESCRIBED, INSTANT, POSIX
from ..location.queries import CALLER

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


def ambiguous_choice(what: str) -> colander.SchemaNode:
    """How to read a wall-clock time that occurs twice; Temporal's `compatible` by default."""
    return choice(
        f"{what} that occurs twice (clocks going back): compatible (Temporal's rule: the earlier), earlier, later, or raise a 400",
        AMBIGUOUS,
        missing="compatible",
    )


def nonexistent_choice(what: str) -> colander.SchemaNode:
    """How to read a wall-clock time the clocks skip; Temporal's `compatible` by default."""
    return choice(
        f"{what} skipped by clocks jumping forward: compatible (Temporal's rule: on by the gap's length, 02:30 becomes 03:30), "
        "shift_forward to the instant of the jump, shift_backward to just before it, or raise a 400",
        NONEXISTENT,
        missing="compatible",
    )


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


_OCTET = r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
# The pattern says what Python's ipaddress accepts (no leading zeros), which the format alone does not.
IP_ADDRESS = {
    "anyOf": [
        {"type": "string", "format": "ipv4", "pattern": rf"^({_OCTET}\.){{3}}{_OCTET}$"},
        {"type": "string", "format": "ipv6"},
    ]
}


def address_node(description: str) -> colander.SchemaNode:
    """An IP address, or `me` for the caller's, checked by the view (timesvc.location.queries)."""
    document = {"anyOf": [*IP_ADDRESS["anyOf"], {"const": CALLER}]}
    return colander.SchemaNode(
        Text(allow_empty=True),
        description=description,
        validator=colander.Length(min=1, max=100, min_err=GIVEN_EMPTY),
        missing=colander.drop,
        jsonschema=document,
    )


def degrees_node(description: str) -> colander.SchemaNode:
    """A latitude or longitude in decimal degrees; the view checks its range."""
    return colander.SchemaNode(Number(), description=description, missing=colander.drop)


# What every time parameter's description ends with (timesvc.domain.conversion.parse_time, read_instant).
TIME_TEXT_RULES = (
    ". An offset is Z or ±HH:MM (±HH:MM:SS for local mean time): hours 00-23, minutes and seconds 00-59. "
    "Second 60 only for a leap second the tz data lists (23:59:60 UTC)"
)


def time_text(description: str, **kw) -> colander.SchemaNode:
    """A time as /convert reads it (RFC 3339 / ISO 8601, with or without offset, or Unix seconds), parsed by the view."""
    kw.setdefault("example", "2026-03-29T12:00")
    return colander.SchemaNode(
        Text(),
        description=description + TIME_TEXT_RULES,
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


_KINDS = {
    "string": text,
    "integer": integer,
    "boolean": lambda description, **kw: colander.SchemaNode(colander.Boolean(), description=description, **kw),
    "instant": instant,
}


def fields_schema(name: str, fields, base=Body, doc: str = "", **more) -> type:
    """A response body schema from the domain's declaration of its fields (timesvc.domain.fields), and `more` nodes after them."""
    nodes = {}
    for field in fields:
        kw = {"nullable": True} if field.nullable else {}
        if field.minimum is not None:
            kw["validator"] = colander.Range(field.minimum, field.maximum)
        nodes[field.name] = _KINDS[field.kind](field.description, **kw)
    declared = type(name, (base,), {"__doc__": doc, **nodes})
    # A class's nodes come in the order they were made, a base's before its own: `more`, made by the
    # caller before these, follow them from a subclass.
    return type(name, (declared,), {"__doc__": doc, **more}) if more else declared


ZoneAt = fields_schema(
    "ZoneAt",
    DESCRIBED,
    doc="What a zone's clocks show at an instant: `Zone.describe`, and `localized` when a locale is asked for.",
    localized=Localized(missing=colander.drop, description="With locale only: the zone's names and this instant in that language"),
)
ZoneInstant = fields_schema("ZoneInstant", INSTANT, base=ZoneAt, doc="An instant in a zone and in UTC.")
ZoneNow = fields_schema("ZoneNow", POSIX, base=ZoneAt, doc="A zone now: its clocks, and the POSIX TZ string that shows them from now on.")
ZoneTime = fields_schema(
    "ZoneTime",
    POSIX,
    base=ZoneInstant,
    doc="The /time body: now in UTC and in a zone, and the zone's POSIX TZ string from now on.",
    time=colander.SchemaNode(colander.Float(), description="Seconds since the Unix epoch"),
    tzdata_version=colander.SchemaNode(colander.String(), description="IANA version of the zone data"),
)
