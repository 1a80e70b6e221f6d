"""Keys, requests and responses the Roughtime tests share."""
import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from timesvc.roughtime.protocol import merkle, wire
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.protocol.versions import VERS_VALUE
from timesvc.roughtime.protocol.wire import decode_message, encode_message, frame, unframe

# 2026-12-01T00:00:00Z
NOW = 1796083200
LONG_TERM_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUBLIC_KEY = LONG_TERM_KEY.public_key().public_bytes_raw()


def requests(count: int, **options) -> list[bytes]:
    return [build_request(os.urandom(32), **options) for _ in range(count)]


def fields(packet: bytes) -> dict[bytes, bytes]:
    """The top-level pairs of a packet."""
    return decode_message(unframe(packet))


def changed(pairs: dict[bytes, bytes], changes: dict[str, bytes | None]) -> bytes:
    """The message of `pairs` with tags replaced (by name), or removed where the value is None."""
    pairs = dict(pairs)
    for name, value in changes.items():
        key = wire.tag(name)
        if value is None:
            pairs.pop(key, None)
        else:
            pairs[key] = value
    return encode_message(pairs)


def rebuilt(packet: bytes, **changes: bytes | None) -> bytes:
    return frame(changed(fields(packet), changes))


def forge(request: bytes, delegation, version, midpoint=NOW, radius=3, sign_with=None, **srep_changes) -> bytes:
    """A response to `request` alone, built by hand from §5.2, signed with the delegation's online key (or
    `sign_with`), with SREP's tags changed as `changed` does."""
    srep = {
        wire.VER: wire.uint32(version.number),
        wire.RADI: wire.uint32(radius),
        wire.MIDP: wire.uint64(midpoint),
        wire.VERS: VERS_VALUE,
        wire.ROOT: merkle.leaf(request),
    }
    srep_bytes = changed(srep, srep_changes)
    pairs = {
        wire.SIG: (sign_with or delegation.online_key).sign(version.response_context + srep_bytes),
        wire.NONC: fields(request)[wire.NONC],
        wire.TYPE: wire.uint32(1),
        wire.PATH: b"",
        wire.SREP: srep_bytes,
        wire.CERT: delegation.certs[version.number],
        wire.INDX: wire.uint32(0),
    }
    return frame(encode_message(pairs))
