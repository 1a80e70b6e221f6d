"""Every example of README.md and docs/*.md that asks the service runs against one real `pserve development.ini`
on free loopback ports, and its answer has the shape the docs show (tests/support/doc_answers.py, the rule).

Which lines run, which blocks are their answers, and how a block is kept from running: tests/support/doc_examples.py.
The development server's ports (6543, 5319, 2342) on a name for the machine that serves (localhost, 127.0.0.1,
timesvc.lan, `<this host>`; all but localhost become 127.0.0.1) become this server's. Shell lines run in `sh`,
one after another, in a scratch directory holding a server list of this server alone (servers.json, as the
README makes it), with the venv's commands first on PATH and TIMESVC_URL set; curl reads a .curlrc there that
bounds its time and writes each HTTP status to stderr. An answer shown as an error must come with a 4xx, any
other with a 2xx. Python examples run in the venv's interpreter and must exit 0; a MicroPython example (one
that imports ntptime) gets tests/support/micropython/'s stand-ins for the board's modules.
"""
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.doc_answers import differences, text_differences
from tests.support.doc_examples import SERVICE, read_all
from tests.support.pserve import ROOT, free_udp_tcp_port, pserve, roughtime_info

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXAMPLES, PROBLEMS = read_all(DOCS, ROOT)
STATUS = re.compile(r"^timesvc-doc-status (\d{3})$", re.M)
CURLRC = 'max-time = 20\nwrite-out = "%{stderr}timesvc-doc-status %{http_code}\\n"\n'
MICROPYTHON = ROOT / "tests" / "support" / "micropython"


@dataclass
class Server:
    ports: dict  # the development server's port: this one's
    directory: Path
    env: dict

    def localize(self, text: str) -> str:
        """The example as it must be typed to ask this server."""
        return SERVICE.sub(lambda m: f"{'localhost' if m[1] == 'localhost' else '127.0.0.1'}:{self.ports[int(m[2])]}", text)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("doc-examples")
    roughtime, timezoned = free_udp_tcp_port(), free_udp_tcp_port()
    log = directory / "pserve.log"
    with pserve("development.ini", f"roughtime_port={roughtime}", f"timezoned_port={timezoned}", log=log) as (port, _):
        (directory / ".curlrc").write_text(CURLRC)
        servers = {"servers": [roughtime_info(port)["server"]]}
        (directory / "servers.json").write_text(json.dumps(servers))
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "CURL_HOME": str(directory),
            "TIMESVC_URL": f"http://localhost:{port}",
        }
        yield Server({6543: port, 5319: roughtime, 2342: timezoned}, directory, env)


def test_every_curl_of_the_service_in_the_docs_runs_and_every_json_block_is_json():
    assert not PROBLEMS, "\n".join(PROBLEMS)


def test_the_docs_have_examples_of_each_kind_in_each_place_they_are_expected():
    found = {(example.path, example.kind) for example in EXAMPLES}
    assert {("README.md", "sh"), ("README.md", "python"), ("docs/containers.md", "sh")} <= found


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.kind == "sh"], ids=lambda e: e.id)
def test_shell_example_answers_as_the_docs_show(example, server):
    env, problems = dict(server.env), []
    for command in example.commands:
        problems += [f"line {command.line}: {problem}" for problem in run(command, server, env)]
    assert not problems, f"{example.id}:\n" + "\n".join(problems)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.kind == "python"], ids=lambda e: e.id)
def test_python_example_runs(example, server):
    env = dict(server.env)
    if re.search(r"^import ntptime", example.code, re.M):
        env["PYTHONPATH"] = str(MICROPYTHON)
    done = subprocess.run(
        [sys.executable, "-c", server.localize(example.code)], cwd=server.directory, env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, f"{example.id}: exit {done.returncode}\n{done.stderr.decode(errors='replace')[-2000:]}"


def run(command, server: Server, env: dict) -> list[str]:
    """Run one shell line as a user would type it; what departs from the docs. NAME=$(...) sets NAME in `env`."""
    text, name = server.localize(command.text), command.assigns
    script = f'{text}\nstatus=$?\nprintf %s "${name}"\nexit $status' if name else text
    done = subprocess.run(["sh", "-c", script], cwd=server.directory, env=env, capture_output=True, timeout=60)
    out, err = done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")
    if done.returncode != 0:
        return [f"exit {done.returncode}: {STATUS.sub('', err).strip()[-1500:]}"]
    if name:
        env[name] = out
    wanted = "4" if any(is_error(answer) for answer in command.answers) else "2"
    problems = [f"HTTP {status}, expected {wanted}xx: {out[:300]}" for status in STATUS.findall(err) if not status.startswith(wanted)]
    return problems + compare(command, body(out))


def is_error(answer) -> bool:
    """An answer in Cornice's error format or worldtimeapi's."""
    return isinstance(answer, dict) and (answer.get("status") == "error" or set(answer) == {"error"})


def body(output: str) -> str:
    """The body of curl's output, without the headers `-i` shows."""
    if output.startswith("HTTP/"):
        return re.split(r"\r?\n\r?\n", output, maxsplit=1)[-1]
    return output


def compare(command, text: str) -> list[str]:
    """How the answer `text` departs from each answer the docs show for `command`."""
    problems = []
    for shown in command.shown:
        if isinstance(shown, str):
            problems += text_differences(shown, text, command.fixes_the_instant)
            continue
        try:
            real = json.loads(text)
        except ValueError:
            problems.append(f"not JSON: {text[:200]!r}")
            continue
        problems += differences(shown, real, command.fixes_the_instant)
    return problems
