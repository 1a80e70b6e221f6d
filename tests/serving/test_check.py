"""`timesvc check INI`: what pserve would serve, or the line that would stop it, binding no port."""
import io
import re
import shutil
import socket
import subprocess

import pytest

from tests.support.pserve import ROOT, get, pserve
from timesvc.roughtime.protocol.keys import keygen
from timesvc.serving.check import FAILED, OK, check

TIMESVC = ROOT / ".venv" / "bin" / "timesvc" if (ROOT / ".venv" / "bin" / "timesvc").exists() else shutil.which("timesvc")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Only the variables a test sets: a TIMESVC_* or PORT of the caller's would change what is checked."""
    import os

    for name in [name for name in os.environ if name.startswith("TIMESVC_") or name in ("PORT", "ROUGHTIME_PORT")]:
        monkeypatch.delenv(name)


def checked(ini, command_line=None) -> tuple[int, str]:
    out = io.StringIO()
    return check(str(ini), command_line, out), out.getvalue()


def test_production_ini_passes_and_says_what_would_be_served():
    status, text = checked(ROOT / "production.ini")
    assert status == OK, text
    assert "HTTP: *:6543 (3 threads, at most 1000 connections, graceful stop 10 s)" in text
    assert re.search(r"check zone_data: ok \(tzdata_version 20\d\d[a-z], zones \d+\)", text)
    assert "check ip_data: ok (database built-in" in text


def test_it_binds_no_port_even_where_pserve_would_fail_to():
    with socket.socket() as http, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        http.bind(("127.0.0.1", 0))
        http.listen()
        udp.bind(("127.0.0.1", 0))
        ports = {"http_port": str(http.getsockname()[1]), "roughtime_port": str(udp.getsockname()[1])}
        status, text = checked(ROOT / "development.ini", ports)
    assert status == OK, text
    assert f"HTTP: localhost:{ports['http_port']}" in text
    assert f"listener Roughtime: 127.0.0.1:{ports['roughtime_port']}, UDP and TCP, with a throwaway key" in text
    assert "check roughtime" not in text  # it reports on the running listener, which check never starts


@pytest.mark.parametrize(
    "environ, line",
    [
        ({"TIMESVC_METRICS": "maybe"}, "environment variable TIMESVC_METRICS = 'maybe' is invalid: expected one of: on, off"),
        ({"TIMESVC_ROUGHTIME_KEY": "/nonexistent/roughtime.key"}, "Roughtime key file /nonexistent/roughtime.key does not exist"),
        ({"TIMESVC_GEOIP_DATABASE": "/nonexistent.mmdb"}, "environment variable TIMESVC_GEOIP_DATABASE = '/nonexistent.mmdb' is invalid: no such file"),
        ({"PORT": "http"}, "PORT = 'http' is not a port number (1-65535)"),
    ],
)
def test_a_bad_setting_or_file_is_the_one_line_pserve_would_stop_with(monkeypatch, environ, line):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    status, text = checked(ROOT / "production.ini")
    assert status == FAILED
    assert text.count("\n") == 1 and text.startswith("timesvc: configuration error: ") and line in text


@pytest.mark.parametrize("option, fault", [("threads = many", "threads"), ("colour = blue", "colour")])
def test_a_bad_server_option_is_one_line_naming_it(tmp_path, option, fault):
    ini = tmp_path / "server.ini"
    ini.write_text((ROOT / "production.ini").read_text().replace("[server:main]\nuse = egg:timesvc\n", f"[server:main]\nuse = egg:timesvc\n{option}\n"))
    status, text = checked(ini)
    assert status == FAILED and text.count("\n") == 1 and fault in text, text


@pytest.mark.parametrize("content", ["[app:main\nuse = egg:timesvc\n", "not an ini at all"])
def test_an_ini_pastedeploy_cannot_read_is_one_line(tmp_path, content):
    ini = tmp_path / "broken.ini"
    ini.write_text(content)
    status, text = checked(ini)
    assert status == FAILED and text.count("\n") == 1 and str(ini) in text, text


def test_a_missing_ini_is_one_line(tmp_path):
    assert checked(tmp_path / "absent.ini") == (FAILED, f"timesvc: configuration error: {tmp_path / 'absent.ini'}: no such file\n")


def staging_ini(directory):
    """docs/operations.md's staging.ini, beside a copy of production.ini with a key file for Roughtime."""
    docs = (ROOT / "docs" / "operations.md").read_text()
    block = re.search(r"```ini\n(# staging\.ini.*?)```", docs, re.S).group(1)
    shutil.copy(ROOT / "production.ini", directory / "production.ini")
    production = (ROOT / "production.ini").read_text()
    logging_sections = production[production.index("[loggers]") :]
    path = directory / "staging.ini"
    path.write_text(block + "\n" + logging_sections)
    return path


def test_the_documented_staging_ini_inherits_production_and_overrides_what_differs(tmp_path):
    status, text = checked(staging_ini(tmp_path))
    assert status == OK, text
    assert "HTTP: 127.0.0.1:6600 (3 threads, at most 1000 connections, graceful stop 10 s)" in text


def test_the_documented_staging_ini_serves(tmp_path):
    ini = staging_ini(tmp_path)
    with pserve(str(ini)) as (port, _):
        status, _, body = get(port, "/time")
    assert status == 200 and b'"timezone":"Europe/Paris"' in body


def test_the_command_line_runs_it_and_exits_with_its_status(tmp_path):
    key = tmp_path / "roughtime.key"
    keygen(key)
    env = {"PATH": "/usr/bin:/bin", "TIMESVC_ROUGHTIME_KEY": str(key)}
    good = subprocess.run([TIMESVC, "check", str(ROOT / "production.ini"), "http_port=7001"], capture_output=True, text=True, env=env, timeout=120)
    assert good.returncode == 0 and "HTTP: *:7001" in good.stdout and f"with the key in {key}" in good.stdout, good.stdout + good.stderr
    bad = subprocess.run([TIMESVC, "check", str(ROOT / "production.ini")], capture_output=True, text=True, env={**env, "TIMESVC_TUNED": "sometimes"}, timeout=120)
    assert bad.returncode == 1 and bad.stdout.count("\n") == 1 and "TIMESVC_TUNED = 'sometimes' is invalid" in bad.stdout
