"""Scenarios that are pytest suites: hostile input, property tests and fuzzing at higher counts."""
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support.processes import ROOT


def _pytest(profile: str, *paths: str, timeout: float):
    environ = {**os.environ, "HYPOTHESIS_PROFILE": profile}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", *paths]
    try:
        run = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"did not finish within {timeout:.0f} s"
    outcome = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr.strip()[-300:]
    examples = sum(int(n) for n in re.findall(r"- (\d+) passing, ", run.stdout))
    figures = f"{outcome}" + (f"; {examples} generated examples passed" if examples else "")
    if run.returncode != 0:
        failures = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        figures += "; " + "; ".join(failures[:5])
    return run.returncode == 0, figures


def hostile(work: Path, short: bool):
    return _pytest("default", "tests/test_hostile.py", timeout=300)


def properties(work: Path, short: bool):
    return _pytest("reliability-short" if short else "reliability", "tests/domain/test_properties.py", timeout=900)


def fuzzing(work: Path, short: bool):
    return _pytest("fuzz-short" if short else "fuzz", "tests/web/test_fuzz.py", timeout=900)
