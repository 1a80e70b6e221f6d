"""wrk runs on loopback and the figures read from its report: the one way `bench/` and `reliability/` load a server."""
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import pinned

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
# wrk calls delay() before each request on a connection. A random delay, {ms} ms on average,
# keeps the connections from firing in lockstep, as independent clients do.
_PACED = """
function delay()
   return math.random(0, 2 * {ms})
end
"""


@dataclass
class WrkResult:
    requests: int
    requests_per_second: float
    socket_errors: int
    socket_error_kinds: str
    timeouts: int
    non_2xx: int
    p50_ms: float | None  # with latency=True
    p99_ms: float | None
    report: str

    @property
    def failures(self) -> int:
        return self.socket_errors + self.non_2xx

    def summary(self) -> str:
        return f"{self.requests} requests, {self.requests_per_second:.0f} req/s, {self.socket_errors} socket errors, {self.non_2xx} non-2xx" + (
            f" ({self.socket_error_kinds})" if self.socket_errors else ""
        )


def wrk_binary() -> str | None:
    return shutil.which("wrk")


def command(
    url: str, connections: int, seconds: float, *, threads: int = 1, cpu: int | None = None, latency: bool = False,
    timeout: float | None = None, script: Path | None = None,
) -> list[str]:
    """wrk loading `url`, pinned to `cpu` when one is given."""
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    argv += ["--latency"] if latency else []
    argv += ["--timeout", f"{timeout:g}s"] if timeout else []
    argv += ["-s", str(script)] if script else []
    argv.append(url)
    return pinned(cpu, argv)


def paced_script(directory: Path, pace_ms: int) -> Path:
    """A wrk script spacing each connection's requests by `pace_ms` on average."""
    script = directory / "paced.lua"
    script.write_text(_PACED.format(ms=pace_ms))
    return script


def _latency(report: str, percent: int) -> float | None:
    found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", report, re.M)
    return float(found.group(1)) * _UNITS[found.group(2)] if found else None


def parse(report: str) -> WrkResult:
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    return WrkResult(
        requests=int(re.search(r"(\d+) requests in", report).group(1)),
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1)),
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        socket_error_kinds=errors.group(0) if errors else "",
        timeouts=int(errors.group(4)) if errors else 0,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        p50_ms=_latency(report, 50),
        p99_ms=_latency(report, 99),
        report=report,
    )


def run(argv: list[str], seconds: float) -> WrkResult:
    """Run wrk to its end (bounded: its duration and a minute) and read its report."""
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    return parse(out)


def start(argv: list[str]) -> subprocess.Popen:
    """Start wrk in the background; `finish` reads its report, or stop it by its PID."""
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen, timeout: float) -> WrkResult:
    report, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {report.strip()}")
    return parse(report)
