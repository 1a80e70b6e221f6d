"""The waitress internals that timesvc.serving's defences and its proxy note rely on, each pinned in-process.

A waitress upgrade that changes one of them fails here by name, before the behaviour it carries
(tests/serving/test_framing.py on a real pserve) can quietly go. The channels below are waitress's
own, served by a real waitress server object on a socketpair, one task at a time on this thread.
"""
import io
import socket
import time

import pytest
import waitress
from waitress.adjustments import Adjustments
from waitress.buffers import OverflowableBuffer
from waitress.parser import HTTPRequestParser
from waitress.receiver import ChunkedReceiver

from timesvc.serving.defences import DefendedChannel
from timesvc.serving.framing import StrictRequestParser
from timesvc.serving.proxies import NOTED, UNTRUSTED_PROXY_HEADERS, trusted
from timesvc.tuned import channel_class
from timesvc.web.received import KEY as RECEIVED
from timesvc.web.received import TRANSMIT

LF_REQUEST = b"GET /time?tz=UTC HTTP/1.1\nHost: x\nContent-Length: 4\n\nbody"


def parsed(data: bytes, parser_class=StrictRequestParser, step: int = 1, **adjustments):
    """A parser fed `data` `step` bytes at a time (1: as a slow client sends it); (parser, bytes it took)."""
    parser, taken = parser_class(Adjustments(**adjustments)), 0
    while taken < len(data) and not parser.completed:
        taken += parser.received(data[taken : taken + step])
    return parser, taken


# --- timesvc.serving.framing: HTTPRequestParser ---


def test_waitress_keeps_an_unfinished_header_in_header_plus_and_ends_it_only_at_crlf_crlf():
    parser = HTTPRequestParser(Adjustments())
    assert parser.received(b"GET / HTTP/1.1\nHost: x\n\n") == 24
    assert (parser.completed, parser.header_plus) == (False, b"GET / HTTP/1.1\nHost: x\n\n")


def test_waitress_parses_the_header_block_then_sets_version_chunked_and_body_rcv():
    parser = HTTPRequestParser(Adjustments())
    parser.received(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    assert (parser.version, parser.chunked, type(parser.body_rcv)) == ("1.1", True, ChunkedReceiver)


def test_a_parsing_error_from_parse_header_is_a_400_and_transfer_encoding_not_implemented_a_501():
    both, _ = parsed(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
    gzip, _ = parsed(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
    assert (both.completed, both.error.code, gzip.completed, gzip.error.code) == (True, 400, True, 501)


def test_a_bare_lf_header_is_parsed_as_waitress_parses_crlf_and_its_body_framed_after_it():
    parser, taken = parsed(LF_REQUEST + b"GET /next HTTP/1.1\n\n")
    assert (parser.completed, parser.error, taken) == (True, None, len(LF_REQUEST))
    assert (parser.path, parser.query, parser.headers["HOST"]) == ("/time", "tz=UTC", "x")
    assert parser.get_body_stream().read() == b"body"


def test_blank_lines_before_a_bare_lf_request_make_an_empty_request_first():
    parser, taken = parsed(b"\n\nGET / HTTP/1.1\nHost: x\n\n")
    assert (parser.completed, parser.empty, taken) == (True, True, 2)


@pytest.mark.parametrize("line_end", [b"\r\n", b"\n"], ids=["crlf", "lf"])
@pytest.mark.parametrize("step", [1, 1000], ids=["byte-by-byte", "at-once"])
def test_waitress_refuses_an_oversize_header_through_a_http_1_0_parse_header(line_end, step):
    # Its 431 calls parse_header(b"GET / HTTP/1.0\r\n"): the framing rules must let that through.
    parser, _ = parsed(b"GET / HTTP/1.1" + line_end + b"X: " + b"a" * 100 + line_end * 2, step=step, max_request_header_size=64)
    assert (parser.completed, parser.error.code) == (True, 431)


@pytest.mark.parametrize("limit", [8192, 64], ids=["within-max-header", "over-max-header"])
def test_a_header_mixing_line_ends_is_refused_with_waitress_stand_in_request_line(limit):
    parser, _ = parsed(b"GET / HTTP/1.1\r\nX: " + b"a" * 100 + b"\n\n", step=1000, max_request_header_size=limit)
    assert (parser.completed, parser.error.code, parser.version, parser.path) == (True, 400, "1.0", "/")


# --- timesvc.serving.framing: ChunkedReceiver ---


@pytest.mark.parametrize(
    ("body", "attribute", "kept"),
    [(b"5", "control_line", b"5"), (b"5\r\nhello\r", "chunk_end", b"\r"), (b"0\r\nX: y\r\n", "trailer", b"X: y\r\n")],
)
def test_waitress_keeps_an_unfinished_chunk_line_where_the_bare_lf_check_looks(body, attribute, kept):
    receiver = ChunkedReceiver(OverflowableBuffer(1 << 20))
    receiver.received(body)
    assert (receiver.completed, receiver.error, getattr(receiver, attribute)) == (False, None, kept)


@pytest.mark.parametrize("body", [b"5\nhel", b"5\r\nhello\n", b"0\r\nX: y\n", b"0\n\r\n"])
@pytest.mark.parametrize("step", [1, 1000], ids=["byte-by-byte", "at-once"])
def test_a_bare_lf_in_chunk_framing_is_refused_before_the_body_ends(body, step):
    parser, _ = parsed(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body, step=step)
    assert (parser.completed, parser.error.code) == (True, 400)



# --- timesvc.serving.answers: Task, ErrorTask, HTTPChannel ---


class Dispatcher:
    """In place of waitress's thread pool: the test runs each task itself."""

    def add_task(self, channel):
        pass

    def shutdown(self, timeout=0):
        pass


class Channel(DefendedChannel):
    """The server's channel, counting its send() calls."""

    sends = 0

    def send(self, data, do_close=True):
        self.sends += 1
        return super().send(data, do_close)


@pytest.fixture
def serve():
    """serve(app, request, peer, **adjustments) -> (bytes the client got, send() calls): one request through
    a real waitress channel, from `peer`."""
    opened = []

    def run(app, data: bytes, peer: str = "127.0.0.1", channel_class=Channel, **adjustments):
        server = waitress.create_server(app, listen="127.0.0.1:0", _dispatcher=Dispatcher(), ident="test", **adjustments)
        ours, theirs = socket.socketpair()
        opened.extend([server, ours, theirs])
        channel = channel_class(server, ours, (peer, 1), server.adj, map={})
        channel.received(data)
        while channel.requests:
            channel.service()
        theirs.settimeout(5)
        got = b""
        while not _whole(got):
            got += theirs.recv(65536)
        return got, channel.sends

    yield run
    for thing in opened:
        thing.close()


def _whole(got: bytes) -> bool:
    head, end, body = got.partition(b"\r\n\r\n")
    if not end:
        return False
    if b"Transfer-Encoding: chunked" in head:
        return body.endswith(b"0\r\n\r\n")
    length = next((int(line[15:]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
    return len(body) >= length


def answering(status: str, chunks: list[bytes], length: bool = True):
    def app(environ, start_response):
        headers = [("Content-Type", "text/plain")] + ([("Content-Length", str(sum(map(len, chunks))))] if length else [])
        start_response(status, headers)
        return chunks

    return app


GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"


def test_an_answer_from_the_app_leaves_in_one_send(serve):
    got, sends = serve(answering("200 OK", [b"hello"]), GET)
    assert (got.startswith(b"HTTP/1.1 200 OK\r\n"), got.endswith(b"\r\n\r\nhello"), sends) == (True, True, 1)


def test_an_answer_without_a_body_is_sent_when_its_task_finishes(serve):
    got, sends = serve(answering("204 No Content", []), GET)
    assert (got.startswith(b"HTTP/1.1 204 No Content\r\n"), sends) == (True, 1)


def test_the_body_after_the_first_piece_follows_in_order(serve):
    got, _ = serve(answering("200 OK", [b"one,", b"two,", b"three"]), GET)
    assert got.endswith(b"\r\n\r\none,two,three")


def test_a_chunked_answer_is_framed_after_its_header(serve):
    got, _ = serve(answering("200 OK", [b"one,", b"two"], length=False), GET)
    assert got.endswith(b"Transfer-Encoding: chunked\r\n\r\n4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n")


def test_a_file_answer_follows_its_header(serve):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "4")])
        return environ["wsgi.file_wrapper"](io.BytesIO(b"file"))

    got, _ = serve(app, GET)
    assert got.startswith(b"HTTP/1.1 200 OK\r\n") and got.endswith(b"\r\n\r\nfile")


def test_waitress_refusal_is_built_by_error_task_class_in_one_send_and_bounded(serve):
    got, sends = serve(answering("200 OK", [b"never"]), b"g" * 150 + b" / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert (got.startswith(b"HTTP/1.0 400 Bad Request\r\n"), b"g" * 101 in got, sends) == (True, False, 1)


def test_an_app_failing_before_its_header_is_a_500_from_error_task_class(serve):
    def app(environ, start_response):
        raise RuntimeError("boom")

    got, sends = serve(app, GET)
    assert (got.startswith(b"HTTP/1.1 500 Internal Server Error\r\n"), b"boom" in got, sends) == (True, False, 1)


# --- timesvc.serving.proxies: WSGITask.get_environment, the proxy middleware's trust rule ---


def environ_seen(serve, headers: bytes, peer: str = "127.0.0.1", **adjustments) -> dict:
    """The environ the app got for one GET carrying `headers` (CRLF-ended lines) from `peer`."""
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return answering("200 OK", [b"ok"])(environ, start_response)

    serve(app, b"GET / HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n", peer, **adjustments)
    return seen


def test_waitress_drops_an_untrusted_peers_proxy_headers_after_the_task_built_the_environ_that_notes_them(serve):
    sent = b"".join(f"{name}: 81.2.69.160\r\n".encode() for name in NOTED)
    environ = environ_seen(serve, sent)
    assert environ[UNTRUSTED_PROXY_HEADERS] == NOTED
    # waitress's middleware ran on that same dict, after the note: only X-Real-IP, which it ignores, is left.
    assert [key for key in environ if key.startswith("HTTP_") and key != "HTTP_HOST"] == ["HTTP_X_REAL_IP"]
    assert environ["REMOTE_ADDR"] == "127.0.0.1"


def test_a_request_without_proxy_headers_gets_no_note(serve):
    assert UNTRUSTED_PROXY_HEADERS not in environ_seen(serve, b"X-Other: 81.2.69.160\r\n")


def test_every_header_waitress_drops_is_noted():
    from waitress.proxy_headers import PROXY_HEADERS

    assert {name.upper().replace("-", "_") for name in NOTED} >= PROXY_HEADERS


@pytest.mark.parametrize(
    "trusted_proxy, peer",
    [(None, "127.0.0.1"), ("127.0.0.1", "127.0.0.1"), ("127.0.0.1", "127.0.0.9"), ("*", "10.0.0.5"), ("::1", "::1"), ("::1", "127.0.0.1")],
)
def test_the_peers_waitress_believes_are_those_trusted_says_and_only_the_others_are_noted(serve, trusted_proxy, peer):
    proxy = {} if trusted_proxy is None else {"trusted_proxy": trusted_proxy, "trusted_proxy_headers": "x-forwarded-for"}
    environ = environ_seen(serve, b"X-Forwarded-For: 81.2.69.160\r\n", peer, **proxy)
    believed = environ["REMOTE_ADDR"] == "81.2.69.160"
    assert believed == trusted(trusted_proxy, peer)
    assert (UNTRUSTED_PROXY_HEADERS in environ) == (not believed)


# --- timesvc.tuned.stamps: HTTPChannel.received, WSGITask.get_environment and write ---


def test_waitress_appends_every_request_a_read_completes_before_received_returns_and_each_is_stamped_with_that_read(serve):
    server = waitress.create_server(answering("200 OK", [b"ok"]), listen="127.0.0.1:0", _dispatcher=Dispatcher(), ident="test")
    ours, theirs = socket.socketpair()
    try:
        channel = channel_class(True, Channel)(server, ours, ("127.0.0.1", 1), server.adj, map={})
        before = time.time_ns()
        channel.received(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\n")
        after = time.time_ns()
        assert [request.path for request in channel.requests] == ["/a", "/b"] and not channel.request.completed
        assert channel.requests[0].received_ns == channel.requests[1].received_ns and before <= channel.requests[0].received_ns <= after
        assert not hasattr(channel.request, "received_ns")  # unfinished: stamped by the read that completes it
    finally:
        for thing in (server, ours, theirs):
            thing.close()


def test_the_task_gives_the_app_t2_and_writes_its_clock_over_the_noted_digits_of_t3_once(serve):
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        environ[TRANSMIT] = (b"1111111111111111111", lambda: 2222222222222222222)
        return answering("200 OK", [b'{"transmit_ns":1111111111111111111,', b'"again":1111111111111111111}'])(environ, start_response)

    got, _ = serve(app, b"GET /time?t1=1 HTTP/1.1\r\nHost: x\r\n\r\n", channel_class=channel_class(True, Channel))
    assert got.endswith(b'{"transmit_ns":2222222222222222222,"again":1111111111111111111}')
    assert isinstance(seen[RECEIVED], int)


# --- timesvc.serving.defences: the send buffer; HTTPChannel sending at most SO_SNDBUF at a time ---


def test_a_send_buffer_fixes_the_connections_kernel_buffer_which_waitress_reads_as_its_largest_send():
    server = waitress.create_server(answering("200 OK", [b"ok"]), listen="127.0.0.1:0", _dispatcher=Dispatcher(), ident="test")
    ours, theirs = socket.socketpair()
    try:
        channel = type("Buffered", (Channel,), {"send_buffer": 65536})(server, ours, ("127.0.0.1", 1), server.adj, map={})
        assert ours.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) == channel.sendbuf_len == 2 * 65536  # Linux doubles it
    finally:
        for thing in (server, ours, theirs):
            thing.close()
