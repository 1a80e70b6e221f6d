"""Time text read strictly: offsets in range (RFC 3339 time-numoffset), :60 only for a leap second the tz data lists.

Checked against implementations timesvc did not write: python-dateutil's isoparse and rfc3339-validator
(its RFC 3339 grammar), RFC 3339's own examples, and the IERS list Debian installs (leap-seconds.list).
"""
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import tzdata
from dateutil.parser import isoparse
from hypothesis import example, given
from hypothesis import strategies as st
from rfc3339_validator import validate_rfc3339

from timesvc.domain.catalogue import PackageSource, SystemSource, ZoneCatalogue
from timesvc.domain.conversion import parse_time, read_instant
from timesvc.domain.errors import InvalidInput
from timesvc.domain.leapseconds import LeapSeconds
from timesvc.domain.zone import format_utc

ROOT = Path(__file__).resolve().parents[2]
IERS_LIST = Path("/usr/share/zoneinfo/leap-seconds.list")  # Debian's tzdata: IERS's own format, NTP seconds
NTP_EPOCH = datetime(1900, 1, 1, tzinfo=timezone.utc)
CATALOGUE = ZoneCatalogue(PackageSource())
LEAPS = CATALOGUE.leap_seconds


def read(text: str, zone: str | None = None) -> int:
    return read_instant(text, CATALOGUE.zone(zone) if zone else None, zone_parameter="from", leap_seconds=LEAPS)


def accepted(text: str):
    """The aware datetime timesvc reads, or None when it refuses the text."""
    try:
        return parse_time(text).value
    except InvalidInput:
        return None


def two(low: int = 0, high: int = 99):
    return st.integers(low, high).map("{:02d}".format)


# RFC 3339 §5.8, and §5.7's 15:59:60-08:00, the same leap second as 23:59:60Z.
RFC3339_EXAMPLES = {
    "1985-04-12T23:20:50.52Z": "1985-04-12T23:20:50.520000Z",
    "1996-12-19T16:39:57-08:00": "1996-12-20T00:39:57.000000Z",
    "1990-12-31T23:59:60Z": "1991-01-01T00:00:00.000000Z",
    "1990-12-31T15:59:60-08:00": "1991-01-01T00:00:00.000000Z",
    "1937-01-01T12:00:27.87+00:20": "1937-01-01T11:40:27.870000Z",
}


@pytest.mark.parametrize("text, utc", RFC3339_EXAMPLES.items())
def test_rfc3339s_examples_are_read_as_it_reads_them(text, utc):
    assert format_utc(read(text)) == utc


@given(
    day=st.dates(date(1, 1, 1), date(9999, 12, 30)).map(date.isoformat),
    clock=st.tuples(two(0, 23), two(0, 59), two(0, 59)).map(":".join),
    fraction=st.sampled_from(["", ".5", ".123456", ".000001"]),
    sign=st.sampled_from("+-"),
    hours=two(),
    minutes=two(),
)
@example(day="2026-01-01", clock="12:00:00", fraction="", sign="+", hours="00", minutes="99")  # the issue's +00:99
def test_an_rfc3339_offset_is_taken_exactly_when_rfc3339_validator_takes_it(day, clock, fraction, sign, hours, minutes):
    text = f"{day}T{clock}{fraction}{sign}{hours}:{minutes}"
    moment = accepted(text)
    assert (moment is not None) == validate_rfc3339(text)
    if moment is not None:
        assert moment == isoparse(text)


@given(
    day=st.sampled_from(["2026-03-29", "20260329", "2026-W13-7", "2026W137", "2026-088"]),
    separator=st.sampled_from("Tt "),
    clock=st.sampled_from(["12", "12:30", "1230", "12:30:15", "123015", "12:30:15.25", "123015,25"]),
    offset=st.one_of(
        st.sampled_from(["Z", "z", ""]),
        st.tuples(st.sampled_from("+-"), two()).map("".join),
        st.tuples(st.sampled_from("+-"), two(), st.sampled_from(["", ":"]), two()).map("".join),
    ),
)
@example(day="2026-03-29", separator="T", clock="12:30", offset="+0099")
def test_iso8601_forms_are_read_as_dateutil_reads_them(day, separator, clock, offset):
    text = f"{day}{separator}{clock}{offset}"
    try:
        expected = isoparse(text)
    except ValueError:
        expected = None
    assert accepted(text) == expected


@pytest.mark.parametrize(
    "offset, accepted_as",
    [("+00:00:00", 0), ("-00:01:15", -75), ("+000115", 75), ("+23:59:59", 86399), ("+00:00:60", None), ("+00:60", None), ("+24:00", None), ("+00:00:00.5", None), ("+01:0000", None)],
)
def test_an_offset_may_carry_seconds_as_local_mean_time_does_each_in_range(offset, accepted_as):
    text = f"1890-01-01T00:00{offset}"
    if accepted_as is None:
        with pytest.raises(InvalidInput, match="is not a valid date and time|offset hours go from 00 to 23, minutes and seconds from 00 to 59"):
            parse_time(text)
    else:
        assert parse_time(text).value.utcoffset() == timedelta(seconds=accepted_as)


@pytest.mark.parametrize("text", ["2026-01-01T12:00+00:99", "2026-01-01T12:00+0099", "2026-01-01T12:00-24:00", "2026-01-01T12:00+00:00:60"])
def test_an_offset_out_of_range_is_refused_saying_so(text):
    with pytest.raises(InvalidInput) as refused:
        parse_time(text, "from")
    assert refused.value.name == "from"
    assert refused.value.description == f"from {text!r} has UTC offset {text[16:]}: offset hours go from 00 to 23, minutes and seconds from 00 to 59 (+01:00, -08:00, +05:45, Z)"


def iers_leap_days() -> set[date]:
    """The days ending in a leap second, from IERS's list: each TAI-UTC step after the first (1972-01-01) follows one."""
    if not IERS_LIST.exists():
        pytest.skip("Debian's tzdata (leap-seconds.list) is not installed")
    starts = [int(line.split()[0]) for line in IERS_LIST.read_text().splitlines() if line[:1].isdigit()]
    return {(NTP_EPOCH + timedelta(seconds=start)).date() - timedelta(days=1) for start in starts[1:]}


def test_the_pinned_tz_data_lists_the_leap_seconds_iers_lists():
    assert LEAPS.days == iers_leap_days()
    assert len(LEAPS.days) == 27 and max(LEAPS.days) == date(2016, 12, 31)


def sixtieth(utc: datetime, minutes: int) -> str:
    """The second after `utc` (a second 59), written as second 60 in the offset of `minutes`."""
    local = utc.astimezone(timezone(timedelta(minutes=minutes)))
    return local.strftime("%Y-%m-%dT%H:%M:60") + local.isoformat()[19:]


OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59)


@given(day=st.sampled_from(sorted(LEAPS.days)), minutes=OFFSETS)
def test_every_listed_leap_second_is_read_in_any_offset_as_the_next_second(day, minutes):
    midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), timezone.utc)
    assert read(sixtieth(midnight - timedelta(seconds=1), minutes)) == int(midnight.timestamp()) * 10**9


@given(moment=st.datetimes(datetime(1971, 1, 1), datetime(2027, 6, 26)), minutes=OFFSETS)
@example(moment=datetime(2026, 1, 1, 12, 34), minutes=0)  # the 12:34:60Z
@example(moment=datetime(2016, 12, 31, 23, 59), minutes=0)
@example(moment=datetime(2016, 12, 30, 23, 59), minutes=0)
def test_a_60th_second_is_taken_exactly_where_iers_lists_a_leap_second(moment, minutes):
    utc = moment.replace(second=59, microsecond=0, tzinfo=timezone.utc)
    leap = (utc.hour, utc.minute) == (23, 59) and utc.date() in iers_leap_days()
    try:
        assert read(sixtieth(utc, minutes)) == (int(utc.timestamp()) + 1) * 10**9 and leap
    except InvalidInput as refused:
        assert not leap and refused.name == "time"


@pytest.mark.parametrize(
    "text, zone, reason",
    [
        ("2026-01-01T12:34:60Z", None, "is 2026-01-01T12:34:60 in UTC: a leap second is only ever 23:59:60 UTC"),
        ("2026-12-31T23:59:60Z", None, "is 2026-12-31T23:59:60Z, which is no leap second (the tz data 2026f lists them; the last was 2016-12-31T23:59:60Z)"),
        ("2016-12-31T23:59:60", "Asia/Tokyo", "is 2016-12-31T14:59:60 in UTC: a leap second is only ever 23:59:60 UTC"),
        ("2027-12-31T23:59:60Z", None, "is 2027-12-31T23:59:60Z, after 2027-06-28, when the leap-second list of the tz data (2026f) expires: whether that day ends with a leap second is not known"),
    ],
)
def test_a_60th_second_that_is_no_listed_leap_second_is_refused_saying_why(text, zone, reason):
    with pytest.raises(InvalidInput) as refused:
        read(text, zone)
    assert refused.value.description == f"time {text!r} {reason}"


def test_a_local_60th_second_is_taken_where_it_is_a_leap_second_in_utc():
    assert format_utc(read("2016-12-31T18:59:60.5", "America/New_York")) == "2017-01-01T00:00:00.500000Z"
    assert format_utc(read("2017-01-01T08:59:60", "Asia/Tokyo")) == "2017-01-01T00:00:00.000000Z"


def test_a_list_holds_up_to_its_expiry_and_after_it_only_for_the_days_it_lists():
    def second_59(day: date) -> int:
        return int(datetime.combine(day, datetime.max.time().replace(microsecond=0), timezone.utc).timestamp())

    expires = second_59(date(2030, 6, 29)) + 1  # 2030-06-30T00:00:00Z
    table = LeapSeconds.parse(f"Leap\t2030\tDec\t31\t23:59:60\t+\tS\n#expires {expires} (2030-06-30 00:00:00 UTC)\n", "2099z")
    assert table.refusal(second_59(date(2030, 6, 29))).endswith("which is no leap second (the tz data 2099z lists them; the last was 2030-12-31T23:59:60Z)")
    assert table.refusal(second_59(date(2030, 6, 30))).endswith("expires: whether that day ends with a leap second is not known")
    assert table.refusal(second_59(date(2030, 12, 31))) is None


def test_zone_data_without_a_leap_second_list_refuses_every_60th_second(tmp_path):
    package = Path(tzdata.__file__).parent / "zoneinfo"
    for name in ("tzdata.zi", "zone.tab", "zone1970.tab"):
        shutil.copy(package / name, tmp_path / name)
    leaps = ZoneCatalogue(SystemSource(str(tmp_path))).leap_seconds
    with pytest.raises(InvalidInput, match=r"is 2016-12-31T23:59:60Z, and the zone data \(2026f\) has no leap-second list: give the time without :60"):
        read_instant("2016-12-31T23:59:60Z", None, leap_seconds=leaps)


def test_the_readme_gives_the_pinned_lists_expiry():
    expiry = (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=LEAPS.expires)).date().isoformat()
    assert f"expires on {expiry} (tz data {CATALOGUE.version})" in " ".join((ROOT / "README.md").read_text().split())
