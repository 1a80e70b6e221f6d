"""Properties of calendar arithmetic for every zone; counts come from the hypothesis profile.

Adding then subtracting is not an inverse in general: calendar units move the wall clock before time
units move the instant, and month lengths differ (2024-01-29 + P1M2D = 2024-03-02, and 2024-03-02 − P1M2D =
2024-01-31). So the round trips are stated for durations of one kind: years and months, weeks and days,
or time units.
"""
from hypothesis import assume, given
from hypothesis import strategies as st

from timesvc.domain.calendar import add, subtract, until
from timesvc.domain.durations import Duration, balanced_time
from timesvc.domain.errors import InvalidInput

from .strategies import ANY_INSTANT, RECENT

_NS = 1_000_000_000
_SIGN = st.sampled_from((1, -1))
YEARS_AND_MONTHS = st.builds(lambda y, m, s: Duration(years=s * y, months=s * m), st.integers(0, 50), st.integers(0, 11), _SIGN)
WEEKS_AND_DAYS = st.builds(lambda w, d, s: Duration(weeks=s * w, days=s * d), st.integers(0, 60), st.integers(0, 400), _SIGN)
TIME = st.builds(
    lambda h, m, sec, ns, s: Duration(hours=s * h, minutes=s * m, seconds=s * sec, nanoseconds=s * ns),
    st.integers(0, 10_000), st.integers(0, 600), st.integers(0, 100_000), st.integers(0, 10**9), _SIGN,
)
ONE_KIND = st.one_of(YEARS_AND_MONTHS, WEEKS_AND_DAYS, TIME)


def _zone(catalogue, data):
    return catalogue.zone(data.draw(st.sampled_from(catalogue.names), label="zone"))


def _start(data):
    return data.draw(RECENT, label="start") * _NS + data.draw(st.integers(0, _NS - 1), label="ns")


@given(data=st.data(), duration=ONE_KIND)
def test_add_then_subtract_returns_the_start_when_nothing_was_adjusted(catalogue, data, duration):
    zone, start = _zone(catalogue, data), _start(data)
    there = add(zone, start, duration)
    back = subtract(zone, there.epoch_ns, duration)
    assume(not (there.constrained or there.disambiguated or back.constrained or back.disambiguated))
    assert back.epoch_ns == start


@given(data=st.data(), duration=TIME)
def test_until_gives_back_a_time_duration_balanced_to_hours(catalogue, data, duration):
    zone, start = _zone(catalogue, data), _start(data)
    end = add(zone, start, duration).epoch_ns
    assert until(zone, start, end) == Duration(**balanced_time(duration.time_ns(), "hours"))


@given(data=st.data(), duration=YEARS_AND_MONTHS)
def test_until_gives_back_years_and_months(catalogue, data, duration):
    zone, start = _zone(catalogue, data), _start(data)
    there = add(zone, start, duration)
    assume(not (there.constrained or there.disambiguated))
    assert until(zone, start, there.epoch_ns, "years") == duration
    assert until(zone, start, there.epoch_ns, "months") == Duration(months=12 * duration.years + duration.months)


@given(data=st.data(), duration=WEEKS_AND_DAYS)
def test_until_gives_back_weeks_and_days_balanced(catalogue, data, duration):
    zone, start = _zone(catalogue, data), _start(data)
    there = add(zone, start, duration)
    assume(not there.disambiguated)
    days = 7 * duration.weeks + duration.days
    assert until(zone, start, there.epoch_ns, "days") == Duration(days=days)
    assert until(zone, start, there.epoch_ns, "weeks") == Duration(weeks=abs(days) // 7 * duration.sign, days=days - abs(days) // 7 * 7 * duration.sign)


_ANY_FIELD = st.integers(-(2**40), 2**40)


@given(data=st.data(), start=ANY_INSTANT, end=st.integers(-(2**63), 2**63), fields=st.tuples(*[_ANY_FIELD] * 4), time_ns=_ANY_FIELD)
def test_any_instants_and_durations_give_an_answer_or_the_domain_error(catalogue, data, start, end, fields, time_ns):
    zone = _zone(catalogue, data)
    sign = data.draw(_SIGN)
    duration = Duration(*(sign * abs(value) for value in fields), nanoseconds=sign * abs(time_ns))
    options = data.draw(st.fixed_dictionaries({}, optional={"ambiguous": st.sampled_from(("raise", "earlier", "later", "compatible")), "nonexistent": st.sampled_from(("raise", "shift_forward", "shift_backward", "compatible")), "overflow": st.sampled_from(("constrain", "reject"))}))
    try:
        add(zone, start * _NS, duration, **options)
    except InvalidInput:
        pass
    try:
        until(zone, start * _NS, end, data.draw(st.sampled_from(("years", "weeks", "days", "hours", "nanoseconds"))))
    except InvalidInput:
        pass
