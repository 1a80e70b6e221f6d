"""python -m reliability [--short] [SCENARIO...]: one PASS/FAIL line per scenario; exit 1 on any FAIL."""
import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tests.support import wrk
from tests.support.nginx import nginx_binary

from . import exhaustion, framing, load, slow, suites

SCENARIOS = {
    "soak": load.soak,
    "failover": load.failover,
    "graceful": load.graceful,
    "slowloris": slow.slowloris,
    "hostile": suites.hostile,
    "properties": suites.properties,
    "fuzzing": suites.fuzzing,
    "framing": framing.framing,
    "exhaustion": exhaustion.exhaustion,
}
NEEDS = {"soak": ("wrk",), "failover": ("wrk", "nginx"), "graceful": ("wrk", "nginx")}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability", description=__doc__)
    parser.add_argument("--short", action="store_true", help="a few seconds per scenario, as CI runs it")
    parser.add_argument("scenarios", nargs="*", choices=[[], *SCENARIOS], metavar="SCENARIO", help=", ".join(SCENARIOS))
    args = parser.parse_args(argv)
    tools = {"wrk": wrk.wrk_binary(), "nginx": nginx_binary()}
    failed = 0
    for name in args.scenarios or SCENARIOS:
        missing = [tool for tool in NEEDS.get(name, ()) if not tools[tool]]
        began = time.monotonic()
        if missing:
            passed, figures = False, f"{' and '.join(missing)} not installed (bash .ci/apt-install installs it)"
        else:
            with tempfile.TemporaryDirectory(prefix=f"timesvc-{name}-") as work:
                try:
                    passed, figures = SCENARIOS[name](Path(work), args.short)
                except Exception as exc:  # a scenario that breaks is a FAIL with its reason, not a crash of the run
                    traceback.print_exc()
                    passed, figures = False, f"error: {exc}"
        failed += not passed
        print(f"{'PASS' if passed else 'FAIL'} {name} ({time.monotonic() - began:.0f} s): {figures}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
