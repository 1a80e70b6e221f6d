"""The `timesvc` command: now, convert, this machine's clock offset against a server, Roughtime, and check.

`timesvc offset` exits 0 when the offset is within --max-offset, 1 beyond it, 2 when the server
cannot be reached or answers badly, so that it can sit in cron or a monitoring check; `timesvc
roughtime` (roughtime_cli.py) exits alike. `timesvc check INI` is the operators' (timesvc.serving.check).
"""
import argparse
import os
import sys

from . import DEFAULT_URL, Client, TimesvcError, estimate_offset, roughtime_cli

WITHIN, BEYOND, UNREACHABLE = 0, 1, 2
PROGRESS_ABOVE = 10  # samples: fewer finish too fast for a progress line to help


def _zone_line(zone) -> str:
    return f"{zone.datetime} {zone.timezone} ({zone.abbreviation}, UTC{zone.utc_offset}{', DST' if zone.dst else ''})"


def now(client, args) -> int:
    print(_zone_line(client.now(args.tz).zone))
    return 0


def convert(client, args) -> int:
    result = client.convert(args.time, to=args.to, from_=args.from_, ambiguous=args.ambiguous, nonexistent=args.nonexistent)
    if result.source is not None:
        print(f"from {_zone_line(result.source)}")
    print(f"to   {_zone_line(result.target)}")
    return 0


def clock_status(clock: dict | None) -> str:
    """The server's own clock status, as its /time reports it (older servers report none)."""
    if not isinstance(clock, dict):
        return "unknown (the server does not report its clock status)"
    synchronized = clock.get("synchronized")
    if synchronized is None:
        return "unknown (the server's system cannot tell)"
    state = "synchronized" if synchronized else "NOT synchronized"
    details = ", ".join(f"{key} {clock[key]}" for key in ("max_error", "est_error") if clock.get(key) is not None)
    return f"{state}{', ' + details if details else ''}"


def offset(client, args) -> int:
    samples = []
    # A progress line only where a person watches it redrawn: in a log or a pipe it would be noise.
    progress = args.samples > PROGRESS_ABOVE and sys.stderr.isatty()
    for index in range(args.samples):
        samples.append(client.sample())
        if progress:
            print(f"\rsampling {index + 1}/{args.samples}", end="", file=sys.stderr, flush=True)
    if progress:
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)  # erased: the result follows on a clean line
    result = estimate_offset(samples)
    seconds, bound = result.offset_ns / 1e9, result.bound_ns / 1e9
    print(f"offset {seconds:+.6f} s ± {bound:.6f} s (the server's clock minus this machine's; {result.kept} lowest-delay of {result.samples} samples)")
    print(f"server clock: {clock_status(result.clock)}")
    within = abs(seconds) <= args.max_offset
    print(f"{'within' if within else 'BEYOND'} --max-offset {args.max_offset} s")
    return WITHIN if within else BEYOND


def check(args) -> int:
    from ..serving.check import check as check_ini  # the service itself: loaded only for this command

    return check_ini(args.ini, dict(variable.partition("=")[::2] for variable in args.variables))


def parser() -> argparse.ArgumentParser:
    default_url = os.environ.get("TIMESVC_URL", DEFAULT_URL)
    url = argparse.ArgumentParser(add_help=False)
    url.add_argument("--url", default=default_url, help=f"the timesvc server (default: $TIMESVC_URL or {DEFAULT_URL})")
    top = argparse.ArgumentParser(prog="timesvc", description="Ask a timesvc server the time, convert times, measure this clock's offset, ask Roughtime servers.")
    commands = top.add_subparsers(dest="command", required=True)
    command = commands.add_parser("now", parents=[url], help="print the time now")
    command.add_argument("--tz", help="IANA zone name (default: the server's default zone)")
    command.set_defaults(run=now)
    command = commands.add_parser("convert", parents=[url], help="convert a time between zones")
    command.add_argument("time", help="RFC 3339 / ISO 8601 time, with or without offset, or Unix seconds")
    command.add_argument("--from", dest="from_", help="zone of a time given without offset")
    command.add_argument("--to", help="zone to show it in (default UTC)")
    command.add_argument("--ambiguous", choices=("raise", "earlier", "later"))
    command.add_argument("--nonexistent", choices=("raise", "shift_forward", "shift_backward"))
    command.set_defaults(run=convert)
    command = commands.add_parser("offset", help="this machine's clock offset against the server (exit 0 within, 1 beyond --max-offset, 2 unreachable)")
    command.add_argument("url", nargs="?", default=default_url, help=f"the timesvc server (default: $TIMESVC_URL or {DEFAULT_URL})")
    command.add_argument("--samples", type=int, default=8, help="requests to make (default 8)")
    command.add_argument("--max-offset", type=float, default=0.5, help="seconds of offset still counted as within (default 0.5)")
    command.set_defaults(run=offset)
    roughtime_cli.add_parser(commands)
    command = commands.add_parser("check", help="what `pserve INI` would serve, or the one line that would stop it, binding no port (exit 0 or 1)")
    command.add_argument("ini", help="the paste ini file, e.g. production.ini")
    command.add_argument("variables", nargs="*", metavar="NAME=VALUE", help="as on pserve's command line: http_port=8000, roughtime_port=5320")
    command.set_defaults(run=check)
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.command in ("roughtime", "check"):
        return args.run(args)  # no HTTP client: Roughtime has transports of its own, check reads an ini
    if getattr(args, "samples", 1) < 1:
        print("timesvc: --samples must be at least 1", file=sys.stderr)
        return UNREACHABLE
    try:
        with Client(args.url) as client:
            return args.run(client, args)
    except TimesvcError as exc:
        print(f"timesvc: {exc}", file=sys.stderr)
        return UNREACHABLE
