"""Reading and writing POSIX TZ strings (the clocks they show are checked against glibc in test_posixtz.py)."""
import pytest

from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.posixrule import When, format_rule, parse
from timesvc.domain.tzif import parse_tzif


def test_every_footer_of_the_data_reads_and_writes_back_as_it_was():
    catalogue = ZoneCatalogue(PackageSource())
    footers = {parse_tzif(catalogue.source.read(name)).footer for name in catalogue.names}
    assert len(footers) > 50
    for footer in footers:
        assert format_rule(parse(footer)) == footer


def test_a_rule_keeps_its_parts_with_offsets_east_of_utc():
    rule = parse("<+1030>-10:30<+11>-11,M10.1.0,J60/-1:30:15")
    assert (rule.std, rule.std_offset, rule.dst, rule.dst_offset) == ("+1030", 37800, "+11", 39600)
    assert rule.start == When("M", 10, 1, 0, time=7200)
    assert rule.end == When("J", day=60, time=-5415)
    assert parse("EST5EDT,0/0,365/25").end == When("n", day=365, time=90000)


@pytest.mark.parametrize(
    "text",
    ["", "CET", "CE-1", "<+3>-3", "CET-1CEST", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
     "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,J0,J365", "CET-1CEST,366,1", "CET-1CEST,M3.5.0,M10.5.0/3 "],
)
def test_what_is_not_an_rfc_9636_string_with_rules_is_refused(text):
    with pytest.raises(ValueError):
        parse(text)
