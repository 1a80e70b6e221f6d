"""The server processes tests, bench/ and reliability/ start: one way, `Instance`, each stopped by its PID.

pserve of an ini (a derived copy of one: `derived_ini`), or any other server command (the bench's peers on
stock waitress), on a fixed loopback port, pinned to a CPU if asked; `tests.support.pserve.pserve` is the
context manager the tests use; nginx is tests/support/nginx.py, wrk tests/support/wrk.py.
"""
import configparser
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PSERVE = Path(sys.executable).with_name("pserve")
# Set on every derived ini whose source leaves them out: production.ini has them already, testing.ini
# keeps waitress's default (100); a source that sets one (bench.compare's variants) keeps its own.
SERVER_DEFAULTS = {"connection_limit": "1000"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_udp_tcp_port() -> int:
    """A loopback port free for both UDP and TCP at this moment: Roughtime serves both on one."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, socket.socket() as tcp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            try:
                tcp.bind(("127.0.0.1", port))
            except OSError:  # taken for TCP: try another
                continue
            return port
    raise RuntimeError("no loopback port is free for both UDP and TCP")


def derived_ini(directory: Path, name: str, server: dict, source: Path = ROOT / "production.ini", app: dict | None = None, app_use: str | None = None) -> Path:
    """A copy of production.ini with [server:main] (and [app:main]) options replaced, written to `directory`.

    `app_use`: serve another app instead (`call:bench.apps:bare`): [app:main] becomes that alone.
    """
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keep option names as written
    parser.read(source)
    for key, value in SERVER_DEFAULTS.items():
        parser["server:main"].setdefault(key, value)
    for key, value in server.items():
        parser["server:main"][key] = str(value)
    if app_use is not None:
        for section in [s for s in parser.sections() if s.startswith(("app:", "pipeline:", "filter:"))]:
            parser.remove_section(section)
        parser["app:main"] = {"use": app_use}
    for key, value in (app or {}).items():
        parser["app:main"][key] = str(value)
    path = directory / f"{name}.ini"
    with path.open("w") as file:
        parser.write(file)
    return path


def wait_for_port(port: int, alive=lambda: True, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the process meant to listen on port {port} exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def wait_for_answer(port: int, alive=lambda: True, timeout: float = 15.0):
    """Until an HTTP request on `port` gets an answer, whatever its status: the server's loop runs. A port that
    accepts connections says less: the kernel queues them once the socket listens, before the server serves
    (timesvc's runner starts its UDP listeners between the two)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the process meant to serve HTTP on port {port} exited")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=max(0.1, deadline - time.monotonic()))
        try:
            connection.request("GET", "/__lbheartbeat__")
            connection.getresponse().read()
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
        finally:
            connection.close()
    raise RuntimeError(f"no HTTP answer on port {port} after {timeout} s")


def wait_for(condition, what: str, attempts: int = 2500):
    """Poll `condition` until true: a listener's thread counts what it did a moment after doing it."""
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.002)  # lets the other thread run; no clock is being waited for
    raise AssertionError(f"never happened: {what}")


def stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 15.0) -> int:
    """Signal a process by PID and reap it; SIGKILL when it outlives `timeout`."""
    if process.poll() is None:
        os.kill(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of /proc/PID/status, KiB: VmRSS, or RssAnon, RssFile, VmHWM..."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


def cpu_seconds(pid: int) -> float:
    """The CPU time process `pid` has used, user and system, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK  # utime + stime


def pinned(cpu: int | None, command: list) -> list:
    """`command` pinned to `cpu` with taskset; as it is when `cpu` is None."""
    return ["taskset", "-c", str(cpu), *command] if cpu is not None else list(command)


class Instance:
    """One server on a fixed loopback port, which can be stopped and started again.

    `pserve INI http_port=PORT ARGS` by default, or `argv` (any other server, told its port by the caller);
    `env`: environment variables added to this one's (None: removed from it); `cpu`: pinned there (taskset); `log`: where its output
    goes (None: to pipes, process.stdout and process.stderr; a pipe nobody reads blocks a server that logs much).
    """

    def __init__(self, ini: Path | None, port: int, log: Path | None = None, args: tuple[str, ...] = (), env: dict | None = None,
                 argv: list[str] | None = None, cpu: int | None = None):  # fmt: skip
        self.ini, self.port, self.log, self.args, self.env = ini, port, log, args, env
        self.argv, self.cpu = argv, cpu
        self.process = None
        self._output = None

    def command(self) -> list[str]:
        return pinned(self.cpu, self.argv or [str(PSERVE), str(self.ini), f"http_port={self.port}", *self.args])

    def start(self, timeout: float = 15.0):
        """Start it and wait until its port answers; RuntimeError, with its output, if it exits first."""
        self._output = self.log.open("ab") if self.log else subprocess.PIPE
        self.process = subprocess.Popen(
            self.command(),
            stdout=self._output,
            stderr=subprocess.STDOUT if self.log else subprocess.PIPE,
            cwd=ROOT,
            env={key: value for key, value in {**os.environ, **(self.env or {})}.items() if value is not None},
        )
        try:
            # An ini's server answers HTTP once everything it serves listens; any other, once its port does.
            (wait_for_answer if self.ini is not None else wait_for_port)(self.port, lambda: self.process.poll() is None, timeout)
        except RuntimeError as exc:
            if self.process.poll() is None:
                self.stop()
            detail = self.log_text() if self.log else self.process.stderr.read().decode(errors="replace")
            self._close_output()
            raise RuntimeError(f"{self.command()[0]}: {exc} {detail}".rstrip()) from None
        return self

    def rss_kib(self, field: str = "VmRSS") -> int:
        return rss_kib(self.process.pid, field)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.process.pid)

    def unaccepted(self) -> int:
        """Connections waiting in the listen queue: ones the server has not taken (connection_limit)."""
        port = f":{self.port:04X}"
        waiting = 0
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(port) and fields[3] == "0A":  # 0A: LISTEN; rx_queue: its accept queue
                waiting += int(fields[4].partition(":")[2], 16)
        return waiting

    def stop(self, sig=signal.SIGTERM, timeout: float = 15.0) -> int:
        returncode = stop(self.process, sig, timeout)
        if self.log:  # pipes stay open for a test to read what it wrote; pserve() closes them
            self._close_output()
        return returncode

    def _close_output(self):
        if self._output not in (None, subprocess.PIPE):
            self._output.close()
        self._output = None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def serving(directory: Path, tuned: bool = True, **server) -> Instance:
    """A started pserve of testing.ini with these [server:main] options and timesvc.tuned, logging to a file."""
    ini = derived_ini(directory, "server", server, source=ROOT / "testing.ini", app={"timesvc.tuned": str(tuned).lower()})
    return Instance(ini, free_port(), directory / "pserve.log").start()


def pipelined_then_sigterm(port: int, process, count: int = 100, stop_bound: float = 15.0) -> tuple[int, float]:
    """Send `count` pipelined requests, SIGTERM the server at once: (responses read, seconds to exit)."""
    request = b"GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(request * count)
        # The first answer shows the connection was accepted: SIGTERM then finds the rest in flight.
        received = sock.recv(65536)
        signalled = time.monotonic()
        process.send_signal(signal.SIGTERM)
        while chunk := sock.recv(65536):
            received += chunk
    process.wait(timeout=stop_bound)
    return received.count(b"HTTP/1.1 200 OK"), time.monotonic() - signalled
