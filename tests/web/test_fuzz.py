"""Fuzzing the query parsing of every route: whatever the query, never a 5xx; counts from the profile."""
from urllib.parse import quote, quote_from_bytes

import orjson
import pytest
import webtest
from hypothesis import given
from hypothesis import strategies as st

from tests.domain.strategies import TIME_LIKE
from timesvc.location.ipdata import GeoIPDatabase

ROUTES = ("/time", "/timezones", "/timezones/Europe/Paris", "/convert", "/calculate", "/difference", "/worldclock", "/timezones/Europe/Paris/transitions")
PARAMETERS = (
    "tz", "time", "from", "to", "ambiguous", "nonexistent", "count", "prefix", "ip", "lat", "lon", "x",
    "add", "subtract", "overflow", "start", "end", "largest_unit", "limit", "locale",
)
CHOICES = (
    "raise", "earlier", "later", "shift_forward", "shift_backward", "compatible", "UTC", "Europe/Paris", "europe/paris", "5", "0",
    "-90.5", "1e308", "nan", "81.2.69.160", "::1", "P1M", "-PT1.5H", "P9999Y", "reject", "days", "nanoseconds", "fr", "pt-BR",
    "Europe/Paris,Asia/Tokyo", "UTC,,UTC",
)
# Values as a client might send them, and percent-encoded bytes that are not text at all.
VALUES = st.one_of(
    st.sampled_from(CHOICES).map(quote),
    TIME_LIKE.map(lambda text: quote(text, safe="")),
    st.text(max_size=120).map(lambda text: quote(text, safe="")),
    st.binary(max_size=40).map(quote_from_bytes),
    st.text(alphabet="%=&+;/?#.:0123456789abcdefABCDEF", max_size=40),
)


@pytest.fixture(scope="module")
def client(app, geoip_database):
    """The app with the test GeoIP database, as the `geoip` fixture gives it, for the whole module."""
    original = app.registry.geoip
    app.registry.geoip = GeoIPDatabase(geoip_database)
    yield webtest.TestApp(app)
    app.registry.geoip = original


def assert_answered(response):
    assert response.status_int < 500, response.body[:300]
    document = orjson.loads(response.body)
    if response.status_int >= 400:
        assert document["status"] == "error"
        assert all(len(error["description"]) < 400 for error in document["errors"])


@given(route=st.sampled_from(ROUTES), query=st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), max_size=6))
def test_no_query_makes_a_route_fail(client, route, query):
    querystring = "&".join(f"{name}={value}" for name, value in query)
    assert_answered(client.get(f"{route}?{querystring}", expect_errors=True))


@given(name=st.one_of(st.text(max_size=80).map(lambda text: quote(text, safe="/")), st.binary(max_size=40).map(quote_from_bytes)))
def test_no_zone_name_in_the_path_makes_the_zone_route_fail(client, name):
    assert_answered(client.get(f"/timezones/{name}", expect_errors=True))
