"""The server core: a batch answered from one tree and one signature per version, each response verifiable."""
import os

from timesvc.roughtime.protocol import merkle, responder, wire
from timesvc.roughtime.protocol.drops import Drop
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.protocol.responder import Responder
from timesvc.roughtime.protocol.verify import verify_response
from timesvc.roughtime.protocol.versions import DRAFT, RFC

from .support import LONG_TERM_KEY, NOW, PUBLIC_KEY, fields, rebuilt, requests

RESPONDER = Responder(LONG_TERM_KEY)


def test_every_response_of_a_batch_verifies_with_the_time_given():
    batch = requests(5, public_key=PUBLIC_KEY)
    for request, response in zip(batch, RESPONDER.respond(batch, NOW, 7)):
        verified = verify_response(request, response, PUBLIC_KEY)
        assert (verified.version, verified.midpoint, verified.radius) == (RFC, NOW, 7)


def test_a_batch_shares_one_tree_and_one_signature():
    batch = requests(6)
    responses = [fields(response) for response in RESPONDER.respond(batch, NOW, 3)]
    assert len({response[wire.SIG] for response in responses}) == 1
    assert len({response[wire.SREP] for response in responses}) == 1
    assert [wire.read_uint32(response[wire.INDX], "INDX") for response in responses] == list(range(6))
    assert {len(response[wire.PATH]) for response in responses} == {3 * merkle.HASH_SIZE}


def test_a_lone_request_gets_an_empty_path():
    (response,) = RESPONDER.respond(requests(1), NOW, 3)
    assert fields(response)[wire.PATH] == b""


def test_each_version_in_a_batch_gets_its_own_tree_and_signature():
    batch = requests(2) + requests(2, versions=(DRAFT.number,))
    responses = RESPONDER.respond(batch, NOW, 3)
    versions = [verify_response(q, r, PUBLIC_KEY).version for q, r in zip(batch, responses)]
    assert versions == [RFC, RFC, DRAFT, DRAFT]
    assert fields(responses[0])[wire.SIG] != fields(responses[2])[wire.SIG]
    assert fields(responses[2])[wire.INDX] == wire.uint32(0)


def test_the_response_has_the_tags_of_the_rfc_and_srep_lists_both_versions():
    (response,) = RESPONDER.respond(requests(1), NOW, 3)
    assert list(fields(response)) == [wire.SIG, wire.NONC, wire.TYPE, wire.PATH, wire.SREP, wire.CERT, wire.INDX]
    srep = wire.decode_message(fields(response)[wire.SREP])
    assert list(srep) == [wire.VER, wire.RADI, wire.MIDP, wire.VERS, wire.ROOT]
    assert wire.read_uint32_list(srep[wire.VERS], "VERS") == (1, 0x8000000C)


def test_a_draft_request_without_type_gets_a_response_without_type():
    request = rebuilt(build_request(os.urandom(32), versions=(DRAFT.number,)), TYPE=None)
    (response,) = RESPONDER.respond([request], NOW, 3)
    assert wire.TYPE not in fields(response)
    assert verify_response(request, response, PUBLIC_KEY).version == DRAFT


def test_dropped_requests_keep_their_place_and_the_others_are_answered():
    good = requests(2)
    results = RESPONDER.respond([good[0], b"ROUGHTIM", good[1], rebuilt(good[0], NONC=bytes(8))], NOW, 3)
    assert results[1] == Drop.BAD_FRAMING and results[3] == Drop.BAD_VALUE
    for request, response in ((good[0], results[0]), (good[1], results[2])):
        verify_response(request, response, PUBLIC_KEY)


def test_no_response_is_larger_than_its_request():
    """A request padded to only 500 bytes gets no answer from a tree of height 3 (a 516-byte response)."""
    short = build_request(os.urandom(32))
    short = rebuilt(short, ZZZZ=bytes(len(fields(short)[wire.ZZZZ]) - (1036 - 500)))
    assert len(short) == 500
    results = RESPONDER.respond([short, *requests(7)], NOW, 3)
    assert results[0] == Drop.RESPONSE_TOO_LARGE
    assert all(len(response) <= 1036 for response in results[1:])
    (alone,) = RESPONDER.respond([short], NOW, 3)
    assert len(alone) == 420 <= len(short)


def test_a_flaw_in_one_request_costs_only_that_request(monkeypatch):
    batch = requests(2)

    def parse(packet, srv):
        if packet == batch[0]:
            raise RuntimeError("a defect")
        return original(packet, srv)

    original = responder.parse_request
    monkeypatch.setattr(responder, "parse_request", parse)
    results = RESPONDER.respond(batch, NOW, 3)
    assert results[0] == Drop.INTERNAL_ERROR
    verify_response(batch[1], results[1], PUBLIC_KEY)
