"""What the framing scenario expects of each answer: when one is owed, and what it may never contain.

`owes_answer` is a reference framing of RFC 9112 as timesvc applies it (timesvc/serving/framing.py):
given the bytes a client sent, does the server have all it needs to answer the first request? It
only says yes when sure; a server that then closes without answering has dropped a request it
could frame (the bare-LF requests waitress never answered were such). `judge` reads the answers
and names the first rule they break: a 5xx (but the 501 RFC 9112 §6.1 asks for an unknown
Transfer-Encoding), a line break reflected before the generator's MARKER, or more than MAX_ECHO
characters of the request repeated in an answer.
"""
import re

from timesvc.domain.errors import MAX_ECHO

from .mutations import MARKER

_HEADER_END = re.compile(rb"\n\r?\n")
_LINE_END = re.compile(rb"\r?\n")
_BARE_LF = re.compile(rb"(?<!\r)\n")
_HEX = re.compile(rb"[0-9A-Fa-f]+")
_STATUS = re.compile(rb"HTTP/1\.[01] (\d{3})[^\r\n]*\r\n")
_REFLECTED = re.compile(rb"[\r\n]" + MARKER)


def _chunked_needs_more(body: bytes, max_body: int) -> bool:
    if len(body) >= max_body:
        return False  # complete, or a 413
    at = 0
    while True:
        eol = body.find(b"\r\n", at)
        line = body[at:] if eol < 0 else body[at:eol]
        if b"\n" in line:
            return False  # a bare LF: refused at once
        if eol < 0:
            return True  # the size line goes on
        at = eol + 2
        if not line:
            continue  # waitress skips an empty size line
        size = line.split(b";")[0]
        if not _HEX.fullmatch(size):
            return False
        size = int(size, 16)
        if size == 0:
            trailer = body[at:]
            return not (trailer.startswith(b"\r\n") or b"\r\n\r\n" in trailer or _BARE_LF.search(trailer))
        if len(body) < at + size:
            return True
        end = body[at + size : at + size + 2]
        if end != b"\r\n":
            return len(end) < 2 and end != b"\n"  # waitress waits for two bytes before judging them
        at += size + 2


def owes_answer(data: bytes, max_header: int, max_body: int) -> bool:
    """True when the server has all it needs to answer the first request in `data`."""
    data = data.lstrip(b"\r\n")
    end = _HEADER_END.search(data)
    if end is None or end.end() >= max_header:
        return len(data) >= max_header  # a 431 once the header outgrows the limit
    lines = _LINE_END.split(data[: end.start()].removesuffix(b"\r"))[1:]
    if any(line[:1] in (b" ", b"\t") for line in lines):
        return True  # obsolete line folding: a 400
    fields = [(name.lower(), value.strip(b" \t")) for name, _, value in (line.partition(b":") for line in lines)]
    codings = [value for name, value in fields if name == b"transfer-encoding"]
    lengths = [value for name, value in fields if name == b"content-length"]
    body = data[end.end() :]
    if codings and not lengths and len(codings) == 1 and codings[0].lower() == b"chunked":
        return not _chunked_needs_more(body, max_body)
    if codings or len(lengths) > 1 or (lengths and not lengths[0].isdigit()):
        return True  # refused at once: 400 or 501
    return not lengths or int(lengths[0]) >= max_body or len(body) >= int(lengths[0])


def statuses(received: bytes) -> list[int]:
    """The status of each answer in `received`, in order; bodies framed by Content-Length or chunks."""
    found, at = [], 0
    while at < len(received):
        status = _STATUS.match(received, at)
        end = received.find(b"\r\n\r\n", at)
        if status is None or end < 0:
            raise ValueError(f"not an HTTP answer at byte {at}: {received[at:at + 60]!r}")
        found.append(int(status.group(1)))
        head, at = received[at:end].lower(), end + 4
        length = re.search(rb"\r\ncontent-length: *(\d+)", head)
        if b"\r\ntransfer-encoding: chunked" in head:
            while (size := int(received[at : received.index(b"\r\n", at)].split(b";")[0], 16)) > 0:
                at = received.index(b"\r\n", at) + 2 + size + 2
            at = received.index(b"\r\n\r\n", at) + 4
            continue
        size = int(length.group(1)) if length and (found[-1] >= 200 and found[-1] not in (204, 304)) else 0
        # An answer to HEAD has a Content-Length and no body: the next answer starts at once.
        bodiless = _STATUS.match(received, at) and not (at + size == len(received) or _STATUS.match(received, at + size))
        at += 0 if bodiless else size
    return found


def longest_echo_over(sent: bytes, answer: bytes, limit: int = MAX_ECHO) -> bool:
    """Whether `answer` repeats more than `limit` consecutive bytes of `sent`."""
    width = limit + 1
    if len(sent) < width or len(answer) < width:
        return False
    windows = {sent[i : i + width] for i in range(len(sent) - width + 1)}
    return any(answer[i : i + width] in windows for i in range(len(answer) - width + 1))


def judge(data: bytes, received: bytes, reset: bool, hung: bool, max_header: int, max_body: int) -> tuple[str, str | None]:
    """(outcome, failure or None) for one connection: the bytes sent, the bytes the server answered."""
    if hung:
        return "hang", "no answer and no close within the bound after the client's half-close"
    try:
        found = statuses(received)
    except (ValueError, IndexError) as exc:
        if not reset:
            return "garbled", f"answer not HTTP: {exc}"
        found = []  # cut short by the reset
    for status in found:
        if status >= 500 and not (status == 501 and b"transfer-encoding" in data.lower()):
            return str(status), f"a {status}"
    if _REFLECTED.search(received):
        return "reflected", "a line break from the request reflected in the answer"
    if longest_echo_over(data, received):
        return "echo", f"more than {MAX_ECHO} characters of the request echoed"
    if found:
        return str(found[0]), None
    if reset:
        return "reset", None
    if owes_answer(data, max_header, max_body):
        return "unanswered", "closed without answering a request it could frame"
    return "closed unanswered (incomplete)", None
