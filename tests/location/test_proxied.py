"""Callers behind a proxy, on a real pserve of each ini and through deploy/nginx's recipe: a peer waitress does
not trust that sends any proxy header never gets the local zone, though waitress drops those headers before
the app runs; the README's trusted_proxy lines make nginx's forwarded address the caller."""
import re

import orjson
import pytest

from tests.support.nginx import Nginx, nginx_binary
from tests.support.processes import ROOT, Instance, derived_ini, free_port
from tests.support.pserve import get, pserve

LOCAL_ZONE = "Asia/Kathmandu"
PROXY = "127.0.0.1 is a proxy's address, not the caller's: it has no location (the server's operator can set trusted_proxy)"
WARNING = "set trusted_proxy"
# nginx sees the caller at this address, the instance sees nginx at 127.0.0.1 (all of 127/8 is loopback).
CALLER = "127.0.0.9"
PROXY_HEADERS = [
    ("X-Forwarded-For", "81.2.69.160"),
    ("X-Forwarded-For", "127.0.0.1, 81.2.69.160"),  # its first entry, anyone's to write, names the peer
    ("Forwarded", "for=81.2.69.160"),
    ("Forwarded", 'for="[2001:218::1]:4711";proto=https'),
    ("X-Real-IP", "81.2.69.160"),
    ("X-Forwarded-Host", "example.org"),
    ("X-Forwarded-Proto", "https"),
    ("X-Forwarded-Port", "443"),
    ("X-Forwarded-By", "203.0.113.9"),
]


def answer(port: int, path: str, headers: dict | None = None, source: str | None = None) -> tuple[int, dict | str]:
    status, _, body = get(port, path, headers, source)
    return status, body.decode() if path.endswith(".txt") else orjson.loads(body)


def warnings_in(log) -> int:
    """How often `log` has the warning naming trusted_proxy: written before the answer it is about leaves."""
    return log.read_text().count(WARNING)


def proxy_refused(port: int, headers: dict | None = None, source: str | None = None):
    """/api/ip, /api/ip.txt and /time?ip=me: each a 404 saying the peer is a proxy."""
    assert answer(port, "/api/ip", headers, source) == (404, {"error": PROXY})
    assert answer(port, "/api/ip.txt", headers, source) == (404, PROXY)
    errors = [{"location": "querystring", "name": "ip", "description": PROXY}]
    assert answer(port, "/time?ip=me", headers, source) == (404, {"status": "error", "errors": errors})


# --- straight to pserve, from 127.0.0.1 ---


@pytest.fixture(scope="module", params=["development.ini", "production.ini"])
def served(request, tmp_path_factory):
    """(port, log file) of a pserve of the ini, callers on the local network getting LOCAL_ZONE."""
    log = tmp_path_factory.mktemp("proxied") / "pserve.log"
    with pserve(request.param, env={"TIMESVC_LOCAL_TIMEZONE": LOCAL_ZONE}, log=log) as (port, _):
        yield port, log


def test_a_loopback_caller_without_proxy_headers_gets_the_local_zone(served):
    port, _ = served
    status, body = answer(port, "/api/ip", {"X-Other": "81.2.69.160"})
    assert (status, body["timezone"], body["client_ip"]) == (200, LOCAL_ZONE, "127.0.0.1")


@pytest.mark.parametrize("header, value", PROXY_HEADERS)
def test_a_peer_waitress_does_not_trust_sending_a_proxy_header_is_a_proxy_not_a_caller(served, header, value):
    port, _ = served
    proxy_refused(port, {header: value})
    status, body = answer(port, "/api/timezone/Etc/UTC", {header: value})
    assert (status, body["client_ip"]) == (200, "127.0.0.1")  # the peer, whatever the header says
    status, body = answer(port, "/api/ip/81.2.69.160", {header: value})
    assert (status, body["timezone"]) == (200, "Europe/London")  # a given address is looked up as ever


def test_the_warning_naming_trusted_proxy_is_logged_once(served):
    port, log = served
    for _ in range(3):
        assert answer(port, "/api/ip", {"X-Forwarded-For": "81.2.69.160"})[0] == 404
    assert warnings_in(log) == 1, log.read_text()[-2000:]


def test_the_clock_page_shows_the_default_zone_whatever_the_peer(served):
    port, _ = served
    status, _, body = get(port, "/", {"Accept": "text/html", "X-Forwarded-For": "81.2.69.160"})
    assert (status, b'data-zone="Etc/UTC"' in body) == (200, True)  # the inis' default_timezone, never the local zone


# --- through deploy/nginx/timesvc.conf, from CALLER ---

needs_nginx = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (bash .ci/apt-install installs it)")


def readme_proxy_lines() -> dict:
    """The [server:main] lines the README's "A proxy is not a caller" gives for the shipped nginx recipe."""
    text = (ROOT / "README.md").read_text()
    block = re.search(r"\*\*A proxy is not a caller\.\*\*.*?```ini\n(.*?)```", text, re.S).group(1)
    return dict(line.split(" = ", 1) for line in block.splitlines() if line.startswith("trusted_proxy"))


def test_the_readme_lines_are_those_production_ini_has_commented_out():
    commented = re.findall(r"^# (trusted_proxy\w*) = (.*)$", (ROOT / "production.ini").read_text(), re.M)
    assert readme_proxy_lines() == dict(commented)
    assert set(readme_proxy_lines()) == {"trusted_proxy", "trusted_proxy_count", "trusted_proxy_headers"}


@pytest.fixture(scope="module", params=["untrusted", "trusted"])
def behind_nginx(request, tmp_path_factory):
    """(nginx's port, the instance's log, trusted) for production.ini behind the recipe, with or without the README's lines."""
    directory = tmp_path_factory.mktemp(f"nginx-{request.param}")
    server = readme_proxy_lines() if request.param == "trusted" else {}
    ini = derived_ini(directory, "proxied", server, app={"timesvc.local_timezone": LOCAL_ZONE})
    instance = Instance(ini, free_port(), directory / "pserve.log").start()
    (directory / "nginx").mkdir()
    nginx = Nginx(directory / "nginx", [instance.port])
    try:
        nginx.start()
        yield nginx.port, instance.log, request.param == "trusted"
    finally:
        if nginx.process is not None:
            nginx.stop()
        instance.stop()


@needs_nginx
@pytest.mark.parametrize("headers", [{}, {"X-Forwarded-For": "81.2.69.160"}, {"X-Forwarded-For": "127.0.0.1"}], ids=["plain", "forged", "forged-local"])
def test_through_nginx_the_caller_is_nginx_s_forwarded_address_only_when_trusted(behind_nginx, headers):
    port, _, trusted = behind_nginx
    if not trusted:
        proxy_refused(port, headers, CALLER)
        return
    status, body = answer(port, "/api/ip", headers, CALLER)
    # nginx appends the caller to any X-Forwarded-For it was sent; waitress reads only that last entry.
    assert (status, body["timezone"], body["client_ip"]) == (200, LOCAL_ZONE, CALLER)
    status, body = answer(port, "/time?ip=me", headers, CALLER)
    assert (status, body["timezone"], body["zone_source"]) == (200, LOCAL_ZONE, "local_network")


@needs_nginx
def test_through_nginx_client_ip_is_the_caller_when_trusted_else_nginx(behind_nginx):
    port, _, trusted = behind_nginx
    status, body = answer(port, "/api/timezone/Etc/UTC", None, CALLER)
    assert (status, body["client_ip"]) == (200, CALLER if trusted else "127.0.0.1")


@needs_nginx
def test_through_nginx_the_warning_is_logged_once_without_trusted_proxy_and_never_with_it(behind_nginx):
    port, log, trusted = behind_nginx
    for _ in range(3):
        answer(port, "/api/ip", None, CALLER)
    assert warnings_in(log) == (0 if trusted else 1), log.read_text()[-2000:]
