"""What the README's MicroPython example uses of the board's `requests`, over the standard library (tests/docs/)."""
import json
import urllib.request


class Response:
    def __init__(self, content: bytes):
        self.content = content

    def json(self):
        return json.loads(self.content)


def get(url: str, timeout: float = 10.0) -> Response:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return Response(answer.read())
