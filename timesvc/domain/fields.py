"""The fields of the answers about a zone, declared once: the OpenAPI schemas are built from them (timesvc.web.schemas)."""
from typing import NamedTuple


class Field(NamedTuple):
    """A field: its name, JSON type, description and bounds."""

    name: str
    kind: str  # "string", "integer", "boolean", or "instant": RFC 3339 in UTC
    description: str
    nullable: bool = False
    minimum: int | None = None
    maximum: int | None = None


# What `Zone.describe` answers, in its order.
DESCRIBED = (
    Field("timezone", "string", "Canonical IANA zone name"),
    Field("datetime", "string", "RFC 3339 local time with offset, microseconds"),
    Field("utc_offset", "string", "Offset from UTC, +HH:MM or +HH:MM:SS"),
    Field("utc_offset_seconds", "integer", "Offset from UTC, seconds"),
    Field("raw_offset", "integer", "Standard offset from UTC, seconds"),
    Field("dst_offset", "integer", "Daylight saving part of the offset, seconds"),
    Field("dst", "boolean", "Whether daylight saving time is in effect"),
    Field("abbreviation", "string", "As the tz data gives it: CET, or -03"),
    Field("day_of_week", "integer", "ISO 8601: Monday = 1", minimum=1, maximum=7),
    Field("day_of_year", "integer", "1 to 366", minimum=1, maximum=366),
    Field("week_number", "integer", "ISO 8601 week", minimum=1, maximum=53),
    Field("previous_transition", "instant", "When the offset or abbreviation last changed; null if never", nullable=True),
    Field("next_transition", "instant", "When the offset or abbreviation next changes; null if never", nullable=True),
)
# What `Zone.posix_fields` answers: newlib's dialect (timesvc.domain.posixtz), a POSIX string glibc, the tz
# code and newlib 4.3+ read alike; /posix serves the others.
POSIX_DIALECT = "newlib"
POSIX = (
    Field("posix_tz", "string", "POSIX TZ string showing this zone's offsets and abbreviations from now on, as glibc and newlib read it (TZ, tzset, configTzTime); null if none exists", nullable=True),
    Field("posix_tz_until", "instant", "When posix_tz stops matching the tz data: set it again then; null if it matches as far as the data goes", nullable=True),
)
# What `instant_fields` answers, in its order.
INSTANT = (
    Field("unixtime", "integer", "Whole seconds since the Unix epoch"),
    Field("unixtime_ns", "integer", "Nanoseconds since the Unix epoch"),
    Field("utc_datetime", "instant", "RFC 3339 UTC time, microseconds"),
)
