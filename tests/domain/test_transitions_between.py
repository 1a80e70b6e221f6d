"""Transitions in a range of instants, from the compiled table and past it from the POSIX rule."""
from datetime import datetime, timezone

import pytest

from timesvc.domain.errors import InvalidInput
from timesvc.domain.zone import RULE_YEARS_KEPT


def year(value: int) -> int:
    return int(datetime(value, 1, 1, tzinfo=timezone.utc).timestamp())


def test_every_zone_lists_what_next_transitions_walks_through(catalogue):
    start, end = year(1900), year(2040)
    for name in catalogue.names:
        zone = catalogue.zone(name)
        page = zone.transitions_between(start, end, 2000)
        # One more than the page holds: the walk must go past the end there, or stop.
        walked = zone.next_transitions(start - 1, len(page.transitions) + 1)
        assert walked[: len(page.transitions)] == page.transitions and page.next_start is None, name
        assert len(walked) == len(page.transitions) or walked[-1].at >= end, name


def test_pages_with_a_cursor_add_up_to_the_whole_range(catalogue):
    zone = catalogue.zone("Europe/Paris")
    start, end = year(1970), year(2030)
    whole = zone.transitions_between(start, end, 1000).transitions
    pages, cursor = [], start
    while cursor is not None:
        page = zone.transitions_between(cursor, end, 7)
        assert len(page.transitions) <= 7
        pages.extend(page.transitions)
        cursor = page.next_start
    assert pages == whole and len(whole) > 100


def test_the_range_is_half_open(catalogue):
    zone = catalogue.zone("Europe/Paris")
    first = zone.transitions_between(year(2026), year(2027), 10).transitions[0]
    assert zone.transitions_between(first.at, first.at + 1, 10).transitions == [first]
    assert zone.transitions_between(first.at + 1, year(2027), 10).transitions[0] != first
    assert zone.transitions_between(first.at - 10, first.at, 10).transitions == []


def test_far_future_transitions_come_from_the_rule(catalogue):
    page = catalogue.zone("Europe/Paris").transitions_between(year(2500), year(2502), 10)
    assert [(datetime.fromtimestamp(t.at, timezone.utc).strftime("%m-%d %H:%M"), t.abbreviation) for t in page.transitions] == [
        ("03-28 01:00", "CEST"), ("10-31 01:00", "CET"), ("03-27 01:00", "CEST"), ("10-30 01:00", "CET"),
    ]


def test_a_zone_without_dst_has_no_transitions_ahead(catalogue):
    page = catalogue.zone("Asia/Tokyo").transitions_between(year(2000), year(9999), 1000)
    assert page == ([], None)


def test_the_rule_year_cache_stays_bounded(catalogue):
    zone = catalogue.zone("America/New_York")
    zone.transitions_between(year(2100), year(2900), 10_000)
    assert zone._rule_year.cache_info().currsize <= RULE_YEARS_KEPT


def test_a_limit_below_one_is_refused(catalogue):
    with pytest.raises(InvalidInput) as refused:
        catalogue.zone("Europe/Paris").transitions_between(0, 1, 0)
    assert refused.value.name == "limit"


def test_a_rule_years_bound_stops_at_a_year_start_and_paging_on_from_it_adds_up(catalogue):
    zone = catalogue.zone("Europe/Paris")
    start, end = year(2100), year(2200)
    bounded = zone.transitions_between(start, end, 1000, rule_years=10)
    assert bounded.next_start == year(2110) and len(bounded.transitions) == 20
    pages, cursor = [], start
    while cursor is not None:
        page = zone.transitions_between(cursor, end, 1000, rule_years=10)
        pages.extend(page.transitions)
        cursor = page.next_start
    assert pages == zone.transitions_between(start, end, 1000).transitions and len(pages) == 200


def test_a_rule_years_bound_reaching_the_end_leaves_nothing_to_continue(catalogue):
    page = catalogue.zone("Europe/Paris").transitions_between(year(2100), year(2110), 1000, rule_years=10)
    assert len(page.transitions) == 20 and page.next_start is None


def test_the_table_is_listed_whatever_the_rule_years_bound(catalogue):
    zone = catalogue.zone("Europe/Paris")  # its table ends in the 1990s; the rule follows
    bounded = zone.transitions_between(year(1900), year(2100), 1000, rule_years=1)
    whole = zone.transitions_between(year(1900), year(2100), 1000).transitions
    assert bounded.transitions == whole[: len(bounded.transitions)] and len(bounded.transitions) > 100
    assert bounded.next_start is not None and bounded.next_start > bounded.transitions[-1].at
