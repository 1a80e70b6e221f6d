"""Start a real `pserve` on a free loopback port, for tests that need the server itself."""
import http.client
import json
from contextlib import contextmanager

from tests.support.processes import PSERVE, ROOT, Instance, free_port, free_udp_tcp_port

__all__ = ["PSERVE", "ROOT", "free_port", "get", "pserve", "roughtime_info", "serving_roughtime"]


@contextmanager
def pserve(ini: str = "testing.ini", *args: str, env: dict | None = None, log=None):
    """Yield (port, process) for a pserve serving `ini` on a free loopback port (tests.support.processes.Instance);
    it is stopped by its PID afterwards.

    Its output goes to pipes (process.stdout, process.stderr), or to the file `log` for a server
    that logs much: a pipe nobody reads blocks the server once full.
    """
    instance = Instance(ROOT / ini, free_port(), log, args, env).start()
    try:
        yield instance.port, instance.process
    finally:
        instance.stop(timeout=10)
        for stream in (instance.process.stdout, instance.process.stderr):
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
