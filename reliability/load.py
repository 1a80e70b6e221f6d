"""Load scenarios: soak, failover behind nginx, graceful stop. Each returns (passed, figures)."""
import signal
import time
from pathlib import Path

from tests.support import wrk
from tests.support.nginx import Nginx
from tests.support.processes import Instance, derived_ini, free_port, pipelined_then_sigterm

SOAK_CONNECTIONS = 100
# Each soak connection sends one request per SOAK_PACE_MS: a sustained load the documented thread
# count serves without queueing, rather than the saturation `make bench` measures.
SOAK_PACE_MS = 100
# waitress logs "Task queue depth" whenever a request waits for a thread. A connection has at most
# one request in the server, so a thread per connection is what guarantees none whatever else the
# machine runs: 32 threads logged 0-1 warnings a minute on a quiet machine and 280 on a busy one.
SOAK_THREADS = SOAK_CONNECTIONS
FAILOVER_CONNECTIONS = 50
# How long a SIGTERM may take: the server's graceful_timeout (its default) and a margin.
STOP_BOUND_SECONDS = 10 + 5


def soak(work: Path, short: bool):
    seconds = 6 if short else 60
    instance = Instance(derived_ini(work, "soak", {"threads": SOAK_THREADS}), free_port(), work / "soak.log").start()
    try:
        load = wrk.start(wrk.command(f"http://127.0.0.1:{instance.port}/time", SOAK_CONNECTIONS, seconds, threads=2, timeout=5, script=wrk.paced_script(work, SOAK_PACE_MS)))
        started = time.monotonic()
        time.sleep(seconds / 6)
        early = instance.rss_kib()
        time.sleep(max(0.0, started + seconds - 0.5 - time.monotonic()))
        late = instance.rss_kib()
        result = wrk.finish(load, seconds + 30)
    finally:
        instance.stop()
    warnings = instance.log_text().count("Task queue depth")
    growth = (late - early) / early
    passed = result.requests > 0 and result.failures == 0 and growth < 0.10 and warnings == 0
    return passed, (
        f"{seconds} s, {SOAK_CONNECTIONS} connections, threads {SOAK_THREADS}: {result.summary()}; "
        f"RSS {early} KiB at {seconds / 6:.0f} s -> {late} KiB at {seconds - 0.5:.1f} s ({growth:+.1%}); "
        f"{warnings} task queue warnings"
    )


# waitress sends a response's header as soon as it is written (send_bytes = 1), then its body: an
# instance killed between the two leaves nginx a header it has already passed on, and the client
# a truncated response. Coalescing them makes a small response all-or-nothing, which nginx can retry.
CRASH_SAFE = {"send_bytes": 18000}


def _pair_behind_nginx(work: Path, name: str, server: dict):
    ports = [free_port(), free_port()]
    ini = derived_ini(work, name, server)
    instances = [Instance(ini, port, work / f"{name}-{port}.log").start() for port in ports]
    (work / f"{name}-nginx").mkdir()
    return instances, Nginx(work / f"{name}-nginx", ports).start()


def failover(work: Path, short: bool):
    seconds = 20 if short else 40
    (victim, other), nginx = _pair_behind_nginx(work, "failover", CRASH_SAFE)
    try:
        load = wrk.start(wrk.command(f"http://127.0.0.1:{nginx.port}/time", FAILOVER_CONNECTIONS, seconds, threads=2, timeout=5))
        time.sleep(seconds * 0.15)
        victim.stop(signal.SIGKILL)
        time.sleep(seconds * 0.15)
        victim.start()
        restarted = time.time()
        result = wrk.finish(load, seconds + 30)
    finally:
        nginx.stop()
        for instance in (victim, other):
            instance.stop()
    after = [upstream for at, _, upstream in nginx.upstream_log() if at > restarted]
    returned = after.count(f"127.0.0.1:{victim.port}")
    passed = result.requests > 0 and result.failures == 0 and returned > 0
    return passed, (
        f"{seconds} s, {FAILOVER_CONNECTIONS} connections via nginx, send_bytes {CRASH_SAFE['send_bytes']}, one of two instances SIGKILLed at "
        f"{seconds * 0.15:.0f} s and restarted at {seconds * 0.3:.0f} s: {result.summary()}; "
        f"restarted instance served {returned} of {len(after)} requests after its restart"
    )


def graceful(work: Path, short: bool):
    seconds = 8 if short else 30
    (stopped, other), nginx = _pair_behind_nginx(work, "graceful", {})
    try:
        load = wrk.start(wrk.command(f"http://127.0.0.1:{nginx.port}/time", FAILOVER_CONNECTIONS, seconds, threads=2, timeout=5))
        time.sleep(seconds * 0.3)
        began = time.monotonic()
        status = stopped.stop(signal.SIGTERM, STOP_BOUND_SECONDS)
        took = time.monotonic() - began
        result = wrk.finish(load, seconds + 30)
    finally:
        nginx.stop()
        other.stop()
    alone = Instance(derived_ini(work, "graceful-alone", {}), free_port(), work / "graceful-alone.log").start()
    try:
        answered, alone_took = pipelined_then_sigterm(alone.port, alone.process)
    finally:
        alone.stop()
    passed = status == 0 and took < STOP_BOUND_SECONDS and result.requests > 0 and result.failures == 0
    passed = passed and answered == 100 and alone.process.returncode == 0
    return passed, (
        f"SIGTERM under {FAILOVER_CONNECTIONS} connections via nginx: exit {status} after {took:.2f} s; "
        f"clients: {result.summary()}; alone: {answered}/100 pipelined requests answered after SIGTERM, "
        f"exit {alone.process.returncode} after {alone_took:.2f} s"
    )
