"""Delegations: the long-term key certifies each online key, which is replaced half way through its window."""
import pytest
from cryptography.exceptions import InvalidSignature

from timesvc.roughtime.protocol import wire
from timesvc.roughtime.protocol.delegation import HANDOVER, LIFETIME, Delegations, delegate
from timesvc.roughtime.protocol.keys import public_key
from timesvc.roughtime.protocol.versions import DRAFT, RFC

from .support import LONG_TERM_KEY, NOW


def test_the_documented_lifetime_is_a_day_handed_over_after_half_of_it():
    assert (LIFETIME, HANDOVER) == (86400, 43200)


def test_a_delegation_certifies_its_online_key_for_its_window():
    delegation = delegate(LONG_TERM_KEY, NOW, NOW + 100)
    cert = wire.decode_message(delegation.certs[RFC.number])
    dele = wire.decode_message(cert[wire.DELE])
    assert dele == {wire.PUBK: public_key(delegation.online_key), wire.MINT: wire.uint64(NOW), wire.MAXT: wire.uint64(NOW + 100)}
    LONG_TERM_KEY.public_key().verify(cert[wire.SIG], RFC.delegation_context + cert[wire.DELE])


def test_each_version_has_the_same_dele_signed_in_its_own_context():
    delegation = delegate(LONG_TERM_KEY, NOW, NOW + 100)
    rfc, draft = (wire.decode_message(delegation.certs[v.number]) for v in (RFC, DRAFT))
    assert rfc[wire.DELE] == draft[wire.DELE]
    LONG_TERM_KEY.public_key().verify(draft[wire.SIG], DRAFT.delegation_context + draft[wire.DELE])
    with pytest.raises(InvalidSignature):
        LONG_TERM_KEY.public_key().verify(draft[wire.SIG], RFC.delegation_context + draft[wire.DELE])


def test_the_same_delegation_serves_until_its_handover():
    delegations = Delegations(LONG_TERM_KEY)
    first = delegations.at(NOW)
    assert (first.mint, first.maxt) == (NOW, NOW + LIFETIME)
    assert delegations.at(NOW + HANDOVER - 1) is first
    assert delegations.latest is first


def test_after_the_handover_a_new_online_key_takes_over_and_the_windows_overlap():
    delegations = Delegations(LONG_TERM_KEY)
    first = delegations.at(NOW)
    second = delegations.at(NOW + HANDOVER)
    assert public_key(second.online_key) != public_key(first.online_key)
    assert second.mint == NOW + HANDOVER < first.maxt
    assert all(d.covers(NOW + HANDOVER) for d in (first, second))


def test_a_clock_stepped_back_before_the_window_gets_a_new_delegation():
    delegations = Delegations(LONG_TERM_KEY)
    first = delegations.at(NOW)
    earlier = delegations.at(NOW - 3600)
    assert earlier is not first and earlier.covers(NOW - 3600)


def test_the_handover_comes_before_the_end_of_the_lifetime():
    with pytest.raises(ValueError):
        Delegations(LONG_TERM_KEY, lifetime=100, handover=100)
