"""RADI: the true time within (MIDP - RADI, MIDP + RADI) for any clock within its maximum error."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timesvc.roughtime.protocol.radius import MAXIMUM_RADIUS, MINIMUM_RADIUS, radius


@pytest.mark.parametrize(
    "max_error, expected",
    [(0.0, 3), (0.000001, 3), (1.5, 3), (2.0, 3), (2.000001, 4), (9.25, 11), (16.0, 17), (math.inf, MAXIMUM_RADIUS)],
)
def test_the_radius_is_the_error_rounded_up_plus_one_second_and_at_least_3(max_error, expected):
    assert radius(max_error) == expected
    assert MINIMUM_RADIUS == 3


@pytest.mark.parametrize("max_error", [-0.1, math.nan])
def test_a_negative_or_nan_error_has_no_radius(max_error):
    with pytest.raises(ValueError):
        radius(max_error)


@given(
    true_time=st.integers(0, 2**40).map(lambda s: s / 1000),
    max_error=st.floats(0, 100_000, allow_nan=False),
    skew=st.floats(-1, 1, allow_nan=False),
)
def test_the_true_time_lies_strictly_inside_midp_plus_or_minus_radi(true_time, max_error, skew):
    clock = true_time + skew * max_error  # a clock within its maximum error of the true time
    midpoint = math.floor(clock)  # MIDP: the clock truncated to whole seconds
    assert midpoint - radius(max_error) < true_time < midpoint + radius(max_error)
