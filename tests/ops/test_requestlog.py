import logging

import pytest


def summaries(app, caplog):
    assert app.registry.request_log.flush()  # records are handled by a background thread
    return [record for record in caplog.records if record.name == "request.summary"]


def test_each_response_gets_a_new_request_id(testapp):
    first, second = (testapp.get("/time").headers["X-Request-ID"] for _ in range(2))
    assert len(first) == 32 and first != second


def test_a_sane_client_request_id_is_kept(testapp):
    assert testapp.get("/time", headers={"X-Request-ID": "lb-7f3a:42"}).headers["X-Request-ID"] == "lb-7f3a:42"


@pytest.mark.parametrize("sent", ["x" * 101, "has space", "quote\"", "é"])
def test_an_insane_client_request_id_is_replaced(testapp, sent):
    assert testapp.get("/time", headers={"X-Request-ID": sent.encode().decode("latin-1")}).headers["X-Request-ID"] != sent


@pytest.mark.parametrize("path, accept, status", [("/time", "*/*", 200), ("/nope", "*/*", 404), ("/time", "text/html", 406), ("/docs", "text/html", 200)])
def test_every_response_says_nosniff_once_errors_included(testapp, path, accept, status):
    response = testapp.get(path, headers={"Accept": accept}, status=status)
    assert response.headers.getall("X-Content-Type-Options") == ["nosniff"]


def test_one_summary_record_per_request_with_its_fields(app, testapp, caplog):
    caplog.set_level(logging.INFO, logger="request.summary")
    response = testapp.get("/time?tz=Europe/Paris", headers={"User-Agent": "probe/1"}, extra_environ={"REMOTE_ADDR": "192.0.2.7"})
    [record] = summaries(app, caplog)
    assert (record.method, record.path, record.querystring, record.code) == ("GET", "/time", "tz=Europe/Paris", 200)
    assert (record.rid, record.agent, record.remote_addr, record.route) == (response.headers["X-Request-ID"], "probe/1", "192.0.2.7", "time")
    assert record.t > 0


def test_errors_are_summarised_with_their_status(app, testapp, caplog):
    caplog.set_level(logging.INFO, logger="request.summary")
    testapp.get("/time?tz=Nowhere", status=400)
    testapp.get("/nope", status=404)
    assert [(r.code, r.route) for r in summaries(app, caplog)] == [(400, "time"), (404, "none")]
