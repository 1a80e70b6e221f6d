"""Pipelined requests cost what their client takes: no worker thread waits for a client, and few requests
wait parsed.

Threads. waitress serves a connection's pipelined requests one task at a time, and before each next one,
on the worker thread, waits until the answers it could not send yet fall under `outbuf_high_watermark`
(16 MiB by default). A client pipelining requests for large answers and never reading so held a thread
for as long as its connection lived: four such connections took production.ini's three threads, and
/__lbheartbeat__ timed out until they closed. Here a connection's next request waits until the answers
before it have all been handed to the kernel, without a thread: its task ends, and the loop's thread
queues it again once the client has read enough for the rest to be sent. A connection so holds at most
one answer that its client has not read, beyond what the kernel's socket buffers take.

Memory. waitress parses every request of what one read brings (`recv_bytes`, 8 KiB): about 290 of the
shortest, 0.7 KB each once parsed, 210 KB a connection, which a client that does not read keeps there;
900 such connections added 60 MiB. Here at most MAX_PARSED requests wait parsed; the bytes after them
wait as they came, at most one read's worth, and are parsed as the requests before them are served.
Every request is still answered, in order (docs/reliability.md, "Exhaustion").

Relies on waitress (tests/serving/test_backpressure.py fails by name without each): HTTPChannel.service() serves
`requests[0]`, then queues the channel again while requests remain, and pulls the trigger; handle_write()
runs on the loop's thread and flushes `outbufs`, counted in `total_outbufs_len`, under `outbuf_lock`;
writable() is true while anything is unsent; received() makes each request with `parser_class(adj)`,
keeps an incomplete one in `request`, queues complete ones in `requests` and the channel itself with
`server.add_task` when the queue was empty; readable() gates every read.
"""
from waitress.channel import HTTPChannel

MAX_PARSED = 8  # requests of a connection waiting parsed for their turn


class _Unparsed:
    """Stands in for the requests after MAX_PARSED: their bytes wait on the channel as they came."""

    completed = empty = expect_continue = headers_finished = False
    error = None

    def __init__(self, channel):
        self.channel = channel

    def received(self, data: bytes) -> int:
        self.channel._unparsed += data
        return len(data)

    def close(self):
        pass


class BackpressureChannel(HTTPChannel):
    """A connection that parses and serves pipelined requests only as fast as its client reads the answers."""

    _waiting_for_reader = False
    _unparsed = b""
    _parsing_again = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parser = self.parser_class

        def parse(adj):
            return _Unparsed(self) if self._unparsed or len(self.requests) >= MAX_PARSED else parser(adj)

        self.parser_class = parse

    def idle(self) -> bool:
        """Nothing to answer and nothing unsent: no request parsed, none waiting unparsed, no answer held."""
        return not (self.requests or self._unparsed or self._parsing_again or self.total_outbufs_len)

    def readable(self):
        # Bytes that wait unparsed come before anything read now.
        return not (self._unparsed or self._parsing_again) and super().readable()

    def service(self):
        with self.outbuf_lock:
            if self.connected and self.total_outbufs_len:
                self._waiting_for_reader = True
                self.server.pull_trigger()  # the loop then watches for the client reading
                return
        super().service()
        if self._unparsed and not self.requests and self.connected:
            self._parse_again()

    def _parse_again(self):
        unparsed, self._unparsed = self._unparsed, b""
        self._parsing_again, self.request = True, None
        try:
            self.received(unparsed)  # queues this channel again when it makes a request
        finally:
            self._parsing_again = False
        self.server.pull_trigger()  # the loop asks readable() again

    def handle_write(self):
        super().handle_write()
        if self._waiting_for_reader:
            # Blocking is safe: no worker serves this connection while it waits, so none holds its lock long.
            with self.outbuf_lock:
                if self._waiting_for_reader and not self.total_outbufs_len:
                    self._waiting_for_reader = False
                    self.server.add_task(self)
