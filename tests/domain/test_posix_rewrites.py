"""The dialect rewrites beyond today's data: random rules with hours from -167 to 167, read by glibc as
written and by the newlib and ezTime ports as rewritten, must show the same clocks for 28 years."""
import random
from datetime import datetime, timezone

import pytest

from tests.support.eztime import EzTimezone
from tests.support.glibc_tz import glibc_clocks
from tests.support.newlib_tzset import Newlib
from timesvc.domain.posixtz import equivalent

_START = int(datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp())
_STOP = int(datetime(2055, 1, 1, tzinfo=timezone.utc).timestamp())  # 28 years: every weekday of every date


def _rules(count: int) -> list[str]:
    """Rules whose instants stay inside their year (ezTime and newlib only look at the UTC year's)."""
    rng = random.Random(23)
    rules = []
    while len(rules) < count:
        start_month, end_month = sorted(rng.sample(range(3, 12), 2))
        if end_month - start_month < 3:
            continue
        first, second = (
            f"M{month}.{rng.randint(1, 5)}.{rng.randint(0, 6)}/{rng.randint(-167, 167)}" for month in (start_month, end_month)
        )
        std = rng.randint(-11, 11)
        southern = rng.random() < 0.5
        dates = f"{second},{first}" if southern else f"{first},{second}"
        rules.append(f"<{-std:+03d}>{std}<{1 - std:+03d}>,{dates}")
    return rules


@pytest.fixture(scope="module")
def glibc():
    rules = _rules(120)
    instants = list(range(_START, _STOP, 3 * 86400 + 3607))
    return rules, instants, glibc_clocks({rule: instants for rule in rules})


@pytest.mark.parametrize(
    "dialect, make, shown_name",
    [
        ("newlib", lambda text: Newlib(text, "new"), lambda name: name),
        ("eztime", EzTimezone, lambda name: f"<{name}>"),
    ],
)
def test_rewritten_rules_show_what_glibc_shows_for_the_original(glibc, dialect, make, shown_name):
    rules, instants, shown = glibc
    rewritten, wrong, misread_as_written = 0, [], 0
    for rule in rules:
        as_written = make(rule)
        misread_as_written += any(as_written.local(t) != (o, shown_name(n)) for t, (o, n) in zip(instants, shown[rule]))
        text = equivalent(rule, dialect)
        assert text is not None, rule  # months March to November: no distance crosses February
        rewritten += text != rule
        device = make(text)
        for instant, (offset, name) in zip(instants, shown[rule]):
            if device.local(instant) != (offset, shown_name(name)):
                wrong.append((rule, text, instant, (offset, name), device.local(instant)))
    assert wrong == [], wrong[:3]
    assert rewritten > len(rules) // 3  # most random hours are outside what the device reads as written
    assert misread_as_written >= rewritten // 2  # and the device would have shown other clocks
