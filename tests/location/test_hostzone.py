import ipaddress
import os
import struct

import pytest

from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.location.hostzone import ETC_TIMEZONE, LOCALTIME_CONTENTS, LOCALTIME_LINK, TZ_VARIABLE, is_local_network, system_zone

NOW = 1_790_000_000  # 2026-09-21


@pytest.fixture(scope="module")
def catalogue():
    return ZoneCatalogue(PackageSource())


class Host:
    """A fake host's file system under tmp_path: the root system_zone reads."""

    def __init__(self, root, catalogue):
        self.root = str(root)
        self._catalogue = catalogue

    def _path(self, path: str):
        where = os.path.join(self.root, path.lstrip("/"))
        os.makedirs(os.path.dirname(where), exist_ok=True)
        return where

    def link(self, path: str, target: str):
        os.symlink(target, self._path(path))

    def write(self, path: str, data: bytes):
        with open(self._path(path), "wb") as file:
            file.write(data)

    def copy_zone(self, path: str, name: str):
        self.write(path, self._catalogue.source.read(name))

    def zone(self, catalogue, **environ):
        return system_zone(catalogue, environ, self.root, now=NOW)


@pytest.fixture
def host(tmp_path, catalogue):
    return Host(tmp_path, catalogue)


@pytest.mark.parametrize(
    "tz, zone",
    [
        ("Europe/Paris", "Europe/Paris"),
        (":Europe/Paris", "Europe/Paris"),
        ("US/Eastern", "America/New_York"),  # an alias answers by its canonical name
        ("UTC", "Etc/UTC"),
        (":/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo"),
        ("/usr/share/zoneinfo/posix/Asia/Tokyo", "Asia/Tokyo"),
        (":/usr/share/zoneinfo/right/Asia/Tokyo", "Asia/Tokyo"),
        (":/nix/store/abc-tzdata-2026f/share/zoneinfo/America/Sao_Paulo", "America/Sao_Paulo"),
        ("JST-9", "Asia/Tokyo"),  # the rule of one zone only
        ("IST-5:30", "Asia/Kolkata"),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "Europe/Brussels"),  # 16 zones follow it; tzdata names it CET
        ("<+03>-3", "Etc/GMT-3"),
        ("UTC0", "Etc/UTC"),
    ],
)
def test_tz_that_names_a_zone_decides(host, catalogue, tz, zone):
    host.link("/etc/localtime", "/usr/share/zoneinfo/America/Chicago")
    found = host.zone(catalogue, TZ=tz)
    assert (found.name, found.rule) == (zone, TZ_VARIABLE)


def test_a_right_zone_is_answered_as_its_civil_zone_and_says_so(host, catalogue):
    found = host.zone(catalogue, TZ=":/usr/share/zoneinfo/right/Asia/Tokyo")
    assert found.detail == "TZ=':/usr/share/zoneinfo/right/Asia/Tokyo', the leap-second variant of Asia/Tokyo"


@pytest.mark.parametrize(
    "tz, why",
    [
        ("", "TZ is empty"),
        (":", "TZ is empty"),
        ("Mars/Olympus_Mons", "TZ='Mars/Olympus_Mons' names no zone this server knows"),
        ("XYZ-3", "TZ='XYZ-3' names no zone this server knows"),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "TZ='AEST-10AEDT,M10.1.0,M4.1.0/3' is the rule of 4 zones (Antarctica/Macquarie, Australia/Hobart, Australia/Melbourne, Australia/Sydney), not of one"),
        (":/usr/share/zoneinfo/Mars/Base", "TZ=':/usr/share/zoneinfo/Mars/Base': /usr/share/zoneinfo/Mars/Base cannot be read: no such file or directory"),
    ],
)
def test_tz_that_names_no_zone_gives_way_to_the_next_rule_and_says_why(host, catalogue, tz, why):
    host.link("/etc/localtime", "/usr/share/zoneinfo/America/Chicago")
    found = host.zone(catalogue, TZ=tz)
    assert (found.name, found.rule, found.skipped) == ("America/Chicago", LOCALTIME_LINK, (why,))


def test_tz_naming_a_file_outside_zoneinfo_is_identified_like_etc_localtime(host, catalogue):
    host.link("/etc/localtime", "../usr/share/zoneinfo/Europe/Rome")
    host.copy_zone("/opt/zones/home", "Asia/Kathmandu")
    assert host.zone(catalogue, TZ=":/etc/localtime")[:2] == ("Europe/Rome", TZ_VARIABLE)
    assert host.zone(catalogue, TZ=":/opt/zones/home")[:2] == ("Asia/Kathmandu", TZ_VARIABLE)


@pytest.mark.parametrize(
    "target, zone",
    [
        ("/usr/share/zoneinfo/Europe/Paris", "Europe/Paris"),
        ("../usr/share/zoneinfo/Europe/Paris", "Europe/Paris"),
        ("/usr/share/zoneinfo/posix/Europe/Paris", "Europe/Paris"),
        ("/usr/share/zoneinfo/right/Europe/Paris", "Europe/Paris"),
        ("/usr/share/zoneinfo/Europe/Kiev", "Europe/Kyiv"),
        ("/var/db/timezone/zoneinfo/America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),  # macOS
    ],
)
def test_the_etc_localtime_symlink_names_the_zone_even_when_dangling(host, catalogue, target, zone):
    host.link("/etc/localtime", target)  # nothing at the target: slim images link to zones they lack
    found = host.zone(catalogue)
    assert (found.name, found.rule, found.detail) == (zone, LOCALTIME_LINK, f"/etc/localtime -> {os.path.normpath(os.path.join('/etc', target))}" + (f", the leap-second variant of {zone}" if "/right/" in target else ""))
    assert found.describe().startswith(f"local zone {zone}, from the /etc/localtime symlink (")


def test_a_chain_of_symlinks_is_followed_to_the_first_zone_name(host, catalogue):
    host.link("/etc/localtime", "/etc/alternatives/localtime")
    host.link("/etc/alternatives/localtime", "/usr/share/zoneinfo/Pacific/Auckland")
    assert host.zone(catalogue)[:2] == ("Pacific/Auckland", LOCALTIME_LINK)


def test_a_symlink_loop_ends_without_a_zone(host, catalogue):
    host.link("/etc/localtime", "/etc/other")
    host.link("/etc/other", "/etc/localtime")
    found = host.zone(catalogue)
    assert found.name is None
    assert "/etc/localtime -> " in found.skipped[1] and "no zone name in the link" in found.skipped[1]


def test_a_symlink_to_a_file_without_a_zone_name_is_identified_by_contents(host, catalogue):
    host.link("/etc/localtime", "/run/host/etc/localtime")  # as flatpak mounts the host's
    host.copy_zone("/run/host/etc/localtime", "Asia/Kathmandu")
    assert host.zone(catalogue)[:2] == ("Asia/Kathmandu", LOCALTIME_CONTENTS)


def test_etc_timezone_decides_when_etc_localtime_is_missing(host, catalogue):
    host.write("/etc/timezone", b"# set by the installer\n\n  Africa/Nairobi \n")
    found = host.zone(catalogue)
    assert (found.name, found.rule, found.detail) == ("Africa/Nairobi", ETC_TIMEZONE, "/etc/timezone holds 'Africa/Nairobi'")


def test_etc_timezone_tells_apart_zones_whose_data_are_identical(host, catalogue):
    host.copy_zone("/etc/localtime", "Europe/Amsterdam")  # the data of Europe/Brussels
    host.write("/etc/timezone", b"Europe/Amsterdam\n")
    assert host.zone(catalogue)[:2] == ("Europe/Amsterdam", ETC_TIMEZONE)


def test_a_stale_etc_timezone_gives_way_to_a_mounted_etc_localtime(host, catalogue):
    host.write("/etc/timezone", b"Etc/UTC\n")  # the image's, while the host's file is mounted
    host.copy_zone("/etc/localtime", "America/Sao_Paulo")
    found = host.zone(catalogue)
    assert (found.name, found.rule) == ("America/Sao_Paulo", LOCALTIME_CONTENTS)
    assert "/etc/timezone names Etc/UTC, but /etc/localtime shows other clocks" in found.skipped


def test_the_symlink_wins_over_etc_timezone(host, catalogue):
    host.link("/etc/localtime", "/usr/share/zoneinfo/Asia/Seoul")
    host.write("/etc/timezone", b"Etc/UTC\n")
    assert host.zone(catalogue)[:2] == ("Asia/Seoul", LOCALTIME_LINK)


@pytest.mark.parametrize("content", [b"", b"Mars/Base\n", b"\xff\xfe garbage", b"Europe/Paris" * 30000])
def test_etc_timezone_without_a_zone_name_is_skipped(host, catalogue, content):
    host.write("/etc/timezone", content)
    found = host.zone(catalogue)
    assert found.name is None and found.skipped[2].startswith("/etc/timezone ")


@pytest.mark.parametrize("name", ["America/Sao_Paulo", "Asia/Kathmandu", "Pacific/Chatham", "Etc/UTC", "Etc/GMT-3", "Africa/Casablanca"])
def test_a_copied_etc_localtime_is_its_zone(host, catalogue, name):
    host.copy_zone("/etc/localtime", name)
    found = host.zone(catalogue)
    assert (found.name, found.rule, found.detail) == (name, LOCALTIME_CONTENTS, f"/etc/localtime holds the data of {name} alone")
    assert found.describe() == f"local zone {name}, from the contents of /etc/localtime (/etc/localtime holds the data of {name} alone)"


@pytest.mark.parametrize(
    "copied, detail",
    [
        ("Europe/Amsterdam", "3 zones (Europe/Brussels, Europe/Amsterdam, Europe/Luxembourg)"),
        ("Europe/Paris", "2 zones (Europe/Paris, Europe/Monaco)"),
    ],
)
def test_a_copy_shared_with_links_answers_the_zone_the_data_define(host, catalogue, copied, detail):
    host.copy_zone("/etc/localtime", copied)
    found = host.zone(catalogue)
    assert found.name == detail.split("(")[1].split(",")[0]
    assert found.detail == f"/etc/localtime holds the data of {detail}; the first is preferred"


def _v2_transitions(data: bytes) -> tuple[int, int]:
    """Where the 64-bit transition times of a TZif file start, and how many there are."""
    header = struct.Struct(">4sc15x6l")
    isut, isstd, leap, timecnt, typecnt, charcnt = header.unpack_from(data, 0)[2:]
    v2 = header.size + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    return v2 + header.size, header.unpack_from(data, v2)[5]


def _with_type_offset(data: bytes, index: int, seconds: int) -> bytes:
    """A TZif file whose local time type `index` has another UTC offset."""
    start, count = _v2_transitions(data)
    at = start + count * 9 + index * 6
    return data[:at] + struct.pack(">l", seconds) + data[at + 4 :]


def _with_last_transition_moved(data: bytes, seconds: int) -> bytes:
    start, count = _v2_transitions(data)
    at = start + (count - 1) * 8
    (when,) = struct.unpack_from(">q", data, at)
    return data[:at] + struct.pack(">q", when + seconds) + data[at + 8 :]


def test_a_file_that_differs_before_1970_only_matches_by_its_clocks_since_1970(host, catalogue):
    # Asia/Riyadh's local mean time, its type 0, ended in 1947: a build with other pre-1970 history
    # (backzone) matches it and Etc/GMT-3 since 1970, then the links to Riyadh zone.tab keeps.
    host.write("/etc/localtime", _with_type_offset(catalogue.source.read("Asia/Riyadh"), 0, 11000))
    found = host.zone(catalogue)
    assert found.name == "Asia/Riyadh"
    assert found.detail == "/etc/localtime holds the data of 5 zones (Asia/Riyadh, Etc/GMT-3, Antarctica/Syowa, Asia/Aden, …); the first is preferred"


def test_a_file_that_predicts_otherwise_matches_by_its_clocks_until_now(host, catalogue):
    # As a host's older tzdata would: Asia/Gaza's last predicted transition, in 2086, an hour later.
    host.write("/etc/localtime", _with_last_transition_moved(catalogue.source.read("Asia/Gaza"), 3600))
    assert system_zone(catalogue, {}, host.root, now=NOW).detail == "/etc/localtime holds the data of Asia/Gaza alone"
    later = system_zone(catalogue, {}, host.root, now=4_000_000_000)  # 2096: the clocks have differed
    assert later.name is None and later.skipped[3].startswith("/etc/localtime holds data no zone")


def test_a_file_whose_clocks_differ_since_1970_matches_no_zone(host, catalogue):
    original = catalogue.source.read("America/Sao_Paulo")
    host.write("/etc/localtime", _with_type_offset(original, 1, -7000))  # its summer time, 1914 to 2019
    assert host.zone(catalogue).skipped[3] == f"/etc/localtime holds data no zone of tzdata {catalogue.version} has"


@pytest.mark.parametrize(
    "make, why",
    [
        (lambda host: host.write("/etc/localtime", b""), "/etc/localtime is not a TZif version 2+ file"),
        (lambda host: host.write("/etc/localtime", b"TZif2" + b"\x00" * 20), "/etc/localtime is not a TZif version 2+ file"),
        (lambda host: host.write("/etc/localtime", os.urandom(3000)), "/etc/localtime is not a TZif version 2+ file"),
        (lambda host: host.write("/etc/localtime", b"TZif2" * 100000), "/etc/localtime cannot be read: /etc/localtime is 500000 bytes, too big for a zone file"),
        (lambda host: os.makedirs(host._path("/etc/localtime")), "/etc/localtime cannot be read: /etc/localtime is not a regular file"),
        (lambda host: os.mkfifo(host._path("/etc/localtime")), "/etc/localtime cannot be read: /etc/localtime is not a regular file"),
        (lambda host: None, "/etc/localtime cannot be read: no such file or directory"),
    ],
)
def test_an_unusable_etc_localtime_finds_no_zone_and_never_hangs(host, catalogue, make, why):
    make(host)
    found = host.zone(catalogue)
    assert found.name is None and found.rule is None
    assert found.skipped[3] == why
    assert found.describe() == f"no local zone found: {found.detail}"


def test_a_host_with_nothing_says_why_each_rule_did_not_decide(host, catalogue):
    found = host.zone(catalogue)
    assert found.name is None
    assert found.skipped == (
        "TZ is unset",
        "/etc/localtime is not a symlink",
        "/etc/timezone cannot be read: no such file or directory",
        "/etc/localtime cannot be read: no such file or directory",
    )
    assert found.detail == "; ".join(found.skipped)


def test_a_fifo_at_etc_timezone_does_not_block(host, catalogue):
    os.mkfifo(host._path("/etc/timezone"))
    assert host.zone(catalogue).skipped[2] == "/etc/timezone cannot be read: /etc/timezone is not a regular file"


@pytest.mark.parametrize(
    "text, local",
    [
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("::1", True),
        ("10.0.0.7", True),
        ("172.16.0.0", True),
        ("172.31.255.255", True),
        ("192.168.1.20", True),
        ("fd12:3456::1", True),
        ("fc00::1", True),
        ("169.254.10.1", True),
        ("fe80::1", True),
        ("fe80::1%eth0", True),
        ("::ffff:192.168.1.20", True),  # IPv4-mapped: a dual-stack socket's view of an IPv4 caller
        ("::ffff:127.0.0.1", True),
        ("172.15.255.255", False),
        ("172.32.0.0", False),
        ("100.64.0.1", False),  # carrier-grade NAT / Tailscale: beyond the host's network
        ("192.0.2.1", False),  # documentation: Python calls these private
        ("198.18.0.1", False),  # benchmarking
        ("2001:db8::1", False),
        ("fec0::1", False),  # site-local, deprecated since 2004
        ("0.0.0.0", False),
        ("::", False),
        ("224.0.0.1", False),
        ("255.255.255.255", False),
        ("81.2.69.160", False),
        ("::ffff:81.2.69.160", False),
        ("2a02:d340::1", False),
    ],
)
def test_local_network_is_loopback_rfc1918_unique_local_and_link_local(text, local):
    assert is_local_network(ipaddress.ip_address(text)) is local
