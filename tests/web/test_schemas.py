"""Query parameters: every message quotes at most 100 characters of what was sent, and says what to send."""
import pytest

LONG = "9" * 300


def description(response) -> str:
    [error] = response.json["errors"]
    return error["description"]


@pytest.mark.parametrize(
    "path",
    [
        f"/timezones/UTC?count={LONG}",
        f"/timezones/UTC?count=x{LONG}",
        f"/time?t1={LONG}",
        f"/time?t1={LONG[:25]}",
        f"/time?lat={LONG}a&lon=0",
        f"/time?lat=1&lon={LONG}",
        f"/convert?time={LONG}",
        f"/convert?time=2026-03-29T12:00&from=Europe/Paris&ambiguous={LONG}",
        f"/calculate?time={LONG}&add=P1D",
        f"/calculate?time=0&add=P{LONG}D",
        f"/calculate?time=0&subtract={LONG}",
        f"/calculate?time=0&add=P1D&overflow={LONG}",
        f"/difference?start=0&end={LONG}",
        f"/difference?start=0&end=1&largest_unit={LONG}",
        f"/worldclock?tz={LONG}",
        f"/time?locale={LONG}",
        f"/timezones/UTC/transitions?from={LONG}",
        f"/timezones/UTC/transitions?limit={LONG}",
    ],
)
def test_no_message_quotes_more_than_100_characters(testapp, path):
    text = description(testapp.get(path, status=400))
    assert "9" * 101 not in text and len(text) < 300


@pytest.mark.parametrize(
    "path, name",
    [
        ("/time?tz=UTC&tz=Europe/Paris", "tz"),
        ("/timezones/UTC?count=1&count=2", "count"),
        ("/convert?time=1&time=2", "time"),
        ("/calculate?time=0&add=P1D&add=P2D", "add"),
        ("/difference?start=0&start=1&end=2", "start"),
        ("/worldclock?tz=UTC&locale=fr&locale=ja", "locale"),
        ("/timezones/UTC/transitions?to=1&to=2", "to"),
    ],
)
def test_a_repeated_parameter_is_asked_once(testapp, path, name):
    error = testapp.get(path, status=400).json["errors"][0]
    assert error["name"] == name and error["description"].startswith("is given 2 times: give it once")


def test_a_repeated_tz_points_to_the_world_clock(testapp):
    assert "/worldclock?tz=" in description(testapp.get("/time?tz=UTC&tz=Asia/Tokyo", status=400))


@pytest.mark.parametrize(
    "path",
    [
        "/timezones/UTC?count=%EF%BC%93",  # fullwidth 3
        "/timezones/UTC?count=%D9%A3",  # Arabic-Indic 3
        "/time?lat=%D9%A3&lon=0",
        "/time?t1=%EF%BC%91%EF%BC%92",
    ],
)
def test_numbers_are_ascii_digits_only(testapp, path):
    assert "ASCII digits" in description(testapp.get(path, status=400))


def test_out_of_range_integers_say_the_range(testapp):
    assert description(testapp.get("/timezones/UTC?count=101", status=400)) == "'101' is out of range: give a value from 1 to 100"
