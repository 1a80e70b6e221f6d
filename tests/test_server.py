import pytest

from timesvc.server import listen_addresses


def test_ini_port_is_kept_without_overrides():
    assert listen_addresses("*:6543", {}, {}) == "*:6543"


def test_port_environment_variable_replaces_the_port():
    assert listen_addresses("*:6543", {}, {"PORT": "8000"}) == "*:8000"


def test_command_line_wins_over_port_variable():
    assert listen_addresses("127.0.0.1:6543 [::1]:6543", {"http_port": "9000"}, {"PORT": "8000"}) == "127.0.0.1:9000 [::1]:9000"


@pytest.mark.parametrize("port", ["http", "0", "70000", "-1"])
def test_bad_port_stops_startup_with_one_line(port):
    with pytest.raises(SystemExit, match=f"PORT = '{port}' is not a port number"):
        listen_addresses("*:6543", {}, {"PORT": port})
