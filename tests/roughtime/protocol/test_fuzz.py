"""Random and mutated packets: the server never raises, never answers more bytes than it got, and the
client never believes or crashes on a response that was tampered with."""
import os

from hypothesis import example, given
from hypothesis import strategies as st

from timesvc.roughtime.protocol import wire
from timesvc.roughtime.protocol.drops import Drop, Dropped
from timesvc.roughtime.protocol.request import build_request, parse_request, srv_value
from timesvc.roughtime.protocol.responder import Responder
from timesvc.roughtime.protocol.verify import VerificationError, verify_response
from timesvc.roughtime.protocol.wire import WireError, decode_message

from .support import LONG_TERM_KEY, NOW, PUBLIC_KEY

RESPONDER = Responder(LONG_TERM_KEY)
VALID = build_request(bytes(32), PUBLIC_KEY)
SRV = srv_value(PUBLIC_KEY)
ANSWER = RESPONDER.respond([VALID], NOW, 3)[0]


@st.composite
def mutated(draw, original: bytes):
    """`original` with bytes flipped, overwritten with header-like values, cut, or extended."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "word", "cut", "extend", "tag"]))
        if kind == "cut":
            del data[draw(st.integers(0, len(data))) :]
            continue
        if kind == "extend":
            data += draw(st.binary(min_size=1, max_size=64))
            continue
        if not data:
            continue
        position = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        else:
            value = draw(st.sampled_from([0, 1, 2, 3, 4, 31, 32, 33, 1024, 0x7FFFFFFF, 0xFFFFFFFF]))
            tag = draw(st.sampled_from([wire.VER, wire.NONC, wire.TYPE, wire.SRV, wire.ZZZZ, b"\xff\xff\xff\xff"]))
            word = wire.uint32(value) if kind == "word" else tag
            data[position : position + 4] = word
    return bytes(data)


PACKETS = st.one_of(
    st.binary(max_size=2048),
    st.binary(max_size=1100).map(lambda body: b"ROUGHTIM" + wire.uint32(len(body)) + body),
    mutated(VALID),
    mutated(build_request(os.urandom(32), versions=(0x8000000C,))),
)


@given(packet=PACKETS)
@example(packet=VALID[:12] + wire.uint32(0xFFFFFFFF) + VALID[16:])
def test_the_parser_raises_nothing_but_dropped(packet):
    try:
        parse_request(packet, SRV)
    except Dropped as dropped:
        assert isinstance(dropped.reason, Drop)


@given(batch=st.lists(PACKETS, min_size=1, max_size=9))
def test_a_batch_of_anything_gets_a_response_or_a_reason_each_never_larger_than_the_request(batch):
    results = RESPONDER.respond(batch, NOW, 3)
    assert len(results) == len(batch)
    for packet, result in zip(batch, results):
        if isinstance(result, bytes):
            assert len(result) <= len(packet)
        else:
            assert isinstance(result, Drop) and result != Drop.INTERNAL_ERROR


@given(data=st.binary(max_size=512))
def test_the_message_decoder_raises_nothing_but_wire_errors(data):
    try:
        decode_message(data)
    except WireError:
        pass


@given(response=mutated(ANSWER))
def test_a_tampered_response_is_rejected_or_still_says_what_the_server_signed(response):
    try:
        verified = verify_response(VALID, response, PUBLIC_KEY)
    except VerificationError:
        return
    assert (verified.midpoint, verified.radius) == (NOW, 3)  # only unsigned bytes can have changed
