import json
from dataclasses import replace
from importlib.metadata import version


def test_version_without_a_file_is_the_installed_package(testapp, app, monkeypatch, tmp_path):
    monkeypatch.setattr(app.registry, "timesvc_settings", replace(app.registry.timesvc_settings, version_file=str(tmp_path / "absent.json")))
    body = testapp.get("/__version__").json
    assert {key: body[key] for key in ("source", "version", "commit", "build")} == {"source": None, "version": version("timesvc"), "commit": None, "build": None}
    assert body["ip_data"]["database"] == "built-in" and body["ip_data"]["data"].startswith("DB-IP IP to City Lite 20")


def test_version_serves_the_build_time_file(testapp, app, monkeypatch, tmp_path):
    written = {"source": "https://example.org/timesvc", "version": "1.2.3", "commit": "0" * 40, "build": "ci-42"}
    path = tmp_path / "version.json"
    path.write_text(json.dumps(written))
    monkeypatch.setattr(app.registry, "timesvc_settings", replace(app.registry.timesvc_settings, version_file=str(path)))
    body = testapp.get("/__version__").json
    assert body == {**written, "ip_data": body["ip_data"]}
