import pytest


@pytest.mark.parametrize("path", ["/time", "/timezones/Europe/Paris", "/api/timezone/Europe/Paris", "/time?tz=nowhere"])
def test_json_responses_carry_one_content_type_and_a_true_content_length(testapp, path):
    response = testapp.get(path, status="*")
    names = [name.lower() for name, _ in response.headerlist]
    assert names.count("content-type") == names.count("content-length") == 1
    assert response.headers["Content-Type"] == "application/json"
    assert int(response.headers["Content-Length"]) == len(response.body) > 0


def test_head_keeps_the_length_of_the_body_it_leaves_out(testapp):
    response = testapp.head("/timezones")
    assert response.body == b"" and int(response.headers["Content-Length"]) > 0
