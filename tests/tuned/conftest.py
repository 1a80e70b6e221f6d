import pytest

from timesvc import main


@pytest.fixture
def tuned_app(app_settings, monkeypatch):
    """An app with timesvc.tuned on, whatever TIMESVC_TUNED says (CI runs the suite both ways)."""
    monkeypatch.setenv("TIMESVC_TUNED", "true")
    return main({}, **app_settings)
