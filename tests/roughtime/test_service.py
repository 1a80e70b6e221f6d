"""GET /roughtime: the key, port and versions of the Roughtime server beside the API, against that server itself."""
import base64
import os
import socket
from types import SimpleNamespace

import jsonschema
import pytest
import webtest
from webob import Request

from tests.conftest import replaced
from tests.roughtime.protocol.support import NOW
from tests.support.processes import wait_for
from tests.web.services.test_metrics import sample
from timesvc import main
from timesvc.client.roughtime import exchange
from timesvc.domain.clockstatus import ClockStatus
from timesvc.roughtime.protocol.ecosystem import Address, parse_server_list
from timesvc.roughtime.protocol.measurement import measure
from timesvc.roughtime.protocol.request import build_request
from timesvc.roughtime.protocol.verify import verify_response
from timesvc.roughtime.service import advertised_host

SYNCHRONIZED = ClockStatus(True, 0.002, 0.0005)
UNSYNCHRONIZED = ClockStatus(False, 16.0, 16.0)


@pytest.fixture(scope="module")
def roughtime_app(app_settings):
    return main({}, **{**app_settings, "timesvc.roughtime": "on"})


class Status:
    """The clock's state as the test sets it."""

    status = SYNCHRONIZED

    def __call__(self):
        return self.status


@pytest.fixture
def served(roughtime_app):
    """(WebTest app, its Roughtime server started on a free port, the clock status to set); clock at NOW + 0.75 s."""
    registry, status = roughtime_app.registry, Status()
    with replaced(registry, "clock", lambda: NOW * 10**9 + 750_000_000), replaced(registry, "clock_status", status):
        server = registry.roughtime.server
        server.port = 0  # as the server runner sets the port given at startup
        server.start()
        try:
            yield webtest.TestApp(roughtime_app), server, status
        finally:
            server.stop()


def test_without_roughtime_it_is_a_404_saying_how_to_serve_it(testapp):
    [error] = testapp.get("/roughtime", status=404).json["errors"]
    assert "timesvc.roughtime_key" in error["description"] and "timesvc roughtime keygen PATH" in error["description"]


def test_it_publishes_the_key_port_versions_radius_and_delegation(served):
    testapp, server, _ = served
    body = testapp.get("/roughtime", status=200).json
    assert base64.b64decode(body["public_key"]) == server.public_key and body["port"] == server.port
    assert [version["number"] for version in body["versions"]] == [1, 0x8000000C] and body["protocols"] == ["udp", "tcp"]
    assert (body["throwaway_key"], body["listening"], body["answering"], body["unsynchronized"], body["radius"]) == (True, True, True, False, 3)
    assert body["delegation"] == {"valid_from": "2026-12-01T00:00:00Z", "valid_until": "2026-12-02T00:00:00Z"}


@pytest.mark.parametrize("protocol", ["udp", "tcp"])
def test_what_the_server_answers_verifies_with_the_published_key_and_radius(served, protocol):
    testapp, server, _ = served
    body = testapp.get("/roughtime").json
    key = base64.b64decode(body["public_key"])
    request = build_request(os.urandom(32), key)
    verified = verify_response(request, exchange(Address(protocol, "127.0.0.1", body["port"]), request), key)
    assert (verified.midpoint, verified.radius) == (NOW, body["radius"])


def test_the_server_list_entry_is_one_a_client_can_add_and_ask(served):
    testapp, server, _ = served
    [entry] = parse_server_list({"servers": [testapp.get("/roughtime").json["server"]]}).servers
    assert entry.addresses == (Address("udp", "127.0.0.1", server.port), Address("tcp", "127.0.0.1", server.port))
    [probe] = measure([entry], send=exchange, rounds=1).probes
    assert probe.verified is not None and probe.verified.midpoint == NOW


def test_an_unsynchronized_clock_is_dropped_by_default_and_said(served):
    testapp, _, status = served
    status.status = UNSYNCHRONIZED
    body = testapp.get("/roughtime").json
    assert (body["listening"], body["answering"], body["unsynchronized"], body["radius"]) == (True, False, False, None)


def test_answering_with_an_unsynchronized_clock_is_flagged(served, monkeypatch):
    testapp, server, status = served
    status.status = UNSYNCHRONIZED
    monkeypatch.setattr(server, "serve_unsynchronized", True)  # as timesvc.roughtime_unsynchronized = answer does
    body = testapp.get("/roughtime").json
    assert (body["answering"], body["unsynchronized"], body["radius"]) == (True, True, 17)


def test_a_server_not_started_is_not_listening_and_has_no_delegation_yet(app_settings):
    body = webtest.TestApp(main({}, **{**app_settings, "timesvc.roughtime": "on"})).get("/roughtime").json
    assert (body["listening"], body["answering"], body["delegation"]) == (False, False, None)


def test_the_heartbeat_and_the_metrics_follow_the_server_that_answers(served):
    testapp, server, _ = served
    names = ("requests_total", "batches_total", "responses_total", 'drops_total{reason="too_short"}', 'drops_total{reason="wrong_server"}')
    before, responses = testapp.get("/metrics").text, server.counters.responses  # counted since the app was made
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"short", ("127.0.0.1", server.port))
    exchange(Address("udp", "127.0.0.1", server.port), build_request(os.urandom(32), server.public_key))
    wait_for(lambda: server.counters.responses == responses + 1, "the response counted")
    after = testapp.get("/metrics").text
    counted = [sample(after, f"timesvc_roughtime_{name}") - sample(before, f"timesvc_roughtime_{name}") for name in names]
    assert counted == [2, 1, 1, 1, 0]
    assert sample(after, "timesvc_roughtime_listening") == 1
    assert sample(after, "timesvc_roughtime_delegation_expiry_timestamp_seconds") == NOW + 86400
    heartbeat = testapp.get("/__heartbeat__").json
    assert heartbeat["checks"]["roughtime"] == "warning"  # the throwaway key
    assert heartbeat["details"]["roughtime"]["delegation_remaining_s"] == 86400


def test_the_body_is_what_the_openapi_document_declares(served):
    testapp, _, _ = served
    document = testapp.get("/openapi.json").json
    schema = document["paths"]["/roughtime"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    jsonschema.validate(testapp.get("/roughtime").json, schema)
    assert "404" in document["paths"]["/roughtime"]["get"]["responses"]


@pytest.mark.parametrize(
    "bound, host_header, advertised",
    [
        ("127.0.0.1", "time.example:6543", "127.0.0.1"),  # bound to one address: that one
        ("0.0.0.0", "time.example:6543", "time.example"),  # every address: the one the client asked
        ("::", "[2001:db8::1]:6543", "2001:db8::1"),
        ("0.0.0.0", "not a host", "0.0.0.0"),
        ("0.0.0.0", "x" * 300, "0.0.0.0"),
    ],
)
def test_the_entry_advertises_the_bound_address_or_the_host_asked(bound, host_header, advertised):
    request = Request.blank("/roughtime", headers={"Host": host_header})
    assert advertised_host(request, SimpleNamespace(host=bound)) == advertised
