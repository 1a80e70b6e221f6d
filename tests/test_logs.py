import io
import json
import logging

from timesvc.logs import BackgroundStreamHandler, JsonFormatter


def test_background_handler_writes_mozlog_json_lines():
    stream = io.StringIO()
    handler = BackgroundStreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.Logger("request.summary")
    logger.addHandler(handler)
    logger.info("", extra={"code": 200, "rid": "abc"})
    logger.warning("clock %s", "drifts")
    handler.close()  # drains the queue
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (first["Type"], first["Logger"], first["Fields"]) == ("request.summary", "timesvc", {"code": 200, "rid": "abc"})
    assert second["Fields"]["msg"] == "clock drifts" and second["Severity"] == 4
