"""The servers `make bench` measures, each started pinned on a free loopback port (tests.support.processes.Instance)."""
import http.client
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import ROOT, Instance, derived_ini, free_port

RESULTS = ROOT / "bench" / "results"
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


def server_settings(ini: Path) -> dict:
    import configparser

    parser = configparser.RawConfigParser(strict=False)
    parser.read(ini)
    return dict(parser.items("server:main")) if parser.has_section("server:main") else {}


def instance(name: str, ini: Path, port: int, tag: str = "", cpu: int | None = None, extra_env: dict | None = None, wrapper: list[str] = ()) -> Instance:
    """Server `name` on `port` with `ini`'s settings (the stock peers: only its threads and connection_limit).

    `wrapper` runs the ini through another command than pserve, the ini's path last (bench.tricks' and
    bench.loop_passes' own --serve, which change the process before serving)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    # The ini decides timesvc.tuned (but for TUNED's servers), whatever the caller's shell exports: None
    # removes TIMESVC_TUNED from the server's environment. Bytecode is cached, as an install has it (pip
    # compiles it): with PYTHONDONTWRITEBYTECODE set, every start would compile each module.
    env = {"PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "", "TIMESVC_TUNED": TUNED.get(name), **(extra_env or {})}
    log = RESULTS / f"{name}{tag}.log"
    if name in STOCK:
        settings = server_settings(ini)
        argv = [sys.executable, "-m", "bench.stock", STOCK[name], str(port), settings.get("threads", "4"), settings.get("connection_limit", "100")]
        return Instance(None, port, log, env=env, argv=argv, cpu=cpu)
    served = derived_ini(RESULTS, f"{name}{tag}", {"listen": f"127.0.0.1:{port}"}, source=ini, app_use=APPS[name])
    return Instance(served, port, log, env=env, argv=[*wrapper, str(served)] if wrapper else None, cpu=cpu)


def _first_response(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            connection.request("GET", "/time")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.005)
        finally:
            connection.close()
    raise RuntimeError(f"no response on port {port} within {timeout} s")


@contextmanager
def serving(name: str, ini: Path, cpu: int | None, timeout: float = 30.0, tag: str = "", extra_env: dict | None = None, wrapper: list[str] = ()):
    """Yield a started Instance of server `name`, `started_in` set to its time to first response; stopped by its PID after."""
    server = instance(name, ini, free_port(), tag, cpu, extra_env, wrapper)
    started = time.monotonic()
    server.start(timeout)
    try:
        _first_response(server.port, timeout)
        server.started_in = time.monotonic() - started
        server.name = name
        yield server
    finally:
        server.stop(timeout=10)
