"""Startup of the place lookups: the GeoIP database from timesvc.geoip_database, coordinates lazily."""
import subprocess
import sys

import pytest
import webtest

from timesvc import main
from timesvc.domain.geoip import GeoIPDatabase, MissingGeoIPDatabase
from timesvc.ops.settings import parse_settings


def test_the_configured_database_is_opened_at_startup(app_settings, geoip_database):
    app = main({}, **{**app_settings, "timesvc.geoip_database": geoip_database})
    assert isinstance(app.registry.geoip, GeoIPDatabase)
    body = webtest.TestApp(app).get("/api/ip/81.2.69.142", status=200).json
    assert body["timezone"] == "Europe/London"


def test_the_environment_variable_wins_over_the_ini(geoip_database):
    ini = {"timesvc.geoip_database": "/nowhere/ini.mmdb"}
    assert parse_settings(ini, {"TIMESVC_GEOIP_DATABASE": geoip_database}).geoip_database == geoip_database


@pytest.mark.parametrize("value", ["", None])
def test_unset_or_empty_means_no_database(app_settings, value):
    settings = {**app_settings, **({} if value is None else {"timesvc.geoip_database": value})}
    assert isinstance(main({}, **settings).registry.geoip, MissingGeoIPDatabase)


def test_a_missing_file_stops_startup_naming_the_setting(app_settings, tmp_path):
    missing = str(tmp_path / "GeoLite2-City.mmdb")
    with pytest.raises(SystemExit, match=f"^timesvc: configuration error: ini setting timesvc.geoip_database = '{missing}' is invalid: no such file$"):
        main({}, **{**app_settings, "timesvc.geoip_database": missing})


def test_a_file_that_is_no_database_stops_startup(app_settings, tmp_path):
    not_a_database = tmp_path / "city.mmdb"
    not_a_database.write_bytes(b"<html>404 Not Found</html>")
    with pytest.raises(SystemExit, match=r"^timesvc: configuration error: ini setting timesvc.geoip_database = '.*city.mmdb' is not a MaxMind database: "):
        main({}, **{**app_settings, "timesvc.geoip_database": str(not_a_database)})


def test_startup_does_not_load_the_coordinate_data(ini_file):
    script = (
        "import sys; from pyramid.paster import get_appsettings; from timesvc import main; "
        f"app = main({{}}, **get_appsettings({ini_file!r})); "
        "print('timezonefinder' in sys.modules, app.registry.coordinate_zones.loaded)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split() == ["False", "False"]
