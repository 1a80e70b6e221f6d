from timesvc.web.received import KEY


def test_the_arrival_is_stamped_only_when_t1_is_asked_for(testapp, clock):
    stamped = [testapp.get(f"/time?{query}").request.environ.get(KEY) for query in ("", "tz=UTC", "t1=5")]
    assert stamped == [None, None, clock.now]
