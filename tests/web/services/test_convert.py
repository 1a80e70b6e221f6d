def test_local_time_to_another_zone(testapp):
    body = testapp.get("/convert", params={"time": "2026-07-01T12:00", "from": "Europe/Paris", "to": "America/New_York"}).json
    assert body["utc_datetime"] == "2026-07-01T10:00:00.000000Z"
    assert body["unixtime"] == 1782900000
    assert body["from"]["datetime"] == "2026-07-01T12:00:00.000000+02:00"
    assert body["to"]["datetime"] == "2026-07-01T06:00:00.000000-04:00"
    assert body["to"]["abbreviation"] == "EDT"


def test_time_with_offset_needs_no_from_and_defaults_to_utc(testapp):
    body = testapp.get("/convert", params={"time": "2026-07-01T12:00:00+02:00"}).json
    assert body["from"] is None
    assert body["to"]["timezone"] == "Etc/UTC" and body["to"]["datetime"] == "2026-07-01T10:00:00.000000+00:00"


def test_unix_seconds(testapp):
    body = testapp.get("/convert", params={"time": "0", "to": "Asia/Kolkata"}).json
    assert body["to"]["datetime"] == "1970-01-01T05:30:00.000000+05:30"


def test_gap_is_a_400_that_says_what_happened(testapp):
    error = testapp.get("/convert", params={"time": "2026-03-29T02:30", "from": "Europe/Paris"}, status=400).json
    assert error["errors"][0]["name"] == "time"
    assert error["errors"][0]["description"].startswith(
        "2026-03-29T02:30 does not exist in Europe/Paris: clocks jump from 02:00 to 03:00"
    )


def test_gap_shifted_forward(testapp):
    params = {"time": "2026-03-29T02:30", "from": "Europe/Paris", "nonexistent": "shift_forward"}
    assert testapp.get("/convert", params=params).json["from"]["datetime"] == "2026-03-29T03:00:00.000000+02:00"


def test_compatible_is_temporal_rule_for_gaps_and_folds(testapp):
    gap = {"time": "2026-03-29T02:30", "from": "Europe/Paris", "nonexistent": "compatible"}
    assert testapp.get("/convert", params=gap).json["from"]["datetime"] == "2026-03-29T03:30:00.000000+02:00"
    fold = {"time": "2026-11-01T01:30", "from": "America/New_York", "ambiguous": "compatible"}
    assert testapp.get("/convert", params=fold).json["utc_datetime"] == "2026-11-01T05:30:00.000000Z"


def test_fold_is_a_400_until_told_which(testapp):
    params = {"time": "2026-11-01T01:30", "from": "America/New_York"}
    error = testapp.get("/convert", params=params, status=400).json
    assert "occurs twice in America/New_York" in error["errors"][0]["description"]
    later = testapp.get("/convert", params={**params, "ambiguous": "later"}).json
    assert later["from"]["abbreviation"] == "EST" and later["utc_datetime"] == "2026-11-01T06:30:00.000000Z"


def test_local_time_without_from_is_a_400_naming_from(testapp):
    error = testapp.get("/convert", params={"time": "2026-07-01T12:00"}, status=400).json
    assert error["errors"][0]["name"] == "from"


def test_missing_time_is_a_400(testapp):
    error = testapp.get("/convert", status=400).json
    assert error["errors"][0]["name"] == "time" and "required" in error["errors"][0]["description"]


def test_unknown_target_zone_is_a_400_naming_to(testapp):
    error = testapp.get("/convert", params={"time": "0", "to": "Nowhere"}, status=400).json
    assert error["errors"][0] == {"location": "querystring", "name": "to", "description": "unknown time zone 'Nowhere'; GET /timezones lists the known names"}


def test_policy_values_are_checked(testapp):
    error = testapp.get("/convert", params={"time": "0", "ambiguous": "maybe"}, status=400).json
    assert error["errors"][0]["name"] == "ambiguous"


def test_out_of_range_times_are_400s(testapp):
    for time in ("0000-01-01T00:00", "10000-01-01T00:00", "999999999999", "9999-12-31T23:59:59-05:00"):
        testapp.get("/convert", params={"time": time, "from": "UTC"}, status=400)


def test_time_shown_past_year_9999_in_the_target_zone_is_a_400(testapp):
    testapp.get("/convert", params={"time": "9999-12-31T23:00:00Z", "to": "Pacific/Kiritimati"}, status=400)
