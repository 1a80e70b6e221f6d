"""Startup of the place lookups: the IP data (the operator's file or the built-in table), the local
network's zone, and coordinates loaded lazily."""
import subprocess
import sys

import pytest
import webtest

from timesvc import main
from timesvc.location.ipdata import GeoIPDatabase
from timesvc.location.reloading import ReloadingDatabase
from timesvc.location.resource import BUILTIN
from timesvc.ops.settings import parse_settings


def test_the_configured_database_is_opened_at_startup_and_kept_current(app_settings, geoip_database):
    app = main({}, **{**app_settings, "timesvc.geoip_database": geoip_database})
    assert isinstance(app.registry.geoip, ReloadingDatabase) and app.registry.data_reloaders
    body = webtest.TestApp(app).get("/api/ip/81.2.69.142", status=200).json
    assert body["timezone"] == "Europe/London"


def test_the_environment_variable_wins_over_the_ini(geoip_database):
    ini = {"timesvc.geoip_database": "/nowhere/ini.mmdb"}
    assert parse_settings(ini, {"TIMESVC_GEOIP_DATABASE": geoip_database}).geoip_database == geoip_database


@pytest.mark.parametrize("value", ["", None])
def test_unset_or_empty_means_the_built_in_table(app_settings, value):
    settings = {**app_settings, **({} if value is None else {"timesvc.geoip_database": value})}
    registry = main({}, **settings).registry
    assert isinstance(registry.geoip, GeoIPDatabase) and registry.geoip.info.path == str(BUILTIN)
    assert registry.geoip.info.type == "timesvc-ip-zones" and not registry.data_reloaders


def test_a_missing_file_stops_startup_naming_the_setting(app_settings, tmp_path):
    missing = str(tmp_path / "GeoLite2-City.mmdb")
    with pytest.raises(SystemExit, match=f"^timesvc: configuration error: ini setting timesvc.geoip_database = '{missing}' is invalid: no such file$"):
        main({}, **{**app_settings, "timesvc.geoip_database": missing})


def test_a_file_that_is_no_database_stops_startup(app_settings, tmp_path):
    not_a_database = tmp_path / "city.mmdb"
    not_a_database.write_bytes(b"<html>404 Not Found</html>")
    with pytest.raises(SystemExit, match=r"^timesvc: configuration error: ini setting timesvc.geoip_database = '.*city.mmdb' is not a MaxMind-format database: "):
        main({}, **{**app_settings, "timesvc.geoip_database": str(not_a_database)})


@pytest.mark.parametrize("value, zone", [("Asia/Tokyo", "Asia/Tokyo"), ("us/eastern", "America/New_York"), ("off", None)])
def test_the_local_zone_is_the_setting_when_it_names_a_zone_or_is_off(app_settings, value, zone):
    local = main({}, **{**app_settings, "timesvc.local_timezone": value}).registry.local_zone
    assert (local.name if local else None) == zone


def test_an_unknown_local_zone_stops_startup_naming_the_setting(app_settings):
    with pytest.raises(SystemExit, match="^timesvc: configuration error: ini setting timesvc.local_timezone: unknown time zone 'Mars/Base'"):
        main({}, **{**app_settings, "timesvc.local_timezone": "Mars/Base"})


def test_system_follows_the_tz_variable_and_says_so(app_settings, monkeypatch, caplog):
    monkeypatch.setenv("TZ", "Pacific/Chatham")
    caplog.set_level("INFO", logger="timesvc.location.resource")
    assert main({}, **app_settings).registry.local_zone.name == "Pacific/Chatham"
    assert "callers on the local network get local zone Pacific/Chatham, from the TZ environment variable" in caplog.text


def test_startup_does_not_load_the_coordinate_data(ini_file):
    script = (
        "import sys; from pyramid.paster import get_appsettings; from timesvc import main; "
        f"app = main({{}}, **get_appsettings({ini_file!r})); "
        "print('timezonefinder' in sys.modules, app.registry.coordinate_zones.loaded)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split() == ["False", "False"]
