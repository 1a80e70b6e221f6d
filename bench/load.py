"""GET /time under wrk, pinned: the load every bench tool puts on a server, and what it reads during it."""
import os
import statistics
import threading

from tests.support import wrk as wrk_tool


def cpus() -> tuple[int | None, int | None]:
    """(server CPU, wrk CPU): two different ones when the machine has them, else no pinning."""
    available = sorted(os.sched_getaffinity(0))
    return (available[0], available[1]) if len(available) >= 2 else (None, None)


def time_load(port: int, connections: int, seconds: float, cpu: int | None) -> list[str]:
    """wrk loading GET /time on `port` with one thread, pinned to `cpu` when there is one."""
    return wrk_tool.command(f"http://127.0.0.1:{port}/time", connections, seconds, cpu=cpu, latency=True)


def wrk(port: int, connections: int, seconds: int, cpu: int | None) -> dict:
    """One wrk run on GET /time; latencies in ms."""
    result = wrk_tool.run(time_load(port, connections, seconds, cpu), seconds)
    return {
        "requests": result.requests,
        "rps": result.requests_per_second,
        "p50_ms": result.p50_ms,
        "p99_ms": result.p99_ms,
        "socket_errors": result.socket_errors,
        "timeouts": result.timeouts,
        "non_2xx": result.non_2xx,
    }


def measured(server, connections, seconds, cpu) -> dict:
    """wrk's figures plus the server's CPU per request and its listen queue during the run.

    wrk does not report connections the server never accepts (beyond `connection_limit`): they
    show as a listen queue that stays full, where a busy server's queue only fills in bursts.
    """
    samples = []
    done = threading.Event()

    def watch_listen_queue():
        while not done.wait(0.1):
            samples.append(server.unaccepted())

    watcher = threading.Thread(target=watch_listen_queue, daemon=True)
    cpu_before = server.cpu_seconds()
    watcher.start()
    try:
        result = wrk(server.port, connections, seconds, cpu)
    finally:
        done.set()
        watcher.join()
    result["cpu_us_per_request"] = (server.cpu_seconds() - cpu_before) * 1e6 / max(result["requests"], 1)
    result["unaccepted"] = statistics.median(samples) if samples else 0
    return result
