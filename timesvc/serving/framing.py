"""HTTP/1.1 request framing as strict as nginx (RFC 9112), on top of waitress's request parser.

waitress 3 answers a request carrying both Content-Length and Transfer-Encoding, so the bytes after
its chunked body become a second request (smuggling behind a front end that frames by
Content-Length); it serves a target holding control characters once urlsplit() has silently
removed them (so the service and a proxy disagree on the path); it serves HTTP/1.1 without Host or
with two; and it never sees the end of a header whose lines end in a bare LF, so that request waits
for channel_timeout. `StrictRequestParser` refuses or accepts each of these at once:

- Content-Length beside Transfer-Encoding: 400 (RFC 9112 §6.1). Transfer-Encoding in HTTP/1.0: 400
  (§6.1: its framing is faulty). Any Transfer-Encoding but one `chunked`: 501 (§6.1, §7).
- A line starting with SP or HTAB inside the header (obsolete line folding): 400 (§5.2).
- A control character (%x00-1F, %x7F) anywhere in the request line: 400 (§3: only SP separates its
  parts, and a target is visible ASCII; percent-encoded, `%00` and `%09` reach the service).
- Host (§3.2, RFC 9110 §7.2): more than one, or one that is not uri-host[:port] (RFC 3986; an empty
  host is no valid "http" authority, RFC 9110 §4.2.1), is a 400; HTTP/1.1 (or later) without it, 400.
- Bare LF: a header whose every line ends in LF is accepted as if it ended in CRLF (RFC 9112 §2.2
  allows it; nginx does it; embedded worldtimeapi clients send it). A header mixing CRLF and bare LF
  is a 400: a front end that splits lines on CRLF alone would read a line `X: a<LF>Content-Length: 5`
  as one field where we would read two, and disagree with us on where the request ends.
  Chunked-body lines must end in CRLF: a bare LF there is a 400 at once (no route takes a body, so
  no client of the service is refused for it), where waitress would wait for a CRLF that never comes
  (or read `0<LF><CR><LF>` as a last chunk whose trailer has not come yet).
Each refusal is waitress's own plain-text error (timesvc.serving.answers bounds what it echoes) and
closes the connection.

What this relies on in waitress (tests/serving/test_waitress_internals.py pins each):
- HTTPRequestParser.received(): in the header phase (`body_rcv` None, not `completed`) it buffers
  in `header_plus` until it finds CRLF CRLF, then calls parse_header() with the header block; a
  ParsingError raised by parse_header() becomes a 400 and TransferEncodingNotImplemented a 501;
  after parse_header() it sets `body_rcv`, `chunked` and `version`. A request refused before its
  header is parsed is given a stand-in `parse_header(b"GET / HTTP/1.0\r\n")` and its `error`, as
  waitress does for a header over max_request_header_size (431).
- ChunkedReceiver keeps an unfinished size line in `control_line`, a chunk's unfinished CRLF in
  `chunk_end` and an unfinished trailer in `trailer`, so that a body fed up to each LF shows each
  bare LF there; a parser with `error` set and `completed` is answered with that error.
"""
import ipaddress
import re

from waitress.parser import HTTPRequestParser, ParsingError, TransferEncodingNotImplemented
from waitress.utilities import BadRequest

from ..domain.errors import echo

# The end of a header: an empty line, after CRLF or bare-LF line ends.
_HEADER_END = re.compile(rb"\n\r?\n")
_LINE_END = re.compile(rb"\r?\n")
_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")
_BARE_LF = re.compile(rb"(?<!\r)\n")
_AFTER_LF = re.compile(rb"(?<=\n)")
# A header line naming a field the framing rules read (waitress allows no space before the colon).
_FRAMING_FIELD = re.compile(rb"\r\n(transfer-encoding|content-length|host):([^\r\n]*)", re.I)
# RFC 3986 uri-host [":" port]: an IP-literal or a reg-name (IPv4 addresses are reg-names too).
_HOST = re.compile(rb"(?:\[(?P<literal>[^\]]*)\]|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+)(?::[0-9]*)?")


def _fields(header_plus: bytes) -> list[tuple[bytes, bytes]]:
    """(lower-case name, value) of the header's Transfer-Encoding, Content-Length and Host lines."""
    if b"\r\n " in header_plus or b"\r\n\t" in header_plus:
        raise ParsingError("obsolete line folding (a header line starting with a space or tab) is not accepted")
    return [(name.lower(), value.strip(b" \t")) for name, value in _FRAMING_FIELD.findall(header_plus)]


def _check_host(hosts: list[bytes], version: str):
    if len(hosts) > 1:
        raise ParsingError("more than one Host header")
    if not hosts:
        if version > "1.0":
            raise ParsingError(f"an HTTP/{version} request needs a Host header")
        return
    match = _HOST.fullmatch(hosts[0])
    literal = match and match["literal"]
    if match and literal is not None:
        try:
            ipaddress.IPv6Address(literal.decode("ascii"))
        except ValueError:
            match = None
    if not match:
        raise ParsingError(f"Host {echo(hosts[0].decode('latin-1'))} is not a host[:port]")


class StrictRequestParser(HTTPRequestParser):
    """waitress's request parser with RFC 9112's framing rules enforced (see the module's docstring)."""

    def received(self, data):
        if self.completed:
            return 0
        if self.body_rcv is None:
            return self._header_received(data)
        if not self.chunked:
            return super().received(data)
        # Fed up to each LF, the chunk receiver shows a bare LF in the line it holds before a
        # later CRLF can end that line (its size check, `^[0-9a-fA-F]+$`, takes "0\n" for 0).
        consumed = 0
        for piece in filter(None, _AFTER_LF.split(data)):
            consumed += super().received(piece)
            if self.completed:
                break
            if self._chunk_line_ends_in_lf():
                self.error = BadRequest("a chunked body's lines end in CRLF, not a bare LF")
                self.completed = True
                break
        return consumed

    def _header_received(self, data):
        buffered = self.header_plus
        header = buffered + data  # as waitress's own received() joins them
        if b"\n\n" not in header:  # the common case, without the regex: the end, if any, is \n\r\n
            first = header.find(b"\n\r\n")
            if first == -1 or header[first - 1 : first] == b"\r":
                return super().received(data)  # no end yet, or a CRLF one: waitress's own case
        end = _HEADER_END.search(header)
        if end is None or header[max(end.start() - 1, 0) : end.end()] == b"\r\n\r\n":
            return super().received(data)
        return self._received_lf_header(header[: end.end()], len(buffered))

    def _received_lf_header(self, block: bytes, buffered: int) -> int:
        """Parse a header ending in a bare LF, its line ends made CRLF; return how much of the new data it took."""
        if b"\r\n" in block.lstrip():
            # As waitress refuses a header over max_request_header_size: a stand-in request line, then the error.
            self.parse_header(b"GET / HTTP/1.0\r\n")
            self.error = BadRequest("a request's lines end all in CRLF or all in a bare LF, not in both")
            self.completed = True
        else:
            self.header_plus = b""
            super().received(_LINE_END.sub(b"\r\n", block))
        return len(block) - buffered

    def _chunk_line_ends_in_lf(self) -> bool:
        receiver = self.body_rcv
        return b"\n" in receiver.control_line or receiver.chunk_end == b"\n" or bool(_BARE_LF.search(receiver.trailer))

    def parse_header(self, header_plus):
        request_line = header_plus.partition(b"\r\n")[0]
        control = _CONTROL.search(request_line)
        if control:
            raise ParsingError(f"the request line holds a control character (byte 0x{control.group()[0]:02X} at {control.start()})")
        fields = _fields(header_plus)
        codings = [value for name, value in fields if name == b"transfer-encoding"]
        if codings and any(name == b"content-length" for name, _ in fields):
            raise ParsingError("a request cannot carry both Content-Length and Transfer-Encoding")
        if codings and (len(codings) > 1 or codings[0].lower() != b"chunked"):
            raise TransferEncodingNotImplemented("the only Transfer-Encoding accepted is one chunked")
        super().parse_header(header_plus)
        if codings and self.version != "1.1":
            raise ParsingError("Transfer-Encoding is only accepted in HTTP/1.1")
        _check_host([value for name, value in fields if name == b"host"], self.version)
