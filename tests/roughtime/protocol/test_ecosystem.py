"""RFC 10049 §8.3 server lists: read, written, and every malformed entry refused with a line saying where."""
import base64
import json

import pytest

from timesvc.roughtime.protocol.ecosystem import Address, InvalidServerList, ServerEntry, ServerList, parse_address, parse_server_list

from .support import PUBLIC_KEY

KEY = base64.b64encode(PUBLIC_KEY).decode()


def entry(**changes):
    server = {
        "name": "timesvc test",
        "version": 1,
        "publicKeyType": "ed25519",
        "publicKey": KEY,
        "addresses": [{"protocol": "udp", "address": "time.example.net:5319"}, {"protocol": "tcp", "address": "[2001:db8::2:33]:5319"}],
    }
    server.update(changes)
    return server


def test_a_list_is_read_with_its_sources_and_report_url():
    document = {"servers": [entry()], "sources": ["https://example.net/list.json"], "reports": "https://example.net/report"}
    parsed = parse_server_list(document)
    (server,) = parsed.servers
    assert (server.name, server.version, server.public_key) == ("timesvc test", 1, PUBLIC_KEY)
    assert server.addresses == (Address("udp", "time.example.net", 5319), Address("tcp", "2001:db8::2:33", 5319))
    assert parsed.sources == ("https://example.net/list.json",) and parsed.reports == "https://example.net/report"


def test_writing_gives_the_json_that_was_read():
    document = {"servers": [entry()], "sources": ["https://example.net/list.json"], "reports": "https://example.net/report"}
    assert json.loads(json.dumps(parse_server_list(document).to_json())) == document


def test_an_entry_is_written_in_the_rfc_format():
    server = ServerEntry("local", PUBLIC_KEY, (Address("udp", "127.0.0.1", 5319), Address("tcp", "::1", 5319)))
    assert ServerList((server,)).to_json() == {
        "servers": [
            {
                "name": "local",
                "version": 1,
                "publicKeyType": "ed25519",
                "publicKey": KEY,
                "addresses": [{"protocol": "udp", "address": "127.0.0.1:5319"}, {"protocol": "tcp", "address": "[::1]:5319"}],
            }
        ]
    }


def test_a_pre_rfc_version_label_is_kept_as_it_was():
    assert parse_server_list({"servers": [entry(version="IETF-Roughtime")]}).servers[0].version == "IETF-Roughtime"


@pytest.mark.parametrize(
    "document, message",
    [
        ([], 'no "servers" list'),
        ({"servers": {}}, 'no "servers" list'),
        ({"servers": ["x"]}, r"servers\[0\] is not an object"),
        ({"servers": [entry(name=None)]}, 'has no "name"'),
        ({"servers": [entry(version=True)]}, '"version" is an integer'),
        ({"servers": [entry(publicKeyType="rsa")]}, "\"publicKeyType\" 'rsa' is not \"ed25519\""),
        ({"servers": [entry(publicKey="not base64!")]}, "not base64 of 32 bytes"),
        ({"servers": [entry(publicKey=base64.b64encode(b"short").decode())]}, "not base64 of 32 bytes"),
        ({"servers": [entry(addresses=[])]}, '"addresses" is a list of at least one'),
        ({"servers": [entry(addresses=[{"protocol": "quic", "address": "a:1"}])]}, "neither \"udp\" nor \"tcp\""),
        ({"servers": [entry()], "sources": "https://x"}, '"sources" is a list of URLs'),
        ({"servers": [entry()], "reports": 5}, '"reports" is a URL'),
    ],
)
def test_a_malformed_list_is_refused_saying_where(document, message):
    with pytest.raises(InvalidServerList, match=message):
        parse_server_list(document)


@pytest.mark.parametrize("text", ["host", "host:", ":5319", "host:65536", "host:５", "2001:db8::1:5319", "[host]:5319", "[fe80::1%eth0]:5319"])
def test_an_address_is_host_colon_port_with_ipv6_in_brackets(text):
    with pytest.raises(InvalidServerList):
        parse_address(text)


def test_addresses_of_every_kind_of_host_are_read():
    assert parse_address("192.0.2.33:2002") == Address("udp", "192.0.2.33", 2002)
    assert parse_address("[2001:db8::2:33]:2002", "tcp") == Address("tcp", "2001:db8::2:33", 2002)
    assert parse_address("roughtime.example.com:5319").address == "roughtime.example.com:5319"
