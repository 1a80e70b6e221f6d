import os
from pathlib import Path

import pytest
import webtest
from hypothesis import settings
from pyramid.paster import get_appsettings

from timesvc import main

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


@pytest.fixture
def clock(app):
    """Freeze the app's clock at FIXED_NS; tests may set clock.now to move it."""

    class Clock:
        now = FIXED_NS

        def __call__(self):
            return self.now

    original = app.registry.clock
    app.registry.clock = frozen = Clock()
    yield frozen
    app.registry.clock = original


@pytest.fixture
def testapp(app, clock):
    return webtest.TestApp(app)


@pytest.fixture(scope="session")
def catalogue(app):
    return app.registry.catalogue


# Example counts: modest in `make test`; `make reliability` raises them through HYPOTHESIS_PROFILE.
# No deadline: tests never assert a duration. No database: nothing is written to the checkout.
for _profile, _examples in {"modest": 60, "reliability-short": 600, "reliability": 6000, "fuzz-short": 1500, "fuzz": 20000}.items():
    settings.register_profile(_profile, max_examples=_examples, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "modest"))
