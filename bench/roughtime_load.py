"""Roughtime responses per second on one core, with batching and without: `python -m bench.roughtime_load`.

The server (timesvc.roughtime.listener, in a process of its own) is pinned to one CPU with taskset, this
load generator to another. The generator sends pre-built request packets over UDP on loopback, keeping
`--window` of them outstanding, and counts the responses; one in `--verify-every` is verified in full by
the client (signatures, delegation window, Merkle path). Its speed is reported beside the server's CPU
time per response. Rounds alternate between the modes, since this shared machine's speed drifts.
"""
import argparse
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.support.processes import cpu_seconds, pinned, stop
from timesvc.roughtime.listener import RoughtimeServer
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.protocol.verify import VerificationError, verify_response
from timesvc.roughtime.protocol.wire import NONC, decode_message, unframe

from .servers import RESULTS, ROOT

MODES = {"batched": 64, "unbatched": 1}  # max_batch of each mode
TARGET = 10_000  # responses/s on one core with batching (issue 14)


def serve(max_batch: int, max_wait: float):
    """The server side: a RoughtimeServer until SIGTERM; its port and key first, its counters last, as JSON."""
    # Development's policy: this machine's clock may be unsynchronized, and its status is still read.
    server = RoughtimeServer(Ed25519PrivateKey.generate(), port=0, max_batch=max_batch, max_wait=max_wait, serve_unsynchronized=True)
    server.start()
    print(json.dumps({"port": server.port, "public_key": server.public_key.hex()}), flush=True)
    signal.sigwait([signal.SIGTERM])
    server.stop()
    counters = server.counters
    print(json.dumps({"requests": counters.requests, "batches": counters.batches, "responses": counters.responses}), flush=True)


def generate(port: int, public_key: bytes, seconds: float, window: int, verify_every: int, pid: int) -> dict:
    """Keep `window` requests outstanding for a warm-up second and then `seconds`; what was measured."""
    requests = [build_request(os.urandom(32), public_key) for _ in range(4096)]
    by_nonce = {decode_message(unframe(request))[NONC]: request for request in requests}
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.connect(("127.0.0.1", port))
    sock.setblocking(False)
    sent = received = verified = failed = lost_windows = 0

    def send(count: int):
        nonlocal sent
        for _ in range(count):
            try:
                sock.send(requests[sent % len(requests)])
            except BlockingIOError:
                return
            sent += 1

    start = time.monotonic()
    measuring_from, until = start + 1.0, start + 1.0 + seconds
    counted_at = cpu_at = None
    send(window)
    while (now := time.monotonic()) < until:
        if counted_at is None and now >= measuring_from:
            counted_at, cpu_at, started_at, own_at = received, cpu_seconds(pid), now, time.process_time()
        if not select.select([sock], [], [], 0.05)[0]:
            lost_windows += 1  # nothing for 50 ms: what was outstanding is lost; start a new window
            send(window)
            continue
        got = 0
        while True:
            try:
                response = sock.recv(2048)
            except BlockingIOError:
                break
            got += 1
            if (received + got) % verify_every == 0:
                try:
                    verify_response(by_nonce[decode_message(unframe(response))[NONC]], response, public_key)
                    verified += 1
                except (VerificationError, KeyError, ValueError):
                    failed += 1
        received += got
        send(got)
    elapsed = time.monotonic() - started_at
    cpu, own = cpu_seconds(pid) - cpu_at, time.process_time() - own_at
    sock.close()
    measured = received - counted_at
    return {
        "responses_per_s": measured / elapsed,
        "server_cpu_us_per_response": cpu / measured * 1e6 if measured else None,
        "server_cpu_share": cpu / elapsed,
        "generator_cpu_share": own / elapsed,
        "verified": verified,
        "verification_failures": failed,
        "lost_windows": lost_windows,
    }


def run(mode: str, args) -> dict:
    command = [sys.executable, "-m", "bench.roughtime_load", "--serve", "--max-batch", str(MODES[mode]), "--max-wait", str(args.max_wait)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(pinned(args.server_cpu, command), stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        started = json.loads(process.stdout.readline())
        result = generate(started["port"], bytes.fromhex(started["public_key"]), args.seconds, args.window, args.verify_every, process.pid)
    finally:
        stop(process, timeout=10)
    counters = json.loads(process.stdout.readline() or "{}")
    process.stdout.close()
    batches = counters.get("batches") or 0
    return {"mode": mode, **result, "mean_batch": counters.get("requests", 0) / batches if batches else None}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per run, after a 1 s warm-up")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each running every mode once")
    parser.add_argument("--window", type=int, default=128, help="requests kept outstanding")
    parser.add_argument("--verify-every", type=int, default=1000, help="verify one response in this many")
    parser.add_argument("--server-cpu", type=int, default=1)
    parser.add_argument("--client-cpu", type=int, default=0)
    parser.add_argument("--max-wait", type=float, default=0.001, help="the server's max_wait, seconds")
    parser.add_argument("--quick", action="store_true", help="1 s, one round: checks that the harness runs")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--max-batch", type=int, default=64, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])  # before any thread starts: sigwait takes it
        return serve(args.max_batch, args.max_wait)
    if args.quick:
        args.seconds, args.rounds = 1.0, 1
    os.sched_setaffinity(0, {args.client_cpu})  # what taskset does, for this process
    results = []
    for round_number in range(1, args.rounds + 1):
        for mode in MODES:
            result = run(mode, args)
            results.append({"round": round_number, **result})
            print(
                f"round {round_number} {mode:9} {result['responses_per_s']:9,.0f} responses/s"
                f"  server CPU {result['server_cpu_us_per_response']:6.1f} µs/response ({result['server_cpu_share']:.0%} of a core,"
                f" generator {result['generator_cpu_share']:.0%})"
                f"  mean batch {result['mean_batch'] or 0:5.1f}  verified {result['verified']}, failed {result['verification_failures']}"
                f"  lost windows {result['lost_windows']}",
                flush=True,
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "roughtime.json").write_text(json.dumps({"target": TARGET, "args": vars(args), "results": results}, indent=2))
    if any(result["verification_failures"] for result in results):
        sys.exit("some sampled responses failed verification")


if __name__ == "__main__":
    main()
