"""The client's checks of a response (RFC 10049 §5.4), all of them, before any of its time is believed."""
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import merkle
from .request import TYPE_RESPONSE, read_request
from .versions import BY_NUMBER, Version, valid_version_list
from .wire import CERT, DELE, INDX, MAXT, MIDP, MINT, NONC, PATH, PUBK, RADI, ROOT, SIG, SREP, TYPE, VER, VERS, WireError, decode_message, read_uint32, read_uint32_list, read_uint64, tag_name, unframe


class VerificationError(ValueError):
    """A response that proves nothing; `reason` is one word for what failed."""

    def __init__(self, reason: str, description: str):
        super().__init__(f"{reason}: {description}")
        self.reason = reason


@dataclass(frozen=True)
class Verified:
    """What a valid response vouches for: the true time was within (midpoint - radius, midpoint + radius)."""

    version: Version
    midpoint: int  # seconds since the Unix epoch
    radius: int  # seconds
    mint: int  # the window the online key was trusted for
    maxt: int
    online_key: bytes
    server_versions: tuple[int, ...]  # VERS


def verify_response(request: bytes, response: bytes, public_key: bytes, version: Version | None = None) -> Verified:
    """The time `response` vouches for, once every check passes; VerificationError for the first that fails.

    `request` is the request packet as sent and `public_key` the server's long-term key. `version` forces
    the contexts of a version (for recorded test vectors); by default they follow the response's VER.
    """
    nonce, offered = read_request(request)
    try:
        top = decode_message(unframe(response))
        need(top, SIG, NONC, PATH, SREP, CERT, INDX)
        srep = need(decode_message(top[SREP]), VER, RADI, MIDP, VERS, ROOT)
        cert = need(decode_message(top[CERT]), SIG, DELE)
        dele = need(decode_message(cert[DELE]), PUBK, MINT, MAXT)
        number, radius = read_uint32(srep[VER], "VER"), read_uint32(srep[RADI], "RADI")
        midpoint, mint, maxt = read_uint64(srep[MIDP], "MIDP"), read_uint64(dele[MINT], "MINT"), read_uint64(dele[MAXT], "MAXT")
        server_versions = read_uint32_list(srep[VERS], "VERS")
        index = read_uint32(top[INDX], "INDX")
        response_type = read_uint32(top[TYPE], "TYPE") if TYPE in top else None
    except WireError as error:
        raise VerificationError("malformed", str(error)) from None
    if top[NONC] != nonce:
        raise VerificationError("nonce", "the response answers another request")
    version = version or BY_NUMBER.get(number)
    if number not in offered or version is None:
        raise VerificationError("version", f"the response is in version {number:#x}, which was not offered")
    if not valid_version_list(server_versions) or number not in server_versions:
        raise VerificationError("version", "VERS is not an ascending list of versions holding VER")
    if response_type not in ((TYPE_RESPONSE,) if version.requires_type else (None, TYPE_RESPONSE)):
        raise VerificationError("type", "TYPE is not 1")
    if radius == 0:
        raise VerificationError("radius", "RADI is zero")
    signed(public_key, cert[SIG], version.delegation_context + cert[DELE], "the delegation")
    if not mint <= midpoint <= maxt:
        raise VerificationError("validity", f"MIDP {midpoint} is outside the delegation's window [{mint}, {maxt}]")
    if merkle.root_from_path(merkle.leaf(request), index, top[PATH]) != srep[ROOT]:
        raise VerificationError("merkle", "PATH and INDX do not lead from the request to ROOT")
    signed(dele[PUBK], top[SIG], version.response_context + top[SREP], "SREP")
    return Verified(version, midpoint, radius, mint, maxt, dele[PUBK], server_versions)


def need(pairs: dict[bytes, bytes], *tags: bytes) -> dict[bytes, bytes]:
    """`pairs`, once it holds every one of `tags`."""
    missing = [tag_name(name) for name in tags if name not in pairs]
    if missing:
        raise WireError(f"no {', '.join(missing)} in the response")
    return pairs


def signed(key: bytes, signature: bytes, message: bytes, what: str):
    """Nothing when `signature` is `key`'s over `message`; VerificationError otherwise."""
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, message)
    except (InvalidSignature, ValueError):
        raise VerificationError("signature", f"the signature on {what} does not verify") from None
