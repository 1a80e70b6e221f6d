import pytest

from timesvc.client import Client, Sample, TimesvcError, estimate_offset


@pytest.fixture
def client(server):
    with Client(server) as client:
        yield client


def test_now_in_a_zone(client):
    now = client.now("europe/kiev")
    assert now.zone.timezone == "Europe/Kyiv" and now.zone.utc_offset in ("+02:00", "+03:00")
    assert now.unixtime_ns > 1_700_000_000 * 10**9 and now.tzdata_version


def test_convert_a_local_time(client):
    result = client.convert("2026-03-29T02:30", to="UTC", from_="Europe/Paris", nonexistent="shift_forward")
    assert (result.source.timezone, result.target.timezone, result.utc_datetime) == ("Europe/Paris", "Etc/UTC", "2026-03-29T01:00:00.000000Z")
    assert client.convert("2026-01-01T00:00Z").source is None


def test_zones_by_prefix(client):
    zones = client.zones("Europe/L")
    assert zones.names == ["Europe/Lisbon", "Europe/Ljubljana", "Europe/London", "Europe/Luxembourg"]


def test_requests_share_one_connection(client):
    client.now()
    connection = client._connection.sock
    client.zones("Asia/")
    assert client._connection.sock is connection


def test_an_error_answer_raises_with_the_servers_description(client):
    with pytest.raises(TimesvcError, match="did you mean 'Europe/Paris'") as raised:
        client.now("Europe/Pariss")
    assert raised.value.status == 400


def test_an_unreachable_server_raises_the_same_error():
    from tests.support.pserve import free_port

    with pytest.raises(TimesvcError, match="cannot reach"), Client(f"http://127.0.0.1:{free_port()}", timeout=2) as client:
        client.now()


def test_a_sample_brackets_the_servers_readings(client):
    sample = client.sample()
    assert sample.t1 <= sample.t2 <= sample.t3 <= sample.t4  # one machine, one clock
    assert sample.delay_ns >= 0 and abs(sample.offset_ns) <= sample.delay_ns / 2


def test_the_estimate_intersects_the_lowest_delay_intervals():
    # The server is 1000 ns ahead; the paths are asymmetric in different ways.
    samples = [Sample(0, 1100, 1200, 300, None), Sample(0, 1050, 1150, 250, None), Sample(0, 1900, 2000, 2000, None), Sample(0, 9000, 9100, 9000, None)]
    offset = estimate_offset(samples)
    assert (offset.kept, offset.samples) == (1, 4)
    assert offset.offset_ns - offset.bound_ns <= 1000 <= offset.offset_ns + offset.bound_ns
    # 10 ns out and 90 back, then the reverse: each alone is 40 ns off (± 50), together they pin it.
    out_fast, back_fast = Sample(0, 1010, 1110, 200, None), Sample(0, 1090, 1190, 200, None)
    both = estimate_offset([out_fast, back_fast] + samples * 2)
    assert (both.kept, both.offset_ns, both.bound_ns) == (2, 1000.0, 10.0)


def test_disjoint_intervals_fall_back_to_the_lowest_delay_sample():
    stepped = [Sample(0, 1000, 1000, 10, None), Sample(0, 5000, 5000, 20, None)] * 2
    offset = estimate_offset(stepped)
    assert (offset.offset_ns, offset.bound_ns) == (995.0, 5.0)
