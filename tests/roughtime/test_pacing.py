"""The Roughtime thread's share of the time under load (timesvc/roughtime/pacing.py)."""
import pytest

from timesvc.roughtime.pacing import SLICE, Pacing


def test_below_its_share_a_thread_never_rests():
    pacing = Pacing(0.5)
    for _ in range(1000):
        pacing.idle(0.002)
        assert pacing.worked(0.002) == 0.0


def test_work_beyond_its_share_is_rested_off_once_a_slice_is_owed():
    pacing = Pacing(0.5)
    rests = [pacing.worked(0.004) for _ in range(6)]  # no idle at all: a flood
    assert rests == [0.0, 0.0, pytest.approx(0.012), 0.0, 0.0, pytest.approx(0.012)]  # as much rest as work


def test_a_share_of_1_never_rests():
    pacing = Pacing(1.0)
    assert not any(pacing.worked(1.0) for _ in range(100))


def test_a_smaller_share_owes_more_rest_per_unit_of_work():
    pacing = Pacing(0.2)  # 4 s of rest per s of work
    pacing.idle(1.0)
    assert pacing.worked(0.001) == 0.0
    assert pacing.worked(0.004) == pytest.approx(0.02 - SLICE)


def test_a_long_idle_banks_one_slice_not_more():
    pacing = Pacing(0.5)
    pacing.idle(3600.0)
    assert pacing.worked(SLICE) == 0.0  # the slice banked
    assert pacing.worked(SLICE) == pytest.approx(SLICE)


@pytest.mark.parametrize("share", [0, -0.5, 1.5])
def test_a_share_is_above_0_and_at_most_1(share):
    with pytest.raises(ValueError):
        Pacing(share)
