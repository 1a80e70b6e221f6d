"""deploy/systemd/timesvc@.service runs the command docs/operations.md documents."""
import configparser

from tests.conftest import ROOT


def test_systemd_unit_runs_the_documented_command_per_port():
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str
    unit.read(ROOT / "deploy" / "systemd" / "timesvc@.service")
    command = unit["Service"]["ExecStart"]
    assert command.endswith("production.ini http_port=%i")
    assert f"ExecStart={command}" in (ROOT / "docs" / "operations.md").read_text()
