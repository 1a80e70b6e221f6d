import json
from dataclasses import replace
from importlib.metadata import version


def test_version_without_a_file_is_the_installed_package(testapp, app, monkeypatch, tmp_path):
    monkeypatch.setattr(app.registry, "timesvc_settings", replace(app.registry.timesvc_settings, version_file=str(tmp_path / "absent.json")))
    assert testapp.get("/__version__").json == {"source": None, "version": version("timesvc"), "commit": None, "build": None}


def test_version_serves_the_build_time_file(testapp, app, monkeypatch, tmp_path):
    written = {"source": "https://example.org/timesvc", "version": "1.2.3", "commit": "0" * 40, "build": "ci-42"}
    path = tmp_path / "version.json"
    path.write_text(json.dumps(written))
    monkeypatch.setattr(app.registry, "timesvc_settings", replace(app.registry.timesvc_settings, version_file=str(path)))
    assert testapp.get("/__version__").json == written
