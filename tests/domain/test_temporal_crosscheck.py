"""timesvc's calendar arithmetic and durations agree with Temporal itself on thousands of random cases.

The TC39 polyfill (@js-temporal/polyfill, pinned in tests/temporal/package-lock.json) runs in node, installed
by `npm ci` on first use; tests/temporal/crosscheck.py draws the cases (fixed seed) and compares the answers.
"""
import pytest

from tests.temporal import crosscheck, polyfill


@pytest.fixture(scope="module")
def report(catalogue):
    try:
        polyfill.node()
    except polyfill.PolyfillUnavailable as missing:
        pytest.skip(f"the Temporal cross-check needs node: {missing}")
    return crosscheck.run(catalogue)


def test_every_compared_case_agrees_with_the_polyfill(report):
    assert report.mismatches == [], report.summary()


def test_the_comparison_covers_thousands_of_cases_of_each_kind(report):
    assert report.agreed["add"] >= 2900 and report.agreed["subtract"] >= 1900
    assert report.agreed["until"] >= 3900 and report.agreed["duration"] == crosscheck.COUNTS["duration"]


def test_the_cases_reach_gaps_folds_clamped_days_and_refusals(report):
    for how in ("disambiguated earlier", "disambiguated later", "constrained", "refused"):
        assert report.exercised[how] >= 5, report.summary()


def test_few_cases_are_excluded_for_differences_between_node_icu_and_tzdata(report):
    # Each excluded case is one where node's ICU zone data and tzdata disagree in the case's windows.
    assert sum(report.excluded.values()) <= 0.01 * sum(crosscheck.COUNTS.values()), report.summary()


def test_the_only_allowed_difference_is_the_spec_fix_the_polyfill_predates(report):
    # Same-day until with a calendar largest unit: the spec answers exact time since proposal-temporal#3141.
    for case, ours, theirs in report.mismatches_allowed:
        assert case["op"] == "until" and ours != theirs
    assert report.polyfill_before_3141 == len(report.mismatches_allowed)
