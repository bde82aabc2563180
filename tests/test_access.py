"""Access measures on a hand-computed toy country, and 2SFCA against pysal ``access``."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from oportumap import DataError, Dataset, department_profile, municipality_profile
from oportumap.access import gaussian_weight, step_weight, two_step_fca
from oportumap.costs import distance_km

# Three municipalities on the equator: A at 0°, B 0.15° east (16.70 km), C 1° east.
LON = {"A": 0.0, "B": 0.15, "C": 1.0}
KM_AB = float(distance_km(0, 0, 0, 0.15))


def toy_dataset(opportunities):
    boundaries = gpd.GeoDataFrame(
        {"muni_code": ["A", "B", "C"], "muni_name": ["Alfa", "Beta", "Gama"],
         "dept_code": ["1", "1", "2"], "dept_name": ["Uno", "Uno", "Dos"],
         "lat": [0.0, 0.0, 0.0], "lon": [LON[c] for c in "ABC"]},
        geometry=[box(x - 0.05, -0.05, x + 0.05, 0.05) for x in LON.values()], crs=4326)
    returnees = pd.DataFrame({"returnee_id": [f"r{i}" for i in range(30)],
                              "muni_code": ["A"] * 20 + ["B"] * 10})
    opps = pd.DataFrame(opportunities, columns=["opportunity_id", "kind", "capacity",
                                                "muni_code"])
    opps["lat"] = 0.0
    opps["lon"] = opps["muni_code"].map(LON)
    return Dataset(returnees=returnees, opportunities=opps, boundaries=boundaries, country="XX")


@pytest.fixture
def toy():
    return toy_dataset([("vA", "vacancy", 10, "A"), ("vC", "vacancy", 5, "C")])


def test_toy_distance_is_what_we_computed_by_hand():
    km_ab = KM_AB
    assert km_ab == pytest.approx(16.70, abs=0.01)


def test_every_measure_on_the_toy_country(toy):
    p = municipality_profile(toy, max_km=40).set_index("muni_code")
    assert p.loc[["A", "B", "C"], "returnees"].tolist() == [20, 10, 0]
    assert p.loc["A", "vacancy_nearest_km"] == 0
    assert p.loc["B", "vacancy_nearest_km"] == pytest.approx(KM_AB)
    assert p.loc[["A", "B", "C"], "vacancy_count"].tolist() == [1, 1, 1]
    assert p.loc[["A", "B", "C"], "vacancy_capacity"].tolist() == [10, 10, 5]
    # 2SFCA: vA's 10 places shared by 30 returnees; vC has no demand in reach
    assert p.loc[["A", "B", "C"], "vacancy_2sfca"].tolist() == pytest.approx([1 / 3, 1 / 3, 0])
    # E2SFCA (Luo & Qi steps at 13.3/26.7/40 km): B at 16.7 km weighs 0.68 in both steps
    r = 10 / (20 * 1.0 + 10 * 0.68)
    assert p.loc["A", "vacancy_e2sfca"] == pytest.approx(r)
    assert p.loc["B", "vacancy_e2sfca"] == pytest.approx(r * 0.68)
    assert p.loc[["A", "B"], "vacancy_returnees_per_place"].tolist() == [2.0, 1.0]
    assert p.loc["C", "vacancy_returnees_per_place"] == 0
    assert p.loc[["A", "B", "C"], "vacancy_unserved"].tolist() == pytest.approx(
        [20 * 2 / 3, 10 * 2 / 3, 0])


def test_nothing_reachable_stands_out_and_gap_ranks(toy):
    p = municipality_profile(toy, max_km=40).set_index("muni_code")
    # Four kinds have nothing at all: every returnee of A and B is unserved there.
    assert p.loc[["A", "B", "C"], "kinds_out_of_reach"].tolist() == [4, 4, 4]
    assert np.isnan(p.loc["A", "training_nearest_km"])
    assert p.loc["A", "training_unserved"] == 20
    assert p.loc["A", "gap_score"] == pytest.approx((20 * 2 / 3 + 4 * 20) / 5, abs=0.01)
    assert p.loc["B", "gap_score"] == pytest.approx((10 * 2 / 3 + 4 * 10) / 5, abs=0.01)
    assert p.loc[["A", "B", "C"], "priority_rank"].tolist() == [1, 2, 3]


def test_reach_shrinks_with_smaller_threshold(toy):
    p = municipality_profile(toy, max_km=10).set_index("muni_code")
    assert p.loc["B", "vacancy_capacity"] == 0
    assert p.loc["A", "vacancy_2sfca"] == pytest.approx(0.5)
    assert p.loc["B", "vacancy_unserved"] == 10
    assert np.isnan(p.loc["B", "vacancy_returnees_per_place"])


def test_travel_time_table_path(toy):
    times = pd.DataFrame({"origin": ["A", "B", "C", "A"], "destination": ["A", "A", "C", "C"],
                          "minutes": [5.0, 50.0, 10.0, 200.0]})
    p = municipality_profile(toy, travel_times=times, max_minutes=30).set_index("muni_code")
    assert p.loc[["A", "B", "C"], "vacancy_nearest_min"].tolist() == [5.0, 50.0, 10.0]
    assert "vacancy_nearest_km" not in p
    assert p.loc[["A", "B", "C"], "vacancy_capacity"].tolist() == [10, 0, 5]
    assert p.loc["A", "vacancy_2sfca"] == pytest.approx(0.5)
    wide = municipality_profile(toy, travel_times=times, max_minutes=60).set_index("muni_code")
    assert wide.loc["B", "vacancy_2sfca"] == pytest.approx(1 / 3)


def test_department_profile_sums_and_ranks(toy):
    d = department_profile(municipality_profile(toy, max_km=40)).set_index("dept_code")
    assert d.loc["1", "returnees"] == 30 and d.loc["1", "municipalities"] == 2
    assert d.loc["1", "vacancy_capacity"] == 20  # reachable places summed over municipalities
    assert d.loc["1", "vacancy_2sfca"] == pytest.approx(1 / 3)
    assert d.loc["1", "priority_rank"] == 1


def test_weights():
    assert step_weight([10, 20, 30], [1, 0.68, 0.22])(np.array([0, 10, 10.1, 30, 40])).tolist() \
        == [1, 1, 0.68, 0.22, 0]
    assert gaussian_weight(5)(np.array([5.0]))[0] == pytest.approx(np.exp(-0.5))
    with pytest.raises(DataError):
        step_weight([20, 10], [1, 0.5])


def test_unknown_kind_and_bad_cost_table(toy):
    with pytest.raises(DataError, match="tipos desconocidos"):
        municipality_profile(toy, kinds=["rocket"])
    with pytest.raises(DataError, match="faltan las columnas"):
        two_step_fca(pd.Series({"a": 1}), pd.Series({"x": 1}), pd.DataFrame({"o": []}), 1)


@pytest.mark.parametrize("decay", [None, "step", "gaussian"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_step_fca_matches_pysal_access(seed, decay):
    from access import Access
    from access import weights as access_weights

    rng = np.random.default_rng(seed)
    n_origins, n_sites = 60, 90
    demand = pd.Series(rng.integers(1, 500, n_origins).astype(float),
                       index=[f"o{i}" for i in range(n_origins)])
    supply = pd.Series(rng.integers(1, 50, n_sites).astype(float),
                       index=[f"s{j}" for j in range(n_sites)])
    pairs = pd.DataFrame([(o, s) for o in demand.index for s in supply.index],
                         columns=["origin", "destination"])
    pairs["cost"] = rng.uniform(0, 60, len(pairs))
    pairs = pairs.sample(frac=0.6, random_state=seed)
    max_cost = 30.0
    ours_weight, theirs_weight = None, None
    if decay == "step":
        ours_weight = step_weight([10, 20, 30], [1.0, 0.68, 0.22])
        theirs_weight = access_weights.step_fn({10: 1.0, 20: 0.68, 30: 0.22})
    elif decay == "gaussian":
        ours_weight = gaussian_weight(12.0)
        theirs_weight = access_weights.gaussian(12.0)
    ours = two_step_fca(demand, supply, pairs, max_cost, weight=ours_weight)
    peer = Access(
        demand_df=pd.DataFrame({"id": demand.index, "demand": demand.to_numpy()}),
        demand_index="id", demand_value="demand",
        supply_df=pd.DataFrame({"id": supply.index, "supply": supply.to_numpy()}),
        supply_index="id", supply_value="supply",
        cost_df=pairs.rename(columns={"destination": "dest"}).reset_index(drop=True),
        cost_origin="origin", cost_dest="dest", cost_name="cost",
    )
    theirs = peer.two_stage_fca(name="x", max_cost=max_cost, weight_fn=theirs_weight)
    theirs = theirs.iloc[:, 0].reindex(demand.index).fillna(0.0)
    assert (ours > 0).sum() > n_origins // 2  # a meaningful comparison
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-9, atol=0)


def test_sample_profile_is_consistent(sample):
    p = municipality_profile(sample)
    assert len(p) == 340 and p["priority_rank"].is_unique
    assert p["returnees"].sum() == len(sample.returnees)
    assert (p["gap_score"] <= p["returnees"]).all()
    top = p.iloc[0]
    assert top["returnees"] > 50  # the largest gaps are where many returnees live
