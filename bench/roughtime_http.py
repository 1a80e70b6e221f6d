"""GET /time under wrk with Roughtime off, on and idle, and on under load: `python -m bench.roughtime_http`.

One pserve of production.ini (Roughtime on loopback with a key file made for the run, answering whatever
this machine's clock state, so that the load is answered rather than dropped), pinned to one CPU as
bench/run.py pins it; wrk and the Roughtime load generator (bench/roughtime_load.py's, UDP, pre-built
requests, a sample verified) share the other. Rounds alternate the three modes, as this machine drifts.
"""
import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.support.processes import free_udp_tcp_port
from timesvc.roughtime.protocol.keys import keygen

from .load import cpus, measured, wrk
from .roughtime_load import generate
from .servers import RESULTS, ROOT, serving

MODES = ("off", "idle", "loaded")


def environment(mode: str, key_file: Path, roughtime_port: int) -> dict:
    if mode == "off":
        return {"TIMESVC_ROUGHTIME": "off"}
    return {
        "TIMESVC_ROUGHTIME_KEY": str(key_file),
        "TIMESVC_ROUGHTIME_HOST": "127.0.0.1",
        "TIMESVC_ROUGHTIME_UNSYNCHRONIZED": "answer",
        "TIMESVC_ROUGHTIME_PORT": str(roughtime_port),
    }


def run(mode: str, key_file: Path, public_key: bytes, args, server_cpu, client_cpu) -> dict:
    """One mode: wrk's figures for /time, and with `loaded`, the Roughtime generator's beside them."""
    roughtime_port = free_udp_tcp_port()
    with serving("timesvc", ROOT / "production.ini", server_cpu, tag=f"-roughtime-{mode}", extra_env=environment(mode, key_file, roughtime_port)) as server:
        wrk(server.port, args.connections, args.warmup, client_cpu)
        load = {}
        if mode == "loaded":
            seconds = args.duration + 1  # it starts a second before wrk (its own warm-up) and ends after it
            worker = threading.Thread(target=lambda: load.update(generate(roughtime_port, public_key, seconds, args.window, 1000, server.process.pid)))
            worker.start()
            time.sleep(1.0)
        result = measured(server, args.connections, args.duration, client_cpu)
        if mode == "loaded":
            worker.join()
    figures = {name: result[name] for name in ("rps", "p99_ms", "cpu_us_per_request", "non_2xx")}
    return {"mode": mode, **figures, "roughtime": load or None}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per mode")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of wrk before measuring")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--window", type=int, default=128, help="Roughtime requests kept outstanding")
    parser.add_argument("--quick", action="store_true", help="1 s, one round: checks that the harness runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.duration = 1, 1
    server_cpu, client_cpu = cpus()
    if client_cpu is not None:
        os.sched_setaffinity(0, {client_cpu})  # the generator's thread runs here, beside wrk
    results = []
    with tempfile.TemporaryDirectory() as directory:
        key_file = Path(directory) / "roughtime.key"
        public_key = keygen(key_file)
        for round_number in range(1, args.rounds + 1):
            for mode in MODES:
                result = run(mode, key_file, public_key, args, server_cpu, client_cpu)
                results.append({"round": round_number, **result})
                load = result["roughtime"]
                beside = f"  while Roughtime answered {load['responses_per_s']:,.0f}/s (verified {load['verified']}, failed {load['verification_failures']})" if load else ""
                print(
                    f"round {round_number} Roughtime {mode:6}  /time {result['rps']:7,.0f} req/s  p99 {result['p99_ms']:6.1f} ms"
                    f"  server CPU {result['cpu_us_per_request']:5.0f} µs/request{beside}",
                    flush=True,
                )
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {"command": " ".join(["python", "-m", "bench.roughtime_http", *(argv or sys.argv[1:])]), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "load_average": os.getloadavg(), "cpus": {"server": server_cpu, "client": client_cpu}, "options": vars(args), "results": results}
    (RESULTS / "roughtime_http.json").write_text(json.dumps(report, indent=2))
    if any(r["roughtime"] and r["roughtime"]["verification_failures"] for r in results):
        sys.exit("some sampled Roughtime responses failed verification")


if __name__ == "__main__":
    main()
