"""Planning new capacity: known optima, existing sites, capacities, and spopt's MCLP."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from oportumap import DataError
from oportumap.planning import (
    coverage_curve,
    maximal_covering,
    plan_capacity,
    plan_map,
    planning_demand,
)


def long_cost(matrix: dict[str, dict[str, float]]) -> pd.DataFrame:
    return pd.DataFrame([(o, d, c) for o, row in matrix.items() for d, c in row.items()],
                        columns=["origin", "destination", "cost"])


# Five villages on a line, 10 km apart; sites can open in any of them; reach 10 km.
LINE = {o: {d: 10.0 * abs(i - j) for j, d in enumerate("ABCDE")} for i, o in enumerate("abcde")}
DEMAND = pd.Series({"a": 50, "b": 10, "c": 5, "d": 10, "e": 60}, dtype=float)


def test_known_optimum_without_existing_sites():
    result = maximal_covering(DEMAND, long_cost(LINE), 10, p_new=1)
    # one site covers itself and its neighbours: B (50+10+5=65) vs D (5+10+60=75) vs E (70)
    assert result.selected == ["D"]
    assert result.covered_before == 0 and result.covered_after == 75
    assert result.status == "Optimal"
    assert result.unserved.set_index("origin")["demand"].to_dict() == {"a": 50, "b": 10}


def test_existing_site_is_kept_and_not_recounted():
    result = maximal_covering(DEMAND, long_cost(LINE), 10, p_new=1, existing=["D"])
    # D already covers c, d, e (75); the best addition covers a and b: A or B
    assert result.covered_before == 75
    assert result.selected in (["A"], ["B"])
    assert result.covered_after == 135
    assert result.marginal_gain.tolist() == [60]
    assert set(result.assignment["site"]) <= {"A", "B", "D"}


def test_selected_sites_come_in_order_of_marginal_gain():
    result = maximal_covering(DEMAND, long_cost(LINE), 0, p_new=3)
    assert result.selected[:2] == ["E", "A"]
    assert result.selected[2] in ("B", "D")  # both add 10: either is optimal
    assert result.marginal_gain.tolist() == [60, 50, 10]


def test_capacities_bind():
    capacity = pd.Series({s: 40.0 for s in "ABCDE"})
    result = maximal_covering(DEMAND, long_cost(LINE), 10, p_new=2, capacity=capacity)
    # two sites serve at most 80; e (60) and a (50) are far apart: E + A or B serves 80
    assert result.covered_after == pytest.approx(80)
    served = result.assignment.groupby("site")["demand"].sum()
    assert (served <= 40 + 1e-6).all()
    unserved = result.unserved["demand"].sum()
    assert unserved == pytest.approx(DEMAND.sum() - 80)


def test_capacity_of_existing_site_limits_coverage_before():
    capacity = pd.Series({"A": 20.0, "B": 100.0, "C": 100.0, "D": 100.0, "E": 100.0})
    result = maximal_covering(DEMAND, long_cost(LINE), 10, p_new=1, existing=["A"],
                              capacity=capacity)
    assert result.covered_before == pytest.approx(20)
    # a new site at D serves c+d+e up to 100 (75); A still serves 20
    assert result.selected == ["D"]
    assert result.covered_after == pytest.approx(95)


def test_bad_arguments():
    with pytest.raises(DataError, match="solo hay"):
        maximal_covering(DEMAND, long_cost(LINE), 10, p_new=9)
    with pytest.raises(DataError, match="faltan las columnas"):
        maximal_covering(DEMAND, pd.DataFrame({"o": []}), 10, p_new=1)


def test_coverage_curve_is_monotone():
    curve = coverage_curve(DEMAND, long_cost(LINE), 10, 3)
    assert curve["p_new"].tolist() == [0, 1, 2, 3]
    assert curve["covered"].tolist() == [0, 75, 135, 135]
    assert curve["added"].tolist() == [0, 75, 60, 0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_covered_demand_equals_spopt_mclp(seed):
    import pulp
    from spopt.locate import MCLP

    rng = np.random.default_rng(seed)
    n_demand, n_sites, p = 60, 25, 4
    demand_xy = rng.uniform(0, 100, (n_demand, 2))
    sites_xy = rng.uniform(0, 100, (n_sites, 2))
    matrix = np.hypot(*(demand_xy[:, None, :] - sites_xy[None, :, :]).transpose(2, 0, 1))
    weights = rng.integers(1, 100, n_demand).astype(float)
    radius = 18.0
    spopt_model = MCLP.from_cost_matrix(matrix, weights, service_radius=radius,
                                        p_facilities=p)
    spopt_model = spopt_model.solve(pulp.PULP_CBC_CMD(msg=False))
    spopt_covered = float(weights[[i for i, cov in enumerate(spopt_model.cli2fac) if cov]]
                          .sum())
    cost = pd.DataFrame([(f"o{i}", f"s{j}", matrix[i, j]) for i in range(n_demand)
                         for j in range(n_sites)], columns=["origin", "destination", "cost"])
    ours = maximal_covering(pd.Series(weights, index=[f"o{i}" for i in range(n_demand)]),
                            cost, radius, p)
    assert ours.covered_after == pytest.approx(spopt_covered)
    assert len(ours.selected) == p


def test_plan_capacity_on_the_sample(sample):
    plan = plan_capacity(sample, kind="certification", p_new=2, max_km=40)
    result = plan.result
    assert len(result.selected) == 2
    assert result.covered_after > result.covered_before
    existing = set(sample.opportunities.loc[sample.opportunities["kind"] == "certification",
                                            "muni_code"])
    assert set(plan.sites.loc[plan.sites["status"] == "existente", "site"]) == existing
    assert not set(result.selected) & existing
    munis = plan.municipalities
    assert munis["demand"].sum() == planning_demand(sample, "certification").sum()
    newly = munis.loc[munis["newly_covered"], "demand"].sum()
    assert newly == pytest.approx(result.covered_after - result.covered_before)


def test_certification_demand_counts_only_uncertified_certifiable_people(sample):
    demand = planning_demand(sample, "certification")
    welders = planning_demand(sample, "certification", standard="soldador")
    assert 0 < welders.sum() < demand.sum()
    with pytest.raises(DataError, match="no corresponde a ningún estándar"):
        planning_demand(sample, "certification", standard="astronauta")


def test_capacitated_plan_and_map(sample, tmp_path):
    from oportumap.maps import save_map
    from oportumap.offline import external_references

    plan = plan_capacity(sample, kind="training", p_new=2, max_km=40, capacitated=True,
                         capacity_per_site=25)
    new = plan.sites[plan.sites["status"] == "nueva"]
    assert (new["assigned"] <= 25 + 1e-6).all()
    html = save_map(plan_map(sample, plan), tmp_path / "plan.html").read_text(encoding="utf-8")
    assert external_references(html) == []
    assert "Sitio nuevo" in html
