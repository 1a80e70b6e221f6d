"""Zone answers cross-checked against python-dateutil, an independent reader of the same TZif files."""
import io
from datetime import datetime, timezone

import pytest
from dateutil import tz

from timesvc.domain.catalogue import PackageSource, ZoneCatalogue

SOURCE = PackageSource()
CATALOGUE = ZoneCatalogue(SOURCE)
START, END = datetime(1900, 1, 1, tzinfo=timezone.utc), datetime(2060, 1, 1, tzinfo=timezone.utc)


def instants(zone):
    """Twice a year, and a second either side of each of the zone's transitions, 1900-2060."""
    start, end = int(START.timestamp()), int(END.timestamp())
    yield from range(start, end, 182 * 86400 + 3601)
    for transition in zone.next_transitions(start, 400):
        if transition.at < end:
            yield from (transition.at - 1, transition.at)


@pytest.mark.parametrize("name", CATALOGUE.names)
def test_zone_agrees_with_dateutil(name):
    zone = CATALOGUE.zone(name)
    reference = tz.tzfile(io.BytesIO(SOURCE.read(name)), filename=name)
    for at in instants(zone):
        expected = datetime.fromtimestamp(at, timezone.utc).astimezone(reference)
        fields = zone.describe(at * 1_000_000_000)
        assert fields["utc_offset_seconds"] == expected.utcoffset().total_seconds(), (name, at)
        assert fields["abbreviation"] == expected.tzname(), (name, at)
        assert fields["datetime"][:19] == expected.isoformat()[:19], (name, at)
        # The last transition before any instant must be the one that set the clocks it shows.
        previous = zone.previous_transition(at)
        if previous is not None:
            assert (previous.utc_offset, previous.abbreviation) == (fields["utc_offset_seconds"], fields["abbreviation"]), (name, at)
