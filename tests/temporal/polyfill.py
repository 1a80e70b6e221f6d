"""Run batches of questions through the TC39 Temporal polyfill (@js-temporal/polyfill, pinned in package-lock.json).

The package is installed with `npm ci` into this directory the first time it is missing (node_modules/ is
ignored by git), so a fresh clone runs the cross-check without a manual step. One node process answers a
whole batch: driver.mjs reads the cases as JSON on stdin and writes the answers as JSON on stdout.
"""
import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).parent
_INSTALLED = HERE / "node_modules" / "@js-temporal" / "polyfill" / "package.json"
# Generous bounds for a 2-core machine shared by several people; a run takes seconds.
_INSTALL_TIMEOUT = 300
_BATCH_TIMEOUT = 600


class PolyfillUnavailable(RuntimeError):
    pass


def node() -> str:
    found = shutil.which("node")
    if found is None:
        raise PolyfillUnavailable("node is not installed")
    return found


def ensure_installed() -> None:
    """`npm ci` the pinned polyfill into tests/temporal/ unless it is there already."""
    if _INSTALLED.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise PolyfillUnavailable("npm is not installed")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=HERE, check=True, timeout=_INSTALL_TIMEOUT, stdout=subprocess.DEVNULL,
    )


def ask(cases: list[dict]) -> tuple[dict, list[dict]]:
    """Node's versions (node, icu, tz) and the polyfill's answer to each case, in order."""
    ensure_installed()
    completed = subprocess.run(
        [node(), str(HERE / "driver.mjs")],
        input=json.dumps({"cases": cases}), capture_output=True, text=True, check=True, timeout=_BATCH_TIMEOUT, cwd=HERE,
    )
    reply = json.loads(completed.stdout)
    return reply["versions"], reply["answers"]
