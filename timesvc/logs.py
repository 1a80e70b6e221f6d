"""Logging pieces the ini files name: a handler that formats and writes off the request thread,
and dockerflow's mozlog JSON formatter under timesvc's name."""
import logging
import queue
from logging.handlers import QueueHandler, QueueListener

from dockerflow.logging import MozlogFormatter


class JsonFormatter(MozlogFormatter):
    """Mozlog JSON with `Logger: timesvc` (fileConfig cannot pass the name itself)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, logger_name="timesvc", **kwargs)


class BackgroundStreamHandler(QueueHandler):
    """A StreamHandler whose formatting and writing happen in a listener thread.

    The request thread only queues the record: formatting JSON and the write() cost more than the
    whole per-request budget (docs/operations.md).
    """

    def __init__(self, stream=None):
        super().__init__(queue.SimpleQueue())
        self.target = logging.StreamHandler(stream)
        self.listener = QueueListener(self.queue, self.target)
        self.listener.start()

    def setFormatter(self, fmt):
        self.target.setFormatter(fmt)

    def close(self):
        """Drain the queue: logging.shutdown() calls this at exit, so the last records are written."""
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        self.target.close()
        super().close()

    def prepare(self, record):
        # The stock prepare formats the record here, on the request thread, for queues that cross
        # processes; this queue stays in the process, so the listener formats it.
        return record
