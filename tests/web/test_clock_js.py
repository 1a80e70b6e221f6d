"""The clock page's pure scripts under Node.js, against their Python twins on the same values."""
import math
import random
from pathlib import Path

import pytest

from tests.conftest import FIXED_NS
from tests.support.node import call_js
from timesvc.client import Sample, estimate_offset
from timesvc.web.languages import page_language
from timesvc.web.phrases import server_clock_words, transition_words

CLOCK = Path(__file__).resolve().parents[2] / "timesvc" / "static" / "clock"
OFFSET_JS, PHRASES_JS = CLOCK / "offset.js", CLOCK / "phrases.js"
MS = 1_000_000  # ns
# Every claimed language, and regional variants whose CLDR formats differ from the language's own.
TAGS = ["en", "en-GB", "fr", "fr-CH", "de", "de-AT", "es", "es-MX", "pt", "pt-PT", "ja", "zh", "zh-Hans-SG"]
LANGUAGES = {tag: page_language([tag]) for tag in TAGS}


def script_words(words) -> dict:
    """The page's language as the page hands it to its scripts (<html lang>, data-messages)."""
    return {"language": words.tag, "messages": words.messages}


def exchanges(rng: random.Random, count: int, stepped: bool) -> list[tuple[int, int, int, int]]:
    """NTP-style readings (ns) of a device whose clock the server's leads by θ; a step halfway if `stepped`."""
    theta, t1, found = rng.randint(-10**9, 10**9), 10**12, []
    for index in range(count):
        if stepped and index == count // 2:
            theta += rng.choice((-1, 1)) * 5 * 10**8
        t1 += rng.randint(MS, 20 * MS)
        there, served, back = rng.randint(0, 5 * MS), rng.randint(0, 100_000), rng.randint(0, 5 * MS)
        t2 = t1 + theta + there
        found.append((t1, t2, t2 + served, t1 + there + served + back))
    return found


FIXED = [
    [(0, 500, 600, 1000)],  # one sample: its own interval
    [(0, 5, 6, 10), (100, 104, 105, 111), (200, 200, 201, 202)],  # three: a quarter rounds to one
    [(0, 50, 60, 100), (0, 50, 60, 100), (10, 55, 56, 110), (5, 9, 10, 30)],  # equal delays keep their order
    [(0, 1000, 1001, 20), (100, 101, 102, 120), (200, 3000, 3001, 220), (300, 301, 302, 320)] * 2,  # stepped: no meeting
]


def test_the_pages_estimator_gives_what_timesvc_offset_gives():
    rng = random.Random(16)
    cases = FIXED + [exchanges(rng, rng.randint(1, 24), stepped=rng.random() < 0.2) for _ in range(300)]
    javascript = call_js(OFFSET_JS, "estimateOffset", [[[dict(zip(("t1", "t2", "t3", "t4"), each)) for each in case]] for case in cases])
    for case, js in zip(cases, javascript):
        python = estimate_offset([Sample(*each, clock=None) for each in case])
        assert (js["offset"], js["bound"], js["kept"], js["samples"]) == (python.offset_ns, python.bound_ns, python.kept, python.samples), case


def test_a_sample_from_the_browsers_clocks_holds_the_true_offset():
    """Date.now() floors to the ms, performance.now() to 100 µs, the server's ns counts lose digits as
    JS numbers: the interval sampleOf builds from such readings still holds the true offset."""
    rng = random.Random(5)
    cases, truths = [], []
    for index in range(3000):  # every instant and duration in whole ns: the model itself rounds nothing
        device = 1_796_000_000 * 10**9 + rng.randrange(10**15)  # the device's true wall clock at send
        theta = rng.choice((-5 * 10**9, 0, rng.randrange(-3600 * 10**9, 3600 * 10**9)))  # server minus device
        # Either way may take (almost) all of the trip: the bound must hold whatever the asymmetry.
        there, served, back = rng.choice((0, rng.randrange(3 * MS))), rng.randrange(5000, 200_000), rng.choice((0, rng.randrange(3 * MS)))
        started = rng.randrange(10**12)  # performance.now() when read, just before Date.now()
        if index % 2:  # the worst case: Date.now() and performance.now() both lose almost a whole step
            device += MS - 1 - device % MS - rng.randrange(50)
            there, back, started = 0, 0, started - started % 100_000
            served += 99_999 - served % 100_000
        steps = (started + there + served + back) // 100_000 - started // 100_000
        body = {"received_ns": device + theta + there, "transmit_ns": device + theta + there + served}
        t1 = device // MS
        cases.append([t1 - rng.randrange(100), t1, steps / 10, body])  # origin: a whole ms a little before
        truths.append(theta / MS)
    samples = call_js(OFFSET_JS, "sampleOf", cases)
    estimates = call_js(OFFSET_JS, "estimateOffset", [[[sample]] for sample in samples])
    missed = [(case, truth) for case, truth, estimate in zip(cases, truths, estimates) if abs(estimate["offset"] - truth) > estimate["bound"]]
    assert missed == []


ENGLISH = script_words(LANGUAGES["en"])
SYNCHRONIZED, UNSYNCHRONIZED = {"synchronized": True, "max_error": 0.002}, {"synchronized": False, "max_error": 16.0}


OFFSETS = [
    ({"offset": -5003.2, "bound": 1.2, "clock": SYNCHRONIZED}, "Your clock is 5.003 sec ahead (±0.002 sec)."),
    ({"offset": 12.0, "bound": 2.0, "clock": SYNCHRONIZED}, "Your clock is 0.012 sec behind (±0.002 sec)."),
    ({"offset": 0.4, "bound": 0.5, "clock": SYNCHRONIZED}, "Your clock is exact (±0.001 sec)."),
    ({"offset": -0.6, "bound": 0.5, "clock": SYNCHRONIZED}, "Your clock is 0.001 sec ahead (±0.001 sec)."),
    ({"offset": 0.4, "bound": 0.5, "clock": UNSYNCHRONIZED}, "Your clock matches this server's clock (±0.001 sec)."),
    ({"offset": 0.4, "bound": 0.5, "clock": {"synchronized": None}}, "Your clock matches this server's clock (±0.001 sec)."),
    ({"offset": 0.4, "bound": 0.5, "clock": None}, "Your clock matches this server's clock (±0.001 sec)."),
    ({"offset": -5003.2, "bound": 1.2, "clock": UNSYNCHRONIZED}, "Your clock is 5.003 sec ahead of this server's clock (±0.002 sec)."),
    ({"offset": 3600000.0, "bound": 2.0, "clock": None}, "Your clock is 3600.000 sec behind this server's clock (±0.002 sec)."),
]


def test_the_offset_is_said_with_its_bound_and_exact_only_within_it_against_a_synchronized_server():
    assert call_js(PHRASES_JS, "offsetWords", [[ENGLISH, estimate] for estimate, _ in OFFSETS]) == [words for _, words in OFFSETS]


def test_the_offset_is_said_in_each_language_with_its_numbers():
    """The catalog's sentence, its numbers as CLDR writes them (Babel here, the browser's Intl there)."""
    cases = [({"offset": -5003.2, "bound": 1.2, "clock": SYNCHRONIZED}, "Your clock is %(amount)s ahead (±%(bound)s).", 5.003, 0.002),
             ({"offset": 0.4, "bound": 0.5, "clock": UNSYNCHRONIZED}, "Your clock matches this server's clock (±%(bound)s).", 0.0, 0.001)]
    said = call_js(PHRASES_JS, "offsetWords", [[script_words(LANGUAGES[tag]), estimate] for tag in TAGS for estimate, *_ in cases])
    expected = [words.gettext(message, amount=words.duration(amount, "second", 3), bound=words.duration(bound, "second", 3))
                for words in LANGUAGES.values() for _, message, amount, bound in cases]
    assert dict(zip(TAGS, zip(said[::2], said[1::2]))) == dict(zip(TAGS, zip(expected[::2], expected[1::2])))
    assert said[4] == "Votre horloge avance de 5,003\u202fs (±0,002\u202fs)." and said[21] == "お使いの時計はこのサーバーの時計と一致しています（±0.001 秒）。"


def by_language(function: str, cases: list[list], python) -> tuple[dict, dict]:
    """`function` of phrases.js and its Python twin on every case in every language, by tag: one node run for all."""
    said = iter(call_js(PHRASES_JS, function, [[script_words(LANGUAGES[tag]), *case] for tag in TAGS for case in cases[tag]]))
    return ({tag: [next(said) for _ in cases[tag]] for tag in TAGS},
            {tag: [python(LANGUAGES[tag], *case) for case in cases[tag]] for tag in TAGS})


def test_the_live_page_says_every_zones_next_transition_as_the_served_page_does(catalogue):
    instants = [FIXED_NS, -2208988800 * 10**9, 2145916800 * 10**9]  # 2026, 1900 (offsets in seconds), 2038
    cases = []
    for name in catalogue.names:
        zone = catalogue.zone(name)
        for instant in instants:
            following = zone.next_transitions(instant // 10**9, 1)
            cases.append([zone.describe(instant)["utc_offset_seconds"], following[0].as_dict() if following else None])
    # Every zone in English; each other language on a fifth of them, which has every kind of change.
    javascript, python = by_language("transitionWords", {tag: cases if tag == "en" else cases[::5] for tag in TAGS}, transition_words)
    assert javascript == python


def test_the_live_page_says_the_server_clock_status_as_the_served_page_does():
    cases = [[{"synchronized": synchronized, "max_error": max_error}] for synchronized in (True, False, None)
             for max_error in (None, 0.0, 0.002, 0.00125, 0.00005, 0.99996, 1.0, 16.0, 2.25)]
    javascript, python = by_language("serverClockWords", dict.fromkeys(TAGS, cases), server_clock_words)
    assert javascript == python
