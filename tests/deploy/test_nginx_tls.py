"""deploy/nginx/timesvc.conf's HTTPS, with a self-signed certificate made by openssl, in front of a
real pserve: Mozilla's intermediate profile, HTTP/2, no HSTS, and plain HTTP beside it."""
import http.client
import json
import shutil
import socket
import ssl
import subprocess

import pytest

from tests.support.nginx import Nginx, nginx_binary
from tests.support.processes import Instance, derived_ini, free_port
from tests.support.pserve import get

pytestmark = pytest.mark.skipif(
    nginx_binary() is None or shutil.which("openssl") is None, reason="nginx or openssl is not installed (sh .ci/apt-install installs them)"
)
# Mozilla's intermediate TLS 1.2 ciphers (the list in deploy/nginx/timesvc.conf, as Python names them).
INTERMEDIATE = {
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """(chain, key): a self-signed certificate for 127.0.0.1 and localhost."""
    directory = tmp_path_factory.mktemp("certificate")
    chain, key = directory / "chain.pem", directory / "key.pem"
    names = ["-subj", "/CN=timesvc test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
    key_options = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    command = ["openssl", "req", "-x509", *key_options, "-days", "2", *names, "-keyout", str(key), "-out", str(chain)]
    subprocess.run(command, check=True, capture_output=True, timeout=30)
    return chain, key


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, certificate):
    """nginx serving HTTP and HTTPS in front of one pserve."""
    directory = tmp_path_factory.mktemp("https")
    instance = Instance(derived_ini(directory, "https", {}), free_port(), directory / "pserve.log").start()
    (directory / "nginx").mkdir()
    nginx = None
    try:
        nginx = Nginx(directory / "nginx", [instance.port], certificate=certificate)
        nginx.start()
        yield nginx
    finally:
        if nginx is not None and nginx.process is not None:
            nginx.stop()
        instance.stop()


def client(certificate, version: ssl.TLSVersion | None = None, ciphers: str | None = None) -> ssl.SSLContext:
    """A client trusting the test certificate, held to one TLS version and cipher list when given."""
    context = ssl.create_default_context(cafile=str(certificate[0]))
    if version is not None:
        context.minimum_version = context.maximum_version = version
    if ciphers is not None:
        context.set_ciphers(ciphers)
    return context


def handshake(port: int, context: ssl.SSLContext) -> tuple[str, str]:
    """(TLS version, cipher) that nginx agreed to; ssl.SSLError when it refused."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        return tls.version(), tls.cipher()[0]


def test_time_over_https_through_nginx_without_hsts(nginx, certificate):
    connection = http.client.HTTPSConnection("127.0.0.1", nginx.tls.port, context=client(certificate), timeout=10)
    try:
        connection.request("GET", "/time?tz=Asia/Tokyo")
        response = connection.getresponse()
        body, headers = response.read(), dict(response.getheaders())
    finally:
        connection.close()
    assert response.status == 200, body
    assert json.loads(body)["timezone"] == "Asia/Tokyo"
    assert headers["Server"] == "nginx"
    assert "Strict-Transport-Security" not in headers


def test_plain_http_answers_beside_https(nginx):
    status, _, body = get(nginx.port, "/time?tz=Asia/Tokyo")
    assert status == 200
    assert json.loads(body)["timezone"] == "Asia/Tokyo"


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed (sh .ci/apt-install installs it)")
def test_https_speaks_http2(nginx, certificate):
    report = ["--output", "/dev/null", "--write-out", "%{http_version} %{http_code}"]
    command = ["curl", "--silent", "--http2", "--cacert", str(certificate[0]), *report, f"https://127.0.0.1:{nginx.tls.port}/time"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert result.stdout == "2 200", result.stderr


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_are_accepted_with_intermediate_ciphers(nginx, certificate, version):
    agreed, cipher = handshake(nginx.tls.port, client(certificate, version))
    assert agreed == version.name.replace("_", ".")
    if version is ssl.TLSVersion.TLSv1_2:
        assert cipher in INTERMEDIATE


# Python deprecates TLS 1.1 for clients, which is what this test offers.
@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1_1 is deprecated:DeprecationWarning")
def test_tls_1_1_is_refused_by_the_server(nginx, certificate):
    # SECLEVEL=0 lets this client offer TLS 1.1: the refusal must be nginx's alert, not the client's own.
    with pytest.raises(ssl.SSLError) as refused:
        handshake(nginx.tls.port, client(certificate, ssl.TLSVersion.TLSv1_1, "DEFAULT:@SECLEVEL=0"))
    assert refused.value.reason == "TLSV1_ALERT_PROTOCOL_VERSION"


def test_tls_1_2_ciphers_outside_the_intermediate_profile_are_refused(nginx, certificate):
    # CBC with SHA-1: Mozilla's "old" profile has it, "intermediate" does not.
    with pytest.raises(ssl.SSLError) as refused:
        handshake(nginx.tls.port, client(certificate, ssl.TLSVersion.TLSv1_2, "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0"))
    assert refused.value.reason == "SSLV3_ALERT_HANDSHAKE_FAILURE"
