"""Every time parameter of every route reads time text alike: offsets in range, :60 only for a listed leap second."""
import pytest

# (path, the time parameter, the other parameters a request needs); a local time is local in tz/from.
PARAMETERS = [
    ("/convert", "time", {}, "from"),
    ("/calculate", "time", {"add": "PT0S"}, "tz"),
    ("/difference", "start", {"end": "2017-01-01T00:00:00Z"}, "tz"),
    ("/difference", "end", {"start": "2017-01-01T00:00:00Z"}, "tz"),
    ("/timezones/Etc/UTC/transitions", "from", {"to": "2017-01-02T00:00:00Z"}, None),
    ("/timezones/Etc/UTC/transitions", "to", {"from": "2016-01-01T00:00:00Z"}, None),
]
IDS = [f"{path}:{name}" for path, name, _, _ in PARAMETERS]
# The same instant, 2017-01-01T00:00:00Z, in each form time text takes, a leap second's :60 among them.
SAME_INSTANT = [
    "2017-01-01T00:00:00Z",
    "1483228800",  # Unix seconds
    "2016-12-31T23:59:60Z",
    "2016-12-31t23:59:60z",
    "20161231T235960Z",
    "2016-12-31T15:59:60-08:00",  # RFC 3339 §5.7's form
    "2016-366T23:59:60Z",  # ordinal date: 2016 has 366 days
    "2016-W52-6T23:59:60Z",  # week date: Saturday of week 52
    "2017-01-01T05:44:60+05:45",
]


def ask(testapp, path, name, others, value, status=200, **extra):
    return testapp.get(path, params={**others, name: value, **extra}, status=status).json


@pytest.mark.parametrize("path, name, others, zone_parameter", PARAMETERS, ids=IDS)
def test_each_form_of_one_instant_answers_alike(testapp, path, name, others, zone_parameter):
    answers = [ask(testapp, path, name, others, text) for text in SAME_INSTANT]
    assert all(answer == answers[0] for answer in answers), [text for text, answer in zip(SAME_INSTANT, answers) if answer != answers[0]]
    if zone_parameter:  # a local time's :60, at 23:59:60 UTC
        zone = {zone_parameter: "America/New_York"}
        assert ask(testapp, path, name, others, "2016-12-31T18:59:60", **zone) == ask(testapp, path, name, others, "2017-01-01T00:00:00Z", **zone)


@pytest.mark.parametrize("path, name, others, zone_parameter", PARAMETERS, ids=IDS)
@pytest.mark.parametrize(
    "text, says",
    [
        ("2026-01-01T12:00+00:99", "has UTC offset +00:99: offset hours go from 00 to 23, minutes and seconds from 00 to 59"),
        ("2026-01-01T12:00+00:00:60", "has UTC offset +00:00:60: offset hours go from 00 to 23"),
        ("2026-01-01T12:00-2400", "has UTC offset -2400: offset hours go from 00 to 23"),
        ("2026-01-01T12:00+01:00:00.5", "is not a valid date and time"),
        ("2026-01-01T12:34:60Z", "is 2026-01-01T12:34:60 in UTC: a leap second is only ever 23:59:60 UTC"),
        ("2015-12-31T23:59:60Z", "is 2015-12-31T23:59:60Z, which is no leap second"),
        ("2016-12-31T23:59:60+01:00", "is 2016-12-31T22:59:60 in UTC: a leap second is only ever 23:59:60 UTC"),
        ("2030-12-31T23:59:60Z", "after 2027-06-28, when the leap-second list of the tz data (2026f) expires"),
        ("2026-01-01T12:00 01:00", "a + in a URL's query string arrives as a space: send it as %2B"),
    ],
)
def test_a_wrong_offset_or_60th_second_is_a_400_naming_the_parameter(testapp, path, name, others, zone_parameter, text, says):
    error = ask(testapp, path, name, others, text, status=400)["errors"][0]
    assert error["name"] == name and error["location"] == "querystring"
    assert error["description"].startswith(f"{name} {text!r} ") and says in error["description"]


@pytest.mark.parametrize("path, name, others, zone_parameter", [case for case in PARAMETERS if case[3]], ids=[i for i, case in zip(IDS, PARAMETERS) if case[3]])
def test_a_local_60th_second_counts_in_utc(testapp, path, name, others, zone_parameter):
    error = ask(testapp, path, name, others, "2016-12-31T23:59:60", status=400, **{zone_parameter: "America/New_York"})["errors"][0]
    assert error["description"] == f"{name} '2016-12-31T23:59:60' is 2017-01-01T04:59:60 in UTC: a leap second is only ever 23:59:60 UTC"
