"""What the C library (glibc) shows for POSIX TZ strings, read in a child process so that the tests' TZ is untouched.

`python -m tests.support.glibc_tz` reads {"<TZ string>": [UTC seconds, ...]} as JSON on stdin and writes
{"<TZ string>": [[UTC offset seconds, abbreviation], ...]}: for each string, TZ is set, time.tzset()
hands it to glibc's tzset, and time.localtime gives tm_gmtoff and tm_zone.
"""
import json
import os
import subprocess
import sys
import time


def _main():
    answers = {}
    for tz, instants in json.load(sys.stdin).items():
        os.environ["TZ"] = tz
        time.tzset()
        answers[tz] = [(shown.tm_gmtoff, shown.tm_zone) for shown in map(time.localtime, instants)]
    json.dump(answers, sys.stdout)


def glibc_clocks(questions: dict[str, list[int]]) -> dict[str, list[tuple[int, str]]]:
    """For each TZ string, (offset, abbreviation) at each instant as glibc shows them, in one child process."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.glibc_tz"],
        input=json.dumps(questions),
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
        check=True,
    )
    return {tz: [tuple(pair) for pair in pairs] for tz, pairs in json.loads(done.stdout).items()}


if __name__ == "__main__":
    _main()
