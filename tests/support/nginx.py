"""nginx serving deploy/nginx/timesvc.conf rendered for loopback ports, in the foreground, stopped by its PID."""
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import ROOT, free_port, stop, wait_for_port

NGINX_CONF = ROOT / "deploy" / "nginx" / "timesvc.conf"


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
