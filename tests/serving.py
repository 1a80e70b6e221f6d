"""Start a real `pserve` on a free loopback port, for tests that need the server itself."""
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PSERVE = Path(sys.executable).with_name("pserve")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"pserve exited with {process.returncode}: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"pserve did not listen on port {port} within {timeout} s")


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
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
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
