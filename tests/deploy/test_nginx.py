"""deploy/nginx/timesvc.conf: nginx accepts it, and it proxies, limits and hides its version."""
import json
from pathlib import Path

import pytest

from tests.support.nginx import NGINX_CONF, Nginx, Tls, nginx_binary, nginx_main_conf, nginx_test, render_nginx
from tests.support.processes import Instance, derived_ini, free_port
from tests.support.pserve import get

needs_nginx = pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (bash .ci/apt-install installs it)")


def test_rendering_replaces_the_upstream_servers_and_the_listen_address():
    text = render_nginx([7001, 7002, 7003], 8080)
    assert [line.split()[1] for line in text.splitlines() if line.strip().startswith("server 127.")] == [
        "127.0.0.1:7001",
        "127.0.0.1:7002",
        "127.0.0.1:7003",
    ]
    assert "listen 127.0.0.1:8080;" in text
    assert "listen 80;" not in text
    assert NGINX_CONF.read_text().count("server 127.0.0.1:") == 2


def test_rendering_without_tls_leaves_https_out_and_with_tls_puts_in_its_port_and_files():
    plain = render_nginx([7001], 8080)
    directives = [line.split("#")[0].strip() for line in plain.splitlines()]
    assert [line for line in directives if line.startswith(("listen 443", "ssl_certificate"))] == []
    https = render_nginx([7001], 8080, tls=Tls(8443, Path("/t/chain.pem"), Path("/t/key.pem")))
    assert "    listen 127.0.0.1:8443 ssl http2;\n    server_tokens off;" in https
    assert "    ssl_certificate /t/chain.pem;\n    ssl_certificate_key /t/key.pem;" in https
    assert "listen 127.0.0.1:8080;" in https


def test_shipped_config_retries_only_what_nginx_can_retry_safely():
    directives = [line.split("#")[0].strip() for line in NGINX_CONF.read_text().splitlines()]
    assert "proxy_next_upstream error timeout http_502 http_503;" in directives
    assert not [line for line in directives if "non_idempotent" in line]


@needs_nginx
def test_nginx_accepts_the_shipped_config(tmp_path):
    result = nginx_test(nginx_main_conf(tmp_path, render_nginx([free_port(), free_port()], free_port())))
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


@pytest.fixture
def proxied(tmp_path):
    """One pserve behind nginx with a limit of 1 request/s and a burst of 2; yields nginx's port."""
    instance = Instance(derived_ini(tmp_path, "proxied", {}), free_port(), tmp_path / "pserve.log").start()
    (tmp_path / "nginx").mkdir()
    nginx = Nginx(tmp_path / "nginx", [instance.port], limit=("1r/s", 2))
    try:
        nginx.start()
        yield nginx.port
    finally:
        if nginx.process is not None:
            nginx.stop()
        instance.stop()


@needs_nginx
def test_nginx_proxies_to_timesvc_without_naming_its_version(proxied):
    status, headers, body = get(proxied, "/time?tz=Asia/Tokyo")
    assert status == 200
    assert json.loads(body)["timezone"] == "Asia/Tokyo"
    assert headers["Server"] == "nginx"


@needs_nginx
def test_nginx_answers_429_in_the_json_error_format_over_the_rate(proxied):
    statuses = [get(proxied, "/time") for _ in range(6)]
    limited = [(headers, body) for status, headers, body in statuses if status == 429]
    assert limited, [status for status, _, _ in statuses]
    headers, body = limited[0]
    assert headers["Retry-After"] == "1"
    assert json.loads(body)["status"] == "error"
