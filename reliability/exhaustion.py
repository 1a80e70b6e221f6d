"""Exhaustion: what a client can make the process hold or do, pushed to its bound against a real pserve.

For each `timesvc.tuned` mode, one `pserve production.ini` serving Roughtime with a key file made for the
run, warmed up on every route; then every attack of reliability/attacks.py and roughtime_attacks.py in
turn, each in a process of its own, while /__lbheartbeat__ is probed over new connections and the
server's memory read from /proc/PID/status. FAIL when the memory it holds grows by more than RSS_BUDGET_MIB over the scenario (its
highest reading against the one after warm-up), when a case's probes have a p99 over PROBE_BOUND_MS, when
an attack gets a 5xx, or when the server exits.

The memory it holds is VmRSS less RssFile: pages of files mapped read-only (the IP table, 17 MB;
timezonefinder's boundary data, 32 MB) join RSS as lookups touch them, up to those files' sizes, and the
kernel takes them back under pressure, as page cache. Both figures are reported.
"""
import json
import multiprocessing
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tests.support.processes import Instance, derived_ini, free_port, free_udp_tcp_port
from tests.support.pserve import get
from timesvc.client.roughtime import exchange
from timesvc.roughtime.protocol.ecosystem import Address
from timesvc.roughtime.protocol.keys import keygen
from timesvc.roughtime.protocol.request import build_request

from . import attacks, roughtime_attacks
from .slow import percentile_99, probe

RSS_BUDGET_MIB = 30
PROBE_BOUND_MS = 50
PROBE_EVERY = 0.005  # seconds between probes: a hundred or more in a short case
SEED = 20261201
# One request to each route and one Roughtime exchange each way, before the baseline: what loads once
# (the zone catalogue, the boundary data, the OpenAPI document...) is not growth.
WARM_UP = (
    "/", "/time", "/time?tz=Europe/Paris&locale=fr", "/time?ip=81.2.69.160", "/time?lat=48.85&lon=2.35", "/timezones",
    "/timezones/Europe/Paris", "/timezones/Europe/Paris/transitions", "/convert?time=2026-10-25T02:30&from=Europe/Paris",
    "/calculate?time=2026-01-31T12:00&tz=Europe/Paris&add=P1M", "/difference?start=2026-03-28T12:00&end=2026-03-30T12:00&tz=Europe/Paris",
    "/worldclock?tz=Europe/Paris,Asia/Tokyo", "/api/timezone/Europe/Paris", "/api/ip/81.2.69.160", "/openapi.json", "/docs",
    "/metrics", "/__heartbeat__", "/__version__", "/roughtime",
)  # fmt: skip


def held_kib(instance: Instance) -> tuple[int, int]:
    """(memory it holds, VmRSS), KiB: VmRSS less the pages of mapped files."""
    rss = instance.rss_kib()
    return rss - instance.rss_kib("RssFile"), rss


@dataclass
class Case:
    name: str
    resource: str
    before: tuple[int, int]  # held_kib() before the attack
    peak: tuple[int, int]  # the highest of each read during it and just after
    p99: float
    probes: int
    sent: str
    server_errors: int
    seconds: float  # the case's whole run, attack and readings

    @property
    def over(self) -> bool:
        return self.p99 > PROBE_BOUND_MS or self.server_errors > 0 or self.sent == NOT_REPORTED

    def line(self, baseline: tuple[int, int]) -> str:
        return (
            f"  {self.name} ({self.resource}): held {mib(self.peak[0] - self.before[0])} MiB ({mib(self.peak[0] - baseline[0])} since warm-up, "
            f"{mib(self.before[0] - baseline[0])} before it), "
            f"RSS {mib(self.peak[1] - self.before[1])} MiB; heartbeat p99 {self.p99:.1f} ms over {self.probes} probes; sent {self.sent}; {self.seconds:.1f} s"
            + ("  <- over" if self.over else "")
        )


def mib(kib: int) -> str:
    return f"{kib / 1024:+.1f}"


def _attack(attack, target, deadline: float, seed: int, report):
    report.send(attack(target, deadline, random.Random(seed)))


def _probe(port: int) -> float:
    try:
        return probe(port)
    except OSError:  # refused or timed out: as bad as it gets
        return float("inf")


NOT_REPORTED = "nothing: the attacker did not report"


def _run_case(instance: Instance, target: attacks.Target, name: str, attack, resource: str, seconds: float) -> Case:
    began = time.monotonic()
    before = peak = held_kib(instance)
    receiver, sender = multiprocessing.Pipe(duplex=False)
    deadline = time.monotonic() + seconds  # CLOCK_MONOTONIC: the same clock in the attacker's process
    attacker = multiprocessing.Process(target=_attack, args=(attack, target, deadline, SEED, sender), daemon=True)
    attacker.start()
    probes = []
    try:
        while time.monotonic() < deadline and instance.process.poll() is None:
            probes.append(_probe(instance.port))
            peak = tuple(map(max, peak, held_kib(instance)))
            time.sleep(PROBE_EVERY)
        while attacker.is_alive() and not receiver.poll(0.02) and time.monotonic() < deadline + 30:
            pass  # an attacker that failed reports nothing: no need to wait out the margin
        sent = receiver.recv() if receiver.poll() else NOT_REPORTED
    finally:
        attacker.join(10)
        if attacker.is_alive():
            attacker.kill()
    time.sleep(0.1)  # what the attack left queued is served, and counted in the reading after
    if instance.process.poll() is not None:
        return Case(name, resource, before, peak, float("inf"), len(probes), f"{sent}; the server exited", 0, time.monotonic() - began)
    peak = tuple(map(max, peak, held_kib(instance)))
    errors = sum(int(count.replace(",", "")) for count in re.findall(r"\b5\d\d: ([\d,]+)", sent))
    return Case(name, resource, before, peak, percentile_99(probes), len(probes), sent, errors, time.monotonic() - began)


def _warm_up(target: attacks.Target):
    for path in WARM_UP:
        if get(target.http_port, path)[0] >= 500:
            raise RuntimeError(f"warm-up: {path} answered a 5xx")
    # Every zone of the catalogue once: the tz data bounds what the loaded zones hold (docs/internals.md,
    # "Bounds"), and a server that has run a while has loaded them; growth is what clients add beyond.
    names = json.loads(get(target.http_port, "/timezones")[2])["timezones"]
    for start in range(0, len(names), 50):
        if get(target.http_port, "/worldclock?tz=" + quote(",".join(names[start : start + 50]), safe="/,"))[0] >= 400:
            raise RuntimeError("warm-up: /worldclock did not answer every zone")
    for protocol in ("udp", "tcp"):
        exchange(Address(protocol, "127.0.0.1", target.roughtime_port), build_request(bytes(32)), timeout=5)


def run_mode(work: Path, tuned: bool, seconds: float, connections: int, key: Path) -> tuple[bool, tuple, tuple, list[Case]]:
    """Every case against one pserve in this mode: (passed, held_kib() after warm-up, highest of each, cases)."""
    mode = "tuned" if tuned else "public"
    roughtime_port = free_udp_tcp_port()
    env = {
        "TIMESVC_TUNED": str(tuned).lower(),
        "TIMESVC_ROUGHTIME_KEY": str(key),
        "TIMESVC_ROUGHTIME_HOST": "127.0.0.1",
        # This machine's clock may be unsynchronized: production.ini would then drop every request unanswered.
        "TIMESVC_ROUGHTIME_UNSYNCHRONIZED": "answer",
    }
    ini = derived_ini(work, f"exhaustion-{mode}", {})
    began = time.monotonic()
    instance = Instance(ini, free_port(), work / f"exhaustion-{mode}.log", (f"roughtime_port={roughtime_port}",), env).start()
    target = attacks.Target(instance.port, roughtime_port, connections)
    cases = []
    try:
        _warm_up(target)
        baseline = held_kib(instance)
        print(f" {mode}: held {baseline[0] / 1024:.1f} MiB, RSS {baseline[1] / 1024:.1f} MiB after start and warm-up ({time.monotonic() - began:.1f} s)", flush=True)
        for name, (attack, resource) in {**attacks.HTTP_CYCLES, **attacks.CONNECTION_ATTACKS, **roughtime_attacks.ATTACKS}.items():
            cases.append(_run_case(instance, target, name, attack, resource, seconds))
            print(cases[-1].line(baseline), flush=True)
            if instance.process.poll() is not None:
                break
    finally:
        instance.stop()
    highest = tuple(max(values) for values in zip(baseline, *(case.peak for case in cases)))
    passed = instance.process.returncode == 0 and (highest[0] - baseline[0]) / 1024 <= RSS_BUDGET_MIB and not any(case.over for case in cases)
    return passed, baseline, highest, cases


def exhaustion(work: Path, short: bool):
    seconds, connections = (0.5, 300) if short else (10.0, 900)
    key = work / "roughtime.key"
    keygen(key)
    passed, figures = True, []
    for tuned in (True, False):
        mode_passed, baseline, highest, cases = run_mode(work, tuned, seconds, connections, key)
        passed = passed and mode_passed
        over = [case.name for case in cases if case.over]
        worst = max(cases, key=lambda case: case.peak[0] - case.before[0], default=None)
        figures.append(
            f"{'tuned' if tuned else 'public'}: {len(cases)} cases of {seconds:g} s, held {baseline[0] / 1024:.0f} MiB after warm-up, "
            f"highest {mib(highest[0] - baseline[0])} MiB (budget {RSS_BUDGET_MIB}; most in one case: {worst.name if worst else '-'}; "
            f"RSS {mib(highest[1] - baseline[1])} MiB), "
            f"heartbeat p99 worst {max((c.p99 for c in cases), default=float('inf')):.1f} ms (bound {PROBE_BOUND_MS}); "
            f"over the bounds: {', '.join(over) or 'none'}"
        )
    return passed, "; ".join(figures)
