"""Roughtime requests (RFC 10049 §5.1): read by the server, built by the client."""
from dataclasses import dataclass

from . import merkle
from .drops import Drop, Dropped
from .versions import SUPPORTED, Version, negotiate, valid_version_list
from .wire import NONC, SRV, TYPE, VER, ZZZZ, FramingError, WireError, decode_message, encode_message, frame, read_uint32_list, uint32, unframe

NONCE_SIZE = 32
MIN_UDP_REQUEST = 1024  # smaller datagrams are dropped: an answer to them may not fit (§5.1, §9.7)
# Longer requests are dropped (UDP) or close their connection (TCP): clients pad theirs to 1024 bytes, and
# each byte more would cost hashing and holding for nothing.
MAX_REQUEST = 4096
REQUEST_MESSAGE_SIZE = 1024  # what clients pad the message itself to, with ZZZZ
TYPE_REQUEST, TYPE_RESPONSE = 0, 1
_TYPE_REQUEST_VALUE = uint32(TYPE_REQUEST)


@dataclass(slots=True)  # not frozen: a frozen dataclass costs three times as long to make, per request
class Request:
    """A request worth answering, in the version chosen for it."""

    packet: bytes  # as received, ROUGHTIM header included: its Merkle leaf is hashed over all of it
    nonce: bytes
    version: Version
    has_type: bool  # a draft 12 or 13 request carries no TYPE; its response then carries none either


def srv_value(public_key: bytes) -> bytes:
    """SRV for a long-term public key: H(0xff || key) (§5.1.4)."""
    return merkle.digest(b"\xff" + public_key)


def parse_request(packet: bytes, srv: bytes) -> Request:
    """The request in `packet`, for the server whose SRV value is `srv`; Dropped, with its reason, otherwise."""
    try:
        pairs = decode_message(unframe(packet))
    except FramingError as error:
        raise Dropped(Drop.BAD_FRAMING, str(error)) from None
    except WireError as error:
        raise Dropped(Drop.BAD_MESSAGE, str(error)) from None
    if VER not in pairs or NONC not in pairs:
        raise Dropped(Drop.MISSING_TAG, "a request holds VER and NONC")
    version = negotiate(_offered(pairs[VER]))
    if version is None:
        raise Dropped(Drop.UNSUPPORTED_VERSION, "VER offers neither 0x1 nor 0x8000000c")
    nonce = pairs[NONC]
    if len(nonce) != NONCE_SIZE:
        raise Dropped(Drop.BAD_VALUE, f"NONC holds {len(nonce)} bytes, not {NONCE_SIZE}")
    has_type = TYPE in pairs
    if has_type and pairs[TYPE] != _TYPE_REQUEST_VALUE:
        raise Dropped(Drop.NOT_A_REQUEST, "TYPE is not 0")
    if version.requires_type and not has_type:
        raise Dropped(Drop.MISSING_TAG, f"a version {version.number:#x} request holds TYPE")
    if SRV in pairs and pairs[SRV] != srv:
        reason = Drop.WRONG_SERVER if len(pairs[SRV]) == merkle.HASH_SIZE else Drop.BAD_VALUE
        raise Dropped(reason, "SRV names another long-term key")
    return Request(packet, nonce, version, has_type)


def _offered(value: bytes) -> tuple[int, ...]:
    numbers = read_uint32_list(value, "VER")  # a multiple of 4 bytes: decode_message saw to that
    if not valid_version_list(numbers):
        raise Dropped(Drop.BAD_VALUE, "VER lists 1 to 32 versions, ascending, none twice")
    return numbers


def build_request(
    nonce: bytes, public_key: bytes | None = None, versions: tuple[int, ...] = tuple(v.number for v in SUPPORTED)
) -> bytes:
    """A request packet for `nonce`, offering `versions`, its message padded with ZZZZ to 1024 bytes.

    With the server's long-term `public_key`, SRV names it (§5.1.4), so that a server holding several keys
    knows which one to answer with.
    """
    if len(nonce) != NONCE_SIZE:
        raise ValueError(f"a nonce is {NONCE_SIZE} bytes")
    if not valid_version_list(versions):
        raise ValueError("versions: 1 to 32 version numbers, ascending, none twice")
    pairs = {VER: b"".join(uint32(number) for number in versions), NONC: nonce, TYPE: uint32(TYPE_REQUEST)}
    if public_key is not None:
        pairs[SRV] = srv_value(public_key)
    unpadded = len(encode_message(pairs))
    pairs[ZZZZ] = bytes(REQUEST_MESSAGE_SIZE - unpadded - 8)  # ZZZZ adds a tag and an offset, 8 bytes
    return frame(encode_message(pairs))


def read_request(packet: bytes) -> tuple[bytes, tuple[int, ...]]:
    """The nonce and offered versions of a request this client built; WireError when it is none."""
    pairs = decode_message(unframe(packet))
    if NONC not in pairs or VER not in pairs:
        raise WireError("a request holds NONC and VER")
    return pairs[NONC], read_uint32_list(pairs[VER], "VER")

