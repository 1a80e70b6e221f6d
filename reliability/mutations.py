"""Mutated HTTP/1.1 requests, as bytes, from a seeded random generator: the framing scenario's input.

Each case starts from a valid request to one of the service's routes and mutates its parts (method,
target, version, header fields, body, chunked framing, line ends), then perhaps its bytes (flipped,
inserted, deleted, cut short), then perhaps pipelines it with others. Where a mutation puts a line
break into the request (raw, or percent-encoded), the next characters are MARKER: an answer holding
a CR or LF right before MARKER reflected the client's line break.
"""
import random

MARKER = b"Injected-Zq"
ROUTES = [
    b"/time", b"/time?tz=Europe/Paris", b"/time?tz=UTC&lat=48.8&lon=2.3", b"/timezones", b"/timezones/Europe/Paris",
    b"/timezones/UTC?count=2", b"/convert?time=0&to=Asia/Tokyo", b"/api/timezone", b"/api/timezone/Europe/Paris",
    b"/api/timezone/Europe/Paris.txt", b"/api/ip", b"/api/ip.txt", b"/api/ip/8.8.8.8", b"/__lbheartbeat__",
    b"/__heartbeat__", b"/__version__", b"/metrics", b"/openapi.json", b"/nowhere",
]
METHODS = [b"GET", b"GET", b"GET", b"HEAD", b"OPTIONS", b"POST", b"PUT", b"DELETE", b"TRACE", b"CONNECT", b"get", b"GeT",
           b"M-SEARCH", b"!#$%&'*+-.^_`|~", b"G" * 150, b"", b"GET\x00", b"G\xc3\x89T", b"GET /"]
VERSIONS = [b"HTTP/1.1"] * 6 + [b"HTTP/1.0", b"HTTP/2.0", b"HTTP/1.2", b"HTTP/0.9", b"", b"http/1.1", b"HTTP/1.1 x", b"HTTP/11"]
HOSTS = [b"127.0.0.1", b"localhost:6543", b"[::1]:80", b"", b"a b", b"a/b", b"a:b:c", b"user@a", b"[::1", b"x" * 150,
         b"\xff", b"a\x00b", b"a,b"]
BYTES = [b"\x00", b"\t", b"\x0b", b"\x0c", b"\x1b", b"\x7f", b"\x80", b"\xff", b"\xc3\xa9", b" ", b"\r", b"\n", b"%", b"#", b"?"]
LONG = [b"a" * 150, b"%41" * 60, b"\xe2\x82\xac" * 60, b"b" * 5000, b"c" * 9000]
CONTENT_LENGTHS = [b"-1", b"+5", b"5, 5", b"0x10", b"99999999999999999999", b"", b" 3 ", b"1e3"]
CODINGS = [b"chunked", b"chunked", b"gzip", b"chunked, chunked", b"Chunked", b"identity", b"", b"gzip, chunked", b" chunked\t"]
FIELDS = [b"Accept: application/json", b"Accept: text/plain;q=0", b"Accept: */*", b"User-Agent: fuzz/1.0",
          b"Connection: keep-alive", b"Connection: Upgrade\r\nUpgrade: h2c", b"Expect: 100-continue",
          b"Origin: http://example.com", b"Access-Control-Request-Method: GET", b"If-None-Match: *", b"Range: bytes=0-1",
          b"Accept-Encoding: gzip", b"Access-Control-Request-Headers: " + b"x-a," * 40, b"X-Forwarded-For: 1.2.3.4"]
BAD_FIELDS = [b"X Y: z", b"Host : x", b"X_Y: 1", b"X@Y: 1", b": v", b"JustText", b"X-\xff: 1", b"X-Fold: a\r\n b",
              b" Leading: space", b"X-Nul: a\x00b", b"X-Del: \x7f", b"X-High: \xe9\xff", b"X-Long: " + b"v" * 150,
              b"X-Long-" + b"n" * 150 + b": 1", b"X-Huge: " + b"h" * 9000, b"X-CR: a\r" + MARKER + b": 1",
              b"X-LF: a\n" + MARKER + b": 1"]


class Request:
    """One request's parts, mutated in place, then written as bytes."""

    def __init__(self, rng: random.Random):
        self.method = rng.choice(METHODS[:3])
        self.target = rng.choice(ROUTES)
        self.version = b"HTTP/1.1"
        self.fields = [b"Host: 127.0.0.1"] + rng.sample(FIELDS[:4], rng.randint(0, 2))
        self.close = rng.random() < 0.8
        self.body = b""
        self.length = None  # None: Content-Length from the body when there is one

    def bytes(self, line_end: bytes = b"\r\n") -> bytes:
        fields = list(self.fields)
        if self.close:
            fields.append(b"Connection: close")
        if self.length is not None:
            fields.append(b"Content-Length: " + self.length)
        elif self.body and not any(f.lower().startswith(b"transfer-encoding") for f in fields):
            fields.append(b"Content-Length: %d" % len(self.body))
        head = [self.method + b" " + self.target + (b" " + self.version if self.version else b"")] + fields
        return line_end.join(head).replace(b"\r\n", line_end) + line_end + line_end + self.body


def _insert(rng: random.Random, data: bytes, piece: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + piece + data[at:]


def _chunked(rng: random.Random) -> bytes:
    body = rng.choice([b"hello", b"", b"x" * 700, bytes(rng.randrange(256) for _ in range(20))])
    framed = (b"%x\r\n" % len(body) + body + b"\r\n" if body else b"") + b"0\r\n\r\n"
    return rng.choice([
        framed, framed, b"zz\r\nxx\r\n0\r\n\r\n", b"5;ext=1\r\nhello\r\n0\r\n\r\n", b"5;\xff\r\nhello\r\n0\r\n\r\n",
        framed.replace(b"\r\n", b"\n"), framed[:-2], b"ffffffff\r\n" + body, b"5\r\nhello\r\n0\r\nTrailer: x\r\n\r\n",
        b"5\r\nhelloXX0\r\n\r\n", b"-5\r\nhello\r\n0\r\n\r\n", b" 5\r\nhello\r\n0\r\n\r\n",
    ])


def _mutate_parts(rng: random.Random, request: Request):
    kind = rng.randrange(12)
    if kind == 0:
        request.method = rng.choice(METHODS)
    elif kind == 1:
        request.target = _insert(rng, request.target, rng.choice(BYTES + LONG))
    elif kind == 2:
        request.target = rng.choice([b"*", b"http://127.0.0.1/time", b"//time", b"?", b"/time#frag", b"", b"/time?tz=" + b"P" * 150,
                                     b"/api/timezone/X%0D%0A" + MARKER + b":%200.txt", b"/time?tz=UTC%0D%0A" + MARKER + b":%201",
                                     b"/timezones/" + b"Z" * 150, b"/time?count=" + b"9" * 150, b"/api/ip/::1%25" + b"e" * 150])
    elif kind == 3:
        request.version = rng.choice(VERSIONS)
    elif kind == 4:
        request.fields = [field for field in request.fields if not field.startswith(b"Host:")]
    elif kind == 5:
        request.fields = [b"Host: " + rng.choice(HOSTS)] + [field for field in request.fields if not field.startswith(b"Host:")]
        if rng.random() < 0.3:
            request.fields.append(b"Host: " + rng.choice(HOSTS))
    elif kind == 6:
        request.fields.insert(rng.randint(0, len(request.fields)), rng.choice(BAD_FIELDS))
    elif kind == 7:
        request.fields.append(rng.choice(FIELDS))
    elif kind == 8:
        request.method = rng.choice([b"POST", b"GET", b"PUT"])
        request.body = rng.choice([b"{}", b'{"tz": "UTC"}', b"a=1&b=2", bytes(rng.randrange(256) for _ in range(rng.randint(1, 2000)))])
        if rng.random() < 0.5:
            request.length = rng.choice(CONTENT_LENGTHS + [b"%d" % (len(request.body) + rng.randint(-3, 3))])
    elif kind in (9, 10):
        request.method = rng.choice([b"POST", b"GET"])
        request.fields.append(b"Transfer-Encoding: " + rng.choice(CODINGS))
        request.body = _chunked(rng)
        if rng.random() < 0.3:
            request.length = b"%d" % len(request.body)  # both: the smuggling shape
    else:
        request.fields.extend(b"X-Many-%d: %d" % (i, i) for i in range(rng.choice([20, 100, 400])))


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    kind = rng.randrange(5)
    if kind == 0:
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]
    if kind == 1:
        return data[:at] + rng.choice(BYTES) + data[at:]
    if kind == 2:
        return data[:at] + data[at + 1 :]
    if kind == 3:
        return data[:at]  # cut short: the server may wait for the rest
    end = min(len(data), at + rng.randint(1, 40))
    return data[:end] + data[at:end] + data[end:]


def one_request(rng: random.Random) -> bytes:
    request = Request(rng)
    for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
        _mutate_parts(rng, request)
    roll = rng.random()
    if roll < 0.15:
        data = request.bytes(b"\n")
    elif roll < 0.2:
        data = request.bytes()
        data = data.replace(b"\r\n", rng.choice([b"\n", b"\r", b"\r\r\n"]), rng.randint(1, 3))
    else:
        data = request.bytes()
    if rng.random() < 0.2:
        data = _mutate_bytes(rng, data)
    return data


def case(rng: random.Random) -> tuple[bytes, int]:
    """One connection's bytes, and how many requests were written into them (pipelined, perhaps)."""
    count = rng.randint(2, 3) if rng.random() < 0.15 else 1
    return b"".join(one_request(rng) for _ in range(count)), count
