"""RFC 10049 §4 and §5: every rule of tags, messages and the ROUGHTIM packet."""
import struct

import pytest

from timesvc.roughtime.protocol import wire
from timesvc.roughtime.protocol.wire import FramingError, WireError, decode_message, encode_message, frame, unframe


def raw_message(count: int, offsets: list[int], tags: list[bytes], values: bytes) -> bytes:
    """A message laid out by hand, whatever its header says: the decoder must judge it."""
    return struct.pack(f"<I{len(offsets)}I", count, *offsets) + b"".join(tags) + values


def test_a_tag_is_its_letters_padded_with_zero_octets():
    assert wire.tag("NONC") == b"NONC"
    assert wire.tag("VER") == b"VER\x00"
    assert wire.tag("SIG") == b"SIG\x00"


@pytest.mark.parametrize("name", ["", "nonc", "PAD\xff", "TOOLONG", "V1", "A B"])
def test_a_tag_is_one_to_four_capital_letters(name):
    with pytest.raises(ValueError):
        wire.tag(name)


def test_tags_sort_as_little_endian_uint32_as_the_rfc_examples_say():
    assert wire.tag_order(wire.NONC) == 0x434E4F4E
    assert wire.tag_order(wire.VER) == 0x00524556
    assert sorted([wire.NONC, wire.VER, wire.SIG, wire.ZZZZ], key=wire.tag_order) == [wire.SIG, wire.VER, wire.NONC, wire.ZZZZ]


def test_the_registry_values_of_every_tag():
    registry = {
        "SIG": 0x00474953, "VER": 0x00524556, "SRV": 0x00565253, "NONC": 0x434E4F4E, "DELE": 0x454C4544,
        "TYPE": 0x45505954, "PATH": 0x48544150, "RADI": 0x49444152, "PUBK": 0x4B425550, "MIDP": 0x5044494D,
        "SREP": 0x50455253, "VERS": 0x53524556, "MINT": 0x544E494D, "ROOT": 0x544F4F52, "CERT": 0x54524543,
        "MAXT": 0x5458414D, "INDX": 0x58444E49, "ZZZZ": 0x5A5A5A5A,
    }
    for name, value in registry.items():
        assert wire.tag_order(getattr(wire, name)) == value, name


def test_a_message_is_sorted_by_tag_with_offsets_after_the_first_value():
    message = encode_message({wire.NONC: b"n" * 8, wire.VER: b"\x01\x00\x00\x00"})
    count, offset = struct.unpack_from("<2I", message)
    assert (count, offset) == (2, 4)  # VER sorts first and holds 4 bytes; NONC starts after it
    assert message[8:16] == b"VER\x00NONC"
    assert message[16:] == b"\x01\x00\x00\x00" + b"n" * 8


def test_a_single_pair_has_no_offsets():
    assert encode_message({wire.ROOT: b"r" * 32}) == b"\x01\x00\x00\x00ROOT" + b"r" * 32


def test_decoding_gives_back_what_was_encoded_zero_length_values_included():
    pairs = {wire.SIG: b"s" * 64, wire.NONC: b"n" * 32, wire.PATH: b"", wire.INDX: b"\x00" * 4}
    assert decode_message(encode_message(pairs)) == pairs


def test_values_are_a_multiple_of_four_bytes_when_encoded():
    with pytest.raises(ValueError):
        encode_message({wire.NONC: b"abc"})
    with pytest.raises(ValueError):
        encode_message({})


@pytest.mark.parametrize(
    "data, why",
    [
        (b"", "shorter than a count and a tag"),
        (b"\x01\x00\x00\x00", "shorter than a count and a tag"),
        (raw_message(1, [], [b"NONC"], b"abc"), "a length that is not a multiple of 4"),
        (raw_message(0, [], [], b"\x00" * 4), "no tags"),
        (raw_message(3, [4, 8], [b"VER\x00", b"NONC"], b""), "more tags than the header has room for"),
        (raw_message(2, [2], [b"VER\x00", b"NONC"], b"\x00" * 8), "an offset that is not a multiple of 4"),
        (raw_message(3, [8, 4], [b"SIG\x00", b"VER\x00", b"NONC"], b"\x00" * 12), "offsets that decrease"),
        (raw_message(2, [12], [b"VER\x00", b"NONC"], b"\x00" * 8), "an offset past the end"),
        (raw_message(2, [4], [b"NONC", b"VER\x00"], b"\x00" * 8), "tags out of order"),
        (raw_message(2, [4], [b"NONC", b"NONC"], b"\x00" * 8), "a tag twice"),
        (raw_message(0xFFFFFFFF, [], [], b"\x00" * 4), "a count far beyond the message"),
    ],
)
def test_messages_breaking_the_header_rules_are_rejected(data, why):
    with pytest.raises(WireError):
        decode_message(data)


def test_unknown_tags_are_read_like_any_other():
    pairs = decode_message(raw_message(2, [4], [b"VER\x00", b"ABCD"], b"\x01\x00\x00\x00" + b"x" * 4))
    assert pairs == {wire.VER: b"\x01\x00\x00\x00", b"ABCD": b"xxxx"}


def test_a_packet_is_roughtim_its_length_and_the_message():
    packet = frame(b"\x01\x00\x00\x00ROOT")
    assert packet[:8] == b"ROUGHTIM" and struct.unpack_from("<Q", packet)[0] == 0x4D49544847554F52
    assert packet[8:12] == b"\x08\x00\x00\x00"
    assert unframe(packet) == b"\x01\x00\x00\x00ROOT"


@pytest.mark.parametrize(
    "packet",
    [b"", b"ROUGHTIM\x00\x00", b"ROUGHTIX\x04\x00\x00\x00abcd", b"ROUGHTIM\x08\x00\x00\x00abcd", b"ROUGHTIM\x02\x00\x00\x00abcd"],
)
def test_a_packet_without_the_magic_or_with_a_wrong_length_is_no_packet(packet):
    with pytest.raises(FramingError):
        unframe(packet)


def test_integers_are_little_endian_of_their_exact_size():
    assert wire.uint32(1) == b"\x01\x00\x00\x00" and wire.uint64(1) == b"\x01" + b"\x00" * 7
    assert wire.read_uint32(b"\x0c\x00\x00\x80", "VER") == 0x8000000C
    assert wire.read_uint32_list(b"\x01\x00\x00\x00\x0c\x00\x00\x80", "VER") == (1, 0x8000000C)
    for read, value in ((wire.read_uint32, b"\x00" * 8), (wire.read_uint64, b"\x00" * 4), (wire.read_uint32_list, b"\x00" * 3)):
        with pytest.raises(WireError):
            read(value, "X")
