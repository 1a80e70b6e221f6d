"""Roughtime's wire format (RFC 10049 §4 and §5): tags, messages of (tag, value) pairs, the ROUGHTIM packet."""
import struct
from collections.abc import Mapping, Sequence

MAGIC = b"ROUGHTIM"  # the uint64 0x4d49544847554f52, least significant byte first
PACKET_HEADER = 12  # MAGIC and the uint32 length of the message that follows
_UINT32 = struct.Struct("<I")
_UINT64 = struct.Struct("<Q")


class WireError(ValueError):
    """Bytes that are not a well-formed Roughtime message."""


class FramingError(WireError):
    """Bytes that are not a well-formed ROUGHTIM packet: wrong magic, or a length that does not match."""


def tag(name: str) -> bytes:
    """The four octets of a tag: one to four capital ASCII letters, then zero octets (RFC 10049 §4.1.3)."""
    if not 1 <= len(name) <= 4 or not all("A" <= letter <= "Z" for letter in name):
        raise ValueError(f"a tag is one to four capital ASCII letters, not {name!r}")
    return name.encode("ascii").ljust(4, b"\x00")


def tag_name(raw: bytes) -> str:
    """A tag as people write it ("VER", not b"VER\\x00"); other octets shown as escapes."""
    return raw.rstrip(b"\x00").decode("ascii", "backslashreplace")


def tag_order(raw: bytes) -> int:
    """Tags are sorted as uint32 values whose least significant byte is the tag's first octet."""
    return _UINT32.unpack(raw)[0]


SIG, VER, SRV, NONC = tag("SIG"), tag("VER"), tag("SRV"), tag("NONC")
DELE, TYPE, PATH, RADI = tag("DELE"), tag("TYPE"), tag("PATH"), tag("RADI")
PUBK, MIDP, SREP, VERS = tag("PUBK"), tag("MIDP"), tag("SREP"), tag("VERS")
MINT, ROOT, CERT, MAXT = tag("MINT"), tag("ROOT"), tag("CERT"), tag("MAXT")
INDX, ZZZZ = tag("INDX"), tag("ZZZZ")


def uint32(value: int) -> bytes:
    return _UINT32.pack(value)


def uint64(value: int) -> bytes:
    return _UINT64.pack(value)


def read_uint32(value: bytes, name: str) -> int:
    """A uint32 value, or WireError naming the tag whose value is not four bytes long."""
    if len(value) != 4:
        raise WireError(f"{name} holds {len(value)} bytes, not a uint32")
    return _UINT32.unpack(value)[0]


def read_uint64(value: bytes, name: str) -> int:
    if len(value) != 8:
        raise WireError(f"{name} holds {len(value)} bytes, not a uint64")
    return _UINT64.unpack(value)[0]


def read_uint32_list(value: bytes, name: str) -> tuple[int, ...]:
    if len(value) % 4:
        raise WireError(f"{name} holds {len(value)} bytes, not a list of uint32")
    return struct.unpack(f"<{len(value) // 4}I", value)


def encode_header(tags: Sequence[bytes], lengths: Sequence[int]) -> bytes:
    """The header of a message whose values, in tag order, have these lengths (each a multiple of four)."""
    offsets, offset = [], 0
    for length in lengths[:-1]:
        offset += length
        offsets.append(offset)
    return struct.pack(f"<{len(tags)}I", len(tags), *offsets) + b"".join(tags)


def encode_message(pairs: Mapping[bytes, bytes]) -> bytes:
    """A message holding `pairs`, sorted by tag as §4.2 requires."""
    if not pairs:
        raise ValueError("a message holds at least one (tag, value) pair")
    tags = sorted(pairs, key=tag_order)
    values = [pairs[name] for name in tags]
    for name, value in zip(tags, values):
        if len(name) != 4 or len(value) % 4:
            raise ValueError(f"{tag_name(name)}: tags are 4 bytes and values a multiple of 4 bytes long")
    return encode_header(tags, [len(value) for value in values]) + b"".join(values)


def decode_message(data: bytes) -> dict[bytes, bytes]:
    """The (tag, value) pairs of a message, in its order; WireError for anything §4.2 does not allow."""
    size = len(data)
    if size < 8 or size % 4:
        raise WireError(f"a message of {size} bytes: it is at least 8 and a multiple of 4")
    (count,) = _UINT32.unpack_from(data)
    header = 8 * count  # the count, count - 1 offsets and count tags, four bytes each
    if count == 0 or header > size:
        raise WireError(f"a message of {size} bytes cannot hold {count} tags")
    # The offsets, then the tags as numbers, in one unpack: this runs for every request.
    words = struct.unpack_from(f"<{2 * count - 1}I", data, 4)
    values, tags, last = size - header, 4 * count, count - 1
    pairs, start, previous = {}, 0, -1
    for index in range(count):
        end, order = words[index] if index < last else values, words[last + index]
        if start % 4 or end < start or end > values:
            raise WireError(f"the offset of tag {index} is unaligned, out of order or past the end")
        if order <= previous:
            raise WireError(f"tag {index} is not above the one before it: tags must ascend")
        pairs[data[tags + 4 * index : tags + 4 * index + 4]] = data[header + start : header + end]
        start, previous = end, order
    return pairs


def frame(message: bytes) -> bytes:
    """The packet that carries `message` over UDP or TCP (§5)."""
    return MAGIC + _UINT32.pack(len(message)) + message


def framed_length(header: bytes) -> int:
    """From the first 12 bytes of a packet, the length of its message; FramingError when it is no packet."""
    if len(header) < PACKET_HEADER or header[:8] != MAGIC:
        raise FramingError("the packet does not start with ROUGHTIM and a length")
    return _UINT32.unpack_from(header, 8)[0]


def unframe(packet: bytes) -> bytes:
    """The message a whole packet carries; FramingError when its length field does not match."""
    length = framed_length(packet)
    if length != len(packet) - PACKET_HEADER:
        raise FramingError(f"the packet says {length} bytes follow its header, {len(packet) - PACKET_HEADER} do")
    return packet[PACKET_HEADER:]
