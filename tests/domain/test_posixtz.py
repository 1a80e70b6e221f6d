"""posix_tz and its device dialects, for every zone, against readers we did not write (or ported faithfully).

Each string is read by glibc (in a child process), newlib (its own 3.3.0 C code, and a port of 4.3+),
or a port of ezTime, and compared with the tz data as zoneinfo reads it, at samples from each fixed
"now" to 2038 and one second either side of every transition, up to the string's `until`.
"""
import tempfile
from datetime import datetime, timezone

import pytest

from tests.support import newlib_c
from tests.support.eztime import EzTimezone
from tests.support.glibc_tz import glibc_clocks
from tests.support.newlib_tzset import Newlib
from tests.support.tz_reference import END, NOWS, Reference
from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.posixtz import OLD_NEWLIB_NAMES, posix_tz, posix_tz_for
from timesvc.domain.tzif import parse_tzif


def _utc(*fields) -> int:
    return int(datetime(*fields, tzinfo=timezone.utc).timestamp())


@pytest.fixture(scope="module")
def catalogue():
    return ZoneCatalogue(PackageSource())


@pytest.fixture(scope="module")
def zones(catalogue):
    """Every catalogue zone: its TZif data and the zoneinfo reference."""
    return {name: (parse_tzif(catalogue.source.read(name)), Reference(catalogue.zone(name).tzinfo)) for name in catalogue.names}


def _serve(dialect):
    return lambda tzif, now: posix_tz(tzif, now) if dialect == "posix" else posix_tz_for(tzif, now, dialect)


def _served(zones, serve):
    """(zone, now, string, until, instants) for every zone and NOW."""
    for name, (tzif, reference) in zones.items():
        for now in NOWS:
            served = serve(tzif, now)
            assert served is not None, f"{name}: no string at {now}"
            yield name, now, served.string, served.until, reference.instants(now, served.until)


def _disagreements(zones, dialect, read, expected_name=lambda name: name, serve=None):
    """Where `read` shows another offset than the data, or a name other than expected_name(abbreviation).

    read({string: [instants]}) -> {string: {instant: (offset, name)}}; an expected name of None accepts any
    name, as long as each abbreviation is shown as one name and no two abbreviations alike.
    """
    serve = serve or _serve(dialect)
    served = list(_served(zones, serve))
    questions = {}
    for name, now, string, until, instants in served:
        questions.setdefault(string, set()).update(instants)
        if until is not None and until < END:
            questions[string].update((until - 1, until))
    shown = read({string: sorted(instants) for string, instants in questions.items()})
    found, checked = [], 0
    for name, now, string, until, instants in served:
        reference = zones[name][1]
        by_instant = shown[string]
        names = {}
        for instant in instants:
            offset, abbreviation = reference.at(instant)
            seen_offset, seen_name = by_instant[instant]
            wanted = expected_name(abbreviation)
            names.setdefault(abbreviation, seen_name)
            checked += 1
            if seen_offset != offset or (wanted is not None and seen_name != wanted) or names[abbreviation] != seen_name:
                found.append((name, now, string, instant, (offset, abbreviation), (seen_offset, seen_name)))
        if until is not None and until < END:
            # `until` is the first instant the string is wrong: wrong there, right the second before.
            seen, before = by_instant[until], by_instant[until - 1]
            if before[0] != reference.at(until - 1)[0]:
                found.append((name, now, string, until - 1, "wrong before until", before))
            if seen[0] == reference.at(until)[0] and (expected_name(reference.at(until)[1]) in (None, seen[1])):
                found.append((name, now, string, until, "still right at until", seen))
        if len(set(names.values())) != len(names):
            found.append((name, now, string, None, "two abbreviations shown alike", names))
    return found, checked


def _reader(make):
    """read() for a Python or ctypes reader: one reader per string, asked at each instant."""

    def read(questions):
        answers = {}
        for string, instants in questions.items():
            reader = make(string)
            answers[string] = dict(zip(instants, map(reader.local, instants)))
        return answers

    return read


def _glibc(questions):
    answers = glibc_clocks(questions)
    return {string: dict(zip(questions[string], answers[string])) for string in questions}


# newlib's strings are POSIX strings too: glibc must read them as the data says.
@pytest.mark.parametrize("dialect", ["posix", "newlib"])
def test_strings_read_by_glibc_show_the_tz_data_for_every_zone(zones, dialect):
    found, checked = _disagreements(zones, dialect, _glibc)
    assert found == [], found[:5]
    assert checked > 100 * len(zones) * len(NOWS)


def test_newlib_strings_read_by_newlib_4_3_show_the_tz_data_for_every_zone(zones):
    read = _reader(lambda string: Newlib(string, "new"))
    found, checked = _disagreements(zones, "newlib", read)
    assert found == [], found[:5]
    assert checked > 100 * len(zones) * len(NOWS)


def _placeholder(abbreviation):
    """Old newlib shows an alphabetic abbreviation as it is; a numeric one as STD or DST (checked: one each)."""
    return abbreviation if abbreviation.isalpha() else None


def test_old_newlib_strings_read_by_the_python_port_show_the_tz_data_for_every_zone(zones):
    read = _reader(lambda string: Newlib(string, "old"))
    found, checked = _disagreements(zones, "newlib_old", read, _placeholder)
    assert found == [], found[:5]
    assert checked > 100 * len(zones) * len(NOWS)


@pytest.mark.skipif(newlib_c.missing() is not None, reason=str(newlib_c.missing()))
def test_old_newlib_strings_read_by_newlib_3_3_itself_show_the_tz_data_for_every_zone(zones):
    with tempfile.TemporaryDirectory() as folder:
        library = newlib_c.build(folder)

        def make(string):
            library.read(string)
            return library

        found, checked = _disagreements(zones, "newlib_old", _reader(make), _placeholder)
    assert found == [], found[:5]
    assert checked > 100 * len(zones) * len(NOWS)


def test_eztime_strings_read_by_the_eztime_port_show_the_tz_data_for_every_zone(zones):
    read = _reader(EzTimezone)
    # ezTime shows a quoted name with its brackets: "<+03>".
    found, checked = _disagreements(zones, "eztime", read, lambda name: name if name.isalpha() else f"<{name}>")
    assert found == [], found[:5]
    assert checked > 100 * len(zones) * len(NOWS)


def test_old_newlib_placeholders_are_the_documented_ones(zones):
    tzif = zones["Antarctica/Troll"][0]
    assert posix_tz_for(tzif, NOWS[0], "newlib_old").string == f"{OLD_NEWLIB_NAMES[0]}0{OLD_NEWLIB_NAMES[1]}-2,M3.5.0/1,M10.5.0/3"


def test_the_footer_is_served_for_ever_once_the_table_has_ended(zones):
    assert posix_tz(zones["Europe/Paris"][0], NOWS[0]) == ("CET-1CEST,M3.5.0,M10.5.0/3", None)
    assert posix_tz(zones["Africa/Casablanca"][0], NOWS[0]) == ("<+00>0", None)


def test_havana_gets_the_present_offset_until_cuba_leaves_daylight_time(zones):
    tzif = zones["America/Havana"][0]
    assert tzif.footer == "CST5CDT,M3.2.0/0,M11.1.0/1"  # the footer is not the present in tzdata 2026f
    assert posix_tz(tzif, NOWS[0]) == ("CDT4", _utc(2027, 11, 7, 5))
    assert posix_tz(tzif, _utc(2027, 11, 7, 5)) == ("CST5CDT,M3.2.0/0,M11.1.0/1", None)


def test_newlib_gets_an_hour_it_can_read_where_posix_has_a_negative_one(zones):
    assert posix_tz(zones["America/Nuuk"][0], NOWS[0]).string == "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"
    assert posix_tz_for(zones["America/Nuuk"][0], NOWS[0], "newlib").string == "<-02>2<-01>,M3.4.4/71,M10.5.0/0"


def test_eztime_gets_dublin_as_the_original_server_served_it(zones):
    assert posix_tz_for(zones["Europe/Dublin"][0], NOWS[0], "eztime").string == "GMT0IST,M3.5.0/1,M10.5.0"


def _eztime_name(abbreviation):
    return abbreviation if abbreviation.isalpha() else f"<{abbreviation}>"


@pytest.mark.parametrize(
    "make, expected_name, misread",
    [
        # newlib 4.3+ reads "/-1" as 65535 hours.
        (lambda string: Newlib(string, "new"), lambda name: name, {"America/Nuuk", "America/Scoresbysund"}),
        # ezTime: DST behind standard time, a DST offset other than +1 h, hours past 23, hours below 0.
        (EzTimezone, _eztime_name, {
            "Europe/Dublin", "Australia/Lord_Howe", "Antarctica/Troll", "America/Santiago",
            "Asia/Gaza", "Asia/Hebron", "Asia/Jerusalem", "Africa/Cairo", "America/Nuuk", "America/Scoresbysund",
        }),
    ],
    ids=["newlib", "eztime"],
)
def test_the_posix_strings_themselves_would_mislead_these_devices(zones, make, expected_name, misread):
    found, _ = _disagreements(zones, "posix", _reader(make), expected_name, serve=_serve("posix"))
    assert {name for name, *_ in found} == misread


def test_old_newlib_misreads_every_quoted_name(zones):
    found, _ = _disagreements(zones, "posix", _reader(lambda string: Newlib(string, "old")), _placeholder, serve=_serve("posix"))
    # "<+00>0" is read as name "<", offset 0, DST ">" at offset 0 too: offset 0, right by chance.
    strings = {name: {posix_tz(tzif, now).string for now in NOWS} for name, (tzif, _) in zones.items()}
    quoted = {name for name, served in strings.items() if any("<" in string and string != "<+00>0" for string in served)}
    assert {name for name, *_ in found} == quoted | {"America/Nuuk", "America/Scoresbysund"}
