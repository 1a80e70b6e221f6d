"""`timesvc roughtime`: keygen, and its exit codes against real servers: a pserve, and one an hour ahead."""
import base64
import json
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.support.processes import free_udp_tcp_port
from tests.support.pserve import serving_roughtime
from timesvc.client.cli import main
from timesvc.domain.clockstatus import ClockStatus
from timesvc.roughtime.listener import RoughtimeServer
from timesvc.roughtime.protocol.keys import load_long_term_key, public_key
from timesvc.roughtime.protocol.measurement import verify_report

TIMESVC = Path(sys.executable).with_name("timesvc")
ANSWER = re.compile(r"^(?:\d+\. )?(\S+) \(([a-z/]+)\): midpoint \S+Z ± (\d+) s, verified \(RFC 10049, online key valid until \S+Z\); offset [+-][\d.]+ s ± [\d.]+ s$", re.M)


@pytest.fixture(scope="module")
def development():
    """`pserve development.ini` serving Roughtime: its /roughtime."""
    with serving_roughtime("development.ini") as (_, info, _):
        yield info


@pytest.fixture(scope="module")
def ahead():
    """A Roughtime server of ours whose clock is an hour ahead, synchronized as far as it knows."""
    server = RoughtimeServer(Ed25519PrivateKey.generate(), port=0, clock=lambda: time.time_ns() + 3600 * 10**9, clock_status=lambda: ClockStatus(True, 0.01))
    server.start()
    yield server
    server.stop()


def key_of(server) -> str:
    return base64.b64encode(server.public_key).decode()


def test_keygen_writes_a_key_only_its_owner_can_read_and_prints_its_public_key(tmp_path):
    path = tmp_path / "roughtime.key"
    done = subprocess.run([str(TIMESVC), "roughtime", "keygen", str(path)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    printed = re.search(r"public key (\S+)", done.stdout).group(1)
    assert base64.b64decode(printed) == public_key(load_long_term_key(path))


def test_keygen_never_overwrites_a_file(tmp_path, capsys):
    path = tmp_path / "roughtime.key"
    path.write_text("precious")
    assert main(["roughtime", "keygen", str(path)]) == 2
    assert "exists already: it is not overwritten" in capsys.readouterr().err and path.read_text() == "precious"


@pytest.mark.parametrize("transport", [[], ["--tcp"]], ids=["udp", "tcp"])
def test_a_pserves_answer_is_verified_and_this_clock_is_within_it(development, transport, capsys):
    assert main(["roughtime", f"127.0.0.1:{development['port']}", "--key", development["public_key"], *transport]) == 0
    out = capsys.readouterr().out
    assert ANSWER.search(out).group(2) == ("tcp" if transport else "udp")
    assert "within --max-offset 0 s" in out


def test_a_server_an_hour_ahead_proves_this_clock_beyond_the_max_offset(ahead, capsys):
    assert main(["roughtime", f"127.0.0.1:{ahead.port}", "--key", key_of(ahead)]) == 1
    assert re.search(r"^BEYOND --max-offset 0 s: this machine's clock is provably at least 35\d\d\.\d+ s off$", capsys.readouterr().out, re.M)
    assert main(["roughtime", f"127.0.0.1:{ahead.port}", "--key", key_of(ahead), "--max-offset", "7200"]) == 0


def test_no_server_listening_exits_2_without_blaming_the_key(capsys):
    assert main(["roughtime", f"127.0.0.1:{free_udp_tcp_port()}", "--key", base64.b64encode(bytes(32)).decode(), "--timeout", "1"]) == 2
    captured = capsys.readouterr()
    assert "FAILED" in captured.out and "Connection refused" in captured.out  # refused, not silent: the key is not in question
    assert "another key" not in captured.err


@pytest.mark.parametrize("transport", [[], ["--tcp"]], ids=["udp", "tcp"])
def test_a_server_with_another_key_is_not_believed_and_the_key_is_named_as_the_likely_cause(development, transport, capsys):
    other = base64.b64encode(public_key(Ed25519PrivateKey.generate())).decode()
    port = development["port"]
    # Asked (by SRV) for another key, the server stays silent: there is no answer to believe.
    assert main(["roughtime", f"127.0.0.1:{port}", "--key", other, "--timeout", "0.5", *transport]) == 2
    captured = capsys.readouterr()
    assert f"FAILED: no response from 127.0.0.1:{port}" in captured.out
    assert captured.err == (
        f"timesvc roughtime: 127.0.0.1:{port} sent nothing back: it may hold another key than --key, as a server drops"
        " unanswered a request meant for another key. Its GET /roughtime gives the key it holds (public_key):"
        " curl http://127.0.0.1:6543/roughtime (6543: timesvc's default HTTP port).\n"
    )


def test_a_key_that_is_not_32_bytes_of_base64_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["roughtime", "127.0.0.1", "--key", "c2hvcnQ="])
    assert exit_.value.code == 2 and "expected base64 of a 32-byte Ed25519 public key" in capsys.readouterr().err


@pytest.mark.parametrize("arguments", [[], ["keygen"], ["127.0.0.1"], ["127.0.0.1", "--servers", "list.json"]])
def test_incomplete_commands_say_what_to_give_and_exit_2(arguments, capsys):
    assert main(["roughtime", *arguments]) == 2
    assert capsys.readouterr().err.startswith("timesvc roughtime: ")


def server_list(tmp_path, *entries) -> str:
    path = tmp_path / "servers.json"
    path.write_text(json.dumps({"servers": list(entries)}))
    return str(path)


def test_consistent_servers_in_a_list_exit_0(development, tmp_path, capsys):
    assert main(["roughtime", "--servers", server_list(tmp_path, development["server"])]) == 0
    out = capsys.readouterr().out
    assert len(ANSWER.findall(out)) == 2 and "INCONSISTENT" not in out  # asked twice, as RFC 10049 §8.2 says


def test_servers_that_contradict_each_other_exit_2_with_a_report_that_proves_it(development, ahead, tmp_path, capsys):
    entry = {"name": "ahead", "version": 1, "publicKeyType": "ed25519", "publicKey": key_of(ahead), "addresses": [{"protocol": "udp", "address": f"127.0.0.1:{ahead.port}"}]}
    report = tmp_path / "report.json"
    assert main(["roughtime", "--servers", server_list(tmp_path, entry, development["server"]), "--report", str(report)]) == 2
    out = capsys.readouterr().out
    assert "INCONSISTENT: ahead (answer 1) is later than 127.0.0.1 (answer 2, asked after it) allows" in out
    assert (0, 1) in verify_report(json.loads(report.read_text()))


def test_a_server_list_that_cannot_be_read_exits_2(tmp_path, capsys):
    assert main(["roughtime", "--servers", server_list(tmp_path, {"name": "x"})]) == 2
    assert capsys.readouterr().err.endswith('servers.json: server \'x\': "version" is an integer\n')
