"""No timesvc route reads a body; a body that cannot be read is a 400, never a 500 (both tuned modes)."""
import pytest

BODIES = [
    (b'{"a": 1}', "application/json; charset=klingon", "charset is unknown"),
    (b"[" * 100_000, "application/json", "nested too deeply"),
    (b"time=%FF", "application/x-www-form-urlencoded; charset=latin-1", "not UTF-8"),
    (b"hello", "", "Invalid JSON"),
    (b"\xff\xfe", "application/json", "send no body"),
]


@pytest.mark.parametrize("body, content_type, fragment", BODIES)
def test_an_unreadable_body_is_one_400_in_cornice_format(testapp, body, content_type, fragment):
    headers = {"Content-Type": content_type} if content_type else {}
    response = testapp.request("/time?tz=UTC", method="GET", body=body, headers=headers, expect_errors=True)
    assert response.status_int == 400
    [error] = response.json["errors"]
    assert error["location"] == "body" and fragment in error["description"]


def test_a_json_body_is_ignored_as_before(testapp):
    response = testapp.request("/time?tz=UTC", method="GET", body=b'{"a": 1}', headers={"Content-Type": "application/json"})
    assert response.json["timezone"] == "Etc/UTC"


def test_routes_that_validate_nothing_never_read_the_body(testapp):
    response = testapp.request("/api/timezone/Etc/UTC", method="GET", body=b"[" * 100_000, headers={"Content-Type": "application/json"})
    assert response.json["timezone"] == "Etc/UTC"
