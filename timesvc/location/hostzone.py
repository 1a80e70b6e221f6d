"""The host's own time zone, answered to callers on its local network, and which addresses those are.

`system_zone` tries, in order (the first that names a zone decides):
1. TZ, when it names a zone: `Europe/Paris` or `:Europe/Paris` (any alias or letter case, answered
   by its canonical name); a path, `:/usr/share/zoneinfo/Europe/Paris`, named by what follows its
   last `zoneinfo/` (`posix/` and `right/` dropped), else identified as /etc/localtime is; a POSIX
   rule, `CET-1CEST,M3.5.0,M10.5.0/3`, when exactly one zone follows it, or when tzdata names the
   rule itself (CET → Europe/Brussels, EST5EDT, `<+03>-3` → Etc/GMT-3). An empty TZ is skipped.
2. The zone the /etc/localtime symlink (or a chain of them) points to: `.../zoneinfo/<Name>`.
3. /etc/timezone (Debian), unless /etc/localtime is a TZif file that has shown other clocks
   since 1970: an image's stale /etc/timezone must not hide the host's /etc/localtime mounted
   into a container.
4. The zone whose data equal the contents of /etc/localtime (a copied file), whole history first,
   else since 1970, else since 1970 until now (the host's tzdata may be older, with other
   predictions); when several do, the one the data defines rather than a link, then one that
   zone.tab places, then the first by name.
Every path is read under `root`, so tests can build a host of their own.
"""
import ipaddress
import os
import posixpath
import stat
import time
from pathlib import Path
from typing import NamedTuple

from ..domain.errors import InvalidInput, echo
from ..domain.zonematch import SINCE_1970, names_for_rule, read_tzif, same_clocks, zones_following_rule, zones_matching_file

TZ_VARIABLE = "the TZ environment variable"
LOCALTIME_LINK = "the /etc/localtime symlink"
ETC_TIMEZONE = "/etc/timezone"
LOCALTIME_CONTENTS = "the contents of /etc/localtime"

_LOCALTIME = "/etc/localtime"
_MAX_BYTES = 256 * 1024  # TZif files are a few kB; anything bigger is not one
_MAX_LINKS = 16
_SHOWN = 4  # candidates named in a detail


class SystemZone(NamedTuple):
    """The host's zone (None when no rule found one), the rule that decided, and how."""

    name: str | None
    rule: str | None
    detail: str
    skipped: tuple[str, ...] = ()  # why each earlier rule did not decide

    def describe(self) -> str:
        """One line for the startup log."""
        if self.name is None:
            return f"no local zone found: {self.detail}"
        return f"local zone {self.name}, from {self.rule} ({self.detail})"


class _Found(NamedTuple):
    name: str | None
    text: str  # the detail when a zone was found, else why not


def _canonical(catalogue, name: str) -> str | None:
    try:
        return catalogue.canonical(name)
    except InvalidInput:
        return None


def _under(root: str, path: str) -> Path:
    return Path(root, path.lstrip("/"))


def _read(root: str, path: str) -> bytes:
    """A small regular file's bytes; OSError for anything else (a FIFO must never block startup)."""
    where = _under(root, path)
    info = where.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path} is not a regular file")
    if info.st_size > _MAX_BYTES:
        raise OSError(f"{path} is {info.st_size} bytes, too big for a zone file")
    with where.open("rb") as file:
        return file.read(_MAX_BYTES)


def _why(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


def _link_chain(root: str, path: str) -> list[str]:
    """The paths a chain of symlinks from `path` leads through, resolved on the host, in order."""
    chain = []
    for _ in range(_MAX_LINKS):
        try:
            target = os.readlink(_under(root, path))
        except OSError:  # not a link, or not there
            break
        path = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        chain.append(path)
    return chain


def _zone_in_path(catalogue, path: str) -> _Found:
    """The zone a path names by what follows its last zoneinfo/; text: a note on success, else why not."""
    parts = path.split("/")
    if "zoneinfo" not in parts:
        return _Found(None, f"{path} is not in a zoneinfo directory")
    rest = parts[len(parts) - parts[::-1].index("zoneinfo") :]
    variant = rest[0] if rest[:1] in (["posix"], ["right"]) else None
    name = _canonical(catalogue, "/".join(rest[1:] if variant else rest))
    if name is None:
        return _Found(None, f"{path} names no zone this server knows")
    # right/ files count leap seconds in the system clock; the civil zone is the same.
    return _Found(name, f", the leap-second variant of {name}" if variant == "right" else "")


def _zone_by_link(catalogue, root: str, path: str) -> _Found:
    chain = _link_chain(root, path)
    if not chain:
        return _Found(None, f"{path} is not a symlink")
    for target in chain:
        found = _zone_in_path(catalogue, target)
        if found.name:
            return _Found(found.name, f"{path} -> {target}{found.text}")
    return _Found(None, f"{path} -> {chain[-1]}: no zone name in the link")


def _listed(names: list[str]) -> str:
    return ", ".join(names[:_SHOWN]) + (", …" if len(names) > _SHOWN else "")


def _read_linked(root: str, path: str) -> bytes:
    """The file a path's symlinks lead to on this host: an absolute link target is under `root` too."""
    return _read(root, (_link_chain(root, path) or [path])[-1])


def _zone_by_contents(catalogue, root: str, path: str, now: int) -> _Found:
    try:
        data = _read_linked(root, path)
    except OSError as exc:
        return _Found(None, f"{path} cannot be read: {_why(exc)}")
    if read_tzif(data) is None:
        return _Found(None, f"{path} is not a TZif version 2+ file")
    names = zones_matching_file(catalogue, data, now)
    if not names:
        return _Found(None, f"{path} holds data no zone of tzdata {catalogue.version} has")
    if len(names) == 1:
        return _Found(names[0], f"{path} holds the data of {names[0]} alone")
    return _Found(names[0], f"{path} holds the data of {len(names)} zones ({_listed(names)}); the first is preferred")


def _zone_of_rule(catalogue, rule: str) -> _Found:
    following = zones_following_rule(catalogue, rule)
    if len(following) == 1:
        return _Found(following[0], f"TZ={echo(rule)}, the rule of {following[0]} alone")
    for named in filter(None, (_canonical(catalogue, name) for name in names_for_rule(rule))):
        if named in following:
            return _Found(named, f"TZ={echo(rule)}, the rule tzdata names {named}")
    if following:
        return _Found(None, f"TZ={echo(rule)} is the rule of {len(following)} zones ({_listed(following)}), not of one")
    return _Found(None, f"TZ={echo(rule)} names no zone this server knows")


def _from_tz(catalogue, environ, root: str, now: int) -> _Found:
    value = environ.get("TZ")
    if value is None:
        return _Found(None, "TZ is unset")
    text = value[1:] if value.startswith(":") else value
    if not text:
        return _Found(None, "TZ is empty")
    name = _canonical(catalogue, text)
    if name:
        return _Found(name, f"TZ={echo(value)}")
    if not text.startswith("/"):
        return _zone_of_rule(catalogue, text)
    found = _zone_in_path(catalogue, text)
    if found.name:
        return _Found(found.name, f"TZ={echo(value)}{found.text}")
    found = _zone_by_link(catalogue, root, text)
    if found.name is None:
        found = _zone_by_contents(catalogue, root, text, now)
    return _Found(found.name, f"TZ={echo(value)}: {found.text}")


def _from_etc_timezone(catalogue, root: str, now: int) -> _Found:
    try:
        lines = _read(root, ETC_TIMEZONE).decode("utf-8", "replace").splitlines()
    except OSError as exc:
        return _Found(None, f"{ETC_TIMEZONE} cannot be read: {_why(exc)}")
    text = next((line.strip() for line in lines if line.strip() and not line.startswith("#")), "")
    name = _canonical(catalogue, text)
    if name is None:
        return _Found(None, f"{ETC_TIMEZONE} holds {echo(text)}, not a zone name")
    try:
        localtime = _read_linked(root, _LOCALTIME)
    except OSError:
        localtime = b""
    if read_tzif(localtime) and not same_clocks(localtime, catalogue.source.read(name), SINCE_1970, now):
        return _Found(None, f"{ETC_TIMEZONE} names {name}, but {_LOCALTIME} shows other clocks")
    return _Found(name, f"{ETC_TIMEZONE} holds {echo(text)}")


def system_zone(catalogue, environ, root: str = "/", now: float | None = None) -> SystemZone:
    """The host's zone by the rules in this module's docstring; name None when none decides.

    `now` (epoch seconds, the present by default) bounds comparisons with another tzdata version.
    """
    now = int(time.time() if now is None else now)
    rules = [
        (TZ_VARIABLE, lambda: _from_tz(catalogue, environ, root, now)),
        (LOCALTIME_LINK, lambda: _zone_by_link(catalogue, root, _LOCALTIME)),
        (ETC_TIMEZONE, lambda: _from_etc_timezone(catalogue, root, now)),
        (LOCALTIME_CONTENTS, lambda: _zone_by_contents(catalogue, root, _LOCALTIME, now)),
    ]
    skipped = []
    for rule, apply in rules:
        found = apply()
        if found.name:
            return SystemZone(found.name, rule, found.text, tuple(skipped))
        skipped.append(found.text)
    return SystemZone(None, None, "; ".join(skipped), tuple(skipped))


# (first, last) address of each, as integers: comparing two ints costs a fraction of `address in network`.
_LOCAL_NETWORKS = {
    version: [(int(net.network_address), int(net.broadcast_address)) for net in map(ipaddress.ip_network, networks)]
    for version, networks in (
        (4, ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")),
        (6, ("::1/128", "fc00::/7", "fe80::/10")),
    )
}


def is_local_network(address) -> bool:
    """Loopback, private (RFC 1918, fc00::/7) or link-local: the server's own network.

    Not Python's wider is_private: 100.64.0.0/10 (carrier-grade NAT, and Tailscale's addresses)
    holds callers beyond the host's network, and documentation or benchmark ranges hold none.
    """
    address = getattr(address, "ipv4_mapped", None) or address
    number = int(address)
    return any(first <= number <= last for first, last in _LOCAL_NETWORKS[address.version])
