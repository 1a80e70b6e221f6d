"""The POSIX strings kept per zone (PosixCache, Zone.posix_fields): the same answers as computing them afresh."""
from datetime import datetime, timezone

import pytest

from tests.support.tz_reference import NOWS
from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.posixtz import DIALECTS, PosixCache, next_change, posix_tz_for
from timesvc.domain.tzif import parse_tzif

END = int(datetime(2040, 1, 1, tzinfo=timezone.utc).timestamp())
DAY = 86400


def seconds(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


@pytest.fixture(scope="module")
def catalogue():
    return ZoneCatalogue(PackageSource())


def tzif(catalogue, name):
    return parse_tzif(catalogue.source.read(name))


def changing_zones(catalogue) -> list[str]:
    """The zones whose answer changes after the first NOW: their table goes on past it (Havana, Gaza)."""
    return [name for name in catalogue.names if next_change(tzif(catalogue, name), NOWS[0]) is not None]


def test_only_zones_whose_table_outlives_now_have_answers_that_change(catalogue):
    changing = changing_zones(catalogue)
    assert {"America/Havana", "Asia/Gaza", "Asia/Hebron"} <= set(changing)
    assert next_change(tzif(catalogue, "Europe/Paris"), NOWS[0]) is None  # the footer governs: for ever
    for name in set(catalogue.names) - set(changing):
        data = tzif(catalogue, name)
        assert [posix_tz_for(data, now, "newlib") for now in NOWS] == [posix_tz_for(data, NOWS[0], "newlib")] * len(NOWS), name


def test_kept_answers_equal_fresh_ones_either_side_of_every_change_to_2040_in_every_dialect(catalogue):
    wrong, asked = [], 0
    for name in changing_zones(catalogue):
        data, points, at = tzif(catalogue, name), [], NOWS[0]
        while at is not None and at < END:
            points += [at - 1, at, at + 1, at + 40 * DAY]
            at = next_change(data, at)
        cache = PosixCache(data)
        # Forward, then backward: a clock may go back (tests inject one), and the slot must not answer for it.
        for now in points + points[::-1]:
            for dialect in DIALECTS:
                asked += 1
                if cache.at(now, dialect) != posix_tz_for(data, now, dialect):
                    wrong.append((name, now, dialect, cache.at(now, dialect), posix_tz_for(data, now, dialect)))
    assert asked > 1000 and wrong == [], wrong[:5]


def test_an_answer_is_computed_once_for_the_instants_it_holds_for(catalogue):
    made = []
    cache = PosixCache(tzif(catalogue, "America/Havana"), lambda served: made.append(served) or served)
    december, march = seconds("2026-12-06T00:00:00+00:00"), seconds("2027-03-14T05:00:00+00:00")
    for now in (december, december + 1, december + 30 * DAY, march - 1):
        assert cache.at(now, "newlib").string == "CDT4"
    assert len(made) == 1
    assert cache.at(march, "newlib").string == "CST5CDT,M3.2.0/0,M11.1.0/1"  # the footer's DST starts: computed again
    assert cache.at(march, "eztime") is not None and len(made) == 3  # each dialect has its own slot


def test_the_fields_give_the_string_and_until_as_rfc_3339_whole_seconds(catalogue):
    havana = catalogue.zone("America/Havana")
    assert havana.posix_fields(seconds("2026-12-06T00:00:00+00:00")) == {"posix_tz": "CDT4", "posix_tz_until": "2027-11-07T05:00:00Z"}
    assert havana.posix_fields(seconds("2027-11-07T05:00:00+00:00")) == {"posix_tz": "CST5CDT,M3.2.0/0,M11.1.0/1", "posix_tz_until": None}
    nuuk = catalogue.zone("America/Nuuk")
    assert nuuk.posix_fields(NOWS[0])["posix_tz"] == "<-02>2<-01>,M3.4.4/71,M10.5.0/0"  # newlib's, by default
    assert nuuk.posix_fields(NOWS[0], "posix")["posix_tz"] == "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"
