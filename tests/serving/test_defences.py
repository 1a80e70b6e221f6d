"""The defences of timesvc.serving.defences, on a real pserve, with and without timesvc.tuned."""
import socket

import pytest

from tests.support.processes import serving


@pytest.mark.parametrize("tuned", [True, False], ids=["tuned", "public"])
def test_a_client_trickling_its_headers_is_dropped_after_channel_timeout(tmp_path, tuned):
    instance = serving(tmp_path, tuned, channel_timeout=1, cleanup_interval=1)
    try:
        with socket.create_connection(("127.0.0.1", instance.port), timeout=0.25) as sock:
            sent = 0
            for byte in b"GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
                try:
                    sock.sendall(bytes([byte]))
                    sent += 1
                    if sock.recv(1) == b"":
                        break
                except TimeoutError:
                    continue  # still open: one byte every 0.25 s keeps it busy but never done
                except OSError:
                    break
    finally:
        instance.stop()
    # Each byte reset waitress's own inactivity timer; the request's deadline counts from its first.
    assert sent < 60
