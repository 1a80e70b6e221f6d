import pytest
import webtest
from pyramid.paster import get_app

from tests.conftest import ROOT
from tests.serving import get, pserve


@pytest.mark.parametrize("ini", ["development.ini", "production.ini", "testing.ini"])
def test_ini_files_build_a_working_app(ini):
    app = get_app(str(ROOT / ini))
    assert webtest.TestApp(app).get("/time").json["timezone"] == "Etc/UTC"


def test_real_pserve_serves_time_over_http():
    with pserve("testing.ini") as (port, _):
        status, headers, body = get(port, "/time?tz=Europe/Paris")
        assert status == 200 and headers["Content-Type"] == "application/json"
        assert b'"timezone":"Europe/Paris"' in body
        status, _, body = get(port, "/nowhere")
        assert status == 404 and body.startswith(b'{"status":"error"')
