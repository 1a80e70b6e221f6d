"""The app's Roughtime server, built from timesvc.roughtime*: when it is served, with which key, how it binds."""
import base64
import logging

import pytest

from timesvc import main
from timesvc.serving.hooks import NOT_STARTED
from timesvc.roughtime.protocol.keys import keygen


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "roughtime.key"
    return path, keygen(path)


def build(app_settings, **settings):
    return main({}, **{**app_settings, **{f"timesvc.{name}": value for name, value in settings.items()}}).registry.roughtime


@pytest.mark.parametrize("mode", ["auto", "off"])
def test_without_a_key_file_auto_and_off_serve_no_roughtime(app_settings, mode):
    assert build(app_settings, roughtime=mode) is None


def test_off_serves_none_even_with_a_key_file(app_settings, key_file):
    assert build(app_settings, roughtime="off", roughtime_key=str(key_file[0])) is None


@pytest.mark.parametrize("mode", ["auto", "on"])
def test_a_key_file_is_served_with_its_key_shared_by_every_process_on_the_port(app_settings, key_file, mode):
    path, public_key = key_file
    roughtime = build(app_settings, roughtime=mode, roughtime_key=str(path), roughtime_host="::1", roughtime_port="5400")
    server = roughtime.server
    assert (roughtime.throwaway_key, server.public_key, server.host, server.port) == (False, public_key, "::1", 5400)
    assert server.reuse_port is True and server.state == NOT_STARTED  # the server runner starts it


def test_without_a_port_it_is_served_on_roughtimes_own_5319(app_settings):
    assert build(app_settings, roughtime="on").server.port == 5319


def test_on_without_a_key_file_makes_a_throwaway_key_logged_with_its_public_key(app_settings, caplog):
    with caplog.at_level(logging.WARNING, "timesvc.roughtime.resource"):
        roughtime = build(app_settings, roughtime="on")
    public_key = base64.b64encode(roughtime.server.public_key).decode()
    [record] = [r for r in caplog.records if r.name == "timesvc.roughtime.resource"]
    assert "throwaway key" in record.getMessage() and public_key in record.getMessage()
    assert "several processes behind one port need a key file" in record.getMessage()
    # its port is this process's alone: a second process must fail to bind, not share the clients
    assert roughtime.throwaway_key is True and roughtime.server.reuse_port is False


def test_each_app_makes_its_own_throwaway_key(app_settings):
    assert build(app_settings, roughtime="on").server.public_key != build(app_settings, roughtime="on").server.public_key


@pytest.mark.parametrize("policy, answers", [("drop", False), ("answer", True)])
def test_the_unsynchronized_policy_reaches_the_server(app_settings, policy, answers):
    assert build(app_settings, roughtime="on", roughtime_unsynchronized=policy).server.serve_unsynchronized is answers


def test_the_server_reads_the_registrys_clock_as_it_is_when_asked(app_settings):
    app = main({}, **{**app_settings, "timesvc.roughtime": "on"})
    app.registry.clock = lambda: 1_796_083_200_750_000_000
    assert app.registry.roughtime.server.clock() == 1_796_083_200_750_000_000


def test_a_bad_key_file_stops_startup_naming_the_setting_and_the_file(app_settings, tmp_path):
    path = tmp_path / "garbage.key"
    path.write_text("not a key")
    with pytest.raises(SystemExit, match=rf"^timesvc: configuration error: ini setting timesvc.roughtime_key: Roughtime key file {path} holds no PEM private key$"):
        build(app_settings, roughtime_key=str(path))
