"""Logging pieces: dockerflow's mozlog JSON formatter under timesvc's name, a stream handler that
flushes once per batch, and the off-thread writer of request.summary records."""
import atexit
import logging
import os
import threading
import time
from collections import deque

import orjson
from dockerflow.logging import MozlogFormatter

_logger = logging.getLogger(__name__)
# Records (one a request) waiting for the writer thread. A writer stuck on a
# stream nobody reads (a full pipe, a stalled log collector) must not make every request grow memory:
# beyond this, records are dropped and counted. Normally a batch of 50 ms holds a few hundred; each record
# holds at most a request's path, query and agent, which max_request_header_size bounds (8 KiB).
MAX_PENDING = 2048
# Set on an OffThreadLog's thread while it writes a batch: StreamHandler then leaves the flush to it.
_in_batch = threading.local()


class JsonFormatter(MozlogFormatter):
    """Mozlog JSON with `Logger: timesvc` (fileConfig cannot pass the name itself), through orjson."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, logger_name="timesvc", **kwargs)

    def format(self, record):
        # A record may bring a faster formatter of its own, giving the same output (timesvc.tuned's summaries do).
        formatted_by = getattr(record, "formatted_by", None)
        if formatted_by is not None:
            return formatted_by(self, record)
        return orjson.dumps(self.convert_record(record), default=repr).decode()


class StreamHandler(logging.StreamHandler):
    """logging.StreamHandler, leaving OffThreadLog's records in the stream's buffer.

    OffThreadLog flushes its handlers once per batch: one write for a batch of request summaries
    instead of one per request (each write is a system call that also hands the GIL over). Every
    other record is flushed at once, as StreamHandler does.
    """

    def emit(self, record):
        if not getattr(_in_batch, "active", False):
            super().emit(record)
            return
        try:
            self.stream.write(self.format(record) + self.terminator)
        except Exception:  # as logging.StreamHandler: report, never raise into the caller
            self.handleError(record)


def _handlers(logger: logging.Logger):
    """The handlers a record logged on `logger` reaches (logging's own propagation walk)."""
    while logger is not None:
        yield from logger.handlers
        logger = logger.parent if logger.propagate else None


def public_records(logger: logging.Logger):
    """Records through logging's public API, dated when the request was answered, not when written."""

    def build(at: float, fields: dict) -> logging.LogRecord:
        record = logger.makeRecord(logger.name, logging.INFO, "", 0, "", (), None, extra=fields)
        late = record.created - at
        record.created, record.msecs, record.relativeCreated = at, at % 1 * 1000, record.relativeCreated - late * 1000
        return record

    return build


class OffThreadLog:
    """INFO records for one logger, built and handled in batches by a background thread.

    The caller only appends a dict to a deque (no lock, no thread wake-up): building a LogRecord
    and formatting it cost more than the whole per-request budget (docs/operations.md). The
    logger's level, handlers and formatters are still the ones the ini configures. Records are
    written within `interval` seconds. `records(logger)` gives, once per batch, the function that
    builds each record (`public_records`, or timesvc.tuned's).
    """

    def __init__(self, logger: logging.Logger, interval: float = 0.05, records=public_records, limit: int = MAX_PENDING):
        self.logger, self.interval, self.records, self.limit = logger, interval, records, limit
        self.enabled = lambda: logger.isEnabledFor(logging.INFO)
        self._pending = deque()
        self.dropped = 0  # items dropped while `limit` were waiting
        self._drop_lock = threading.Lock()
        self._thread = None
        self._start_lock = threading.Lock()
        # A forked child (a pre-forking server) has no writer thread: it starts its own.
        os.register_at_fork(after_in_child=self._forget_thread)

    def _forget_thread(self):
        self._thread, self._pending = None, deque()

    def info(self, fields: dict):
        if self._thread is None:
            self._start()
        if len(self._pending) >= self.limit:
            return self._drop()
        self._pending.append((time.time(), fields))

    def _drop(self):
        with self._drop_lock:  # only while the writer is behind: request threads count together
            self.dropped += 1

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until what was queued so far has been handled."""
        if self._thread is None:
            return True
        done = threading.Event()
        self._pending.append(done)
        return done.wait(timeout)

    def _start(self):
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"log {self.logger.name}", daemon=True)
                self._thread.start()
                atexit.register(self.flush)  # the last requests' records are written before exit

    def _run(self):
        while True:
            time.sleep(self.interval)
            self.write_pending()

    def write_pending(self):
        """Build and handle every queued record (the thread's work)."""
        pending, logger = self._pending, self.logger
        build = self.records(logger)
        _in_batch.active = True
        try:
            self._write(pending, logger, build)
        finally:
            _in_batch.active = False
        self._flush_handlers()

    def _write(self, pending: deque, logger: logging.Logger, build):
        while pending:
            item = pending.popleft()
            if isinstance(item, threading.Event):
                self._flush_handlers()
                item.set()
                continue
            try:
                logger.handle(build(*item))
            except Exception:  # reported, and the writer goes on: it must outlive any one item
                _logger.exception("%s writer: an item failed", logger.name)

    def _flush_handlers(self):
        for handler in _handlers(self.logger):
            handler.flush()
