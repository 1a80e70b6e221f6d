"""Call the pure functions of a page's script under Node.js, to compare them with their Python twins."""
import json
import shutil
import subprocess

import pytest

# Reads [[args...], ...] on stdin, answers [result, ...]: one process for a whole batch of calls.
DRIVER = """
const functions = require(process.argv[1]);
const calls = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(calls.map((args) => functions[process.argv[2]](...args))));
"""


def call_js(script, function: str, calls: list[list]) -> list:
    """`function(*args)` of the script for each argument list in `calls`, as JSON gives them back."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js is not installed (CI installs Debian's nodejs from .ci/apt-packages)")
    done = subprocess.run([node, "-e", DRIVER, str(script), function], input=json.dumps(calls), capture_output=True, text=True, timeout=60)
    if done.returncode:
        raise AssertionError(f"node failed: {done.stderr}")
    return json.loads(done.stdout)
