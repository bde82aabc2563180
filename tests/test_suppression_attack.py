"""The attacker: tries to work a protected count back out of the shareable outputs.

Every output is read as a person receiving it would read it (the written CSV, the map's
popup texts), cell by cell: a number is known, «<5», «(protegido)» or a blank is not.
The attacker then tries
- every differencing: a published sum (a department in ``profile --by departamento``,
  the national total in ``resumen.csv``, an outcome table's Total row, a department in
  ``outcomes --by departamento``, the plan's covered totals) minus the known cells of its
  parts, wherever exactly one part is unknown;
- rate x base: a rate shown next to a known base gives its numerator (and a known
  numerator over a rate gives the base);
and asserts that nothing it recovers is a count from 1 to 4 — checked against the exact
tables, so a recovery that lands on the truth counts.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from oportumap.cli import app

K = 5


def known(values: pd.Series) -> pd.Series:
    """What a reader knows of each cell: the number, or NaN for «<5», «(protegido)», blank."""
    return pd.to_numeric(values.astype(object).where(values.notna(), None), errors="coerce")


def difference_attack(total: float, parts_known: pd.Series, parts_true: pd.Series) -> list:
    """Recover the one unknown part of a published sum; return (value, truth) if possible."""
    unknown = parts_known.isna()
    if pd.isna(total) or unknown.sum() != 1:
        return []
    recovered = total - parts_known[~unknown].sum()
    return [(recovered, float(parts_true[unknown].iloc[0]))]


def leaks(recoveries) -> list:
    """Recoveries that give back a small count exactly."""
    return [(r, t) for r, t in recoveries
            if 0 < t < K and abs(r - t) < 0.5]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from oportumap.sample import write_sample

    out = tmp_path_factory.mktemp("datos")
    write_sample(out, n_returnees=3000, n_vacancies=600, seed=7)
    return out


@pytest.fixture(scope="module")
def profiles(folder, tmp_path_factory):
    from oportumap.access import department_profile, municipality_profile
    from oportumap.loaders import load_dataset

    out = tmp_path_factory.mktemp("perfil")
    runner = CliRunner()
    for by, name in (("municipio", "m.csv"), ("departamento", "d.csv")):
        result = runner.invoke(app, ["profile", "--data", str(folder), "--out",
                                     str(out / name), "--by", by, "--quiet"])
        assert result.exit_code == 0, result.output
    dataset = load_dataset(folder)
    exact = municipality_profile(dataset)
    read = lambda name: pd.read_csv(out / name, encoding="utf-8-sig", dtype=str)  # noqa: E731
    return dataset, exact, department_profile(exact), read("m.csv"), read("d.csv")


def test_profile_departments_minus_municipalities_give_nothing_back(profiles):
    _dataset, exact, exact_depts, munis, depts = profiles
    assert (munis["Retornados"] == "<5").sum() > 10  # there is something to protect
    by_code = exact.set_index("muni_code")
    munis = munis.set_index("Código municipio")
    depts = depts.set_index("Código departamento")
    recoveries = []
    columns = ["Retornados"] + [c for c in munis.columns if "sin plaza alcanzable" in c]
    for dept, codes in exact.groupby("dept_code")["muni_code"]:
        for column in columns:
            if column not in depts.columns:
                continue
            canonical = _canonical(column)
            recoveries += difference_attack(known(depts[column]).get(dept, np.nan),
                                            known(munis.loc[codes, column]),
                                            by_code.loc[codes, canonical])
    assert leaks(recoveries) == []


def test_profile_national_total_minus_the_rest_gives_nothing_back(profiles):
    dataset, exact, exact_depts, munis, depts = profiles
    national = float(exact["returnees"].sum())  # resumen.csv publishes it
    exact_m = exact.set_index("muni_code")["returnees"]
    exact_d = exact_depts.set_index("dept_code")["returnees"]
    found = difference_attack(national, known(munis.set_index("Código municipio")[
        "Retornados"]), exact_m)
    found += difference_attack(national, known(depts.set_index("Código departamento")[
        "Retornados"]), exact_d)
    assert leaks(found) == []


def test_profile_rates_times_base_give_nothing_back(profiles):
    _dataset, exact, _d, munis, _depts = profiles
    truth = exact.set_index("muni_code")
    munis = munis.set_index("Código municipio")
    hidden = known(munis["Retornados"]).isna()
    for kind in ("vacancy", "training", "certification", "entrepreneurship", "service"):
        from oportumap.i18n import column_label

        ratio = known(munis[column_label(f"{kind}_returnees_per_place")])
        capacity = known(munis[column_label(f"{kind}_capacity")])
        recovered = (ratio * capacity)[hidden]
        assert leaks(list(zip(recovered.dropna(), truth.loc[recovered.dropna().index,
                                                           "returnees"], strict=True))) == []
        for measure in ("2sfca", "e2sfca", "unserved"):  # blank where the count is hidden
            assert known(munis[column_label(f"{kind}_{measure}")])[hidden].isna().all()
    assert known(munis[column_label("gap_score")])[hidden].isna().all()


def test_map_popups_minus_department_profile_give_nothing_back(profiles):
    from oportumap.maps import opportunity_map
    from oportumap.maps.payload import municipality_properties

    dataset, exact, _exact_depts, _munis, depts = profiles
    shown = pd.DataFrame(municipality_properties(opportunity_map(dataset, profile=exact)))
    assert "<5" in set(shown["om_returnees"])
    values = known(shown["om_returnees"].str.replace(",", "", regex=False))
    names = exact.drop_duplicates("muni_name")
    by_name = dict(zip(zip(names["muni_name"], names["dept_name"], strict=True),
                       names["muni_code"], strict=True))
    codes = [by_name.get((n, d)) for n, d in zip(shown["om_name"], shown["om_dept"],
                                                  strict=True)]
    table = pd.DataFrame({"code": codes, "value": values}).dropna(subset=["code"])
    table["dept"] = table["code"].map(exact.set_index("muni_code")["dept_code"])
    truth = exact.set_index("muni_code")["returnees"]
    depts = depts.set_index("Código departamento")
    recoveries = []
    for dept, part in table.groupby("dept"):
        recoveries += difference_attack(known(depts["Retornados"]).get(dept, np.nan),
                                        part.set_index("code")["value"],
                                        truth.loc[part["code"]])
    assert leaks(recoveries) == []


def _canonical(label: str) -> str:
    from oportumap.exports.columns import COLUMN_KINDS
    from oportumap.i18n import column_label

    for column in COLUMN_KINDS:
        if column_label(column) == label:
            return column
    raise KeyError(label)


def test_the_attack_has_teeth_on_primary_suppression_alone():
    """On a department with one small municipality, primary suppression alone leaks it
    (department 105 minus 61 and 40 = 4, Jutiapa's way) and the shared rule does not."""
    from oportumap.privacy import shareable_profile, suppress_counts

    exact = pd.DataFrame({"muni_code": ["2201", "2202", "2203", "0101", "0102"],
                          "dept_code": ["22", "22", "22", "01", "01"],
                          "returnees": [4, 61, 40, 30, 20],
                          "gap_score": [2.0, 30.0, 20.0, 10.0, 5.0]})
    dept_total = 105.0
    primary_only = known(suppress_counts(exact["returnees"]))
    assert leaks(difference_attack(dept_total, primary_only[:3], exact["returnees"][:3])) \
        == [(4.0, 4.0)]
    shared = shareable_profile(exact)
    assert shared["returnees"].tolist()[:3] == ["<5", "61", "(protegido)"]
    assert shared["gap_score"].isna().tolist() == [True, False, True, False, False]
    assert difference_attack(dept_total, known(shared["returnees"])[:3],
                             exact["returnees"][:3]) == []
    # the national total (resumen.csv) minus the other department gives nothing either
    assert difference_attack(155.0, known(shared["returnees"]), exact["returnees"]) == []
    # rates: 0.04 contacted of 105 referred must not stand beside its base
    from oportumap.tracking.funnel import shareable_outcomes

    t = pd.DataFrame({"group": ["22", "01", "Total"], "name": ["Jutiapa", "Guatemala", ""],
                      "issued": [105, 300, 405], "contacted": [4, 90, 94],
                      "enrolled": [0, 40, 40], "certified": [0, 6, 6], "placed": [0, 9, 9],
                      "no_show": [0, 0, 0], "rejected": [0, 0, 0],
                      "contact_rate": [4 / 105, 0.3, 94 / 405],
                      "enrolment_rate": [0.0, 40 / 90, 40 / 94],
                      "certification_rate": [np.nan, 0.15, 0.15],
                      "placement_rate": [0.0, 0.03, 9 / 405],
                      "median_days_to_placement": [np.nan, 20.0, 20.0]})
    out = shareable_outcomes(t)
    assert out["contacted"].tolist() == ["<5", "(protegido)", "94"]
    assert out["contact_rate"].isna().tolist() == [True, True, False]
    assert out["enrolment_rate"].isna().tolist() == [True, True, False]


# --------------------------------------------------------------------------- outcomes


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store with a referral run on the sample and statuses for some of them."""
    from oportumap import load_sample
    from oportumap.referrals import referral_plan
    from oportumap.tracking import record_referrals
    from oportumap.tracking.importer import import_status

    folder = tmp_path_factory.mktemp("store")
    db = folder / "s.db"
    dataset = load_sample()
    result = referral_plan(dataset)
    recorded = record_referrals(db, result.referrals, dataset=dataset,
                                issued_at=dt.datetime(2025, 12, 1)).referrals
    rng = np.random.default_rng(3)
    ids = recorded["referral_id"].to_numpy()
    pick = rng.choice(len(ids), size=len(ids) // 3, replace=False)
    rows = []
    for i, r in enumerate(pick):
        step = i % 7
        rows.append((ids[r], "Contactado", "03/12/2025"))
        if step >= 3:
            rows.append((ids[r], "Inscrito", "05/12/2025"))
        if step == 6 or (step == 5 and r % 3 == 0):
            rows.append((ids[r], "Colocado", "20/12/2025"))
    frame = pd.DataFrame(rows, columns=["ID referencia", "Estado", "Fecha estado"])
    frame.to_csv(folder / "lleno.csv", index=False)
    import_status(db, folder / "lleno.csv", today=dt.date(2026, 1, 31))
    return db


@pytest.fixture(scope="module")
def outcome_files(store, tmp_path_factory):
    out = tmp_path_factory.mktemp("resultados")
    runner = CliRunner()
    files = {}
    for by in ("departamento", "municipio", "proveedor", "ocupacion", "etapa"):
        path = out / f"{by}.csv"
        result = runner.invoke(app, ["outcomes", "--db", str(store), "--by", by, "--out",
                                     str(path)])
        assert result.exit_code == 0, result.output
        files[by] = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    return files


COUNTS = {"issued": "Referidos", "contacted": "Contactados", "enrolled": "Inscritos",
          "placed": "Colocados o emprendimiento iniciado"}
RATES = {"contact_rate": ("Tasa de contacto (contactados / referidos) (%)", "contacted",
                          "issued"),
         "enrolment_rate": ("Tasa de inscripción (inscritos / contactados) (%)", "enrolled",
                            "contacted"),
         "placement_rate": ("Tasa de colocación (colocados / referidos) (%)", "placed",
                            "issued")}


@pytest.mark.parametrize("by", ["departamento", "municipio", "proveedor", "ocupacion",
                                "etapa"])
def test_outcomes_total_minus_groups_and_rates_give_nothing_back(store, outcome_files, by):
    from oportumap.tracking.funnel import outcomes

    exact = outcomes(store, by=by)
    shown = outcome_files[by]
    first = shown.columns[0]
    assert len(shown) == len(exact)
    is_total = (shown[first] == "Total").to_numpy()
    assert is_total[-1] and "Total" not in shown.get("Nombre", pd.Series(dtype=str)).tolist()
    recoveries, products = [], []
    for column, label in COUNTS.items():
        values = known(shown[label])
        recoveries += difference_attack(values[is_total].iloc[0], values[~is_total],
                                        exact[column][~is_total])
    for label, numerator, denominator in RATES.values():
        share = known(shown[label]) / 100
        num, den = known(shown[COUNTS[numerator]]), known(shown[COUNTS[denominator]])
        products += list(zip((share * den)[num.isna()].dropna(),
                             exact[numerator][num.isna() & (share * den).notna()],
                             strict=True))
        products += list(zip((num / share)[den.isna() & (share > 0)].dropna(),
                             exact[denominator][den.isna() & (num / share).notna()
                                                & (share > 0)], strict=True))
    assert leaks(recoveries) == [] and leaks(products) == []
    # what is shown is the truth, and a small count is never shown
    for column, label in COUNTS.items():
        values = known(shown[label])
        assert (values.dropna() == exact[column][values.notna()]).all()
        assert not values.between(1, K - 1).any()


def test_outcomes_municipalities_minus_department_table_give_nothing_back(store,
                                                                         outcome_files):
    from oportumap.geography import get_country
    from oportumap.tracking.funnel import outcomes

    exact = outcomes(store, by="municipio").set_index("group")
    munis = outcome_files["municipio"]
    depts = outcome_files["departamento"].set_index("Código departamento")
    dept_of = get_country("GT").municipalities.set_index("muni_code")["dept_code"]
    munis = munis[munis["Código municipio"] != "Total"].set_index("Código municipio")
    recoveries = []
    for dept, codes in munis.index.to_series().groupby(munis.index.map(dept_of)):
        for column, label in COUNTS.items():
            recoveries += difference_attack(known(depts[label]).get(dept, np.nan),
                                            known(munis.loc[codes.index, label]),
                                            exact.loc[codes.index, column])
    assert leaks(recoveries) == []


# --------------------------------------------------------------------------- plan


def test_plan_totals_minus_municipalities_give_nothing_back(sample):
    from oportumap.exports.plans import plan_sheets
    from oportumap.planning import plan_capacity

    plan = plan_capacity(sample, kind="certification", p_new=3, max_km=40)
    _sites, sheets = plan_sheets(plan)
    munis = sheets["Municipios"]
    exact = plan.municipalities
    r = plan.result
    demand = known(munis["demand"])
    recoveries = []
    for total, rows in ((r.covered_before, exact["covered_before"]),
                        (r.covered_after, exact["covered_after"])):
        mask = rows.to_numpy(dtype=bool)
        recoveries += difference_attack(float(total), demand[mask], exact["demand"][mask])
    recoveries += difference_attack(float(exact["demand"].sum()), demand, exact["demand"])
    assert leaks(recoveries) == []
    curve = sheets.get("Curva de cobertura")
    if curve is not None and len(curve) > 1:  # differences of the cumulative coverage
        covered = known(curve["covered"]).to_numpy()
        steps = np.diff(covered)
        assert not ((steps > 0) & (steps < K)).any()
