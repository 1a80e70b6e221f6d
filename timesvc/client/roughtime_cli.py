"""`timesvc roughtime`: make a long-term key, or ask Roughtime servers the time, every signature checked.

    timesvc roughtime keygen PATH                        a new key file, mode 0600; an existing file is kept
    timesvc roughtime HOST[:PORT] --key BASE64           one server: midpoint, radius, this machine's offset
    timesvc roughtime --servers LIST.json [--report F]   each listed server twice, in sequence, nonces chained

Exit status as `timesvc offset`: 0 when this machine's clock is within --max-offset of what the answers
prove, 1 when an answer proves it further off, 2 when a server cannot be reached or its answer does not
verify, or when servers contradict each other (RFC 10049 §8: one of them is wrong, and the report proves it).
"""
import argparse
import base64
import binascii
import json
import sys

from ..domain.zone import format_utc
from ..roughtime.protocol.ecosystem import DEFAULT_PORT, Address, InvalidServerList, ServerEntry, parse_address, parse_server_list
from ..roughtime.protocol.keys import KeyFileError, keygen
from ..roughtime.protocol.measurement import Measurement, Probe, measure
from .roughtime import NoResponse, exchange

WITHIN, BEYOND, FAILED = 0, 1, 2


def public_key(text: str) -> bytes:
    """--key: base64 of the server's 32-byte long-term public key."""
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise argparse.ArgumentTypeError("expected base64 of a 32-byte Ed25519 public key (GET /roughtime gives it)")
    return key


def address(text: str, protocol: str) -> Address:
    """HOST, HOST:PORT, [IPv6]:PORT or a bare IPv6 address; port 5319 when none is given."""
    if text.endswith("]") or text.count(":") > 1 and not text.startswith("["):  # an IPv6 address, no port
        return parse_address(f"[{text.removeprefix('[').removesuffix(']')}]:{DEFAULT_PORT}", protocol)
    return parse_address(text if ":" in text else f"{text}:{DEFAULT_PORT}", protocol)


def add_parser(commands):
    command = commands.add_parser(
        "roughtime",
        help="ask Roughtime servers the time, checking every signature (exit 0 within, 1 beyond --max-offset, 2 failed); `keygen PATH` makes a key",
        description=__doc__.split("\n\n")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("target", nargs="?", help="HOST[:PORT] of one server (port 5319 by default), or `keygen`")
    command.add_argument("path", nargs="?", help="with keygen: the key file to create")
    command.add_argument("--key", type=public_key, help="the server's long-term public key, base64 (its /roughtime says)")
    command.add_argument("--tcp", action="store_const", const="tcp", default="udp", dest="protocol", help="ask over TCP instead of UDP")
    command.add_argument("--servers", metavar="LIST.json", help="a server list (RFC 10049 §8.3, the ecosystem format): ask each in turn")
    command.add_argument("--report", metavar="FILE", help="with --servers: where to write the malfeasance report if servers disagree")
    command.add_argument("--max-offset", type=float, default=0.0, help="seconds this clock may be off beyond what the answers allow (default 0)")
    command.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for each answer (default 3)")
    command.set_defaults(run=run)
    return command


def run(args) -> int:
    if args.target == "keygen":
        return _keygen(args)
    if args.servers is not None:
        if args.target or args.key:
            return _usage("give either HOST --key or --servers, not both")
        return _servers(args)
    if args.target is None or args.key is None or args.path is not None:
        return _usage("give HOST[:PORT] --key BASE64, --servers LIST.json, or keygen PATH")
    try:
        server = ServerEntry(args.target, args.key, (address(args.target, args.protocol),))
    except InvalidServerList as exc:
        return _usage(str(exc))
    silent = []
    probe = measure([server], send=_noting_silence(silent), rounds=1, timeout=args.timeout).probes[0]
    print(_answer(probe))
    if probe.verified is None:
        if silent:
            print(_another_key(silent[0]), file=sys.stderr)
        return FAILED
    return _verdict([probe], args.max_offset)


def _noting_silence(silent: list):
    """`exchange`, appending to `silent` each address that sent no response in time."""

    def send(to: Address, request: bytes, timeout: float) -> bytes:
        try:
            return exchange(to, request, timeout)
        except NoResponse:
            silent.append(to)
            raise

    return send


def _another_key(silent: Address) -> str:
    # The request's SRV names the server of --key (RFC 10049 §5.1.4); a server holding another key drops
    # it without a word (timesvc's does, as Drop.WRONG_SERVER), so silence is all a client sees of a wrong key.
    http = Address("tcp", silent.host, 6543).address
    return (
        f"timesvc roughtime: {silent.address} sent nothing back: it may hold another key than --key, as a server"
        f" drops unanswered a request meant for another key. Its GET /roughtime gives the key it holds"
        f" (public_key): curl http://{http}/roughtime (6543: timesvc's default HTTP port)."
    )


def _keygen(args) -> int:
    if args.path is None or args.key or args.servers:
        return _usage("keygen takes one PATH, nothing else")
    try:
        key = keygen(args.path)
    except KeyFileError as exc:
        print(f"timesvc: {exc}", file=sys.stderr)
        return FAILED
    print(f"wrote {args.path} (mode 0600): public key {base64.b64encode(key).decode('ascii')}")
    print(f"serve with it: timesvc.roughtime_key = {args.path} (or TIMESVC_ROUGHTIME_KEY); give clients the public key")
    return WITHIN


def _servers(args) -> int:
    try:
        with open(args.servers, encoding="utf-8") as file:
            servers = parse_server_list(json.load(file)).servers
    except (OSError, ValueError) as exc:  # InvalidServerList and JSON errors are ValueErrors
        print(f"timesvc: {args.servers}: {exc}", file=sys.stderr)
        return FAILED
    if not servers:
        print(f"timesvc: {args.servers} lists no server", file=sys.stderr)
        return FAILED
    measurement = measure(servers, send=exchange, rounds=2, timeout=args.timeout)
    for position, probe in enumerate(measurement.probes, 1):
        print(f"{position}. {_answer(probe)}")
    _report_inconsistency(measurement, args.report)
    if not measurement.succeeded:
        return FAILED
    return _verdict(list(measurement.probes), args.max_offset)


def _answer(probe: Probe) -> str:
    where = f"{probe.server.name} ({'/'.join(a.protocol for a in probe.server.addresses)})"
    if probe.verified is None:
        return f"{where}: FAILED: {probe.error}"
    verified = probe.verified
    return (
        f"{where}: midpoint {format_utc(verified.midpoint * 10**9, 'seconds')} ± {verified.radius} s, verified"
        f" ({verified.version.name}, online key valid until {format_utc(verified.maxt * 10**9, 'seconds')});"
        f" offset {probe.offset:+.3f} s ± {_bound(probe):.3f} s"
    )


def _bound(probe: Probe) -> float:
    """How far the true offset may lie from probe.offset: the radius, and half the round trip."""
    return probe.verified.radius + (probe.received_ns - probe.sent_ns) / 2e9


def _verdict(probes: list[Probe], max_offset: float) -> int:
    """BEYOND when an answer proves this clock more than max_offset off: |offset| - bound > max_offset."""
    excess = max(abs(probe.offset) - _bound(probe) for probe in probes)
    print("offset: the server's midpoint minus this machine's clock, ± its radius and half the round trip")
    if excess > max_offset:
        print(f"BEYOND --max-offset {max_offset:g} s: this machine's clock is provably at least {excess:.3f} s off")
        return BEYOND
    print(f"within --max-offset {max_offset:g} s: no answer proves this machine's clock further off")
    return WITHIN


def _report_inconsistency(measurement: Measurement, path: str | None):
    probes = measurement.probes
    for i, j in measurement.inconsistent:
        print(
            f"INCONSISTENT: {probes[i].server.name} (answer {i + 1}) is later than {probes[j].server.name}"
            f" (answer {j + 1}, asked after it) allows: one of them is wrong"
        )
    report = measurement.malfeasance_report()
    if report is None:
        return
    if path is None:
        print("--report FILE writes the malfeasance report that proves it (RFC 10049 §8.4)")
        return
    with open(path, "w", encoding="utf-8") as file:
        json.dump(report, file, indent=2)
    print(f"malfeasance report written to {path}: it proves the inconsistency to anyone (RFC 10049 §8.4)")


def _usage(message: str) -> int:
    print(f"timesvc roughtime: {message}", file=sys.stderr)
    return FAILED
