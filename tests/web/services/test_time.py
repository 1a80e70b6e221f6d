from tests.conftest import FIXED_NS


def test_time_defaults_to_utc(testapp):
    body = testapp.get("/time", status=200).json
    assert body["time"] == FIXED_NS / 1e9
    assert (body["unixtime"], body["unixtime_ns"]) == (FIXED_NS // 10**9, FIXED_NS)
    assert body["utc_datetime"] == "2026-03-29T00:30:00.123456Z"
    assert body["timezone"] == "Etc/UTC" and body["utc_offset"] == "+00:00"
    assert body["previous_transition"] is None and body["next_transition"] is None


def test_time_in_a_zone_carries_every_field(testapp, catalogue):
    body = testapp.get("/time", params={"tz": "Europe/Paris"}).json
    assert body == {
        "time": FIXED_NS / 1e9,
        "unixtime": FIXED_NS // 10**9,
        "unixtime_ns": FIXED_NS,
        "utc_datetime": "2026-03-29T00:30:00.123456Z",
        "timezone": "Europe/Paris",
        "datetime": "2026-03-29T01:30:00.123456+01:00",
        "utc_offset": "+01:00",
        "utc_offset_seconds": 3600,
        "raw_offset": 3600,
        "dst_offset": 0,
        "dst": False,
        "abbreviation": "CET",
        "day_of_week": 7,
        "day_of_year": 88,
        "week_number": 13,
        "previous_transition": "2025-10-26T01:00:00Z",
        "next_transition": "2026-03-29T01:00:00Z",
        "posix_tz": "CET-1CEST,M3.5.0,M10.5.0/3",
        "posix_tz_until": None,
        "tzdata_version": catalogue.version,
        "zone_source": "tz",
        "clock": {"synchronized": True, "max_error": 0.002, "est_error": 0.0005, "earliest": FIXED_NS / 1e9 - 0.002, "latest": FIXED_NS / 1e9 + 0.002},
    }


def test_time_follows_the_clock_across_a_transition(testapp, clock):
    clock.now = FIXED_NS + 3600 * 10**9
    body = testapp.get("/time", params={"tz": "Europe/Paris"}).json
    assert (body["abbreviation"], body["utc_offset"], body["dst"]) == ("CEST", "+02:00", True)
    assert body["previous_transition"] == "2026-03-29T01:00:00Z"


def test_time_is_never_cached(testapp):
    assert testapp.get("/time").headers["Cache-Control"] == "no-store"


def test_aliases_and_letter_case_answer_with_the_canonical_name(testapp):
    assert testapp.get("/time", params={"tz": "europe/kiev"}).json["timezone"] == "Europe/Kyiv"


def test_unknown_zone_is_a_400_with_a_suggestion(testapp):
    error = testapp.get("/time", params={"tz": "Europe/Pariss"}, status=400).json
    assert error["status"] == "error"
    assert error["errors"] == [
        {"location": "querystring", "name": "tz", "description": "unknown time zone 'Europe/Pariss'; did you mean 'Europe/Paris'?"}
    ]


def test_long_zone_names_are_refused_without_echoing_them(testapp):
    error = testapp.get("/time", params={"tz": "A" * 10000}, status=400).json
    assert len(error["errors"][0]["description"]) < 200


def test_default_zone_comes_from_the_settings(app_settings):
    import webtest

    from timesvc import main

    app = main({}, **{**app_settings, "timesvc.default_timezone": "asia/tokyo"})
    assert webtest.TestApp(app).get("/time").json["timezone"] == "Asia/Tokyo"


def test_clock_reports_an_unsynchronized_kernel_clock(testapp, clock_status):
    from timesvc.domain.clockstatus import ClockStatus

    clock_status.status = ClockStatus(synchronized=False, max_error=16.0, est_error=16.0)
    body = testapp.get("/time").json["clock"]
    assert body["synchronized"] is False
    assert (body["earliest"], body["latest"]) == (FIXED_NS / 1e9 - 16, FIXED_NS / 1e9 + 16)


def test_clock_is_null_where_the_system_cannot_tell(testapp, clock_status):
    from timesvc.domain.clockstatus import UNKNOWN

    clock_status.status = UNKNOWN
    assert testapp.get("/time").json["clock"] == {"synchronized": None, "max_error": None, "est_error": None, "earliest": None, "latest": None}


def test_t1_is_echoed_with_the_server_receive_and_transmit_times(testapp, clock):
    body = testapp.get("/time", params={"t1": "1774744200000000000"}).json
    assert body["t1"] == 1774744200_000000000
    assert body["received_ns"] == body["transmit_ns"] == FIXED_NS  # the frozen clock, read twice


def test_received_ns_is_read_before_the_view_and_transmit_ns_after(testapp, clock):
    class Ticking:
        now = FIXED_NS

        def __call__(self):
            self.now += 1000
            return self.now

    testapp.app.registry.clock = ticking = Ticking()
    body = testapp.get("/time", params={"t1": "1"}).json
    assert body["received_ns"] < body["unixtime_ns"] < body["transmit_ns"] == ticking.now


def test_without_t1_no_offset_fields_are_added(testapp):
    assert {"t1", "received_ns", "transmit_ns"} & testapp.get("/time").json.keys() == set()


def test_a_t1_that_is_not_a_non_negative_integer_is_a_400(testapp):
    for bad in ("abc", "1.5", "-1", str(2**63), ""):
        error = testapp.get("/time", params={"t1": bad}, status=400).json["errors"][0]
        assert (error["location"], error["name"]) == ("querystring", "t1"), bad


def test_an_empty_zone_is_a_400_not_the_default_zone(testapp):
    error = testapp.get("/time", params={"tz": ""}, status=400).json["errors"][0]
    assert error["name"] == "tz" and "empty" in error["description"]
