"""Calls into roughly's own code, run with roughly's Python (tests/support/roughly_peer.py): JSON out.

Not imported by the test suite: it runs where timesvc is not installed, and imports only roughly.
"""
import asyncio
import base64
import json
import socket
import sys
from pathlib import Path

from roughly import client, ecosystem


def query(host: str, port: str, key: str, *versions: str) -> dict:
    """roughly's client over UDP, offering `versions` (hexadecimal), verifying with roughly's checks."""
    offered = [int(version, 16) for version in versions] or None
    response = asyncio.run(client.send_request(host, int(port), base64.b64decode(key), versions=offered))
    return {"version": response.version, "midpoint": response.signed_response.midpoint, "radius": response.signed_response.radius}


def query_tcp(host: str, port: str, key: str) -> dict:
    """roughly's request sent over TCP, and the response checked by roughly (whose client speaks UDP only)."""
    public_key = base64.b64decode(key)
    request = client.build_request(public_key=public_key).dump()
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request)
        stream = sock.makefile("rb")
        header = stream.read(12)
        raw = header + stream.read(int.from_bytes(header[8:], "little"))
    response = client.VerifiableResponse.from_packet(raw=raw, request=request)
    response.verify(public_key)
    return {"version": response.version, "midpoint": response.signed_response.midpoint}


def load_ecosystem(path: str) -> list:
    """A server list as roughly reads it."""
    servers = ecosystem.load_ecosystem(Path(path))
    return [
        {"name": s.name, "version": s.version, "publicKey": base64.b64encode(s.public_key).decode(), "addresses": [a.address for a in s.addresses]}
        for s in servers
    ]


def confirm_malfeasance(path: str) -> bool:
    """roughly's verdict on a malfeasance report: True when it proves an inconsistency."""
    return ecosystem.confirm_malfeasance(json.loads(Path(path).read_text())["responses"])


def chain(path: str) -> dict:
    """roughly's measurement sequence over the servers of a list, as a malfeasance report."""
    servers = ecosystem.load_ecosystem(Path(path))
    responses = asyncio.run(ecosystem.query_servers(servers))
    return {"responses": ecosystem.malfeasance_report(responses, servers)}


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    print(json.dumps(globals()[command.replace("-", "_")](*arguments)))
