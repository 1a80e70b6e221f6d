"""RFC 10049 §5.4: a client believes a response only once every check passes; each check is seen failing."""
import dataclasses
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from timesvc.roughtime.protocol import merkle, wire
from timesvc.roughtime.protocol.delegation import delegate
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.protocol.verify import VerificationError, verify_response
from timesvc.roughtime.protocol.versions import DRAFT, RFC

from .support import LONG_TERM_KEY, NOW, PUBLIC_KEY, fields, forge, rebuilt

DELEGATION = delegate(LONG_TERM_KEY, NOW - 60, NOW + 60)


@pytest.fixture
def request_packet():
    return build_request(os.urandom(32), PUBLIC_KEY)


def failure(request, response, public_key=PUBLIC_KEY) -> str:
    with pytest.raises(VerificationError) as error:
        verify_response(request, response, public_key)
    return error.value.reason


@pytest.mark.parametrize("version", [RFC, DRAFT])
def test_a_response_built_by_the_rules_verifies(request_packet, version):
    verified = verify_response(request_packet, forge(request_packet, DELEGATION, version), PUBLIC_KEY)
    assert (verified.version, verified.midpoint, verified.radius) == (version, NOW, 3)
    assert (verified.mint, verified.maxt, verified.server_versions) == (NOW - 60, NOW + 60, (1, 0x8000000C))


def test_a_response_to_another_nonce_is_rejected(request_packet):
    other = build_request(os.urandom(32), PUBLIC_KEY)
    assert failure(request_packet, forge(other, DELEGATION, RFC)) == "nonce"


def test_a_delegation_not_signed_by_the_trusted_key_is_rejected(request_packet):
    stranger = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC), stranger) == "signature"


def test_srep_not_signed_by_the_delegated_key_is_rejected(request_packet):
    response = forge(request_packet, DELEGATION, RFC, sign_with=Ed25519PrivateKey.generate())
    assert failure(request_packet, response) == "signature"


def test_a_midpoint_outside_the_delegation_window_is_rejected(request_packet):
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC, midpoint=NOW + 61)) == "validity"
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC, midpoint=NOW - 61)) == "validity"
    verify_response(request_packet, forge(request_packet, DELEGATION, RFC, midpoint=NOW + 60), PUBLIC_KEY)


def test_a_root_the_request_does_not_lead_to_is_rejected(request_packet):
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC, ROOT=merkle.leaf(b"x"))) == "merkle"
    response = forge(request_packet, DELEGATION, RFC)
    assert failure(request_packet, rebuilt(response, INDX=wire.uint32(1))) == "merkle"
    assert failure(request_packet, rebuilt(response, PATH=bytes(32))) == "merkle"


def test_a_version_that_was_not_offered_is_rejected():
    draft_only = build_request(os.urandom(32), PUBLIC_KEY, versions=(DRAFT.number,))
    assert failure(draft_only, forge(draft_only, DELEGATION, RFC)) == "version"


def test_vers_must_list_the_version_ascending(request_packet):
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC, VERS=wire.uint32(DRAFT.number))) == "version"
    descending = wire.uint32(DRAFT.number) + wire.uint32(RFC.number)
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC, VERS=descending)) == "version"


def test_signatures_in_the_other_versions_context_are_rejected(request_packet):
    """The RFC spells the contexts "Roughtime", the drafts "RoughTime": a mix-up must not pass."""
    mixed = dataclasses.replace(RFC, response_context=DRAFT.response_context)
    delegation = dataclasses.replace(DELEGATION, certs={RFC.number: DELEGATION.certs[DRAFT.number]})
    assert failure(request_packet, forge(request_packet, DELEGATION, mixed)) == "signature"
    assert failure(request_packet, forge(request_packet, delegation, RFC)) == "signature"


def test_type_must_be_1_and_version_1_requires_it(request_packet):
    response = forge(request_packet, DELEGATION, RFC)
    assert failure(request_packet, rebuilt(response, TYPE=wire.uint32(0))) == "type"
    assert failure(request_packet, rebuilt(response, TYPE=None)) == "type"


def test_a_draft_response_may_lack_type(request_packet):
    response = rebuilt(forge(request_packet, DELEGATION, DRAFT), TYPE=None)
    assert verify_response(request_packet, response, PUBLIC_KEY).version == DRAFT


def test_a_radius_of_zero_is_rejected(request_packet):
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC, radius=0)) == "radius"


@pytest.mark.parametrize("missing", ["SIG", "NONC", "PATH", "SREP", "CERT", "INDX"])
def test_a_response_missing_a_tag_is_malformed(request_packet, missing):
    assert failure(request_packet, rebuilt(forge(request_packet, DELEGATION, RFC), **{missing: None})) == "malformed"


@pytest.mark.parametrize("missing", ["VER", "RADI", "MIDP", "VERS", "ROOT"])
def test_an_srep_missing_a_tag_is_malformed(request_packet, missing):
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC, **{missing: None})) == "malformed"


def test_undefined_tags_are_ignored(request_packet):
    response = rebuilt(forge(request_packet, DELEGATION, RFC), ZZZZ=b"grease!!")
    assert verify_response(request_packet, response, PUBLIC_KEY).midpoint == NOW
    assert fields(response)[wire.ZZZZ] == b"grease!!"


def test_bytes_that_are_no_packet_are_malformed(request_packet):
    assert failure(request_packet, b"ROUGHTIM\x00\x00\x00\x00") == "malformed"
    assert failure(request_packet, forge(request_packet, DELEGATION, RFC)[:-4]) == "malformed"
