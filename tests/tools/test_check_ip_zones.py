"""The accuracy check compares a table with its source through the real timezonefinder."""
import random

from tests.tools.dbip_sources import NETWORKS, NORTH_ATLANTIC, PARIS, dbip_csv_file
from tools.build_ip_zones import build
from tools.check_ip_zones import main, sample

ON_LAND = [network for network in NETWORKS if network[1] != NORTH_ATLANTIC]


def test_a_table_built_from_its_source_agrees_with_it(tmp_path, capsys):
    sources = dbip_csv_file(tmp_path, ON_LAND)
    build(sources, tmp_path / "t.mmdb", "2026-06")
    assert main([str(sources[0]), "--table", str(tmp_path / "t.mmdb")]) == 0
    assert f"{len(ON_LAND)} of {len(ON_LAND)} random source addresses agree: 100.000 %" in capsys.readouterr().out


def test_a_table_built_from_other_data_fails_the_check(tmp_path, capsys):
    build(dbip_csv_file(tmp_path, ON_LAND), tmp_path / "t.mmdb", "2026-06")
    moved = [(network, PARIS, "FR") if network.startswith("2600") else (network, point, country) for network, point, country in ON_LAND]
    (tmp_path / "moved").mkdir()
    other = dbip_csv_file(tmp_path / "moved", moved)
    assert main([str(other[0]), "--table", str(tmp_path / "t.mmdb")]) == 1
    output = capsys.readouterr().out
    assert f"{len(ON_LAND) - 1} of {len(ON_LAND)}" in output and "table America/New_York, timezonefinder Europe/Paris" in output


def test_a_point_at_sea_is_reported_apart(tmp_path, capsys):
    sources = dbip_csv_file(tmp_path)
    build(sources, tmp_path / "t.mmdb", "2026-06")
    main([str(sources[0]), "--table", str(tmp_path / "t.mmdb")])
    assert "of the 1 that differ, 1 are points at sea" in capsys.readouterr().out


def test_the_sample_draws_every_record_alike():
    counts = [0] * 10
    rng = random.Random(3)
    for _ in range(3000):
        for drawn in sample(iter(range(10)), 2, rng):
            counts[drawn] += 1
    assert all(500 < count < 700 for count in counts), counts
