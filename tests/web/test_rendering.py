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


def test_integers_beyond_64_bits_are_written_exactly_and_the_rest_as_orjson_writes_it():
    import orjson

    from timesvc.web.rendering import dumps

    ordinary = {"time": 1774744200.1234567, "name": "heure d’été", "list": [1, None, True], "ns": 2**63 - 1}
    assert dumps(ordinary) == orjson.dumps(ordinary)
    wide = {**ordinary, "ns": -62135596800 * 10**9}
    assert dumps(wide) == orjson.dumps(ordinary).replace(b"9223372036854775807", b"-62135596800000000000")
