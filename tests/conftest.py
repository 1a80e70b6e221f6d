import os
from contextlib import contextmanager
from pathlib import Path

import pytest
import webtest
from hypothesis import settings
from pyramid.paster import get_appsettings

from tests.support.geoip_data import build_test_database
from tests.support.pserve import pserve
from timesvc import main
from timesvc.location.ipdata import GeoIPDatabase

ROOT = Path(__file__).resolve().parent.parent
# 2026-03-29T00:30:00.123456789Z: half an hour before Europe/Paris springs forward.
FIXED_NS = 1774744200_123456789


def pytest_addoption(parser):
    parser.addoption("--ini", action="store", default=str(ROOT / "testing.ini"), help="the ini file to test with")


@pytest.fixture(scope="session")
def ini_file(request):
    return os.path.abspath(request.config.option.ini)


@pytest.fixture(scope="session")
def app_settings(ini_file):
    return get_appsettings(ini_file)


@pytest.fixture(scope="session")
def app(app_settings):
    return main({}, **app_settings)


@contextmanager
def replaced(registry, name: str, value):
    """Put `value` in the registry's `name` for the duration; the original comes back even on failure."""
    original = getattr(registry, name)
    setattr(registry, name, value)
    try:
        yield value
    finally:
        setattr(registry, name, original)


@pytest.fixture
def clock(app):
    """Freeze the app's clock at FIXED_NS; tests may set clock.now to move it."""

    class Clock:
        now = FIXED_NS

        def __call__(self):
            return self.now

    with replaced(app.registry, "clock", Clock()) as frozen:
        yield frozen


@pytest.fixture
def clock_status(app):
    """Inject the clock's state: synchronized, 2 ms max error; tests may set clock_status.status."""
    from timesvc.domain.clockstatus import ClockStatus

    class InjectedClockStatus:
        status = ClockStatus(synchronized=True, max_error=0.002, est_error=0.0005)

        def __call__(self):
            return self.status

    with replaced(app.registry, "clock_status", InjectedClockStatus()) as injected:
        yield injected


@pytest.fixture
def testapp(app, clock, clock_status):
    return webtest.TestApp(app)


@pytest.fixture(scope="module")
def server():
    """The base URL (no trailing slash) of a real pserve of testing.ini on a free loopback port, per module."""
    with pserve("testing.ini") as (port, _):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def server_port(server):
    """The port of `server`, for tests.support.pserve.get."""
    return int(server.rsplit(":", 1)[1])


@pytest.fixture(scope="session")
def catalogue(app):
    return app.registry.catalogue


@pytest.fixture(scope="session")
def geoip_database(tmp_path_factory):
    """The path of a small test .mmdb (see tests/support/geoip_data.py)."""
    return build_test_database(tmp_path_factory.mktemp("geoip") / "test-city.mmdb")


@pytest.fixture
def geoip(app, geoip_database):
    """Give the app the test GeoIP database, as timesvc.geoip_database does at startup."""
    original = app.registry.geoip
    app.registry.geoip = GeoIPDatabase(geoip_database)
    yield app.registry.geoip
    app.registry.geoip = original


@pytest.fixture
def local_zone(app, catalogue):
    """Callers on the local network get Asia/Kathmandu (+05:45: no default zone can pass for it)."""
    with replaced(app.registry, "local_zone", catalogue.zone("Asia/Kathmandu")) as zone:
        yield zone


@pytest.fixture
def local_zone_off(app):
    """timesvc.local_timezone = off: callers on the local network have no location."""
    with replaced(app.registry, "local_zone", None):
        yield


# Example counts: modest in `make test`; `make reliability` raises them through HYPOTHESIS_PROFILE.
# No deadline: tests never assert a duration. No database: nothing is written to the checkout.
for _profile, _examples in {"modest": 60, "reliability-short": 600, "reliability": 6000, "fuzz-short": 1500, "fuzz": 20000}.items():
    settings.register_profile(_profile, max_examples=_examples, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "modest"))
