"""Random cases for the Temporal cross-check (fixed seed): instants, durations and duration texts.

Instants are drawn where calendar arithmetic is hard: near transitions (so wall-clock results land in gaps
and folds), at month ends, and across 1850-2100 and the rest of years 0100-9900.
"""
import random
from calendar import monthrange
from datetime import date

from timesvc.domain.conversion import NS, resolve_wall
from timesvc.domain.durations import UNITS, Duration
from timesvc.domain.errors import InvalidInput
from timesvc.domain.isodate import add_date

HOUR = 3600
DAY = 86_400
Y1850 = -3_786_825_600
Y2040 = 2_208_988_800
Y2100 = 4_102_444_800
Y0100 = -59_011_459_200
Y9900 = 250_246_627_200
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
LARGEST_UNITS = UNITS


def _wall_seconds(day: date, seconds_of_day: int) -> int:
    return (day.toordinal() - _EPOCH_ORDINAL) * DAY + seconds_of_day


class CaseMaker:
    """Draws starts, durations and ends for one zone at a time from one seeded generator."""

    def __init__(self, rng: random.Random, catalogue):
        self.rng = rng
        self.catalogue = catalogue
        self._transitions = {}

    def zone(self):
        return self.catalogue.zone(self.rng.choice(self.catalogue.names))

    def transitions(self, zone):
        if zone.name not in self._transitions:
            # To 2040: each year a DST rule governs costs a scan (~1 ms), and the rule repeats itself.
            self._transitions[zone.name] = zone.transitions_between(Y1850, Y2040, 1000).transitions
        return self._transitions[zone.name]

    def _sub_second(self) -> int:
        return self.rng.choice((0, 0, self.rng.randrange(NS), self.rng.randrange(1000) * 1_000_000))

    def _aligned(self, seconds: int) -> int:
        # Whole quarter hours hit the first and last instants of gaps and folds exactly.
        return seconds - seconds % 900 if self.rng.random() < 0.4 else seconds

    def instant(self, zone) -> int:
        """Epoch ns: near a transition, at a month end, or anywhere in 1850-2100 or 0100-9900."""
        rng = self.rng
        kind = rng.random()
        transitions = self.transitions(zone)
        if kind < 0.45 and transitions:
            spread = rng.choice((3 * HOUR, 3 * DAY))
            seconds = rng.choice(transitions).at + rng.randint(-spread, spread)
        elif kind < 0.6:
            year, month = rng.randint(1850, 2100), rng.randint(1, 12)
            day = date(year, month, rng.randint(28, monthrange(year, month)[1]))
            return self.at_wall(zone, day, rng.randrange(DAY))
        elif kind < 0.9:
            seconds = rng.randint(Y1850, Y2100)
        else:
            seconds = rng.randint(Y0100, Y9900)
        return self._aligned(seconds) * NS + self._sub_second()

    def at_wall(self, zone, day: date, seconds_of_day: int) -> int:
        """The instant of a wall-clock time, read as Temporal's `compatible` does."""
        return resolve_wall(zone, _wall_seconds(day, seconds_of_day) * NS + self._sub_second(), "compatible", "compatible").epoch_ns

    def duration(self) -> Duration:
        """Mostly small, of one sign; calendar units, time units or both."""
        rng = self.rng
        kind = rng.choice(("date", "time", "both", "both"))
        limits = {"years": 30, "months": 40, "weeks": 10, "days": 400, "hours": 60, "minutes": 300, "seconds": 5000, "milliseconds": 999, "microseconds": 999, "nanoseconds": 999}
        units = [unit for unit in UNITS if (kind != "time" and UNITS.index(unit) < 4) or (kind != "date" and UNITS.index(unit) >= 4)]
        values = {unit: rng.randint(0, limits[unit]) if rng.random() < 0.35 else 0 for unit in units}
        if not any(values.values()):
            values[rng.choice(units)] = rng.randint(1, 3)
        sign = -1 if rng.random() < 0.3 else 1
        return Duration(**{unit: sign * value for unit, value in values.items()})

    def aimed(self, zone) -> tuple[int, Duration] | None:
        """A start and a calendar duration whose wall-clock result falls within two hours of a transition."""
        transitions = self.transitions(zone)
        if not transitions:
            return None
        rng = self.rng
        target = rng.choice(transitions)
        before = zone.previous_transition(target.at - 1)
        wall = target.at + (before.utc_offset if before else target.utc_offset) + rng.randint(-2 * HOUR, 2 * HOUR)
        wall = self._aligned(wall)
        field = rng.choice(("days", "days", "weeks", "months", "years"))
        count = rng.randint(1, {"days": 40, "weeks": 8, "months": 14, "years": 5}[field]) * rng.choice((1, -1))
        duration = Duration(**{field: count})
        try:
            start_day = add_date(date.fromordinal(_EPOCH_ORDINAL + wall // DAY), *duration.negated().values()[:4], "constrain", "aim").date
        except InvalidInput:
            return None
        return self.at_wall(zone, start_day, wall % DAY), duration

    def duration_text(self) -> str:
        """A duration text as Temporal reads them, valid or nearly so (a random edit of a valid one)."""
        rng = self.rng
        big = (0, 1, 7, 59, 61, 2**32 - 1, 2**32, 2_501_999_792_983, 9_007_199_254_740_991, 10**20)
        number = lambda: str(rng.choice(big)) if rng.random() < 0.1 else str(rng.randint(0, 10 ** rng.randint(1, 4)))
        text = rng.choice(("", "", "+", "-")) + "P"
        text += "".join(number() + unit for unit in "YMWD" if rng.random() < 0.3)
        time_units = [unit for unit in "HMS" if rng.random() < 0.4]
        if time_units or rng.random() < 0.1:
            text += "T"
            for unit in time_units:
                text += number()
                if rng.random() < 0.3:
                    text += rng.choice(".,") + "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 11)))
                text += unit
        if rng.random() < 0.3:
            text = "".join(char.lower() if rng.random() < 0.5 else char for char in text)
        if rng.random() < 0.25:
            where = rng.randrange(len(text) + 1)
            text = text[:where] + rng.choice(("", rng.choice("PYMWDTHS0123456789.,+- x"))) + text[where + 1 :]
        return text
