"""Planning new capacity: known optima, existing sites, capacities, and spopt's MCLP."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from oportumap import DataError
from oportumap.exports.plans import plan_sheets
from oportumap.maps import plan_map
from oportumap.planning import (
    coverage_curve,
    maximal_covering,
    plan_capacity,
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


def test_coverage_curve_is_monotone_and_stops_when_everyone_is_covered():
    curve = coverage_curve(DEMAND, long_cost(LINE), 10, 3)
    # two sites (B or A, and D) cover all 135: a third would add nobody, so no "+0" row
    assert curve["p_new"].tolist() == [0, 1, 2]
    assert curve["covered"].tolist() == [0, 75, 135]
    assert curve["added"].tolist() == [0, 75, 60]
    assert curve["share"].tolist() == [0, 75 / 135, 1.0]


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


@pytest.mark.parametrize("seed", [3, 4])
def test_existing_sites_fixed_equals_spopt_mclp_with_predefined_facilities(seed):
    """spopt's MCLP with predefined facilities is the same problem: p counts them too."""
    import pulp
    from spopt.locate import MCLP

    rng = np.random.default_rng(seed)
    n_demand, n_sites, p_new = 60, 25, 3
    matrix = np.hypot(*(rng.uniform(0, 100, (n_demand, 1, 2))
                        - rng.uniform(0, 100, (1, n_sites, 2))).transpose(2, 0, 1))
    weights = rng.integers(1, 100, n_demand).astype(float)
    fixed = [0, 7]
    predefined = np.isin(np.arange(n_sites), fixed).astype(int)
    model = MCLP.from_cost_matrix(matrix, weights, service_radius=18.0,
                                  p_facilities=p_new + len(fixed),
                                  predefined_facilities_arr=predefined)
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    spopt_covered = float(weights[[bool(c) for c in model.cli2fac]].sum())
    cost = pd.DataFrame({"origin": np.repeat([f"o{i}" for i in range(n_demand)], n_sites),
                         "destination": np.tile([f"s{j}" for j in range(n_sites)], n_demand),
                         "cost": matrix.ravel()})
    demand = pd.Series(weights, index=[f"o{i}" for i in range(n_demand)])
    ours = maximal_covering(demand, cost, 18.0, p_new, existing=[f"s{j}" for j in fixed])
    assert ours.covered_after == pytest.approx(spopt_covered)
    assert ours.covered_before == pytest.approx(
        weights[(matrix[:, fixed] <= 18.0).any(axis=1)].sum())
    assert ours.marginal_gain.sum() == pytest.approx(ours.covered_after - ours.covered_before)
    # gains come in decreasing order (the first site is the one that adds most)
    assert (np.diff(ours.marginal_gain.to_numpy()) <= 1e-9).all()


def test_time_limited_solution_is_reported_not_called_optimal(monkeypatch):
    """PuLP says status 1 ("Optimal") when CBC stops at the time limit with a solution."""
    import pulp

    from oportumap.planning import solver

    class StoppedAtTimeLimit:
        status, sol_status = 1, pulp.LpSolutionIntegerFeasible

        def solve(self, solver):
            assert solver.timeLimit == 3 and not solver.msg

    assert solver.solve(StoppedAtTimeLimit(), 3) == "Feasible (time limit)"
    StoppedAtTimeLimit.sol_status = pulp.LpSolutionOptimal
    assert solver.solve(StoppedAtTimeLimit(), 3) == "Optimal"


def test_uncovered_origins_and_zero_demand():
    # an origin with no site in reach stays unserved; zero-demand origins never count
    demand = pd.Series({"a": 4.0, "b": 0.0, "far": 9.0})
    cost = pd.DataFrame({"origin": ["a", "b", "far"], "destination": ["A", "B", "A"],
                         "cost": [1.0, 1.0, 500.0]})
    result = maximal_covering(demand, cost, 10, p_new=1)
    assert result.selected == ["A"] and result.covered_after == 4
    assert result.unserved.set_index("origin")["demand"].to_dict() == {"far": 9.0}


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
    from oportumap.maps.offline import external_references

    plan = plan_capacity(sample, kind="training", p_new=2, max_km=40, capacitated=True,
                         capacity_per_site=25)
    new = plan.sites[plan.sites["status"] == "nueva"]
    assert (new["assigned"] <= 25 + 1e-6).all()
    html = save_map(plan_map(sample, plan), tmp_path / "plan.html").read_text(encoding="utf-8")
    assert external_references(html) == []
    assert "Sitio nuevo" in html


def test_plan_for_one_standard_keeps_its_own_inputs_for_the_curve(sample):
    plan = plan_capacity(sample, kind="certification", p_new=2, max_km=40, standard="soldador")
    welders = planning_demand(sample, "certification", standard="soldador")
    assert plan.municipalities["demand"].sum() == welders.sum()
    curve = plan.curve()
    assert curve["p_new"].tolist() == [0, 1, 2]
    assert curve["covered"].iloc[0] == pytest.approx(plan.result.covered_before)
    assert curve["covered"].iloc[-1] == pytest.approx(plan.result.covered_after)
    assert (curve["status"] == "Optimal").all()
    sites, sheets = plan_sheets(plan)
    assert sheets["Curva de cobertura"]["status"].tolist() == ["Óptimo"] * 3


def test_plan_in_minutes_has_a_curve(sample):
    plan = plan_capacity(sample, kind="training", p_new=1, max_minutes=60)
    assert plan.unit == "min" and plan.max_cost == 60
    _, sheets = plan_sheets(plan)
    assert len(sheets["Curva de cobertura"]) == 2


def _toy_dataset(tmp_path, returnees: str):
    """A country written by hand: returnees as given, two vacancies far away in Flores."""
    from oportumap.loaders import load_dataset

    folder = tmp_path / "datos"
    folder.mkdir()
    (folder / "returnees.csv").write_text(
        "id_retornado;municipio;departamento;interes\n" + returnees, encoding="utf-8")
    (folder / "vacancies.csv").write_text(
        "id;municipio;departamento;titulo;plazas\nV-1;Flores;Petén;Albañil;3\n",
        encoding="utf-8")
    return load_dataset(folder)


def test_plan_map_in_english_suppresses_small_gains(tmp_path):
    # Three people in Mixco: the one new site adds 3, which the map must not print.
    toy = _toy_dataset(tmp_path, "R-1;Mixco;Guatemala;empleo\nR-2;Mixco;Guatemala;empleo\n"
                                 "R-3;Mixco;Guatemala;empleo\n")
    plan = plan_capacity(toy, kind="vacancy", p_new=1, max_km=40)
    assert plan.result.marginal_gain.tolist() == [3]
    html = plan_map(toy, plan, lang="en").get_root().render()
    assert "New site" in html and "Sitio nuevo" not in html
    assert "(+&lt;5)" in html and "(+3)" not in html
    with pytest.raises(DataError):
        plan_map(toy, plan, lang="fr")


def test_one_site_that_covers_everyone_is_the_whole_plan(tmp_path):
    toy = _toy_dataset(tmp_path, "".join(f"R-{i};{m};Guatemala;empleo\n" for i, m in
                                         enumerate(["Mixco", "Villa Nueva", "Guatemala"] * 3)))
    plan = plan_capacity(toy, kind="vacancy", p_new=3, max_km=40)
    assert len(plan.result.selected) == 1 and plan.result.requested == 3
    assert plan.result.covered_after == 9
    assert (plan.result.message()
            == "con 1 sitio ya se cubre a todos los alcanzables; se pidieron 3")
    assert plan.result.message("en") == ("1 site already covers everyone in reach; "
                                         "3 were requested")
    assert plan.sites["marginal_gain"].dropna().tolist() == [9]
    states = plan.municipalities.set_index("muni_name")["coverage_state"]
    assert states["Mixco"] == "newly_covered"
    assert states["Flores"] == "no_demand"  # no returnees: neutral, not a coverage gap
    assert (states == "not_covered").sum() == 0
    html = plan_map(toy, plan).get_root().render()
    assert "Sin demanda" in html
    # the existing sites already reach everyone: no new site at all, and it says so
    covered = maximal_covering(DEMAND, long_cost(LINE), 10, p_new=2, existing=["B", "D"])
    assert covered.selected == [] and covered.covered_after == 135
    assert covered.message() == ("los sitios existentes ya cubren a todos los alcanzables; "
                                 "no hace falta un sitio nuevo")


def test_solver_status_in_words_for_people_and_a_code_for_programs():
    result = maximal_covering(DEMAND, long_cost(LINE), 10, p_new=1)
    assert result.status == "Optimal"
    assert result.status_text() == "Óptimo" and result.status_text("en") == "Optimal"
    from oportumap.planning import status_text

    assert status_text("Feasible (time limit)") == "Factible (límite de tiempo)"


def test_missing_demand_is_an_error():
    with pytest.raises(DataError, match="valores vacíos"):
        maximal_covering(pd.Series({"a": np.nan, "b": 1.0}), long_cost(LINE), 10, p_new=1)


def _brute_force(weights, matrix, radius, existing, p_new, seats=None):
    """Best coverage over every set of p_new new sites (scipy's LP for the seats)."""
    from itertools import combinations

    from scipy.optimize import linprog

    n_origins, n_sites = matrix.shape
    reach = matrix <= radius
    best = 0.0
    for new in combinations([j for j in range(n_sites) if j not in existing], p_new):
        open_sites = [*existing, *new]
        if seats is None:
            best = max(best, weights[reach[:, open_sites].any(axis=1)].sum())
            continue
        pairs = [(i, j) for i in range(n_origins) for j in open_sites if reach[i, j]]
        if not pairs:
            continue
        rows_o = np.array([[i == a for a, _ in pairs] for i in range(n_origins)], float)
        rows_s = np.array([[j == b for _, b in pairs] for j in open_sites], float)
        lp = linprog(-np.ones(len(pairs)), A_ub=np.vstack([rows_o, rows_s]),
                     b_ub=np.concatenate([weights, seats[open_sites]]), method="highs")
        best = max(best, -lp.fun)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_matches_brute_force_on_small_random_problems(seed):
    rng = np.random.default_rng(100 + seed)
    n_origins, n_sites = 9, 7
    matrix = rng.uniform(0, 50, (n_origins, n_sites))
    weights = rng.integers(0, 30, n_origins).astype(float)
    seats = rng.integers(5, 40, n_sites).astype(float)
    existing = [0]
    cost = pd.DataFrame({"origin": np.repeat(np.arange(n_origins), n_sites),
                         "destination": np.tile(np.arange(n_sites), n_origins),
                         "cost": matrix.ravel()})
    demand = pd.Series(weights)
    for capacity in (None, pd.Series(seats)):
        result = maximal_covering(demand, cost, 20.0, 2, existing=existing, capacity=capacity)
        expected = _brute_force(weights, matrix, 20.0, existing, 2,
                                None if capacity is None else seats)
        assert result.covered_after == pytest.approx(expected, abs=1e-6)
        assert result.covered_before == pytest.approx(
            _brute_force(weights, matrix, 20.0, existing, 0,
                         None if capacity is None else seats), abs=1e-6)
        served = result.assignment.groupby("origin")["demand"].sum()
        assert (served <= demand.reindex(served.index) + 1e-6).all()
        assert served.sum() + result.unserved["demand"].sum() == pytest.approx(weights.sum())
        if capacity is not None:
            load = result.assignment.groupby("site")["demand"].sum()
            assert (load <= seats[load.index.to_numpy()] + 1e-6).all()


@pytest.mark.slow  # the plan command on the whole sample
def test_plan_command_writes_sites_curve_and_municipalities(tmp_path):
    from typer.testing import CliRunner

    from oportumap.cli import app

    runner = CliRunner()
    data = tmp_path / "datos"
    assert runner.invoke(app, ["sample", "--out", str(data), "--returnees", "1500",
                               "--vacancies", "200"]).exit_code == 0
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["plan", "--data", str(data), "--kind", "certification",
                                 "--new", "3", "--max-km", "40", "--out", str(out),
                                 "--map", str(tmp_path / "plan.html")])
    assert result.exit_code == 0, result.output
    assert "3 sitios nuevos" in result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sitios", "Notas", "Curva de cobertura", "Municipios"]
    sites, curve, munis = book["Sitios"], book["Curva de cobertura"], book["Municipios"]
    header = [c.value for c in sites[1]]
    status = header.index("Estado") + 1
    assert [sites.cell(row=r, column=status).value for r in range(2, 5)] == ["nueva"] * 3
    gains = [sites.cell(row=r, column=header.index("Retornados que agrega") + 1).value
             for r in range(2, 5)]
    # numbers (or the protected «<5»), never text like '266', and they add up
    assert all(isinstance(g, int) or g == "<5" for g in gains)
    assert [c.value for c in curve["A"][1:]] == [0, 1, 2, 3]
    assert {c.value for c in curve["E"][1:]} == {"Óptimo"}
    assert all(c.number_format == "0.0%" for c in curve["D"][1:])
    assert 0 < curve["D5"].value <= 1  # a share, shown as a percentage
    assert munis.max_row == 341
    muni_header = [c.value for c in munis[1]]
    assert muni_header[:2] == ["Código municipio", "P-code municipio"]
    assert munis["B2"].value.startswith("GT")
    covered = muni_header.index("Cubierto antes") + 1
    assert {munis.cell(row=r, column=covered).value for r in range(2, 342)} <= {"Sí", "No"}
    # the file is never overwritten without --force
    again = runner.invoke(app, ["plan", "--data", str(data), "--out", str(out)])
    assert again.exit_code != 0


def test_extra_seats_go_where_people_wait():
    from oportumap.planning import seat_expansion

    # Sites A and E already open with 20 seats each; a+b (60) reach A, d+e (70) reach E.
    capacity = pd.Series({"A": 20.0, "E": 20.0})
    plan = seat_expansion(DEMAND, long_cost(LINE), 10, capacity, 45)
    table = plan.sites.set_index("site")
    assert plan.served_before == pytest.approx(40)
    assert plan.served_after == pytest.approx(85)
    assert table["added_seats"].sum() == 45
    assert (table["served_after"] <= table["seats"] + table["added_seats"] + 1e-6).all()
    # more seats than waiting people: only as many as can be used make a difference
    plan = seat_expansion(DEMAND, long_cost(LINE), 10, capacity, 500)
    table = plan.sites
    assert plan.served_after == pytest.approx(DEMAND.sum() - 5)  # c reaches neither
    # only the seats that serve someone are proposed: 40 more at A (a+b) and 50 at E (d+e)
    assert table.set_index("site")["added_seats"].to_dict() == {"A": 40, "E": 50}
    with pytest.raises(DataError, match="extra_seats debe ser un entero"):
        seat_expansion(DEMAND, long_cost(LINE), 10, capacity, -1)


def test_plan_seats_on_the_sample_and_cli(sample, tmp_path):
    from typer.testing import CliRunner

    from oportumap.cli import app
    from oportumap.planning import plan_seats
    from oportumap.sample import sample_folder

    plan = plan_seats(sample, kind="training", extra_seats=60, max_km=40)
    table = plan.sites
    assert table["added_seats"].sum() <= 60
    assert plan.served_after >= plan.served_before
    existing = set(sample.opportunities.loc[sample.opportunities["kind"] == "training",
                                            "muni_code"])
    assert set(table["site"]) == existing
    out = tmp_path / "cupos.xlsx"
    result = CliRunner().invoke(app, ["plan", "--data", str(sample_folder()), "--kind",
                                      "training", "--add-seats", "60", "--max-km", "40",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Cupos a agregar" in pd.read_excel(out, engine="openpyxl").columns
