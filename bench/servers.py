"""Start one server from an ini under pserve, pinned, on a free loopback port; read its CPU and memory."""
import configparser
import http.client
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import PSERVE, ROOT, free_port, stop

RESULTS = ROOT / "bench" / "results"
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
# The peers on stock waitress.serve (bench/stock.py), with the ini's threads and connection_limit only:
# "stock" is the bare app there, the ceiling; "pyramid" the framework's hello-world, what a user writes.
STOCK = {"stock": "bare", "falcon": "falcon", "pyramid": "pyramid"}
# What each other server runs under the ini's [server:main] (timesvc's runner); the peers replace only the
# application.
APPS = {
    **dict.fromkeys(STOCK),
    "bare": "call:bench.apps:bare",
    "pyramid-runner": "call:bench.apps:pyramid",  # the framework alone, without the runner's share
    "timesvc": None,
    "timesvc-public": None,  # timesvc with timesvc.tuned = false: public APIs only
}
# timesvc.tuned forced through the environment (for the app and the runner alike); others: the ini's.
TUNED = {"timesvc-public": "false"}


def command(name: str, ini: Path, port: int, tag: str = "") -> list[str]:
    """How to start server `name` on `port` with `ini`'s settings (the stock peers: only its threads and connection_limit)."""
    if name in STOCK:
        settings = server_settings(ini)
        return [sys.executable, "-m", "bench.stock", STOCK[name], str(port), settings.get("threads", "4"), settings.get("connection_limit", "100")]
    return [str(PSERVE), str(derived_ini(ini, name, port, tag))]


def derived_ini(ini: Path, name: str, port: int, tag: str = "") -> Path:
    """The ini with its own server settings, listening on loopback only, serving `name`'s app."""
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # keep option names as written
    parser.read(ini)
    parser.set("server:main", "listen", f"127.0.0.1:{port}")
    if APPS[name] is not None:
        for section in [s for s in parser.sections() if s.startswith(("app:", "pipeline:", "filter:"))]:
            parser.remove_section(section)
        parser.add_section("app:main")
        parser.set("app:main", "use", APPS[name])
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}{tag}.ini"
    with path.open("w") as out:
        parser.write(out)
    return path


def server_settings(ini: Path) -> dict:
    parser = configparser.RawConfigParser(strict=False)
    parser.read(ini)
    return dict(parser.items("server:main")) if parser.has_section("server:main") else {}


def pinned(cpu: int | None, command: list) -> list:
    return ["taskset", "-c", str(cpu), *command] if cpu is not None else command


def _first_response(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: see {RESULTS}/*.log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/time")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.005)
        finally:
            connection.close()
    raise RuntimeError(f"no response on port {port} within {timeout} s")


class Server:
    """A running server: its pid, port, and time from start to first response."""

    def __init__(self, name, process, port, started_in):
        self.name, self.process, self.port, self.started_in = name, process, port, started_in

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICK  # utime + stime

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def unaccepted(self) -> int:
        """Connections waiting in the listen queue: ones the server has not taken (connection_limit)."""
        port = f":{self.port:04X}"
        waiting = 0
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(port) and fields[3] == "0A":  # 0A: LISTEN; rx_queue: its accept queue
                waiting += int(fields[4].partition(":")[2], 16)
        return waiting


@contextmanager
def serving(name: str, ini: Path, cpu: int | None, timeout: float = 30.0, tag: str = "", wrapper: list[str] = (), extra_env: dict | None = None):
    """Yield a Server running `name` under `ini`'s settings; stopped by its PID afterwards.

    `wrapper` runs pserve through another command (bench/tricks.py's, which switches one trick off);
    `extra_env` adds to its environment (TIMESVC_* settings).
    """
    port = free_port()
    start = command(name, ini, port, tag)
    if wrapper:
        start = [*wrapper, *start[1:]]
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = (RESULTS / f"{name}{tag}.log").open("ab")
    # The ini decides timesvc.tuned (but for TUNED's servers, below). Bytecode is cached, as an install
    # has it (pip compiles it): with PYTHONDONTWRITEBYTECODE set, every start would compile each module.
    env = {key: value for key, value in os.environ.items() if key not in ("TIMESVC_TUNED", "PYTHONDONTWRITEBYTECODE")}
    env.update({"PYTHONPATH": str(ROOT)}, **({"TIMESVC_TUNED": TUNED[name]} if name in TUNED else {}))
    env.update(extra_env or {})
    started = time.monotonic()
    process = subprocess.Popen(pinned(cpu, start), stdout=log, stderr=log, env=env, cwd=ROOT)
    try:
        _first_response(port, process, timeout)
        yield Server(name, process, port, time.monotonic() - started)
    finally:
        stop(process, timeout=10)
        log.close()
