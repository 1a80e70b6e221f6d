import io
import json
import logging
import time

import pytest
from dockerflow.logging import MozlogFormatter

from timesvc.ops.logs import JsonFormatter, OffThreadLog, StreamHandler, public_records
from timesvc.tuned.logging import prototype_records


@pytest.fixture(params=[public_records, prototype_records], ids=["public", "tuned"])
def records(request):
    """How OffThreadLog builds its records: logging's public API, or timesvc.tuned's prototype copy."""
    return request.param


def test_off_thread_log_writes_mozlog_json_through_the_loggers_handlers(records):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.Logger("request.summary")
    logger.addHandler(handler)
    log = OffThreadLog(logger, records=records)
    log.info({"code": 200, "rid": "abc"})
    log.info({"code": 404, "rid": "def"})
    assert log.flush()
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (first["Type"], first["Logger"], first["Severity"], first["Fields"]) == ("request.summary", "timesvc", 6, {"code": 200, "rid": "abc"})
    assert second["Fields"]["code"] == 404


def test_off_thread_log_follows_the_loggers_level():
    assert not OffThreadLog(logging.Logger("request.summary", level=logging.WARNING)).enabled()
    assert OffThreadLog(logging.Logger("request.summary", level=logging.INFO)).enabled()


class CountingStream(io.StringIO):
    flushes = 0

    def flush(self):
        self.flushes += 1
        super().flush()


def test_a_batch_of_summaries_is_flushed_once_and_other_records_at_once(records):
    stream = CountingStream()
    root = logging.Logger("root")
    root.addHandler(StreamHandler(stream))
    logger = logging.Logger("request.summary")
    logger.parent = root  # records propagate to the root's handler, as with fileConfig
    log = OffThreadLog(logger, records=records)
    log._thread = object()  # no writer thread: this test runs the writer's work itself
    for code in (200, 201, 202):
        log.info({"code": code})
    log.write_pending()
    assert (stream.getvalue().count("\n"), stream.flushes) == (3, 1)
    root.warning("not a summary")
    assert stream.flushes == 2 and stream.getvalue().endswith("not a summary\n")


def test_an_item_that_fails_is_reported_and_the_writer_goes_on(caplog):
    stream = io.StringIO()
    logger = logging.Logger("request.summary")
    logger.addHandler(StreamHandler(stream))
    logger.handlers[0].setFormatter(logging.Formatter("%(code)s"))
    log = OffThreadLog(logger)
    log.info({"message": "a field LogRecord refuses to take"})
    log.info({"code": 200})
    assert log.flush()
    assert stream.getvalue() == "200\n"
    assert "request.summary writer: an item failed" in caplog.text and "KeyError" in caplog.text


def test_after_a_fork_the_child_starts_its_own_writer(records):
    stream = io.StringIO()
    logger = logging.Logger("request.summary")
    logger.addHandler(logging.StreamHandler(stream))
    logger.handlers[0].setFormatter(JsonFormatter())
    log = OffThreadLog(logger, records=records)
    log.info({"code": 200})
    assert log.flush()
    parents_writer = log._thread
    log._forget_thread()  # what os.register_at_fork runs in a child, whose threads did not survive
    log.info({"code": 201})
    assert log.flush() and log._thread is not parents_writer
    assert [json.loads(line)["Fields"]["code"] for line in stream.getvalue().splitlines()] == [200, 201]


def test_both_kinds_of_record_format_as_dockerflows_own_formatter_does():
    logger = logging.Logger("request.summary")
    fields = {"code": 200, "rid": "abc", "path": "/time"}
    at = time.time() - 0.04  # answered 40 ms before the writer builds the record
    public, tuned = public_records(logger)(at, fields), prototype_records(logger)(at, fields)
    dockerflows = json.loads(MozlogFormatter(logger_name="timesvc").format(public))
    assert json.loads(JsonFormatter().format(tuned)) == json.loads(JsonFormatter().format(public)) == dockerflows
    fresh = logging.makeLogRecord({})
    logging_started = fresh.created - fresh.relativeCreated / 1000
    for record in (public, tuned):  # dated when the request was answered, not when the record was built
        assert record.created == at and record.msecs == pytest.approx(at % 1 * 1000)
        assert record.relativeCreated == pytest.approx((at - logging_started) * 1000, abs=1)


def test_summary_records_keep_their_fields_as_attributes_for_text_formats(records):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(rid)s %(code)s"))
    logger = logging.Logger("request.summary")
    logger.addHandler(handler)
    log = OffThreadLog(logger, records=records)
    log.info({"code": 200, "rid": "abc"})
    assert log.flush()
    assert stream.getvalue() == "abc 200\n"


def test_a_writer_left_behind_drops_and_counts_what_comes_beyond_its_limit():
    stream = io.StringIO()
    logger = logging.Logger("request.summary")
    logger.addHandler(StreamHandler(stream))
    logger.handlers[0].setFormatter(logging.Formatter("%(code)s"))
    log = OffThreadLog(logger, limit=4)
    log._thread = object()  # no writer thread: it is stuck, as on a stdout nobody reads
    for code in range(6):
        log.info({"code": code})
    assert (len(log._pending), log.dropped) == (4, 2)
    log.write_pending()
    assert stream.getvalue() == "0\n1\n2\n3\n"
    log.info({"code": 6})  # room again
    assert len(log._pending) == 1 and log.dropped == 2
