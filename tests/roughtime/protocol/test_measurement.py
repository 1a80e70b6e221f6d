"""RFC 10049 §8.2 and §8.4: servers asked in turn with chained nonces; inconsistent times become a report."""
import base64
import copy

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from timesvc.roughtime.protocol import merkle
from timesvc.roughtime.protocol.ecosystem import Address, ServerEntry
from timesvc.roughtime.protocol.keys import public_key
from timesvc.roughtime.protocol.measurement import ExchangeError, InvalidReport, inconsistent_pairs, measure, verify_report
from timesvc.roughtime.protocol.request import read_request, srv_value
from timesvc.roughtime.protocol.responder import Responder

from .support import NOW


class Servers:
    """In-process servers behind `send`, each at its own offset from NOW; port 0 never answers."""

    def __init__(self, *offsets: int):
        keys = [Ed25519PrivateKey.generate() for _ in offsets]
        self.responders = {port: (Responder(key), offset) for port, (key, offset) in enumerate(zip(keys, offsets), 1)}
        self.entries = [
            ServerEntry(f"server {port}", public_key(key), (Address("udp", "127.0.0.1", port),))
            for port, key in enumerate(keys, 1)
        ]
        self.asked = []

    def send(self, address: Address, request: bytes, timeout: float) -> bytes:
        self.asked.append(address.port)
        if address.port not in self.responders:
            raise ExchangeError(f"no response from {address.address}")
        responder, offset = self.responders[address.port]
        response = responder.respond([request], NOW + offset, 3)[0]
        if not isinstance(response, bytes):  # dropped: a real server is silent
            raise ExchangeError(f"no response from {address.address}: {response}")
        return response


def counting_clock():
    ticks = iter(range(NOW * 10**9, NOW * 10**9 + 10**12, 10**8))  # 0.1 s per reading
    return lambda: next(ticks)


def test_consistent_servers_make_a_successful_measurement_asked_twice_in_order():
    servers = Servers(0, 1, -1)
    measurement = measure(servers.entries, send=servers.send, clock=counting_clock())
    assert measurement.succeeded and measurement.malfeasance_report() is None
    assert servers.asked == [1, 2, 3, 1, 2, 3]
    assert [probe.verified.midpoint - NOW for probe in measurement.probes] == [0, 1, -1, 0, 1, -1]


def test_each_nonce_after_the_first_is_chained_from_the_previous_response():
    servers = Servers(0, 0)
    probes = measure(servers.entries, send=servers.send).probes
    assert read_request(probes[0].request)[0] == probes[0].rand
    for before, after in zip(probes, probes[1:]):
        assert read_request(after.request)[0] == merkle.digest(before.response + after.rand)


def test_a_server_ahead_of_the_others_is_caught_with_a_report_that_proves_it():
    servers = Servers(0, 3600, 0)
    measurement = measure(servers.entries, send=servers.send)
    assert not measurement.succeeded
    assert (1, 2) in measurement.inconsistent and (1, 3) in measurement.inconsistent  # ahead, then the others
    report = measurement.malfeasance_report()
    assert len(report["responses"]) == 6
    assert verify_report(report) == measurement.inconsistent


def test_only_the_causal_order_is_checked_a_later_answer_may_be_much_later():
    servers = Servers(0, 3600)
    measurement = measure(servers.entries, rounds=1, send=servers.send)
    assert measurement.succeeded


def test_a_report_whose_chain_or_signature_is_broken_proves_nothing():
    servers = Servers(0, 3600)
    report = measure(servers.entries, send=servers.send).malfeasance_report()
    broken_chain = copy.deepcopy(report)
    broken_chain["responses"][2]["rand"] = base64.b64encode(bytes(32)).decode()
    with pytest.raises(InvalidReport, match="not chained"):
        verify_report(broken_chain)
    wrong_key = copy.deepcopy(report)
    wrong_key["responses"][0]["publicKey"] = report["responses"][1]["publicKey"]
    with pytest.raises(InvalidReport, match="signature"):
        verify_report(wrong_key)
    with pytest.raises(InvalidReport):
        verify_report({"responses": [{"request": "!!"}]})


def test_a_server_that_does_not_answer_is_reported_and_the_chain_goes_on_from_the_last_answer():
    servers = Servers(0, 0)
    silent = ServerEntry("silent", public_key(Ed25519PrivateKey.generate()), (Address("udp", "127.0.0.1", 0),))
    probes = measure([servers.entries[0], silent, servers.entries[1]], rounds=1, send=servers.send).probes
    assert probes[1].verified is None and "no response" in probes[1].error
    assert read_request(probes[2].request)[0] == merkle.digest(probes[0].response + probes[2].rand)


def test_a_response_signed_by_another_key_fails_its_probe_without_being_inconsistent():
    servers = Servers(0, 0)
    impostor = ServerEntry("impostor", public_key(Ed25519PrivateKey.generate()), servers.entries[1].addresses)
    servers.responders[2][0].srv = srv_value(impostor.public_key)  # a server that answers for any key
    measurement = measure([servers.entries[0], impostor], rounds=1, send=servers.send)
    assert measurement.probes[1].error.startswith("signature") and not measurement.inconsistent
    assert not measurement.succeeded


def test_the_offset_is_the_midpoint_against_the_middle_of_the_exchange():
    servers = Servers(5)
    (probe,) = measure(servers.entries, rounds=1, send=servers.send, clock=counting_clock()).probes
    assert probe.offset == pytest.approx(5 - 0.05)


def test_inconsistency_needs_the_earlier_lower_bound_above_the_later_upper_bound():
    class Answer:
        def __init__(self, midpoint, radius):
            self.midpoint, self.radius = midpoint, radius

    assert inconsistent_pairs([(0, Answer(100, 3)), (1, Answer(94, 3))]) == ()
    assert inconsistent_pairs([(0, Answer(100, 3)), (1, Answer(93, 3))]) == ((0, 1),)
