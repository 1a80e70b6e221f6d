import math
import threading

import pytest
from timezonefinder import TimezoneFinder

from timesvc.domain.errors import InvalidInput
from timesvc.location.coordinates import CoordinateZones, is_nautical, nautical_zone


@pytest.fixture(scope="module")
def zones():
    return CoordinateZones()


CITIES = [
    (48.8566, 2.3522, "Europe/Paris"),
    (51.5074, -0.1278, "Europe/London"),
    (40.7128, -74.0060, "America/New_York"),
    (34.0522, -118.2437, "America/Los_Angeles"),
    (-23.5505, -46.6333, "America/Sao_Paulo"),
    (-34.6037, -58.3816, "America/Argentina/Buenos_Aires"),
    (35.6762, 139.6503, "Asia/Tokyo"),
    (28.6139, 77.2090, "Asia/Kolkata"),
    (27.7172, 85.3240, "Asia/Kathmandu"),
    (-33.8688, 151.2093, "Australia/Sydney"),
    (-36.8485, 174.7633, "Pacific/Auckland"),
    (-1.2921, 36.8219, "Africa/Nairobi"),
    (30.0444, 31.2357, "Africa/Cairo"),
    (64.1466, -21.9426, "Atlantic/Reykjavik"),
    (21.3069, -157.8583, "Pacific/Honolulu"),
]


@pytest.mark.parametrize("lat, lon, zone", CITIES)
def test_cities_across_the_world_get_their_zone(zones, lat, lon, zone):
    assert zones.zone_name(lat, lon) == zone


@pytest.mark.parametrize(
    "lat, lon, zone",
    [
        (0.0, -30.0, "Etc/GMT+2"),  # mid-Atlantic: two hours behind UTC
        (-40.0, -140.0, "Etc/GMT+9"),  # South Pacific
        (-30.0, 80.0, "Etc/GMT-5"),  # Indian Ocean: five hours ahead
        (0.0, 0.0, "Etc/GMT"),  # Gulf of Guinea
    ],
)
def test_open_ocean_gets_the_nautical_zone(zones, lat, lon, zone):
    assert zones.zone_name(lat, lon) == zone


@pytest.mark.parametrize(
    "lon, zone",
    [(0, "Etc/GMT"), (7.4, "Etc/GMT"), (7.6, "Etc/GMT-1"), (-7.6, "Etc/GMT+1"), (-150, "Etc/GMT+10"), (150, "Etc/GMT-10"), (179.9, "Etc/GMT-12"), (-179.9, "Etc/GMT+12")],
)
def test_nautical_zone_sign_is_posix_inverted(lon, zone):
    assert nautical_zone(lon) == zone


def test_a_finder_with_no_answer_falls_back_to_the_nautical_zone():
    class NoAnswer:
        def timezone_at(self, lat, lng):
            return None

    assert CoordinateZones(NoAnswer).zone_name(10.0, -45.0) == "Etc/GMT+3"


@pytest.mark.parametrize(
    "lat, lon, name",
    [(90.01, 0, "lat"), (-91, 0, "lat"), (0, 180.5, "lon"), (0, -181, "lon"), (math.nan, 0, "lat"), (0, math.inf, "lon")],
)
def test_out_of_range_coordinates_are_invalid_input(lat, lon, name):
    with pytest.raises(InvalidInput, match="must be between") as caught:
        CoordinateZones().zone_name(lat, lon)
    assert caught.value.name == name


def test_the_boundary_data_loads_on_first_lookup_only():
    loads = []

    class Finder:
        def __init__(self):
            loads.append(1)

        def timezone_at(self, lat, lng):
            return "Europe/Paris"

    zones = CoordinateZones(Finder)
    assert not zones.loaded and loads == []
    zones.zone_name(48.9, 2.4)
    zones.zone_name(48.9, 2.4)
    assert zones.loaded and loads == [1]


def test_every_zone_in_the_boundary_data_is_known_to_the_catalogue(catalogue):
    names = TimezoneFinder().timezone_names
    assert len(names) > 400
    unknown = []
    for name in names:
        try:
            catalogue.canonical(name)
        except InvalidInput:
            unknown.append(name)
    assert unknown == []


def test_concurrent_first_lookups_load_the_data_once():
    threads_count = 6
    arrived = threading.Semaphore(0)
    loads = []

    class SlowFinder:
        def __init__(self):
            loads.append(1)
            for _ in range(threads_count):  # hold the load until every thread has asked
                arrived.acquire(timeout=5)

        def timezone_at(self, lat, lng):
            return "Asia/Tokyo"

    zones = CoordinateZones(SlowFinder)
    answers = []

    def ask():
        arrived.release()
        answers.append(zones.zone_name(35.7, 139.7))

    threads = [threading.Thread(target=ask) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert answers == ["Asia/Tokyo"] * threads_count
    assert loads == [1]


@pytest.mark.parametrize("name, nautical", [("Etc/GMT", True), ("Etc/GMT+2", True), ("Etc/GMT-12", True), ("Etc/UTC", False), ("Europe/Paris", False), ("Etc/GMT+2x", False)])
def test_nautical_zones_are_told_from_places(name, nautical):
    assert is_nautical(name) is nautical


def test_every_sea_answer_is_nautical(zones):
    assert all(is_nautical(zones.zone_name(lat, lon)) for lat, lon in [(0.0, -30.0), (-40.0, -140.0), (-30.0, 80.0), (0.0, 0.0)])
    assert not any(is_nautical(zones.zone_name(lat, lon)) for lat, lon, _ in CITIES)
