"""timesvc's calendar arithmetic and durations compared with the TC39 Temporal polyfill on the same random cases.

    .venv/bin/python -m tests.temporal.crosscheck     # prints the size and the result

Node's Temporal reads zone offsets from node's own ICU copy of the tz database, not from timesvc's tzdata: a
case counts only where the two agree on every offset the case consults (sampled every 6 hours and at each
of timesvc's transitions in the windows involved); the others are excluded and counted.
"""
import random
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from timesvc.domain.calendar import DAY_NS, add, subtract, until
from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.conversion import NS, offset_at, wall_ns
from timesvc.domain.durations import DATE_UNITS, Duration, balanced_time, parse_duration
from timesvc.domain.errors import InvalidInput

from . import polyfill
from .cases import DAY, LARGEST_UNITS, CaseMaker

SEED = 20260415
COUNTS = {"add": 3000, "subtract": 2000, "until": 4000, "duration": 2000}
_STEP = 6 * 3600
_EXACT = 2**53  # float64 holds every integer up to here


@dataclass
class Report:
    versions: dict = field(default_factory=dict)
    tzdata: str = ""
    agreed: Counter = field(default_factory=Counter)
    mismatches: list = field(default_factory=list)
    excluded: Counter = field(default_factory=Counter)  # cases where node's zone data and tzdata differ
    excluded_zones: Counter = field(default_factory=Counter)
    unknown_zones: set = field(default_factory=set)  # zones node's ICU does not know
    polyfill_before_3141: int = 0  # same-day differences where polyfill 0.5.1 predates the spec's fix
    mismatches_allowed: list = field(default_factory=list)
    exercised: Counter = field(default_factory=Counter)  # agreeing add/subtract cases by how timesvc resolved them
    float_rounded: int = 0  # agreed once fields beyond 2^53 are rounded to float64, as Temporal stores them

    def summary(self) -> str:
        agreed = sum(self.agreed.values())
        return (
            f"{agreed} cases agree with @js-temporal/polyfill 0.5.1 ({dict(self.agreed)}), {len(self.mismatches)} differ; "
            f"among add/subtract {dict(self.exercised)}; "
            f"{sum(self.excluded.values())} excluded where node's ICU tz {self.versions.get('tz')} and tzdata {self.tzdata} "
            f"differ ({dict(self.excluded)}; by zone {dict(self.excluded_zones)}), zones unknown to ICU: {sorted(self.unknown_zones) or 'none'}; "
            f"{self.polyfill_before_3141} same-day until cases follow the spec's fix of proposal-temporal#3141 instead; "
            f"{self.float_rounded} of the agreeing until cases agree once timesvc's exact fields beyond 2^53 are rounded "
            f"to float64 as Temporal stores them"
        )


def _ours(case: dict, zone) -> dict:
    """timesvc's answer to a case, in the driver's shape."""
    try:
        if case["op"] == "duration":
            return _duration_answer(parse_duration(case["text"]))
        if case["op"] == "until":
            return _duration_answer(until(zone, int(case["start"]), int(case["end"]), case["largest_unit"]))
        operation = add if case["op"] == "add" else subtract
        result = operation(zone, int(case["ns"]), parse_duration(case["duration"]), case["overflow"])
        return {"ns": str(result.epoch_ns), "constrained": result.constrained, "disambiguated": result.disambiguated}
    except InvalidInput as refused:
        return {"error": refused.description}


def _duration_answer(duration: Duration) -> dict:
    return {"fields": list(duration.values()), "iso": duration.iso()}


def _windows(case: dict, zone, ours: dict) -> list[tuple[int, int]]:
    """[lo, hi] seconds around every instant whose offset the case consults (a wall time: a day either side)."""
    if case["op"] == "until":
        start, end = int(case["start"]) // NS, int(case["end"]) // NS
        end_wall = wall_ns(zone, int(case["end"])) // NS
        # The intermediate instants sit on the end's date or up to two days before it.
        return [(start, start), (end, end), (end_wall - 4 * DAY, end_wall + 2 * DAY)]
    start = int(case["ns"]) // NS
    if "ns" not in ours:
        return [(start, start)]
    result = int(ours["ns"])
    sign = -1 if case["op"] == "subtract" else 1
    intermediate = (result - sign * parse_duration(case["duration"]).time_ns()) // NS
    return [(start, start), (intermediate - 2 * DAY, intermediate + 2 * DAY), (result // NS, result // NS)]


def _points(zone, windows) -> set[int]:
    points = set()
    for lo, hi in windows:
        points.update((lo, hi, *range(lo - lo % _STEP + _STEP, hi, _STEP)))
        for transition in zone.transitions_between(lo, hi + 1, 100).transitions:
            points.update((transition.at - 1, transition.at))
    return points


def generate(catalogue, seed: int = SEED) -> list[dict]:
    """The cases, the same on every run: add, subtract, until (each largest unit in turn), duration texts."""
    rng = random.Random(seed)
    maker = CaseMaker(rng, catalogue)
    cases = []
    for op in ("add", "subtract"):
        for _ in range(COUNTS[op]):
            zone = maker.zone()
            start, duration = _start_and_duration(maker, zone)
            if op == "subtract":  # aimed the same way: subtracting the negation adds
                duration = duration.negated()
            overflow = "reject" if rng.random() < 0.2 else "constrain"
            cases.append({"op": op, "zone": zone.name, "ns": str(start), "duration": duration.iso(), "overflow": overflow})
    for index in range(COUNTS["until"]):
        zone = maker.zone()
        start, end = _start_and_end(maker, zone)
        cases.append({"op": "until", "zone": zone.name, "start": str(start), "end": str(end), "largest_unit": LARGEST_UNITS[index % len(LARGEST_UNITS)]})
    cases.extend({"op": "duration", "text": maker.duration_text()} for _ in range(COUNTS["duration"]))
    return cases


def _start_and_duration(maker: CaseMaker, zone) -> tuple[int, Duration]:
    aimed = maker.aimed(zone) if maker.rng.random() < 0.4 else None
    if aimed is None:
        return maker.instant(zone), maker.duration()
    start, duration = aimed
    if maker.rng.random() < 0.3:  # calendar units, then time units across the same transition
        extra = {"hours": maker.rng.randint(0, 3), "minutes": maker.rng.choice((0, 30, 45))}
        duration = Duration(*duration.values()[:4], **{unit: value * (duration.sign or 1) for unit, value in extra.items()})
    return start, duration


def _start_and_end(maker: CaseMaker, zone) -> tuple[int, int]:
    rng = maker.rng
    kind = rng.random()
    if kind < 0.4:
        start, duration = _start_and_duration(maker, zone)
        try:
            return start, add(zone, start, duration).epoch_ns
        except InvalidInput:
            return start, maker.instant(zone)
    start = maker.instant(zone)
    if kind < 0.7:
        return start, start + rng.randint(-3 * DAY, 3 * DAY) * NS + rng.randrange(NS)
    return start, maker.instant(zone)


def _agree(case: dict, ours: dict, theirs: dict) -> bool:
    if "error" in ours or "error" in theirs:
        return "error" in ours and "error" in theirs
    if case["op"] in ("add", "subtract"):
        return ours["ns"] == theirs["ns"]
    return ours == theirs


def _agree_as_float64(ours: dict, theirs: dict) -> bool:
    """Whether a duration answer with fields beyond 2^53 agrees once they are rounded to float64 (the spec's 𝔽).

    node's JSON writes such a float in its shortest form (…800 for …808), so both sides are rounded.
    """
    if "fields" not in ours or "fields" not in theirs or all(abs(value) <= _EXACT for value in ours["fields"]):
        return False
    rounded = Duration(*(int(float(value)) for value in ours["fields"]))
    return rounded.iso() == theirs["iso"] and list(rounded.values()) == [int(float(value)) for value in theirs["fields"]]


def _same_day_fix(case: dict, ours: dict, zone) -> bool:
    """Whether a differing until case is one the spec answers by exact time since proposal-temporal#3141."""
    start, end = int(case["start"]), int(case["end"])
    same_day = wall_ns(zone, start) // DAY_NS == wall_ns(zone, end) // DAY_NS
    exact = _duration_answer(Duration(**balanced_time(end - start, "hours")))
    return case["op"] == "until" and case["largest_unit"] in DATE_UNITS and same_day and ours == exact


def run(catalogue=None) -> Report:
    catalogue = catalogue or ZoneCatalogue(PackageSource())
    cases = generate(catalogue)
    ours = [_ours(case, catalogue.zone(case["zone"]) if "zone" in case else None) for case in cases]
    windows = [_windows(case, catalogue.zone(case["zone"]), answer) if "zone" in case else [] for case, answer in zip(cases, ours)]
    points = {}
    for case, around in zip(cases, windows):
        if around:
            points.setdefault(case["zone"], set()).update(_points(catalogue.zone(case["zone"]), around))
    questions = [{"op": "offsets", "zone": name, "instants": [str(at * NS) for at in sorted(at_set)]} for name, at_set in points.items()]
    versions, answers = polyfill.ask(cases + questions)
    report = Report(versions=versions, tzdata=catalogue.version)
    differing = {}
    for question, answer in zip(questions, answers[len(cases) :]):
        zone = catalogue.zone(question["zone"])
        if "error" in answer:
            report.unknown_zones.add(zone.name)
            continue
        instants = [int(at) // NS for at in question["instants"]]
        differing[zone.name] = [at for at, offset in zip(instants, answer["offsets"]) if offset != offset_at(zone, at)]
    for case, mine, theirs, around in zip(cases, ours, answers, windows):
        op = case["op"]
        if "zone" in case:
            bad = differing.get(case["zone"])
            if bad is None or any(bisect_left(bad, lo) < bisect_right(bad, hi) for lo, hi in around):
                report.excluded[op] += 1
                report.excluded_zones[case["zone"]] += 1
                continue
        if _agree(case, mine, theirs):
            report.agreed[op] += 1
            if op in ("add", "subtract"):
                how = "refused" if "error" in mine else f"disambiguated {mine['disambiguated']}" if mine["disambiguated"] else "constrained" if mine["constrained"] else "plain"
                report.exercised[how] += 1
        elif _agree_as_float64(mine, theirs):
            report.agreed[op] += 1
            report.float_rounded += 1
        elif op == "until" and _same_day_fix(case, mine, catalogue.zone(case["zone"])):
            report.polyfill_before_3141 += 1
            report.mismatches_allowed.append((case, mine, theirs))
        else:
            report.mismatches.append((case, mine, theirs))
    return report


if __name__ == "__main__":
    result = run()
    print(result.summary())
    for mismatch in result.mismatches[:20]:
        print("differs:", *mismatch)
    for mismatch in result.mismatches_allowed:
        print("proposal-temporal#3141:", *mismatch)
    sys.exit(1 if result.mismatches else 0)
