"""Properties that hold for every zone and instant; counts come from the hypothesis profile."""
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timesvc.domain.conversion import instant_ns, parse_time, resolve_local
from timesvc.domain.errors import InvalidInput
from timesvc.domain.zone import EPOCH

from .strategies import ANY_INSTANT, RECENT, TIME_LIKE

_TWO_DAYS = 2 * 86400


def offset_at(zone, seconds: int) -> int:
    return zone.describe(seconds * 1_000_000_000)["utc_offset_seconds"]


def instants_showing(zone, wall: int) -> list[int]:
    """Every instant whose local time in `zone` is the wall clock reading `wall`, by UTC round trips."""
    offsets = {offset_at(zone, wall - _TWO_DAYS)}
    offsets.update(t.utc_offset for t in zone.next_transitions(wall - _TWO_DAYS, 20) if t.at <= wall + _TWO_DAYS)
    return sorted({wall - offset for offset in offsets if offset_at(zone, wall - offset) == offset})


def naive(wall: int) -> datetime:
    return (EPOCH + timedelta(seconds=wall)).replace(tzinfo=None)


@given(data=st.data(), seconds=st.one_of(RECENT, ANY_INSTANT))
def test_utc_to_any_zone_and_back_gives_the_same_instant(catalogue, data, seconds):
    zone = catalogue.zone(data.draw(st.sampled_from(catalogue.names), label="zone"))
    described = zone.describe(seconds * 1_000_000_000)
    aware = datetime.fromisoformat(described["datetime"])
    assert instant_ns(aware) == seconds * 1_000_000_000
    # Its wall time read back in the zone is never a gap, and one of its readings is this instant.
    local = aware.replace(tzinfo=None)
    readings = {resolve_local(local, zone, ambiguous=choice) for choice in ("earlier", "later")}
    assert seconds * 1_000_000_000 in readings


@given(data=st.data(), seed=RECENT, delta=st.integers(-3 * 3600, 3 * 3600))
def test_gap_and_fold_detection_agree_with_utc_round_trips(catalogue, data, seed, delta):
    zone = catalogue.zone(data.draw(st.sampled_from(catalogue.names), label="zone"))
    # Wall times within three hours of a transition: where gaps and folds are.
    following = zone.next_transitions(seed, 1)
    wall = (following[0].at + following[0].utc_offset if following else seed) + delta
    shown_by = instants_showing(zone, wall)
    local = naive(wall)
    if not shown_by:
        with pytest.raises(InvalidInput, match="does not exist"):
            resolve_local(local, zone)
        forward = resolve_local(local, zone, nonexistent="shift_forward") // 1_000_000_000
        assert offset_at(zone, forward) > offset_at(zone, forward - 1)  # the instant clocks jumped
    elif len(shown_by) == 1:
        assert resolve_local(local, zone) == shown_by[0] * 1_000_000_000
    else:
        with pytest.raises(InvalidInput, match="occurs twice"):
            resolve_local(local, zone)
        assert resolve_local(local, zone, ambiguous="earlier") == shown_by[0] * 1_000_000_000
        assert resolve_local(local, zone, ambiguous="later") == shown_by[-1] * 1_000_000_000


@given(text=TIME_LIKE)
def test_parsing_raises_nothing_but_the_domain_validation_error(text):
    try:
        parsed = parse_time(text).value
        if isinstance(parsed, datetime) and parsed.tzinfo is not None:
            instant_ns(parsed)
    except InvalidInput:
        return
    assert isinstance(parsed, (int, datetime))
