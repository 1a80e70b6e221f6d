import json
import os
import pty
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.pserve import free_port
from timesvc.client.cli import clock_status, main

TIMESVC = Path(sys.executable).with_name("timesvc")
AHEAD_NS = 5 * 10**9
OFFSET_LINE = re.compile(r"^offset ([+-][\d.]+) s ± ([\d.]+) s", re.MULTILINE)


def test_now_prints_the_time_in_a_zone(server, capsys):
    assert main(["now", "--tz", "Asia/Tokyo", "--url", server]) == 0
    assert re.fullmatch(r"\S+\+09:00 Asia/Tokyo \(JST, UTC\+09:00\)\n", capsys.readouterr().out)


def test_convert_prints_both_zones(server, capsys):
    assert main(["convert", "2026-10-25T02:30", "--from", "Europe/Paris", "--to", "America/New_York", "--ambiguous", "later", "--url", server]) == 0
    assert capsys.readouterr().out == (
        "from 2026-10-25T02:30:00.000000+01:00 Europe/Paris (CET, UTC+01:00)\n"
        "to   2026-10-24T21:30:00.000000-04:00 America/New_York (EDT, UTC-04:00, DST)\n"
    )


def test_the_url_defaults_to_timesvc_url(server, capsys, monkeypatch):
    monkeypatch.setenv("TIMESVC_URL", server)
    assert main(["now", "--tz", "UTC"]) == 0
    assert "Etc/UTC" in capsys.readouterr().out


def test_an_error_answer_exits_2_with_the_servers_description(server, capsys):
    assert main(["now", "--tz", "Mars/Olympus", "--url", server]) == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err


def test_offset_against_a_local_server_is_zero_within_its_own_bound(server, capsys):
    assert main(["offset", server, "--samples", "5"]) == 0
    captured = capsys.readouterr()
    offset, bound = map(float, OFFSET_LINE.search(captured.out).groups())
    assert abs(offset) <= bound  # the same clock on both ends
    assert "server clock: " in captured.out
    assert captured.err == ""  # no progress line for 10 samples or fewer


@pytest.fixture
def server_ahead():
    """A stand-in server whose clock is 5 s ahead and which reports its clock status (as ops' /time will)."""

    class TimeHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            received = time.time_ns() + AHEAD_NS
            t1 = int(parse_qs(urlsplit(self.path).query)["t1"][0])
            clock = {"synchronized": True, "max_error": 0.002, "est_error": 0.0005, "earliest": 0, "latest": 0}
            body = json.dumps({"t1": t1, "received_ns": received, "transmit_ns": time.time_ns() + AHEAD_NS, "clock": clock}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), TimeHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_offset_beyond_max_offset_exits_1_and_shows_the_server_clock(server_ahead, capsys):
    assert main(["offset", server_ahead, "--samples", "3", "--max-offset", "1"]) == 1
    out = capsys.readouterr().out
    offset, bound = map(float, OFFSET_LINE.search(out).groups())
    assert abs(offset - AHEAD_NS / 1e9) <= bound
    assert "server clock: synchronized, max_error 0.002, est_error 0.0005" in out
    assert main(["offset", server_ahead, "--samples", "3", "--max-offset", "6"]) == 0


def test_offset_writes_no_progress_to_a_pipe_or_file(server, capsys):
    assert main(["offset", server, "--samples", "12"]) == 0
    assert capsys.readouterr().err == ""  # capsys's stderr is no terminal, as a pipe or a log is not


def read_terminal(fd: int) -> bytes:
    """Everything written to a pseudo-terminal, once every writer has closed it (Linux then raises EIO)."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_offset_redraws_one_progress_line_on_a_terminal_and_erases_it(server):
    reader, terminal = pty.openpty()
    try:
        with os.fdopen(terminal, "wb") as stderr:
            result = subprocess.run([str(TIMESVC), "offset", server, "--samples", "12"], stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=30)
        drawn = read_terminal(reader).decode()
    finally:
        os.close(reader)
    assert result.returncode == 0 and OFFSET_LINE.search(result.stdout)
    assert drawn == "".join(f"\rsampling {count}/12" for count in range(1, 13)) + "\r\x1b[K"  # one line, redrawn


def test_offset_against_nothing_exits_2(capsys):
    assert main(["offset", f"http://127.0.0.1:{free_port()}", "--samples", "1"]) == 2
    assert capsys.readouterr().err.startswith("timesvc: cannot reach")


def test_the_server_clock_status_is_unknown_when_the_server_has_none():
    assert clock_status(None).startswith("unknown")
    assert clock_status({"synchronized": True, "max_error": 0.002, "est_error": 0.0001}) == "synchronized, max_error 0.002, est_error 0.0001"
    assert clock_status({"synchronized": False}) == "NOT synchronized"
    assert clock_status({"synchronized": None, "max_error": None}).startswith("unknown")


def test_the_console_script_is_installed(server):
    result = subprocess.run([str(TIMESVC), "offset", server, "--samples", "3"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert OFFSET_LINE.search(result.stdout)
