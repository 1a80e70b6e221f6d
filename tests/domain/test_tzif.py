import struct
from importlib import resources

import pytest

from timesvc.domain.tzif import TZifError, parse_tzif


def tzif_bytes(name):
    return resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes()


def test_new_york_table_ends_with_its_posix_rule():
    data = parse_tzif(tzif_bytes("America/New_York"))
    assert data.footer == "EST5EDT,M3.2.0,M11.1.0"
    assert data.transitions == sorted(data.transitions)
    assert {t.abbreviation for t in data.types} >= {"EST", "EDT"}
    assert data.initial.abbreviation == "LMT"


def test_utc_has_no_transitions():
    data = parse_tzif(tzif_bytes("Etc/UTC"))
    assert data.transitions == []
    assert data.initial.utc_offset == 0 and data.footer == "UTC0"


def test_type_flags_follow_the_file():
    data = parse_tzif(tzif_bytes("Europe/Paris"))
    summer = [t for t in data.types if t.abbreviation == "CEST"]
    assert summer and all(t.dst and t.utc_offset == 7200 for t in summer)


def test_rejects_non_tzif_bytes():
    with pytest.raises(TZifError):
        parse_tzif(b"NOPE" + bytes(60))


def test_rejects_version_1_files():
    header = struct.pack(">4sc15x6l", b"TZif", b"\x00", 0, 0, 0, 0, 1, 1)
    with pytest.raises(TZifError, match="version 1"):
        parse_tzif(header + bytes(7))
