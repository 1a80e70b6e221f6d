"""RFC 10049 §5.1: the requests a client builds and the rules by which the server ignores the others."""
import os

import pytest

from timesvc.roughtime.protocol import merkle, wire
from timesvc.roughtime.protocol.drops import Drop, Dropped
from timesvc.roughtime.protocol.request import build_request, parse_request, read_request, srv_value
from timesvc.roughtime.protocol.versions import DRAFT, RFC

from .support import PUBLIC_KEY, fields, rebuilt

SRV = srv_value(PUBLIC_KEY)


def request(**changes):
    return rebuilt(build_request(os.urandom(32), PUBLIC_KEY), **changes)


def reason(packet: bytes) -> Drop:
    with pytest.raises(Dropped) as dropped:
        parse_request(packet, SRV)
    return dropped.value.reason


def test_a_request_message_is_padded_to_1024_bytes_with_zeros():
    packet = build_request(bytes(32), PUBLIC_KEY)
    assert len(packet) == 12 + 1024
    assert set(fields(packet)[wire.ZZZZ]) == {0}


def test_a_request_offers_both_versions_ascending_with_type_0_and_srv():
    pairs = fields(build_request(b"n" * 32, PUBLIC_KEY))
    assert wire.read_uint32_list(pairs[wire.VER], "VER") == (1, 0x8000000C)
    assert pairs[wire.NONC] == b"n" * 32
    assert pairs[wire.TYPE] == b"\x00\x00\x00\x00"
    assert pairs[wire.SRV] == merkle.digest(b"\xff" + PUBLIC_KEY)
    assert wire.SRV not in fields(build_request(b"n" * 32))


def test_a_client_cannot_build_a_request_the_rfc_forbids():
    for nonce, versions in ((b"short", (1,)), (bytes(32), (0x8000000C, 1)), (bytes(32), ()), (bytes(32), (1, 1))):
        with pytest.raises(ValueError):
            build_request(nonce, versions=versions)


def test_read_request_gives_the_nonce_and_offered_versions():
    assert read_request(build_request(b"m" * 32, versions=(0x8000000C,))) == (b"m" * 32, (0x8000000C,))


def test_the_server_answers_version_1_when_both_are_offered():
    parsed = parse_request(request(), SRV)
    assert (parsed.version, parsed.has_type, len(parsed.nonce)) == (RFC, True, 32)


def test_a_draft_request_is_answered_in_the_draft_version():
    assert parse_request(request(VER=wire.uint32(DRAFT.number)), SRV).version == DRAFT


def test_unknown_versions_beside_a_known_one_are_ignored():
    offered = b"".join(wire.uint32(n) for n in (0x80000007, 0x8000000B, 0x8000000C, 0xC0000000))
    assert parse_request(request(VER=offered), SRV).version == DRAFT


def test_drafts_12_and_13_sent_no_type_and_are_still_answered():
    parsed = parse_request(request(VER=wire.uint32(DRAFT.number), TYPE=None), SRV)
    assert (parsed.version, parsed.has_type) == (DRAFT, False)


def test_a_version_1_request_without_type_is_ignored():
    assert reason(request(VER=wire.uint32(1), TYPE=None)) == Drop.MISSING_TAG


def test_a_request_whose_type_is_not_0_is_ignored():
    assert reason(request(TYPE=wire.uint32(1))) == Drop.NOT_A_REQUEST
    assert reason(request(TYPE=b"\x00" * 8)) == Drop.NOT_A_REQUEST


def test_requests_without_ver_or_nonc_are_ignored():
    assert reason(request(VER=None)) == Drop.MISSING_TAG
    assert reason(request(NONC=None)) == Drop.MISSING_TAG


def test_a_request_without_srv_is_answered_with_the_only_key():
    assert parse_request(request(SRV=None), SRV).version == RFC


def test_a_request_for_another_long_term_key_is_ignored():
    assert reason(request(SRV=merkle.digest(b"\xffanother key"))) == Drop.WRONG_SERVER
    assert reason(request(SRV=b"\x00" * 4)) == Drop.BAD_VALUE


@pytest.mark.parametrize("numbers", [(), (0x8000000C, 1), (1, 1), tuple(range(1, 34))])
def test_ver_lists_one_to_32_versions_ascending_and_unrepeated(numbers):
    assert reason(request(VER=b"".join(wire.uint32(n) for n in numbers))) == Drop.BAD_VALUE


def test_only_versions_1_and_0x8000000c_are_answered():
    for numbers in ((0x80000007,), (0x8000000B,), (2,), (0,)):
        assert reason(request(VER=b"".join(wire.uint32(n) for n in numbers))) == Drop.UNSUPPORTED_VERSION


@pytest.mark.parametrize("size", [0, 16, 28, 36, 64])
def test_the_nonce_is_32_bytes(size):
    assert reason(request(NONC=bytes(size))) == Drop.BAD_VALUE


def test_framing_and_message_errors_have_their_own_reasons():
    packet = request()
    assert reason(packet[:-4]) == Drop.BAD_FRAMING
    assert reason(b"ROUGHTIX" + packet[8:]) == Drop.BAD_FRAMING
    assert reason(wire.frame(b"\x00" * 1024)) == Drop.BAD_MESSAGE
