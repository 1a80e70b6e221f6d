"""Where a real pserve takes T2 and T3 of /time?t1=: at the connection with timesvc.tuned, in the app without."""
import json
import socket

import pytest

from tests.support.pserve import pserve

REQUEST = b"GET /time?t1=1700000000000000000 HTTP/1.1\r\nHost: x\r\n\r\n"


def two_answers_to_one_read(port: int) -> list[dict]:
    """Two requests sent in one write, so that the server reads both at once: their /time bodies."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(REQUEST * 2)
        data = b""
        while data.count(b'"transmit_ns"') < 2:
            chunk = sock.recv(65536)
            assert chunk, "the server closed the connection"
            data += chunk
    return [json.loads(part.partition(b"\r\n\r\n")[2]) for part in data.split(b"HTTP/1.1 ")[1:]]


@pytest.mark.parametrize("tuned", ["true", "false"])
def test_t2_is_when_the_bytes_were_read_with_tuned_and_when_the_app_got_the_request_without(tuned):
    with pserve("production.ini", env={"TIMESVC_TUNED": tuned}) as (port, _):
        first, second = two_answers_to_one_read(port)
    assert first["received_ns"] <= first["transmit_ns"] and second["received_ns"] <= second["transmit_ns"]
    if tuned == "true":  # one read: one arrival, before the first answer left
        assert second["received_ns"] == first["received_ns"]
    else:  # the second request reaches the app after the first answer was written
        assert second["received_ns"] > first["transmit_ns"]
