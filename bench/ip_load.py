"""A bounded load on loopback: each path requested once, over a few keep-alive connections."""
import http.client
import threading
from collections import Counter


def _client(port: int, paths: list[str], statuses: Counter, lock: threading.Lock):
    counted = Counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for path in paths:
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            counted[response.status] += 1
        except (OSError, http.client.HTTPException):
            counted["connection error"] += 1
            connection.close()  # the next request opens a new connection
    connection.close()
    with lock:
        statuses.update(counted)


def load(port: int, paths: list[str], connections: int = 4) -> Counter:
    """Request every path once, spread over `connections` threads; returns the count of each status."""
    statuses, lock = Counter(), threading.Lock()
    threads = [threading.Thread(target=_client, args=(port, paths[i::connections], statuses, lock)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
