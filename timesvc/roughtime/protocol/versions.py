"""The two Roughtime versions spoken: RFC 10049's version 1, and 0x8000000c of drafts 12 to 19.

Both share the wire format of the RFC: a ROUGHTIM packet; a 32-byte nonce; ZZZZ padding; SRV; VER, RADI,
MIDP (seconds), VERS and ROOT inside SREP; Merkle nodes of SHA-512 cut to 32 bytes, over the whole request
packet with the prefixes 0x00 (leaf) and 0x01 (node). They differ in two things only:
- the signature context strings: the RFC spells them "Roughtime v1 ...", the drafts "RoughTime v1 ...";
- TYPE: version 1 requires it in requests; drafts 12 and 13 had none (drafts 14 to 19 send it, under the
  same version number), so a draft request may lack it, and its response then carries none either.
Drafts 11 and older (0x80000000 to 0x8000000b, and pyroughtime's 0x80000007) put VER at the top of the
response, hashed the nonce instead of the request, used 64-byte nonces or MJD microseconds: not spoken here.
"""
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from .wire import uint32

RFC_NUMBER = 0x00000001
DRAFT_NUMBER = 0x8000000C
MAX_VERSIONS = 32  # VER and VERS hold at most 32 version numbers (§5.1.1, §5.2.5)


@dataclass(frozen=True)
class Version:
    number: int
    name: str
    response_context: bytes  # prefixed to SREP before signing, its terminating zero byte included
    delegation_context: bytes  # prefixed to DELE before signing
    requires_type: bool  # whether a request without TYPE is ignored


RFC = Version(
    RFC_NUMBER,
    "RFC 10049",
    b"Roughtime v1 response signature\x00",
    b"Roughtime v1 delegation signature\x00",
    requires_type=True,
)
DRAFT = Version(
    DRAFT_NUMBER,
    "draft-ietf-ntp-roughtime-12 to -19",
    b"RoughTime v1 response signature\x00",
    b"RoughTime v1 delegation signature\x00",
    requires_type=False,
)
SUPPORTED = (RFC, DRAFT)  # ascending, as VERS lists them
BY_NUMBER = {version.number: version for version in SUPPORTED}
VERS_VALUE = b"".join(uint32(version.number) for version in SUPPORTED)


def negotiate(offered: Sequence[int]) -> Version | None:
    """The version to answer in: the RFC's when the client offers it, else the draft's, else None."""
    if RFC_NUMBER in offered:
        return RFC
    return DRAFT if DRAFT_NUMBER in offered else None


def valid_version_list(numbers: tuple[int, ...]) -> bool:
    """VER in a request and VERS in a response: 1 to 32 numbers, ascending, none repeated."""
    return 0 < len(numbers) <= MAX_VERSIONS and all(map(operator.lt, numbers, numbers[1:]))
