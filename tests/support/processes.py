"""The processes a scenario starts: pserve instances, nginx and wrk, each stopped by its PID."""
import configparser
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PSERVE = Path(sys.executable).with_name("pserve")
NGINX_CONF = ROOT / "deploy" / "nginx" / "timesvc.conf"
# Set on every derived ini: production.ini has it already, testing.ini keeps waitress's default (100).
SERVER_OVERRIDES = {"connection_limit": "1000"}


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


def derived_ini(directory: Path, name: str, server: dict, source: Path = ROOT / "production.ini", app: dict | None = None) -> Path:
    """A copy of production.ini with [server:main] (and [app:main]) options replaced, written to `directory`."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keep option names as written
    parser.read(source)
    for key, value in {**SERVER_OVERRIDES, **server}.items():
        parser["server:main"][key] = str(value)
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


class Instance:
    """One `pserve` on a fixed loopback port, which can be killed and started again.

    `args` are more `name=value` options for the ini; `env`, environment variables added to this one's.
    """

    def __init__(self, ini: Path, port: int, log: Path, args: tuple[str, ...] = (), env: dict | None = None):
        self.ini, self.port, self.log, self.args, self.env = ini, port, log, args, env
        self.process = None

    def start(self):
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(PSERVE), str(self.ini), f"http_port={self.port}", *self.args],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                env={**os.environ, **(self.env or {})},
            )
        wait_for_port(self.port, lambda: self.process.poll() is None)
        return self

    def rss_kib(self, field: str = "VmRSS") -> int:
        """A memory figure of /proc/PID/status, KiB: VmRSS, or RssAnon, RssFile, VmHWM..."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))

    def stop(self, sig=signal.SIGTERM, timeout: float = 15.0) -> int:
        return stop(self.process, sig, timeout)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def serving(directory: Path, tuned: bool = True, **server) -> Instance:
    """A started pserve of testing.ini with these [server:main] options and timesvc.tuned, logging to a file."""
    ini = derived_ini(directory, "server", server, source=ROOT / "testing.ini", app={"timesvc.tuned": str(tuned).lower()})
    return Instance(ini, free_port(), directory / "pserve.log").start()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


# The lines of deploy/nginx/timesvc.conf that HTTPS needs: render_nginx fills them in, or leaves them out.
HTTPS_LINES = (r"^([ \t]*)listen 443 ssl http2;", r"^([ \t]*)ssl_certificate \S+;", r"^([ \t]*)ssl_certificate_key \S+;")


@dataclass(frozen=True)
class Tls:
    """HTTPS in a rendered nginx config: the loopback port and the certificate chain and key files."""

    port: int
    certificate: Path
    key: Path


def _replace_one(text: str, pattern: str, line) -> str:
    """`text` with the one line matching `pattern` (its indent as group 1) replaced, or removed if `line` is None."""
    replacement = (lambda match: "") if line is None else (lambda match: match.group(1) + line)
    text, count = re.subn(pattern + ("\n" if line is None else ""), replacement, text, flags=re.M)
    if count != 1:
        raise ValueError(f"{NGINX_CONF}: expected one line matching `{pattern}`, found {count}")
    return text


def render_nginx(upstream_ports: list[int], listen_port: int, limit: tuple[str, int] | None = None, tls: Tls | None = None) -> str:
    """deploy/nginx/timesvc.conf with its upstream ports, listen address and (rate, burst) replaced.

    With `tls`, HTTPS listens on its port with its certificate; without, the config keeps plain HTTP only.
    """
    text = NGINX_CONF.read_text()
    servers = list(re.finditer(r"^(\s*)server 127\.0\.0\.1:\d+([^;]*);\n", text, re.M))
    if not servers:
        raise ValueError(f"{NGINX_CONF}: no `server 127.0.0.1:PORT` line in its upstream")
    indent, parameters = servers[0].group(1), servers[0].group(2)
    lines = "".join(f"{indent}server 127.0.0.1:{port}{parameters};\n" for port in upstream_ports)
    text = text[: servers[0].start()] + lines + text[servers[-1].end() :]
    text = _replace_one(text, r"^(\s*)listen 80;", f"listen 127.0.0.1:{listen_port};")
    served = (None,) * 3 if tls is None else (f"listen 127.0.0.1:{tls.port} ssl http2;", f"ssl_certificate {tls.certificate};", f"ssl_certificate_key {tls.key};")
    for pattern, line in zip(HTTPS_LINES, served):
        text = _replace_one(text, pattern, line)
    if limit is not None:
        text = re.sub(r"rate=\d+r/s", f"rate={limit[0]}", text)
        text = re.sub(r"burst=\d+", f"burst={limit[1]}", text)
    return text


def nginx_main_conf(directory: Path, site: str) -> Path:
    """A complete nginx.conf under `directory` (pid, logs, temp files) that includes `site`."""
    (directory / "timesvc.conf").write_text(site)
    main = directory / "nginx.conf"
    temp = "\n".join(f"    {kind}_temp_path {directory}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main.write_text(
        f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    log_format upstream '$msec $status $upstream_addr';
    access_log {directory}/access.log upstream;
{temp}
    include {directory}/timesvc.conf;
}}
"""
    )
    directory.chmod(0o755)  # nginx workers drop root privileges
    return main


def nginx_test(conf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([nginx_binary(), "-t", "-p", str(conf.parent), "-c", str(conf)], capture_output=True, text=True, timeout=30)


class Nginx:
    """nginx in the foreground, serving `deploy/nginx/timesvc.conf` rendered for loopback ports."""

    # Load tests come from one address: no rate limit. A big burst too, since nginx counts the
    # requests arriving within one millisecond against the burst whatever the rate.
    UNLIMITED = ("1000000r/s", 100000)

    def __init__(self, directory: Path, upstream_ports: list[int], limit: tuple[str, int] = UNLIMITED, certificate: tuple[Path, Path] | None = None):
        """`certificate`: (chain, key) files to serve HTTPS with as well, on `self.tls.port`."""
        self.directory = directory
        self.port = free_port()
        self.tls = None if certificate is None else Tls(free_port(), *certificate)
        self.conf = nginx_main_conf(directory, render_nginx(upstream_ports, self.port, limit, self.tls))
        self.process = None

    def start(self):
        with (self.directory / "stderr.log").open("wb") as log:
            self.process = subprocess.Popen(
                [nginx_binary(), "-p", str(self.directory), "-c", str(self.conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        for port in [self.port] + ([self.tls.port] if self.tls else []):
            wait_for_port(port, lambda: self.process.poll() is None)
        return self

    def stop(self) -> int:
        # SIGQUIT: nginx's graceful shutdown.
        return stop(self.process, signal.SIGQUIT)

    def upstream_log(self) -> list[tuple[float, int, str]]:
        """(time, status, last upstream address) of each request nginx logged."""
        rows = []
        for line in (self.directory / "access.log").read_text().splitlines():
            at, status, upstream = line.split(" ", 2)
            rows.append((float(at), int(status), upstream.split(", ")[-1]))
        return rows


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
