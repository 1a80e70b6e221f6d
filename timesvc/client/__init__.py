"""A small synchronous client for a timesvc server: one persistent HTTP connection, typed results.

    with Client("http://localhost:6543") as client:
        client.now("Europe/Paris").datetime
        client.convert("2026-03-29T02:30", to="UTC", from_="Europe/Paris", nonexistent="shift_forward")
        client.zones("Europe/").names
        client.sample()  # one NTP-style exchange with /time?t1=...

Every failure (server unreachable, an error answer, a body that is not timesvc's) raises TimesvcError.
"""
import http.client
import json
from dataclasses import dataclass, fields
from urllib.parse import urlencode, urlsplit

from .exchange import IncompleteAnswer, exchange, kernel_timestamps

DEFAULT_URL = "http://localhost:6543"
# t1 is this machine's clock as the request is handed to the socket: these digits stand in for it until then.
_T1 = b"1000000000000000000"


class TimesvcError(Exception):
    """A request to timesvc failed; `status` is the HTTP status when the server answered."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def _build(cls, body: dict):
    try:
        return cls(**{field.name: body[field.name] for field in fields(cls)})
    except (KeyError, TypeError) as exc:
        raise TimesvcError(f"unexpected answer: no field {exc}") from None


@dataclass(frozen=True)
class ZoneTime:
    """An instant as a zone's clocks show it."""

    timezone: str
    datetime: str
    utc_offset: str
    utc_offset_seconds: int
    dst: bool
    abbreviation: str


@dataclass(frozen=True)
class Now:
    """GET /time."""

    unixtime_ns: int
    utc_datetime: str
    zone: ZoneTime
    tzdata_version: str


@dataclass(frozen=True)
class Conversion:
    """GET /convert: `source` is None when the time carried its own offset."""

    source: ZoneTime | None
    target: ZoneTime
    unixtime: int
    utc_datetime: str


@dataclass(frozen=True)
class Zones:
    """GET /timezones."""

    tzdata_version: str
    names: list


@dataclass(frozen=True)
class Sample:
    """One NTP-style exchange: t1 sent, t2 received by the server, t3 sent by it, t4 received (ns)."""

    t1: int
    t2: int
    t3: int
    t4: int
    clock: dict | None  # the server's own clock status, where it reports one

    @property
    def offset_ns(self) -> float:
        """θ = ((t2 − t1) + (t3 − t4)) / 2: how far the server's clock is ahead of this machine's."""
        return ((self.t2 - self.t1) + (self.t3 - self.t4)) / 2

    @property
    def delay_ns(self) -> int:
        """δ = (t4 − t1) − (t3 − t2): the round trip less the server's time; |θ error| ≤ δ / 2."""
        return (self.t4 - self.t1) - (self.t3 - self.t2)


class Client:
    """A timesvc client over one persistent HTTP connection (reopened once if the server closed it)."""

    def __init__(self, url: str = DEFAULT_URL, timeout: float = 5.0):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise TimesvcError(f"not an http(s) URL: {url!r}")
        self.url = url
        self._prefix = parts.path.rstrip("/")
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._connection = kind(parts.hostname, parts.port, timeout=timeout)
        self._host = parts.netloc.rpartition("@")[2]  # the Host header, as http.client sends it
        self._stamped = (None, False)  # (the connection's socket last sampled on, whether the kernel stamps it)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._connection.close()

    def get(self, path: str, **params) -> dict:
        """GET a JSON body; parameters left None are not sent."""
        query = urlencode({name: value for name, value in params.items() if value is not None})
        target = f"{self._prefix}{path}" + (f"?{query}" if query else "")

        def once():
            self._connection.request("GET", target, headers={"Accept": "application/json"})
            response = self._connection.getresponse()
            return response.status, response.read()

        status, raw = self._twice(once)
        return self._decoded(path, status, raw)

    def _twice(self, once):
        """once() on the connection; again on a new one if the server had dropped the kept-alive one."""
        for attempt in (1, 2):
            try:
                return once()
            except (http.client.RemoteDisconnected, IncompleteAnswer, ConnectionResetError, BrokenPipeError) as exc:
                self._connection.close()
                if attempt == 2:
                    raise TimesvcError(f"cannot reach {self.url}: {exc}") from None
            except (OSError, http.client.HTTPException) as exc:
                self._connection.close()
                raise TimesvcError(f"cannot reach {self.url}: {exc or type(exc).__name__}") from None

    def _decoded(self, path: str, status: int, raw: bytes) -> dict:
        try:
            body = json.loads(raw)
        except ValueError:
            raise TimesvcError(f"{self.url}{path} answered {status} with a body that is not JSON", status) from None
        if status >= 400:
            errors = body.get("errors", []) if isinstance(body, dict) else []
            detail = "; ".join(f"{error.get('name')}: {error.get('description')}" for error in errors) or "no detail"
            raise TimesvcError(f"{status} from {path}: {detail}", status)
        return body

    def now(self, tz: str | None = None) -> Now:
        body = self.get("/time", tz=tz)
        return Now(body.get("unixtime_ns"), body.get("utc_datetime"), _build(ZoneTime, body), body.get("tzdata_version"))

    def convert(self, time_: str, to: str | None = None, from_: str | None = None, **policies) -> Conversion:
        """Convert `time_`; `policies` are the ambiguous= / nonexistent= choices."""
        body = self.get("/convert", time=time_, to=to, **{"from": from_}, **policies)
        source = _build(ZoneTime, body["from"]) if body.get("from") else None
        return Conversion(source, _build(ZoneTime, body.get("to") or {}), body.get("unixtime"), body.get("utc_datetime"))

    def zones(self, prefix: str | None = None) -> Zones:
        body = self.get("/timezones", prefix=prefix)
        return Zones(body.get("tzdata_version"), body.get("timezones"))

    def sample(self) -> Sample:
        """One exchange with /time?t1=...: this machine's clock around the server's two readings, read where
        the request's bytes leave and the answer's arrive (timesvc.client.exchange)."""
        request = f"GET {self._prefix}/time?t1={_T1.decode()} HTTP/1.1\r\nHost: {self._host}\r\nAccept: application/json\r\n\r\n".encode()
        def once():
            if self._connection.sock is None:
                self._connection.connect()
            sock = self._connection.sock
            if self._stamped[0] is not sock:  # a new socket, whoever opened it (get() reconnects too)
                self._stamped = (sock, kernel_timestamps(sock))
            # On the connection's own socket, between whole answers: http.client has nothing buffered then.
            return exchange(sock, request, _T1, self._stamped[1])

        t1, t4, status, raw = self._twice(once)
        body = self._decoded("/time", status, raw)
        if body.get("t1") != t1 or not isinstance(body.get("received_ns"), int) or not isinstance(body.get("transmit_ns"), int):
            raise TimesvcError(f"{self.url} does not answer /time?t1= with received_ns and transmit_ns")
        return Sample(t1, body["received_ns"], body["transmit_ns"], t4, body.get("clock"))


@dataclass(frozen=True)
class Offset:
    """This machine's clock offset against the server: the server is `offset_ns` ahead, ± `bound_ns`."""

    offset_ns: float
    bound_ns: float
    kept: int
    samples: int
    clock: dict | None


def estimate_offset(samples: list) -> Offset:
    """Keep the lowest-delay quarter of the samples and intersect their intervals θ ± δ/2.

    Each sample bounds the true offset to [θ − δ/2, θ + δ/2] (whatever the asymmetry of the path),
    so while both clocks run steadily the true offset lies in every interval, hence in their
    intersection: its middle is the estimate and its half-width the bound. Should the intervals not
    meet (a clock stepped during the run), the single lowest-delay sample is used alone.
    """
    if not samples:
        raise ValueError("no samples")
    kept = sorted(samples, key=lambda sample: sample.delay_ns)[: max(1, len(samples) // 4)]
    low = max(sample.offset_ns - sample.delay_ns / 2 for sample in kept)
    high = min(sample.offset_ns + sample.delay_ns / 2 for sample in kept)
    if low > high:
        best = kept[0]
        low, high = best.offset_ns - best.delay_ns / 2, best.offset_ns + best.delay_ns / 2
    return Offset((low + high) / 2, (high - low) / 2, len(kept), len(samples), kept[0].clock)
