"""The Merkle tree over a batch of requests (RFC 10049 §5.3): one signed ROOT answers them all."""
import hashlib

HASH_SIZE = 32
MAX_HEIGHT = 32  # PATH holds at most 32 hashes (§5.2.4)
# Fills a batch up to a power of two: no request hashes to it, so it proves nothing about any.
EMPTY = bytes(HASH_SIZE)


def digest(data: bytes) -> bytes:
    """H(x) of §5.3.1: the first 32 bytes of SHA-512."""
    return hashlib.sha512(data).digest()[:HASH_SIZE]


def leaf(request_packet: bytes) -> bytes:
    """A leaf: H(0x00 || the whole request packet, ROUGHTIM header included)."""
    return digest(b"\x00" + request_packet)


def node(left: bytes, right: bytes) -> bytes:
    return digest(b"\x01" + left + right)


class Tree:
    """A tree over `leaves`, padded to a power of two; leaf i's INDX is i."""

    def __init__(self, leaves: list[bytes]):
        if not leaves:
            raise ValueError("a Merkle tree needs at least one leaf")
        width = 1 << (len(leaves) - 1).bit_length()
        if width.bit_length() - 1 > MAX_HEIGHT:
            raise ValueError(f"{len(leaves)} leaves need a tree taller than {MAX_HEIGHT}")
        level = leaves + [EMPTY] * (width - len(leaves))
        self.levels = [level]
        while len(level) > 1:
            level = [node(level[i], level[i + 1]) for i in range(0, len(level), 2)]
            self.levels.append(level)
        self.root = level[0]
        self.height = len(self.levels) - 1

    def path(self, index: int) -> bytes:
        """PATH for leaf `index`: its sibling on each level, from the leaves up."""
        siblings = []
        for level in self.levels[:-1]:
            siblings.append(level[index ^ 1])
            index >>= 1
        return b"".join(siblings)


def root_from_path(leaf_hash: bytes, index: int, path: bytes) -> bytes | None:
    """§5.3.1: the root that `path` and `index` lead to from `leaf_hash`; None when they cannot be a proof."""
    if len(path) % HASH_SIZE or len(path) > MAX_HEIGHT * HASH_SIZE:
        return None
    current = leaf_hash
    for start in range(0, len(path), HASH_SIZE):
        sibling = path[start : start + HASH_SIZE]
        current = node(current, sibling) if index & 1 == 0 else node(sibling, current)
        index >>= 1
    return current if index == 0 else None
