"""`make bench-scale`: GET /time through nginx to 1, then 2, ... timesvc processes, one per CPU.

Each process is pinned to its own CPU; nginx (a bench-local config on loopback, keepalive to the
upstreams) and wrk are not pinned, since the processes take every CPU this measures on.
"""
import argparse
import json
import os
import signal
import subprocess
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.support.nginx import nginx_binary
from tests.support.processes import stop, wait_for_port

from .load import wrk
from .servers import RESULTS, ROOT, free_port, serving

NGINX_CONF = """
worker_processes {workers};
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    upstream timesvc {{
        {servers}
        keepalive 256;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://timesvc;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
}}
"""


@contextmanager
def nginx(ports: list[int], workers: int):
    """Yield the port of an nginx balancing over `ports`; stopped by its PID afterwards."""
    prefix = RESULTS / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    servers = "\n        ".join(f"server 127.0.0.1:{p};" for p in ports)
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=workers, prefix=prefix, servers=servers, port=port))
    process = subprocess.Popen([nginx_binary(), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"])
    try:
        wait_for_port(port, lambda: process.poll() is None)  # RuntimeError if it exits: see {prefix}/error.log
        yield port
    finally:
        stop(process, signal.SIGQUIT)  # nginx's graceful shutdown; SIGKILL if it outlives the timeout


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini", default=str(ROOT / "production.ini"))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--max-processes", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args(argv)
    cpus = sorted(os.sched_getaffinity(0))
    rows = []
    for count in range(1, args.max_processes + 1):
        with ExitStack() as stack:
            servers = [stack.enter_context(serving("timesvc", Path(args.ini), cpus[i % len(cpus)], tag=str(i))) for i in range(count)]
            port = stack.enter_context(nginx([s.port for s in servers], workers=1))
            wrk(port, 50, 2, None)
            result = wrk(port, args.connections, args.duration, None)
            result["processes"] = count
            rows.append(result)
    print("| timesvc processes behind nginx | req/s | p50 ms | p99 ms | errors |\n|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['processes']} | {row['rps']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | {row['socket_errors'] + row['non_2xx']} |")
    path = RESULTS / f"scale-{time.strftime('%Y-%m-%dT%H%M%SZ', time.gmtime())}.json"
    path.write_text(json.dumps({"options": vars(args), "cpus": len(cpus), "rows": rows}, indent=2))
    print(f"\nresults: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
