"""Distances (checked against pyproj's geodesic), radius queries and travel times."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from oportumap import DataError
from oportumap.costs import (
    cost_table,
    distance_km,
    estimate_minutes,
    pairs_within,
    read_travel_times,
)


def random_pairs(n, seed=0):
    rng = np.random.default_rng(seed)
    lat1, lon1 = rng.uniform(13.7, 17.8, n), rng.uniform(-92.2, -88.2, n)
    scale = rng.choice([0.001, 0.01, 0.1, 1.0, 3.0], n)
    return lat1, lon1, lat1 + rng.normal(0, 1, n) * scale, lon1 + rng.normal(0, 1, n) * scale


def test_distance_matches_pyproj_geodesic_within_0_1_percent():
    lat1, lon1, lat2, lon2 = random_pairs(50_000)
    _, _, metres = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    ours = distance_km(lat1, lon1, lat2, lon2)
    far = metres > 10
    assert np.max(np.abs(ours[far] * 1000 - metres[far]) / metres[far]) < 0.001
    assert np.max(np.abs(ours * 1000 - metres)) < 5  # metres, up to ~900 km apart


def test_known_distances():
    assert distance_km(14.6407, -90.5133, 14.6407, -90.5133) == 0
    # one degree of latitude at 14.5 N on WGS84
    assert distance_km(14.0, -90.0, 15.0, -90.0) == pytest.approx(110.64, abs=0.01)


def test_pairs_within_equals_brute_force():
    rng = np.random.default_rng(3)
    olat, olon = rng.uniform(14, 16, 300), rng.uniform(-92, -89, 300)
    dlat, dlon = rng.uniform(14, 16, 400), rng.uniform(-92, -89, 400)
    oi, di, km = pairs_within(olat, olon, dlat, dlon, 25.0, chunk_size=37)
    full = distance_km(olat[:, None], olon[:, None], dlat[None, :], dlon[None, :])
    expected_o, expected_d = np.nonzero(full <= 25.0)
    assert oi.tolist() == expected_o.tolist() and di.tolist() == expected_d.tolist()
    np.testing.assert_allclose(km, full[expected_o, expected_d])


def test_pairs_within_handles_empty_inputs():
    oi, di, km = pairs_within([], [], [14.0], [-90.0], 10)
    assert len(oi) == len(di) == len(km) == 0
    with pytest.raises(DataError):
        pairs_within([14.0], [-90.0], [14.0], [-90.0], -1)


def test_estimated_minutes_use_documented_defaults():
    assert estimate_minutes(40.0) == pytest.approx(40 * 1.3 / 40 * 60)
    assert estimate_minutes(10.0, circuity=1.0, speed_kmh=60) == pytest.approx(10.0)


def test_travel_time_table_replaces_distance(tmp_path):
    path = tmp_path / "tiempos.csv"
    path.write_text("origen;destino;minutos\n101;0108;25\n101;1301;245,5\n", encoding="utf-8")
    times = read_travel_times(path)
    assert times.values.tolist() == [["0101", "0108", 25.0], ["0101", "1301", 245.5]]
    origins = pd.DataFrame({"id": ["0101"], "lat": [14.64], "lon": [-90.51]})
    dest = pd.DataFrame({"id": ["v1", "v2", "v3"], "lat": [14.63, 15.32, 15.0],
                         "lon": [-90.60, -91.47, -90.0], "muni": ["0108", "1301", "0201"]})
    table = cost_table(origins, dest, travel_times=times, max_minutes=60,
                       destination_zone="muni")
    assert table[["destination", "minutes", "cost"]].values.tolist() == [["v1", 25.0, 25.0]]
    # pairs the table does not list (v3) are unreachable, even with a generous limit
    everything = cost_table(origins, dest, travel_times=times, max_minutes=1e9,
                            destination_zone="muni")
    assert everything["destination"].tolist() == ["v1", "v2"]


def test_travel_time_errors_name_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("origen,destino,minutos\n101,108,veinte\n101,109,-3\n")
    with pytest.raises(DataError) as info:
        read_travel_times(path)
    assert "t.csv fila 2, columna 'minutos' (valor 'veinte')" in str(info.value)
    assert "t.csv fila 3" in str(info.value)
    path.write_text("desde,tiempo\n1,2\n")
    with pytest.raises(DataError, match="faltan las columnas"):
        read_travel_times(path)


def test_estimated_minutes_threshold_without_table():
    origins = pd.DataFrame({"id": ["a"], "lat": [14.0], "lon": [-90.0]})
    dest = pd.DataFrame({"id": ["near", "far"], "lat": [14.2, 14.6], "lon": [-90.0, -90.0]})
    table = cost_table(origins, dest, max_minutes=60)  # 60 min = 30.8 km at 40 km/h, 1.3
    assert table["destination"].tolist() == ["near"]
    assert table["cost"].iloc[0] == pytest.approx(22.13 * 1.3 * 1.5, rel=1e-3)
