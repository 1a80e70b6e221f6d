from pathlib import Path

import pytest

from timesvc import main
from timesvc.ops.settings import ConfigurationError, Settings, deprecations, parse_settings


def test_defaults():
    assert parse_settings({}, {}) == Settings(
        default_timezone="UTC",
        tzdata_source="package",
        cors_origins=(),
        geoip_database=None,
        require_clock_sync=False,
        max_clock_error=1.0,
        version_file="version.json",
        metrics=True,
    )


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


def test_typed_values_from_ini_and_environment(tmp_path):
    database = tmp_path / "city.mmdb"
    database.write_bytes(b"x")
    ini = {"timesvc.cors_origins": "https://a.example  https://b.example", "timesvc.metrics": "off", "timesvc.max_clock_error": "0.25"}
    environ = {"TIMESVC_REQUIRE_CLOCK_SYNC": "Yes", "TIMESVC_GEOIP_DATABASE": str(database), "TIMESVC_VERSION_FILE": "/app/version.json"}
    settings = parse_settings(ini, environ)
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert (settings.metrics, settings.require_clock_sync, settings.max_clock_error) == (False, True, 0.25)
    assert (settings.geoip_database, settings.version_file) == (str(database), "/app/version.json")


def test_empty_optional_settings_mean_unset():
    settings = parse_settings({"timesvc.cors_origins": "*"}, {"TIMESVC_CORS_ORIGINS": "", "TIMESVC_GEOIP_DATABASE": " "})
    assert (settings.cors_origins, settings.geoip_database) == ((), None)


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("metrics", "maybe", "expected one of: on, off"),
        ("require_clock_sync", "2", "expected one of: on, off"),
        ("max_clock_error", "-1", "expected a number of seconds, 0 or more"),
        ("max_clock_error", "soon", "expected a number of seconds, 0 or more"),
        ("max_clock_error", "nan", "expected a number of seconds, 0 or more"),
        ("geoip_database", "/nonexistent/city.mmdb", "no such file"),
        ("version_file", "", "expected a non-empty value"),
        ("roughtime", "yes", "expected one of: auto, on, off"),
        ("roughtime_port", "0", "expected a port number, 1-65535"),
        ("roughtime_port", "65536", "expected a port number, 1-65535"),
        ("roughtime_port", "5319/udp", "expected a port number, 1-65535"),
        ("roughtime_port", "\u0665\u0663\u0661\u0669", "expected a port number, 1-65535"),  # Arabic-Indic digits
        ("roughtime_host", "", "expected a non-empty value"),
        ("roughtime_unsynchronized", "sometimes", "expected one of: drop, answer"),
        ("timezoned", "auto", "expected one of: on, off"),
        ("timezoned_host", "", "expected a non-empty value"),
        ("timezoned_port", "2342/udp", "expected a port number, 1-65535"),
    ],
)
def test_each_bad_value_names_setting_source_and_accepted_values(name, value, message):
    with pytest.raises(ConfigurationError, match=f"ini setting timesvc.{name} = {value!r} is invalid: {message}"):
        parse_settings({f"timesvc.{name}": value}, {})


def test_an_unknown_ini_setting_is_refused_with_the_known_names():
    with pytest.raises(ConfigurationError, match=r"ini setting timesvc.metric is unknown; known: timesvc.default_timezone, .*timesvc.metrics"):
        parse_settings({"timesvc.metric": "off"}, {})


def test_roughtime_is_served_by_default_only_with_a_key_file_on_loopback_at_its_own_port_dropping_when_unsynchronized():
    settings = parse_settings({}, {})
    assert (settings.roughtime, settings.roughtime_key, settings.roughtime_host) == ("auto", None, "127.0.0.1")
    assert (settings.roughtime_port, settings.roughtime_unsynchronized) == (None, "drop")  # None: 5319 (tests/roughtime)


def test_a_port_on_pserves_command_line_wins_over_the_environment_and_the_ini():
    ini, environ = {"timesvc.roughtime_port": "5400"}, {"TIMESVC_ROUGHTIME_PORT": "5401"}
    assert parse_settings(ini, environ, {"roughtime_port": "5402", "http_port": "8000"}).roughtime_port == 5402
    assert parse_settings(ini, environ, {"http_port": "8000"}).roughtime_port == 5401
    with pytest.raises(ConfigurationError, match="roughtime_port on the command line = 'x' is invalid"):
        parse_settings(ini, environ, {"roughtime_port": "x"})


def test_the_old_roughtime_port_variable_still_works_for_a_release_and_says_so():
    assert parse_settings({"timesvc.roughtime_port": "5400"}, {"ROUGHTIME_PORT": "5403"}).roughtime_port == 5403
    assert parse_settings({}, {"ROUGHTIME_PORT": "5403", "TIMESVC_ROUGHTIME_PORT": "5404"}).roughtime_port == 5404
    assert deprecations({"ROUGHTIME_PORT": "5403"}) == [
        "environment variable ROUGHTIME_PORT is deprecated and will be dropped: set TIMESVC_ROUGHTIME_PORT instead"
    ]
    assert deprecations({"ROUGHTIME_PORT": "5403", "TIMESVC_ROUGHTIME_PORT": "5404"}) == deprecations({}) == []


def test_roughtime_settings_from_ini_and_environment():
    ini = {"timesvc.roughtime": "on", "timesvc.roughtime_port": "5400", "timesvc.roughtime_key": "/etc/timesvc/roughtime.key"}
    environ = {"TIMESVC_ROUGHTIME_HOST": "::", "TIMESVC_ROUGHTIME_UNSYNCHRONIZED": "answer", "TIMESVC_ROUGHTIME_PORT": "5401"}
    settings = parse_settings(ini, environ)
    assert (settings.roughtime, settings.roughtime_key, settings.roughtime_host) == ("on", "/etc/timesvc/roughtime.key", "::")
    assert (settings.roughtime_port, settings.roughtime_unsynchronized) == (5401, "answer")
    assert parse_settings({"timesvc.roughtime_key": "/etc/timesvc/roughtime.key"}, {"TIMESVC_ROUGHTIME_KEY": ""}).roughtime_key is None


def test_timezoned_is_off_by_default_on_loopback_at_ezTimes_port_and_set_as_every_setting():
    settings = parse_settings({}, {})
    assert (settings.timezoned, settings.timezoned_host, settings.timezoned_port) == (False, "127.0.0.1", 2342)
    ini = {"timesvc.timezoned": "on", "timesvc.timezoned_port": "2400"}
    environ = {"TIMESVC_TIMEZONED": "off", "TIMESVC_TIMEZONED_HOST": "0.0.0.0", "TIMESVC_TIMEZONED_PORT": "2401"}
    assert parse_settings(ini, {}).timezoned is True
    settings = parse_settings(ini, environ)
    assert (settings.timezoned, settings.timezoned_host, settings.timezoned_port) == (False, "0.0.0.0", 2401)
    assert parse_settings(ini, environ, {"timezoned_port": "2402"}).timezoned_port == 2402
