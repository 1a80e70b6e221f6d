"""timezoned answers against the original server's rules (ported in tests/support/timezoned_original.py),
and every answer's string read by the ezTime port against the tz data."""
import pytest

from tests.support.eztime import EzTimezone
from tests.support.timezoned_original import OriginalServer
from tests.support.tz_reference import NOWS, Reference
from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.posixtz import posix_tz_for
from timesvc.domain.tzif import parse_tzif
from timesvc.timezoned.protocol import MAX_ANSWER, MAX_QUESTION, SourceLimit, Timezoned

NOW = NOWS[0]


@pytest.fixture(scope="module")
def catalogue():
    return ZoneCatalogue(PackageSource())


@pytest.fixture(scope="module")
def original(catalogue):
    # posixinfo in one order `find` may list: sorted. Every file with a "/" in its name, and its footer.
    names = sorted(name for name in catalogue.names + catalogue.aliases if "/" in name)
    posixinfo = [(name, parse_tzif(catalogue.source.read(name)).footer) for name in names]
    return OriginalServer(posixinfo, catalogue.source.read("zone1970.tab").decode("utf-8"))


@pytest.fixture(scope="module")
def server(catalogue):
    return Timezoned(catalogue, {"127.0.0.2": "Europe/Amsterdam", "::1": "Not/AZone"}.get)


def _ok(answer: bytes) -> tuple[str, str] | None:
    words = answer.decode("ascii").split(" ", 2)
    return (words[1], words[2]) if words[0] == "OK" else None


def _country_codes(catalogue) -> set[str]:
    codes = set()
    for table in ("zone.tab", "zone1970.tab"):
        for line in catalogue.source.read(table).decode("utf-8").splitlines():
            if line and not line.startswith("#"):
                codes.update(line.split("\t")[0].split(","))
    return codes


def test_every_name_and_alias_answers_its_zone_where_the_original_may_have_answered_a_longer_name(catalogue, server, original):
    # Two letters are a country code, as for the original: the aliases GB and NZ are asked as countries.
    for name in [name for name in catalogue.names + catalogue.aliases if len(name) != 2]:
        for question in (name, name.upper().replace("_", " "), f"{name.lower()}#0.8.3"):
            answer = _ok(server.answer(question.encode(), "127.0.0.1", NOW))
            assert answer is not None and answer[0] == catalogue.canonical(name), question
            if "/" in name:  # the original knew only names with a "/"
                assert name in original.candidates(question)


def test_a_part_of_a_name_answers_a_zone_the_original_could_have_answered_best_match_first(catalogue, server, original):
    parts = {name.rsplit("/", 1)[-1].replace("_", " ") for name in catalogue.names} | {"york", "salem", "ndia", "pacific"}
    for part in sorted(part for part in parts if len(part) != 2):
        answer = _ok(server.answer(part.encode(), "127.0.0.1", NOW))
        assert answer is not None, part
        # A part that is itself a name without "/" (CET, EST5EDT) is a name the original did not know.
        assert answer[0] in original.candidates(part) or answer[0] == catalogue.canonical(part), part
    assert _ok(server.answer(b"new york", "127.0.0.1", NOW))[0] == "America/New_York"
    assert _ok(server.answer(b"salem", "127.0.0.1", NOW))[0] == "America/North_Dakota/New_Salem"
    assert _ok(server.answer(b"ndia", "127.0.0.1", NOW))[0] == "Indian/Mahe"  # inside a word: the shortest
    assert "Indian/Mahe" in original.candidates("ndia")


def test_no_zone_answers_not_found_as_the_original_does(server, original):
    for question in ("Europe/Atlantis", "nowhere#0.8.3", "xyzzy"):
        assert server.answer(question.encode(), "127.0.0.1", NOW) == b"ERROR Timezone Not Found"
        assert original.answer(question) == "ERROR Timezone Not Found"
    # Where the original (PHP 8) matched "" at the start of the first name, timesvc finds nothing.
    assert server.answer(b"", "127.0.0.1", NOW) == b"ERROR Timezone Not Found"
    assert server.answer(b"x" * (MAX_QUESTION + 1), "127.0.0.1", NOW) == b"ERROR Timezone Not Found"


def test_countries_answer_as_the_original_except_where_zone1970_tab_gave_another_countrys_zone(catalogue, server, original):
    differences = 0
    for code in sorted(_country_codes(catalogue) | {"UK", "XX"}):
        ours, theirs = server.answer(code.lower().encode(), "127.0.0.1", NOW), original.answer(code)
        zone_tab = catalogue.zones_of_country("GB" if code == "UK" else code)
        if ours.split(b" ")[:2] == theirs.encode().split(b" ")[:2]:
            continue
        differences += 1
        # zone.tab's own zone for the country, where zone1970.tab merged it into another country's zone
        # (IS: Africa/Abidjan) or made it ambiguous (VN, TF); the clocks the original sent were the same.
        assert _ok(ours) is not None and zone_tab == [_ok(ours)[0]], code
        assert theirs == "ERROR Country Spans Multiple Timezones" or theirs.split(" ")[1] not in zone_tab, code
        assert theirs.startswith("ERROR") or theirs.split(" ")[2] == _ok(ours)[1], code
    assert 0 < differences < len(_country_codes(catalogue))
    assert _ok(server.answer(b"IS", "127.0.0.1", NOW))[0] == "Atlantic/Reykjavik"
    assert original.answer("IS").startswith("OK Africa/Abidjan ")


def test_the_originals_country_fixes_hold(server, original):
    assert _ok(server.answer(b"uk", "127.0.0.1", NOW)) == ("Europe/London", "GMT0BST,M3.5.0/1,M10.5.0")
    assert _ok(server.answer(b"DE", "127.0.0.1", NOW)) == ("Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3")
    assert original.answer("DE").split(" ")[1] == "Europe/Berlin"
    # The original's Dublin fix applied to names only: "IE" sent the footer ezTime misreads.
    assert original.answer("IE") == "OK Europe/Dublin IST-1GMT0,M10.5.0,M3.5.0/1"
    assert server.answer(b"IE", "127.0.0.1", NOW) == b"OK Europe/Dublin GMT0IST,M3.5.0/1,M10.5.0"
    assert server.answer(b"US", "127.0.0.1", NOW) == original.answer("US").encode() == b"ERROR Country Spans Multiple Timezones"
    assert server.answer(b"XX", "127.0.0.1", NOW) == original.answer("XX").encode() == b"ERROR Country Not Found"


def test_geoip_asks_the_callback_for_the_senders_zone(server):
    assert _ok(server.answer(b"GeoIP#0.8.3", "127.0.0.2", NOW))[0] == "Europe/Amsterdam"
    assert server.answer(b"geoip", "127.0.0.1", NOW) == b"ERROR GeoIP Lookup Failed"
    assert server.answer(b"GEOIP", "::1", NOW) == b"ERROR GeoIP Lookup Failed"  # a name the catalogue does not know


def test_every_zones_answer_fits_100_bytes_and_ezTime_reads_it_as_the_tz_data(catalogue, server):
    wrong = []
    for name in catalogue.names:
        answer = server.answer(name.encode(), "127.0.0.1", NOW)
        assert len(answer) <= MAX_ANSWER
        zone, string = _ok(answer)
        until = posix_tz_for(parse_tzif(catalogue.source.read(zone)), NOW, "eztime").until
        reference, device = Reference(catalogue.zone(zone).tzinfo), EzTimezone(string)
        for instant in reference.instants(NOW, until):
            offset, abbreviation = reference.at(instant)
            expected = (offset, abbreviation if abbreviation.isalpha() else f"<{abbreviation}>")
            if device.local(instant) != expected:
                wrong.append((name, string, instant, expected, device.local(instant)))
    assert wrong == [], wrong[:5]


def test_a_source_is_answered_once_per_interval():
    clock = [100.0]
    limit = SourceLimit(interval=3.0, capacity=10, clock=lambda: clock[0])
    assert limit.allow("127.0.0.1") and limit.allow("127.0.0.2") and limit.allow("::1")
    assert not limit.allow("127.0.0.1")
    clock[0] += 2.999
    assert not limit.allow("127.0.0.1")
    clock[0] += 0.001
    assert limit.allow("127.0.0.1") and limit.allow("::1")


def test_the_limit_holds_at_most_capacity_sources_and_forgets_them_after_the_interval():
    clock = [0.0]
    limit = SourceLimit(interval=3.0, capacity=3, clock=lambda: clock[0])
    assert [limit.allow(f"127.0.0.{n}") for n in range(1, 6)] == [True, True, True, False, False]
    assert len(limit) == 3
    clock[0] = 3.0
    assert limit.allow("127.0.0.4") and len(limit) == 1
