"""`make contract`: schemathesis against a real pserve of testing.ini, using its /openapi.json.

All operations, schemathesis's default checks and phases, a fixed seed and a bound on examples per
operation; it exits with schemathesis's status (0: no failure). The pserve is stopped by its PID.
The time-by-IP routes answer from the tests' small GeoIP database (tests/support/geoip_data.py).

    python -m tests.contract [--max-examples N] [--seed S]
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=200, help="test cases per operation (default 200)")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args(argv)
    # The time-by-IP routes answer from the tests' small GeoIP database rather than a 503.
    with tempfile.TemporaryDirectory() as scratch, pserve(
        "testing.ini", env={"TIMESVC_GEOIP_DATABASE": build_test_database(Path(scratch) / "test.mmdb")}
    ) as (port, _):
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
