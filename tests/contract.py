"""`make contract`: schemathesis against a real pserve, using its /openapi.json.

All operations, schemathesis's default checks and phases, a fixed seed and a bound on examples per
operation; it exits with schemathesis's status (0: no failure). The pserve is stopped by its PID.
Two servers in turn: development.ini as `make run` serves it (nothing configured: the built-in IP
data, the local network's zone), then testing.ini with the tests' small GeoIP database
(tests/support/geoip_data.py), whose addresses without a zone exercise the 404s.

    python -m tests.contract [--max-examples N] [--seed S] [--ini development.ini|testing.ini]
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.geoip_data import build_test_database
from tests.support.pserve import pserve

ST = Path(sys.executable).with_name("st")
CONFIG = Path(__file__).resolve().parent.parent / "schemathesis.toml"
# Each server's environment, given a scratch directory.
SERVERS = {
    "development.ini": lambda scratch: {},
    "testing.ini": lambda scratch: {"TIMESVC_GEOIP_DATABASE": build_test_database(scratch / "test.mmdb")},
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=200, help="test cases per operation (default 200)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--ini", choices=list(SERVERS), action="append", help="the server(s) to check (default: both)")
    args = parser.parse_args(argv)
    status = 0
    for ini in args.ini or SERVERS:
        print(f"schemathesis against pserve {ini}", flush=True)
        status = status or run(ini, args)
    return status


def run(ini: str, args) -> int:
    with tempfile.TemporaryDirectory() as scratch, pserve(ini, env=SERVERS[ini](Path(scratch)), log=Path(scratch) / "pserve.log") as (port, _):
        base = f"http://127.0.0.1:{port}"
        command = [
            str(ST), "--config-file", str(CONFIG), "run", f"{base}/openapi.json",
            "--max-examples", str(args.max_examples),
            "--seed", str(args.seed),
            "--generation-database", "none",
            "--workers", "1",
            "--no-color",
        ]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
