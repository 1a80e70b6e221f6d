"""The timezoned listener on a real UDP socket on 127.0.0.1, in this process: built by the app from its settings,
asked from several loopback addresses, with the clocks injected; its bounds, metrics and heartbeat."""
import errno
import socket

import pytest
import webtest

from tests.conftest import replaced
from tests.support.eztime import reads_right
from tests.support.processes import free_udp_tcp_port, wait_for
from tests.support.tz_reference import NOWS
from timesvc import main
from timesvc.location.ipdata import GeoIPDatabase
from timesvc.serving.hooks import LISTENING, STOPPED
from timesvc.timezoned.listener import INTERNAL_ERROR, RATE_LIMITED, TimezonedListenError, TimezonedServer
from timesvc.timezoned.protocol import MAX_ANSWER, MAX_QUESTION, SourceLimit
from timesvc.timezoned.resource import sender_zone

NOW_NS = NOWS[0] * 10**9  # 2026-12-06T00:00:00Z
LOCAL = "Asia/Kathmandu"


@pytest.fixture
def served_app(app_settings):
    """An app serving timezoned on a free loopback port, callers on the local network getting LOCAL, its clock at NOW."""
    settings = {"timesvc.timezoned": "on", "timesvc.timezoned_port": str(free_udp_tcp_port()), "timesvc.local_timezone": LOCAL}
    built = main({}, **{**app_settings, **settings})
    built.registry.clock = lambda: NOW_NS
    yield built
    built.registry.timezoned.stop()


@pytest.fixture
def server(served_app):
    served_app.registry.timezoned.start()
    return served_app.registry.timezoned


class Device:
    """A UDP socket bound to a loopback address of its own, as a device on the LAN asks."""

    def __init__(self, address: str, port: int):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, 0))
        self.sock.settimeout(5.0)
        self.port = port

    def ask(self, question: bytes) -> bytes:
        self.sock.sendto(question, ("127.0.0.1", self.port))
        return self.sock.recv(4096)

    def nothing_waiting(self) -> bool:
        """No datagram has arrived: an answer is sent before it is counted, and loopback delivers at once."""
        self.sock.setblocking(False)
        try:
            self.sock.recv(4096)
        except BlockingIOError:
            return True
        finally:
            self.sock.settimeout(5.0)
        return False

    def close(self):
        self.sock.close()


@pytest.fixture
def devices():
    made = []

    def make(address: str, port: int) -> Device:
        made.append(Device(address, port))
        return made[-1]

    yield make
    for device in made:
        device.close()


def test_each_loopback_device_gets_its_answer_read_right_by_ezTime(server, devices, catalogue):
    questions = {"127.0.0.2": b"new york#0.8.3", "127.0.0.3": b"IE", "127.0.0.4": b"havana", "127.0.0.5": b"GeoIP#0.8.3", "127.0.0.6": b"lord howe"}
    answers = {source: devices(source, server.port).ask(question) for source, question in questions.items()}
    assert answers["127.0.0.2"] == b"OK America/New_York EST5EDT,M3.2.0,M11.1.0"
    assert answers["127.0.0.3"] == b"OK Europe/Dublin GMT0IST,M3.5.0/1,M10.5.0"
    assert answers["127.0.0.4"] == b"OK America/Havana CDT4"  # the registry's clock: Cuba on -04 until 2027-11-07
    assert answers["127.0.0.5"] == b"OK Asia/Kathmandu <+0545>-5:45"  # a device on the LAN gets the local zone
    assert all(reads_right(catalogue, answer.decode("ascii"), NOWS[0]) for answer in answers.values())
    wait_for(lambda: server.counters.answers == 5, "five answers counted")
    assert server.counters.questions == 5 and server.state == LISTENING


def test_geoip_uses_the_ip_data_and_the_local_network_rule(served_app, geoip_database):
    registry = served_app.registry
    registry.geoip = GeoIPDatabase(geoip_database)
    assert sender_zone(registry, "81.2.69.160") == "Europe/London"
    assert sender_zone(registry, "::ffff:81.2.69.160") == "Europe/London"
    assert sender_zone(registry, "192.168.1.20") == sender_zone(registry, "fe80::1%eth0") == LOCAL
    assert sender_zone(registry, "1.1.1.1") is None  # the IP data has no zone for it
    with replaced(registry, "local_zone", None):  # timesvc.local_timezone = off
        assert sender_zone(registry, "192.168.1.20") is None
    assert registry.timezoned.protocol.answer(b"GeoIP", "1.1.1.1", NOWS[0]) == b"ERROR GeoIP Lookup Failed"


@pytest.fixture
def limited(served_app, devices):
    """A listener whose rate limit reads a clock the test moves: (server, clock, device at 127.0.0.2)."""
    clock = [1000.0]
    server = TimezonedServer(served_app.registry.timezoned.protocol, "127.0.0.1", 0, clock=lambda: NOW_NS, limit=SourceLimit(clock=lambda: clock[0]))
    server.start()
    yield server, clock, devices("127.0.0.2", server.port)
    server.stop()


def test_a_source_gets_one_answer_per_three_seconds_others_are_not_held_up(limited, devices):
    server, clock, device = limited
    assert device.ask(b"Europe/Paris") == b"OK Europe/Paris CET-1CEST,M3.5.0,M10.5.0/3"
    device.sock.sendto(b"Europe/Paris", ("127.0.0.1", server.port))
    wait_for(lambda: server.counters.drops[RATE_LIMITED] == 1, "the second question dropped")
    assert device.nothing_waiting()
    assert devices("127.0.0.3", server.port).ask(b"JP") == b"OK Asia/Tokyo JST-9"
    clock[0] += 2.999
    device.sock.sendto(b"JP", ("127.0.0.1", server.port))
    wait_for(lambda: server.counters.drops[RATE_LIMITED] == 2, "a question 2.999 s later dropped")
    clock[0] += 0.001
    assert device.ask(b"JP") == b"OK Asia/Tokyo JST-9"
    wait_for(lambda: server.counters.answers == 3, "the third answer counted")  # counted just after it is sent
    assert server.counters.questions == 5


class Talkative:
    """A protocol answering 300 bytes, or failing on `fail`."""

    def answer(self, question, source, now):
        if question == b"fail":
            raise RuntimeError("a defect")
        return b"x" * 300


def test_an_answer_is_one_datagram_of_at_most_100_bytes_and_a_failure_answers_nothing(devices):
    server = TimezonedServer(Talkative(), "127.0.0.1", 0)
    server.start()
    try:
        assert devices("127.0.0.2", server.port).ask(b"anything") == b"x" * MAX_ANSWER
        failing = devices("127.0.0.3", server.port)
        failing.sock.sendto(b"fail", ("127.0.0.1", server.port))
        wait_for(lambda: server.counters.drops[INTERNAL_ERROR] == 1, "the failure counted")
        assert failing.nothing_waiting() and server.state == LISTENING
        assert devices("127.0.0.4", server.port).ask(b"again") == b"x" * MAX_ANSWER
    finally:
        server.stop()


def test_a_question_is_read_up_to_the_originals_512_bytes_and_a_longer_one_is_not_found(server, devices):
    question = b"Europe/Paris#" + b"0" * (MAX_QUESTION - 13)  # ezTime's version after the "#" is ignored
    assert devices("127.0.0.2", server.port).ask(question) == b"OK Europe/Paris CET-1CEST,M3.5.0,M10.5.0/3"
    assert devices("127.0.0.3", server.port).ask(question + b"0") == b"ERROR Timezone Not Found"
    assert devices("127.0.0.4", server.port).ask(question * 100) == b"ERROR Timezone Not Found"  # 51 kB, read 513 bytes of


def test_stop_closes_the_socket(server):
    port = server.port
    server.stop()
    assert server.state == STOPPED
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as again:
        again.bind(("127.0.0.1", port))


def test_a_taken_port_cannot_be_moved_so_the_listener_is_skipped_and_the_heartbeat_says_why(served_app):
    app = served_app
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", app.registry.timezoned.port))
        with pytest.raises(TimezonedListenError) as failure:
            app.registry.timezoned.start()
    assert failure.value.errno == errno.EADDRINUSE
    assert str(failure.value) == f"timezoned cannot listen on 127.0.0.1:{app.registry.timezoned.port}/udp: Address already in use"
    assert app.registry.timezoned.elsewhere() is None
    heartbeat = webtest.TestApp(app).get("/__heartbeat__", status=200).json
    assert heartbeat["checks"]["timezoned"] == "warning"
    assert "skipped: another process holds port" in heartbeat["details"]["timezoned"]["message"]


def test_the_heartbeat_and_metrics_follow_the_listener(served_app, server, devices):
    testapp = webtest.TestApp(served_app)
    assert testapp.get("/__heartbeat__").json["checks"]["timezoned"] == "ok"
    device = devices("127.0.0.2", server.port)
    device.ask(b"XX")
    device.sock.sendto(b"XX", ("127.0.0.1", server.port))
    wait_for(lambda: server.counters.drops[RATE_LIMITED] == 1, "the repeat dropped")
    metrics = testapp.get("/metrics").text
    for line in (
        "timesvc_timezoned_questions_total 2.0",
        "timesvc_timezoned_answers_total 1.0",
        'timesvc_timezoned_drops_total{reason="rate_limited"} 1.0',
        'timesvc_timezoned_drops_total{reason="send_failed"} 0.0',
        "timesvc_timezoned_listening 1.0",
        "timesvc_timezoned_sources 1.0",
    ):
        assert line in metrics.splitlines(), line
    server.stop()
    assert testapp.get("/__heartbeat__", status=503).json["details"]["timezoned"]["message"] == "stopped"
    assert "timesvc_timezoned_listening 0.0" in testapp.get("/metrics").text


def test_off_by_default_nothing_is_built_or_checked(app_settings):
    off = main({}, **app_settings)
    assert off.registry.timezoned is None and "timezoned" not in off.registry.heartbeats
    assert off.registry.listeners == [] or all(listener.name != "timezoned" for listener in off.registry.listeners)
