"""roughly (PyPI), a Roughtime implementation timesvc did not write, in a virtualenv of its own.

roughly speaks RFC 10049's version 1 and drafts up to 19 (0x8000000c), over UDP; it needs Python 3.12 or
newer, which this project's own virtualenv (3.11) is not, so it gets one: `python -m tests.support.roughly_peer`
makes it (`make test` runs that), from the package registry like any dependency.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENT = "roughly[cli]==0.3.0"  # the version the interoperability results in docs/roughtime.md are for
VENV = ROOT / ".venv-peers" / "roughly"
PYTHON = VENV / "bin" / "python"
ROUGHLY = VENV / "bin" / "roughly"
CALLS = Path(__file__).with_name("roughly_calls.py")
_MARKER = VENV / ".installed"


def interpreter() -> str | None:
    """A Python 3.12 or newer: on the PATH, or among pyenv's versions; None where there is none."""
    candidates = [shutil.which(f"python3.{minor}") for minor in range(20, 11, -1)]
    pyenv = Path(os.environ.get("PYENV_ROOT", "~/.pyenv")).expanduser()
    candidates += sorted(glob.glob(str(pyenv / "versions" / "3.1[2-9]*" / "bin" / "python3")), reverse=True)
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"], capture_output=True)
        if probe.returncode == 0:  # a pyenv shim for a version not selected fails here
            return candidate
    return None


def ensure() -> bool:
    """Make the virtualenv with roughly unless it is there; False where no Python 3.12+ exists."""
    if _MARKER.exists() and _MARKER.read_text() == REQUIREMENT:
        return True
    python = interpreter()
    if python is None:
        return False
    subprocess.run([python, "-m", "venv", "--clear", str(VENV)], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", REQUIREMENT], check=True)
    _MARKER.write_text(REQUIREMENT)
    return True


def call(*args: str, timeout: float = 30.0):
    """Run one of roughly_calls.py's commands with roughly's Python; its JSON output."""
    done = subprocess.run([str(PYTHON), str(CALLS), *args], capture_output=True, text=True, timeout=timeout)
    if done.returncode:
        raise AssertionError(f"roughly_calls {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


if __name__ == "__main__":
    if not ensure():
        print("roughly needs Python 3.12 or newer, and none is installed: its interoperability tests will be skipped")
    sys.exit(0)
