"""wrk runs and the figures a scenario reads from its report."""
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

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
    socket_errors: int
    socket_error_kinds: str
    non_2xx: int
    requests_per_second: float
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


def parse(report: str) -> WrkResult:
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    return WrkResult(
        requests=int(re.search(r"(\d+) requests in", report).group(1)),
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        socket_error_kinds=errors.group(0) if errors else "",
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1)),
        report=report,
    )


def start(url: str, seconds: float, connections: int, directory: Path, pace_ms: int | None = None) -> subprocess.Popen:
    """Start wrk in the background; `pace_ms` spaces each connection's requests by that much."""
    command = [wrk_binary(), "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "5s", url]
    if pace_ms is not None:
        script = directory / "paced.lua"
        script.write_text(_PACED.format(ms=pace_ms))
        command[1:1] = ["-s", str(script)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen, timeout: float) -> WrkResult:
    report, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {report.strip()}")
    return parse(report)
