"""Start a real `pserve` on a free loopback port, for tests that need the server itself."""
import http.client
import json
import os
import subprocess
from contextlib import contextmanager

from tests.support.processes import PSERVE, ROOT, free_port, free_udp_tcp_port, stop, wait_for_port

__all__ = ["PSERVE", "ROOT", "free_port", "get", "pserve", "roughtime_info", "serving_roughtime", "wait_until_serving"]


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 15.0, log=None):
    try:
        wait_for_port(port, lambda: process.poll() is None, timeout)
    except RuntimeError as exc:
        exited = process.poll() is not None
        detail = (log.read_text() if log else process.stderr.read().decode()) if exited else ""
        raise RuntimeError(f"pserve: {exc} {detail}".rstrip()) from None


@contextmanager
def pserve(ini: str = "testing.ini", *args: str, env: dict | None = None, log=None):
    """Yield (port, process) for a pserve serving `ini`; it is stopped by its PID afterwards.

    Its output goes to pipes (process.stdout, process.stderr), or to the file `log` for a server
    that logs much: a pipe nobody reads blocks the server once full.
    """
    port = free_port()
    environ = {**os.environ, **(env or {})}
    output = log.open("wb") if log else subprocess.PIPE
    process = subprocess.Popen(
        [str(PSERVE), str(ROOT / ini), f"http_port={port}", *args],
        stdout=output,
        stderr=subprocess.STDOUT if log else subprocess.PIPE,
        env=environ,
        cwd=ROOT,
    )
    try:
        wait_until_serving(port, process, log=log)
        yield port, process
    finally:
        stop(process, timeout=10)
        for stream in (process.stdout, process.stderr, None if output is subprocess.PIPE else output):
            if stream is not None:
                stream.close()


def get(port: int, path: str, headers: dict | None = None, source: str | None = None):
    """One HTTP GET on loopback, from the loopback address `source` if given; returns (status, headers, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0) if source else None)
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
