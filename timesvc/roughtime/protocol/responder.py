"""The server core: request packets in, responses out, one Merkle tree and one signature per version.

Whatever a client sends, `respond` returns a response or the reason it is dropped for each packet; it
never answers with more bytes than the request held (RFC 10049 §9.7).
"""
import logging
from collections.abc import Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import merkle
from .delegation import Delegation, Delegations
from .drops import Drop, Dropped
from .keys import public_key
from .request import TYPE_RESPONSE, Request, parse_request, srv_value
from .versions import VERS_VALUE, Version
from .wire import CERT, INDX, MAGIC, MIDP, NONC, PATH, RADI, ROOT, SIG, SREP, TYPE, VER, VERS, encode_header, encode_message, uint32, uint64

log = logging.getLogger(__name__)
_TYPE_VALUE = uint32(TYPE_RESPONSE)


class Responder:
    """Answers batches of requests for one long-term key, signing with its current delegation."""

    def __init__(self, long_term_key: Ed25519PrivateKey, delegations: Delegations | None = None):
        self.public_key = public_key(long_term_key)
        self.srv = srv_value(self.public_key)
        self.delegations = delegations or Delegations(long_term_key)

    def respond(self, packets: Sequence[bytes], midpoint: int, radius: int) -> list[bytes | Drop]:
        """For each packet, its response packet or why it is dropped; `midpoint` and `radius` in seconds."""
        results: list[bytes | Drop] = [Drop.INTERNAL_ERROR] * len(packets)
        groups: dict[Version, list[tuple[int, Request]]] = {}
        for slot, packet in enumerate(packets):
            try:
                request = parse_request(packet, self.srv)
            except Dropped as dropped:
                results[slot] = dropped.reason
            except Exception:  # a defect must cost one request, not the batch or the listener
                log.exception("Roughtime request %d of %d bytes could not be read", slot, len(packet))
            else:
                groups.setdefault(request.version, []).append((slot, request))
        if groups:
            delegation = self.delegations.at(midpoint)
            for version, members in groups.items():
                _answer(version, members, delegation, midpoint, radius, results)
        return results


def _answer(version: Version, members, delegation: Delegation, midpoint: int, radius: int, results: list):
    tree = merkle.Tree([merkle.leaf(request.packet) for _, request in members])
    srep = encode_message(
        {VER: uint32(version.number), RADI: uint32(radius), MIDP: uint64(midpoint), VERS: VERS_VALUE, ROOT: tree.root}
    )
    signature = delegation.online_key.sign(version.response_context + srep)
    cert = delegation.certs[version.number]
    path_size = merkle.HASH_SIZE * tree.height
    # Every response of the group has the same shape but for TYPE, which drafts 12 and 13 lack: its
    # packet header and message header are made once per shape.
    prefixes = {}
    for has_type in {request.has_type for _, request in members}:
        pairs = [(SIG, len(signature)), (NONC, 32), (TYPE, 4), (PATH, path_size), (SREP, len(srep)), (CERT, len(cert))]
        pairs.append((INDX, 4))
        if not has_type:
            pairs.remove((TYPE, 4))
        header = encode_header([name for name, _ in pairs], [length for _, length in pairs])
        size = len(header) + sum(length for _, length in pairs)
        prefixes[has_type] = MAGIC + uint32(size) + header
    for index, (slot, request) in enumerate(members):
        prefix = prefixes[request.has_type]
        type_value = _TYPE_VALUE if request.has_type else b""
        response = b"".join((prefix, signature, request.nonce, type_value, tree.path(index), srep, cert, uint32(index)))
        results[slot] = response if len(response) <= len(request.packet) else Drop.RESPONSE_TOO_LARGE
