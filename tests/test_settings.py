from pathlib import Path

import pytest

from timesvc import main
from timesvc.settings import ConfigurationError, Settings, parse_settings


def test_defaults():
    assert parse_settings({}, {}) == Settings(default_timezone="UTC", tzdata_source="package")


def test_environment_wins_over_ini():
    ini = {"timesvc.default_timezone": "Europe/Paris"}
    assert parse_settings(ini, {}).default_timezone == "Europe/Paris"
    assert parse_settings(ini, {"TIMESVC_DEFAULT_TIMEZONE": "Asia/Tokyo"}).default_timezone == "Asia/Tokyo"


def test_invalid_value_names_the_setting_its_source_and_the_choices():
    with pytest.raises(ConfigurationError, match="environment variable TIMESVC_TZDATA_SOURCE = 'cloud' is invalid: expected one of: package, system"):
        parse_settings({}, {"TIMESVC_TZDATA_SOURCE": "cloud"})


def test_unknown_default_zone_stops_startup(app_settings):
    with pytest.raises(SystemExit, match="configuration error: ini setting timesvc.default_timezone: unknown time zone 'Mars/Base'"):
        main({}, **{**app_settings, "timesvc.default_timezone": "Mars/Base"})


SYSTEM_ZI = Path("/usr/share/zoneinfo/tzdata.zi")


@pytest.mark.skipif(not SYSTEM_ZI.exists(), reason="this machine has no /usr/share/zoneinfo/tzdata.zi")
def test_system_tzdata_source_reports_the_system_version(app_settings):
    app = main({}, **{**app_settings, "timesvc.tzdata_source": "system"})
    assert SYSTEM_ZI.read_text().splitlines()[0] == f"# version {app.registry.catalogue.version}"
