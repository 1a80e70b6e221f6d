"""Logging pieces: dockerflow's mozlog JSON formatter under timesvc's name, and the off-thread
writer that keeps building and formatting request.summary records off the request thread."""
import atexit
import logging
import os
import threading
import time
from collections import deque

import orjson
from dockerflow.logging import MozlogFormatter

_logger = logging.getLogger(__name__)


class JsonFormatter(MozlogFormatter):
    """Mozlog JSON with `Logger: timesvc` (fileConfig cannot pass the name itself), through orjson."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, logger_name="timesvc", **kwargs)

    def format(self, record):
        fields = getattr(record, "summary_fields", None)
        if fields is not None:
            # An OffThreadLog record: its fields are known, so skip convert_record's sift through
            # every LogRecord attribute (the larger part of a summary's cost); same output.
            return orjson.dumps(
                {
                    "Timestamp": int(record.created * 1e9),
                    "Type": record.name,
                    "Logger": self.logger_name,
                    "Hostname": self.hostname,
                    "EnvVersion": self.LOGGING_FORMAT_VERSION,
                    "Severity": self.SYSLOG_LEVEL_MAP.get(record.levelno, self.DEFAULT_SYSLOG_LEVEL),
                    "Pid": record.process,
                    "Fields": fields,
                },
                default=repr,
            ).decode()
        return orjson.dumps(self.convert_record(record), default=repr).decode()


class StreamHandler(logging.StreamHandler):
    """logging.StreamHandler, leaving OffThreadLog's records in the stream's buffer.

    OffThreadLog flushes its handlers once per batch: one write for a batch of request summaries
    instead of one per request (each write is a system call that also hands the GIL over). Every
    other record is flushed at once, as StreamHandler does.
    """

    def emit(self, record):
        if getattr(record, "summary_fields", None) is None:
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


class OffThreadLog:
    """INFO records for one logger, built and handled in batches by a background thread.

    The caller only appends a dict to a deque (no lock, no thread wake-up): building a LogRecord
    and formatting it cost more than the whole per-request budget (docs/operations.md). The
    logger's level, handlers and formatters are still the ones the ini configures. Records are
    written within `interval` seconds.
    """

    def __init__(self, logger: logging.Logger, interval: float = 0.05):
        self.logger, self.interval = logger, interval
        self.enabled = lambda: logger.isEnabledFor(logging.INFO)
        self._pending = deque()
        self._thread = None
        self._start_lock = threading.Lock()
        # A forked child (a pre-forking server) has no writer thread: it starts its own.
        os.register_at_fork(after_in_child=self._forget_thread)

    def _forget_thread(self):
        self._thread, self._pending = None, deque()

    def info(self, fields: dict):
        if self._thread is None:
            self._start()
        self._pending.append((time.time(), fields))

    def defer(self, function, args: tuple):
        """Call function(*args) on the background thread, in order with the records.

        For per-request bookkeeping that need not hold up the answer (request metrics): done in a
        batch, it costs less than done on each request's thread.
        """
        if self._thread is None:
            self._start()
        self._pending.append((function, args))

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
        """Build and handle every queued record, make every deferred call (the thread's work)."""
        pending, logger = self._pending, self.logger
        # LogRecord.__init__ works out thread, process and source file each time: a third of the
        # cost of a record. Every summary shares those, so each record copies one prototype's.
        prototype = logger.makeRecord(logger.name, logging.INFO, "", 0, "", (), None).__dict__
        while pending:
            item = pending.popleft()
            if isinstance(item, threading.Event):
                self._flush_handlers()
                item.set()
                continue
            first, second = item
            try:
                if first.__class__ is not float:
                    first(*second)  # a deferred call
                    continue
                record = logging.LogRecord.__new__(logging.LogRecord)
                record.__dict__ = {**prototype, **second, "summary_fields": second, "created": first, "msecs": first % 1 * 1000}
                logger.handle(record)
            except Exception:  # reported, and the writer goes on: it must outlive any one item
                _logger.exception("%s writer: an item failed", logger.name)
        self._flush_handlers()

    def _flush_handlers(self):
        for handler in _handlers(self.logger):
            handler.flush()
