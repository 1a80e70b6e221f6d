"""Hypothesis strategies shared by the property and fuzz tests."""
from hypothesis import strategies as st

from timesvc.domain.zone import MAX_SECONDS, MIN_SECONDS

# Two days inside datetime's range, so that every zone's local time of these instants exists.
ANY_INSTANT = st.integers(MIN_SECONDS + 2 * 86400, MAX_SECONDS - 2 * 86400)
# 1900-2100, where the tz database has most of its transitions.
RECENT = st.integers(-2_208_988_800, 4_102_444_800)
# Texts shaped like ISO 8601 / RFC 3339 times and Unix seconds, valid or nearly so.
TIME_LIKE = st.one_of(
    st.from_regex(r"\A[+-]?\d{1,6}(-\d{1,3}(-\d{1,3}([T ]\d{1,3}(:\d{1,3}(:\d{1,3}([.,]\d{1,12})?)?)?)?)?)?(Z|z|[+-]\d{1,2}(:?\d{2}(:?\d{2})?)?)?\Z"),
    st.from_regex(r"\A[+-]?\d{1,22}(\.\d{0,12})?\Z"),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.text(max_size=80),
)
