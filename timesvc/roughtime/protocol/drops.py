"""Why a request goes unanswered: Roughtime sends no errors (RFC 10049 §5.2), so each drop is only counted."""
import enum


class Drop(enum.StrEnum):
    TOO_SHORT = "too_short"  # a UDP datagram under 1024 bytes
    TOO_LONG = "too_long"  # a request over 4096 bytes (request.MAX_REQUEST), UDP or TCP
    BAD_FRAMING = "bad_framing"  # no ROUGHTIM header, or a length that does not match
    BAD_MESSAGE = "bad_message"  # offsets, tag order or alignment break §4.2
    MISSING_TAG = "missing_tag"  # no VER or NONC; no TYPE in a version 1 request
    BAD_VALUE = "bad_value"  # a NONC, TYPE, VER or SRV value of the wrong length or form
    NOT_A_REQUEST = "not_a_request"  # TYPE is not 0
    UNSUPPORTED_VERSION = "unsupported_version"  # VER offers neither 1 nor 0x8000000c
    WRONG_SERVER = "wrong_server"  # SRV names another long-term key
    RESPONSE_TOO_LARGE = "response_too_large"  # the answer would be larger than the request (§9.7)
    CLOCK_UNSYNCHRONIZED = "clock_unsynchronized"  # the kernel vouches for no error bound
    SEND_FAILED = "send_failed"  # the socket refused the response, or its TCP connection was closed before it
    INTERNAL_ERROR = "internal_error"  # a defect in this server, logged
    CONNECTION_LIMIT = "connection_limit"  # a TCP connection refused: this one counts connections
    SOURCE_LIMIT = "source_limit"  # a TCP connection refused: its source holds as many as one may


class Dropped(Exception):
    """A request the server ignores, with the reason it is counted under and what was wrong."""

    def __init__(self, reason: Drop, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
