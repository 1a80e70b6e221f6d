"""Start a real `pserve` on a free loopback port, for tests that need the server itself."""
import http.client
import json
import os
import subprocess
from contextlib import contextmanager

from tests.support.processes import PSERVE, ROOT, free_port, free_udp_tcp_port, stop, wait_for_port

__all__ = ["PSERVE", "ROOT", "free_port", "get", "pserve", "roughtime_info", "serving_roughtime", "wait_until_serving"]


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 15.0):
    try:
        wait_for_port(port, lambda: process.poll() is None, timeout)
    except RuntimeError as exc:
        detail = process.stderr.read().decode() if process.poll() is not None else ""
        raise RuntimeError(f"pserve: {exc} {detail}".rstrip()) from None


@contextmanager
def pserve(ini: str = "testing.ini", *args: str, env: dict | None = None):
    """Yield (port, process) for a pserve serving `ini`; it is stopped by its PID afterwards."""
    port = free_port()
    environ = {**os.environ, **(env or {})}
    process = subprocess.Popen(
        [str(PSERVE), str(ROOT / ini), f"http_port={port}", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ,
        cwd=ROOT,
    )
    try:
        wait_until_serving(port, process)
        yield port, process
    finally:
        stop(process, timeout=10)
        process.stdout.close()
        process.stderr.close()


def get(port: int, path: str, headers: dict | None = None):
    """One HTTP GET on loopback; returns (status, headers, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def roughtime_info(port: int) -> dict:
    """GET /roughtime's body from the pserve on `port`."""
    status, _, body = get(port, "/roughtime")
    if status != 200:
        raise AssertionError(f"/roughtime answered {status}: {body[:200]!r}")
    return json.loads(body)


@contextmanager
def serving_roughtime(ini: str = "development.ini", *args: str, env: dict | None = None):
    """Yield (HTTP port, its /roughtime, process) for a pserve serving Roughtime too, on free loopback ports."""
    with pserve(ini, f"roughtime_port={free_udp_tcp_port()}", *args, env=env) as (port, process):
        yield port, roughtime_info(port), process
