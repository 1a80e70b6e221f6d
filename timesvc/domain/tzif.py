"""Read the transition table of a compiled TZif file (RFC 8536).

zoneinfo and dateutil answer "what offset applies at t" but neither exposes the
list of transitions, which /time and /timezones/{name} report, so the 64-bit
data block is read here.
"""
import struct
from typing import NamedTuple

_HEADER = struct.Struct(">4sc15x6l")


class LocalTimeType(NamedTuple):
    utc_offset: int
    dst: bool
    abbreviation: str


class TZifData(NamedTuple):
    transitions: list[int]  # UTC epoch seconds, ascending
    types: list[LocalTimeType]  # the type that starts at each transition
    initial: LocalTimeType  # the type in force before the first transition
    footer: str  # POSIX TZ string for instants after the table; may be ""


class TZifError(ValueError):
    pass


def _counts(data, offset):
    magic, version, *counts = _HEADER.unpack_from(data, offset)
    if magic != b"TZif":
        raise TZifError("not a TZif file")
    return version, counts


def parse_tzif(data: bytes) -> TZifData:
    """Parse the version 2+ (64-bit) part of a TZif file."""
    version, (isut, isstd, leap, timecnt, typecnt, charcnt) = _counts(data, 0)
    if version == b"\x00":
        raise TZifError("TZif version 1 files are not supported")
    offset = _HEADER.size + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    _, (isut, isstd, leap, timecnt, typecnt, charcnt) = _counts(data, offset)
    offset += _HEADER.size
    times = list(struct.unpack_from(f">{timecnt}q", data, offset))
    offset += timecnt * 8
    indices = data[offset : offset + timecnt]
    offset += timecnt
    raw_types = [struct.unpack_from(">lBB", data, offset + 6 * i) for i in range(typecnt)]
    offset += typecnt * 6
    chars = data[offset : offset + charcnt]
    offset += charcnt + leap * 12 + isstd + isut
    footer = data[offset:].strip(b"\n").decode("ascii")

    def abbreviation(index):
        return chars[index : chars.index(b"\x00", index)].decode("ascii")

    types = [LocalTimeType(off, bool(isdst), abbreviation(ai)) for off, isdst, ai in raw_types]
    return TZifData(
        transitions=times,
        types=[types[i] for i in indices],
        initial=types[0],
        footer=footer,
    )
