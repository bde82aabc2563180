"""Referral lists: pathway rules, ranking, capacity-aware allocation, consent, exports."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from oportumap.costs import distance_km
from oportumap.dataset import Dataset
from oportumap.exports.referrals import write_referrals as export_referrals
from oportumap.geography import get_country
from oportumap.referrals import (
    REFERRAL_COLUMNS,
    STAGES,
    UNMET_COLUMNS,
    referral_list,
    referral_plan,
    unmet_demand,
)

LAT, LON = 14.0, -90.5
KM_PER_DEG = 6371.0088 * math.pi / 180  # along a meridian: 0.1 degree = 11.1195 km


def person(rid, occupations="", **extra) -> dict:
    row = {"returnee_id": rid, "muni_code": "0101", "lat": LAT, "lon": LON,
           "occupations": occupations, "certifications": "", "has_id_document": True,
           "needs_psychosocial": False, "interest": "employment",
           "return_date": pd.Timestamp("2025-01-01"), "consent": True}
    row.update(extra)
    return row


def offer(oid, kind, occupation, dlat=0.0, capacity=1, requires=False, title=None) -> dict:
    return {"opportunity_id": oid, "kind": kind, "title": title or occupation,
            "provider": f"Proveedor {oid}", "occupation": occupation, "capacity": capacity,
            "muni_code": "0101", "lat": LAT + dlat, "lon": LON,
            "requires_certification": requires}


def dataset(people: list[dict], offers: list[dict]) -> Dataset:
    returnees = pd.DataFrame(people)
    returnees["has_id_document"] = returnees["has_id_document"].astype("boolean")
    returnees["needs_psychosocial"] = returnees["needs_psychosocial"].astype("boolean")
    return Dataset(returnees=returnees, opportunities=pd.DataFrame(offers),
                   boundaries=get_country("GT").municipalities, country="GT")


def score(km, max_km, capacity=1, match=1.0, factor=1.0) -> float:
    room = min(capacity, 10) / 10
    return round(match * 0.5 ** (km / (max_km / 2)) * factor * (0.8 + 0.2 * room), 4)


# --------------------------------------------------------------------------- ranking


def test_ranking_order_scores_and_reasons_on_a_hand_built_case():
    ds = dataset(
        [person("R1", "carpintero")],
        [offer("V1", "vacancy", "Carpintero", dlat=0.1),        # 11.1 km, same trade
         offer("V2", "vacancy", "Carpintero"),                   # at home, same trade
         offer("V3", "vacancy", "Albañil"),                      # related (ISCO 711x)
         offer("V4", "vacancy", "Cocinero"),                     # unrelated: never
         offer("V5", "vacancy", "Carpintero", requires=True),    # needs a certificate
         offer("V6", "vacancy", "Carpintero", dlat=0.5)],        # 55.6 km > 40 km
    )
    table = referral_list(ds, top=5)
    assert table.columns.tolist() == REFERRAL_COLUMNS
    assert table["opportunity_id"].tolist() == ["V2", "V1", "V3", "V5"]  # V3/V5 tie: by id
    assert table["rank"].tolist() == [1, 2, 3, 4]
    km = float(distance_km(LAT, LON, LAT + 0.1, LON))  # WGS84, as the referrals measure it
    assert table["distance_km"].tolist() == [0.0, round(km, 1), 0.0, 0.0]
    assert table["score"].tolist() == [
        score(0, 40), score(km, 40), score(0, 40, match=0.5), score(0, 40, factor=0.5)]
    assert table["reason"].tolist() == [
        "Coincide ocupación: Carpintero · <1 km · 1 plaza",
        "Coincide ocupación: Carpintero · 11 km · 1 plaza",
        "Ocupación afín: Albañil · <1 km · 1 plaza",
        "Coincide ocupación: Carpintero · <1 km · 1 plaza · requiere certificación",
    ]
    assert set(table["stage"]) == {"employment"} and set(table["kind"]) == {"vacancy"}


def test_reason_in_english_and_certificate_held():
    ds = dataset([person("R1", "soldador", certifications="Soldador estructural")],
                 [offer("V1", "vacancy", "Soldador", requires=True, capacity=3)])
    table = referral_list(ds, lang="en")
    assert table["reason"].tolist() == [
        "Occupation matches: Welder · <1 km · 3 openings · requires certification (held)"]
    assert table["score"].tolist() == [score(0, 40, capacity=3)]


def test_max_km_limits_candidates():
    ds = dataset([person("R1", "carpintero")],
                 [offer("V1", "vacancy", "Carpintero", dlat=0.1),
                  offer("V2", "vacancy", "Carpintero", dlat=0.3)])
    assert referral_list(ds, max_km=20)["opportunity_id"].tolist() == ["V1"]
    assert referral_list(ds, max_km={"vacancy": 40})["opportunity_id"].tolist() == ["V1", "V2"]


def test_travel_time_table_replaces_km():
    offers = [offer("V1", "vacancy", "Carpintero"),
              {**offer("V2", "vacancy", "Carpintero", dlat=0.1), "muni_code": "0108"},
              {**offer("V3", "vacancy", "Carpintero", dlat=0.05), "muni_code": "0115"}]
    times = pd.DataFrame({"from_muni_code": ["0101", "101"], "to_muni_code": ["0101", "0108"],
                          "minutes": [10, 30]})
    table = referral_list(dataset([person("R1", "carpintero")], offers), travel_times=times,
                      max_minutes=60)
    assert table["opportunity_id"].tolist() == ["V1", "V2"]  # V3: no travel time known
    assert table["minutes"].tolist() == [10.0, 30.0]
    assert table["score"].tolist() == [round(0.5 ** (10 / 30) * 0.82, 4),
                                       round(0.5 ** (30 / 30) * 0.82, 4)]
    assert table["reason"].iloc[1] == ("Coincide ocupación: Carpintero · 30 min por carretera"
                                       " · 1 plaza")
    from oportumap.errors import DataError

    with pytest.raises(DataError, match="faltan las columnas"):
        referral_list(dataset([person("R1", "carpintero")], offers),
                  travel_times=times.rename(columns={"minutes": "min"}))


# --------------------------------------------------------------------------- pathway


def full_offers() -> list[dict]:
    return [
        offer("S1", "service", "psychosocial", capacity=10, title="Atención psicosocial"),
        offer("S2", "service", "id_document", capacity=10, title="RENAP"),
        offer("C1", "certification", "Carpintero", capacity=10),
        offer("F1", "training", "Carpintería", capacity=10),
        offer("F2", "training", "Computación básica", capacity=10, dlat=0.05),
        offer("V1", "vacancy", "Carpintero", capacity=10),
        offer("V2", "vacancy", "Ayudante de construcción", capacity=10),
        offer("P1", "entrepreneurship", "", capacity=10, title="Capital semilla"),
    ]


def stages_of(people: list[dict], top: int = 5) -> dict[str, list[str]]:
    table = referral_list(dataset(people, full_offers()), top=top)
    return {rid: group.sort_values("rank")["stage"].astype(str).tolist()
            for rid, group in table.groupby("returnee_id")}


def test_each_pathway_rule():
    got = stages_of([
        person("PSY", "carpintero", certifications="Carpintero", needs_psychosocial=True),
        person("DOC", "carpintero", certifications="Carpintero", has_id_document=False),
        person("DOC_NA", "carpintero", certifications="Carpintero", has_id_document=pd.NA),
        person("CERT", "carpintero"),
        person("CERTIFIED", "carpintero", certifications="carpintero"),
        person("NO_OCC", "astronauta"),
        person("WANTS_COURSE", "carpintero", certifications="Carpintero",
               interest="training"),
        person("BUSINESS", "carpintero", certifications="Carpintero",
               interest="entrepreneurship"),
    ])
    assert got["PSY"] == ["psychosocial", "employment"]
    assert got["DOC"] == ["id_document", "employment"]
    assert got["DOC_NA"] == ["employment"]          # unknown is not acted on
    assert got["CERT"] == ["certification", "employment"]
    assert got["CERTIFIED"] == ["employment"]
    # No recognised occupation: courses, then entry-level (ISCO group 9) vacancies.
    assert got["NO_OCC"] == ["training", "training", "employment"]
    assert got["WANTS_COURSE"] == ["training", "training", "employment"]
    assert got["BUSINESS"] == ["entrepreneurship"]   # no vacancies when asking for this


def test_stage_order_and_top_limit():
    everyone = person("ALL", "carpintero", needs_psychosocial=True, has_id_document=False,
                      interest="training")
    assert stages_of([everyone])["ALL"] == [
        "psychosocial", "id_document", "certification", "training", "training"]
    assert stages_of([everyone], top=3)["ALL"] == [
        "psychosocial", "id_document", "certification"]
    unmet = unmet_demand(dataset([everyone], full_offers()), top=3)
    deferred = unmet.set_index("stage")["deferred"]
    assert deferred["training"] == 1 and deferred["employment"] == 1


def test_training_courses_of_the_trade_rank_first():
    table = referral_list(dataset([person("R1", "carpintero", interest="training")],
                              full_offers()))
    courses = table[table["stage"] == "training"]
    assert courses["opportunity_id"].tolist() == ["F1", "F2"]
    assert courses["reason"].iloc[0].startswith("Curso de su oficio: Carpintero")
    assert courses["reason"].iloc[1].startswith("Curso: Computación básica")


# --------------------------------------------------------------------------- capacity


def test_capacity_limit_and_earlier_returns_first():
    people = [person(f"R{i:03d}", "albañil",
                     return_date=pd.Timestamp("2025-01-01") + pd.Timedelta(days=i))
              for i in range(300)][::-1]
    offers = [offer("V1", "vacancy", "Albañil", capacity=1),
              offer("V2", "vacancy", "Albañil", capacity=2, dlat=0.05)]
    table = referral_list(dataset(people, offers), capacity_factor=3)
    counts = table["opportunity_id"].value_counts().to_dict()
    assert counts == {"V1": 3, "V2": 6}
    # One referral per person before anyone gets a second: 9 places, 9 people.
    assert table["returnee_id"].nunique() == 9
    assert sorted(table["returnee_id"]) == [f"R{i:03d}" for i in range(9)]
    unmet = unmet_demand(dataset(people, offers), capacity_factor=3)
    row = unmet[unmet["stage"] == "employment"].iloc[0]
    assert (row["returnees"], row["referred"], row["unmet"], row["capacity_full"]) == (
        300, 9, 291, 291)


def test_capacity_never_exceeded_on_the_sample(sample):
    opps = sample.opportunities.set_index("opportunity_id")
    for factor in (0.5, 1.0, 3.0):
        table = referral_list(sample, capacity_factor=factor)
        counts = table["opportunity_id"].value_counts()
        limit = np.ceil(factor * opps.loc[counts.index, "capacity"].to_numpy() - 1e-9)
        assert (counts.to_numpy() <= limit).all()
        assert not table.duplicated(["returnee_id", "opportunity_id"]).any()
        ranks = table.groupby("returnee_id")["rank"].agg(["min", "max", "size"])
        assert (ranks["min"] == 1).all() and (ranks["max"] == ranks["size"]).all()
        assert ranks["max"].max() <= 5


def test_unmet_demand_reconciles_with_referrals(sample):
    result = referral_plan(sample)
    unmet = result.unmet_demand
    assert unmet.columns.tolist() == UNMET_COLUMNS
    assert (unmet["referred"] + unmet["unmet"] == unmet["returnees"]).all()
    assert (unmet["unmet"] == unmet["no_option"] + unmet["capacity_full"]
            + unmet["deferred"]).all()
    # Only rows with someone unmet, most unmet first, each with its reason in words.
    assert (unmet["unmet"] > 0).all() and unmet["unmet"].is_monotonic_decreasing
    assert unmet["reason"].str.len().gt(0).all()
    full = unmet[unmet["capacity_full"] == unmet["unmet"]]
    assert full["reason"].str.fullmatch(r"todas las plazas asignadas \(\d+\)").all()
    # People referred in a stage appear in no row of that stage as unmet beyond their group.
    referred = result.referrals.drop_duplicates(["returnee_id", "stage"])
    assert len(referred) >= int(unmet["referred"].sum())


def test_deterministic(sample):
    a, b = referral_list(sample), referral_list(sample)
    pd.testing.assert_frame_equal(a, b)


# --------------------------------------------------------------------------- consent


def test_consent_exclusion_is_counted():
    people = [person("YES", "carpintero"), person("NO", "carpintero", consent=False),
              person("NA", "carpintero", consent=None)]
    ds = dataset(people, [offer("V1", "vacancy", "Carpintero", capacity=5)])
    result = referral_plan(ds)
    assert result.referrals["returnee_id"].tolist() == ["YES"]
    assert result.excluded_no_consent == 2
    assert result.considered == 1


def test_sample_consent(sample):
    result = referral_plan(sample)
    no_consent = set(sample.returnees.loc[~sample.returnees["consent"], "returnee_id"])
    assert result.excluded_no_consent == len(no_consent) > 0
    assert not no_consent & set(result.referrals["returnee_id"])


def test_bad_arguments_raise_data_error(sample):
    from oportumap.errors import DataError

    with pytest.raises(DataError):
        referral_list(sample, top=0)
    with pytest.raises(DataError):
        referral_list(sample, max_km={"vacantes": 10})
    with pytest.raises(DataError):
        referral_list(sample, lang="fr")


def test_public_function_and_package(sample):
    import importlib
    import sys

    import oportumap
    import oportumap.referrals  # the package, importable by its full name
    from oportumap.referrals import referral_plan as plan_fn

    package = sys.modules["oportumap.referrals"]
    # One name, one object: oportumap.referrals is the package ...
    assert oportumap.referrals is package and hasattr(package, "__path__")
    assert package.referral_plan is plan_fn
    assert importlib.import_module("oportumap.referrals.pathway").STAGES == STAGES
    # ... the function is oportumap.referral_list, and the old call still works, warned.
    expected = len(oportumap.referral_list(sample, top=1))
    with pytest.warns(DeprecationWarning, match="referral_list"):
        assert len(oportumap.referrals(sample, top=1)) == expected


# --------------------------------------------------------------------------- exports


@pytest.fixture(scope="module")
def sample_result():
    from oportumap import load_sample

    return referral_plan(load_sample())


@pytest.mark.slow  # writes the sample's whole referral workbook
def test_excel_export_one_sheet_per_department(tmp_path, sample_result):
    import openpyxl

    out = tmp_path / "referencias.xlsx"
    notes = export_referrals(sample_result, out)
    assert any("sin consentimiento" in n for n in notes)
    book = openpyxl.load_workbook(out, read_only=False)
    assert book.sheetnames[:2] == ["Cómo usar esta lista", "Resumen"]
    assert book.sheetnames[-1] == "Demanda no cubierta"
    assert "Huehuetenango" in book.sheetnames and "Totonicapán" in book.sheetnames
    sheet = book["Huehuetenango"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["ID referencia", "ID retornado", "Municipio de residencia",
                          "Departamento", "Etapa", "Orden"]
    assert header.index("Oportunidad") < header.index("Municipio oportunidad") \
        < header.index("Proveedor") < header.index("Contacto") < header.index("Estado")
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    dept = header.index("Departamento")
    assert {row[dept] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "Huehuetenango"}
    referral_sheets = book.sheetnames[2:-1]
    rows = sum(book[s].max_row - 1 for s in referral_sheets)
    assert rows == len(sample_result.referrals)
    stage = header.index("Etapa")
    stages = {row[stage] for s in referral_sheets
              for row in book[s].iter_rows(min_row=2, values_only=True)}
    assert "Atención psicosocial" in stages and "Empleo" in stages
    # Resumen: the total row counts every person referred once.
    summary = list(book["Resumen"].iter_rows(values_only=True))
    total = next(r for r in summary if r[0] == "Total")
    assert total[1] == sample_result.referrals["returnee_id"].nunique()
    assert total[2] == len(sample_result.referrals)


@pytest.mark.slow  # writes the sample's whole referral workbook
def test_excel_export_splits_at_the_row_limit(tmp_path, sample_result):
    import openpyxl

    notes = export_referrals(sample_result, tmp_path / "r.xlsx", sheet_rows=200)
    assert any("límite de Excel" in n for n in notes)
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert "Huehuetenango (2)" in book.sheetnames
    assert all(book[s].max_row <= 201 for s in book.sheetnames if s != "Resumen")


def test_csv_export_has_bom_and_accents(tmp_path, sample_result):
    out = tmp_path / "r.csv"
    export_referrals(sample_result, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("ID referencia,ID retornado,Municipio de residencia")
    assert "Atención psicosocial" in text and "Totonicapán" in text
    back = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert len(back) == len(sample_result.referrals)
    assert (back["Estado"] == "Referido").all()


def test_parquet_export_keeps_canonical_names(tmp_path, sample_result):
    out = tmp_path / "r.parquet"
    export_referrals(sample_result, out)
    back = pd.read_parquet(out)
    assert {"returnee_id", "rank", "stage", "opportunity_id", "reason"} <= set(back.columns)
    assert set(back["stage"]) <= {"psychosocial", "id_document", "certification", "training",
                                  "employment", "entrepreneurship"}


def test_export_never_overwrites_without_force(tmp_path, sample_result):
    from oportumap.errors import DataError

    out = tmp_path / "r.csv"
    export_referrals(sample_result, out)
    with pytest.raises(DataError):
        export_referrals(sample_result, out)
    export_referrals(sample_result, out, force=True)


@pytest.mark.slow  # referrals on the whole sample, through the command line or many times
def test_cli_referrals_writes_excel(tmp_path):
    from typer.testing import CliRunner

    from oportumap.cli import app
    from oportumap.sample import sample_folder

    out = tmp_path / "referencias.xlsx"
    result = CliRunner().invoke(app, ["referrals", "--data", str(sample_folder()), "--out",
                                      str(out), "--top", "3", "--quiet"])
    assert result.exit_code == 0, result.output
    assert out.exists() and "referencias" in result.output
    again = CliRunner().invoke(app, ["referrals", "--data", str(sample_folder()), "--out",
                                     str(out)])
    assert again.exit_code == 1 and "ya existe" in again.output


def test_export_neutralises_formulas_in_offer_text(tmp_path):
    ds = dataset([person("R1", "carpintero")],
                 [offer("V1", "vacancy", "Carpintero", title="=HYPERLINK(\"http://x\")")])
    out = tmp_path / "r.csv"
    export_referrals(referral_plan(ds), out)
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")


def test_unmet_demand_no_option_when_nothing_is_within_reach():
    ds = dataset([person("R1", "carpintero", needs_psychosocial=True)],
                 [offer("S1", "service", "psychosocial", dlat=2.0, capacity=5),
                  offer("V1", "vacancy", "Carpintero")])
    unmet = unmet_demand(ds).set_index("stage")
    assert unmet.loc["psychosocial", "no_option"] == 1      # 222 km away > 100 km
    assert unmet.loc["psychosocial", "reason"] == "nada abierto a menos de 100 km (1)"
    # The nearest open offer that would help, measured from the municipal seat of 0101.
    seat = get_country("GT").municipalities.set_index("muni_code").loc["0101"]
    assert unmet.loc["psychosocial", "nearest_id"] == "S1"
    assert unmet.loc["psychosocial", "nearest_km"] == pytest.approx(
        round(float(distance_km(seat["lat"], seat["lon"], LAT + 2, LON)), 1))
    assert "employment" not in unmet.index                  # referred: not unmet
    assert unmet.loc["certification", "no_option"] == 1     # no certification offers
    assert unmet.loc["certification", "nearest_id"] == ""   # and none anywhere
    assert unmet.loc["certification", "isco"] == "7115"


OCCUPATIONS = ["albañil", "carpintero", "cocinero", "soldador", "astronauta", ""]


@pytest.mark.slow  # referrals on the whole sample, through the command line or many times
def test_property_capacity_ranks_and_uniqueness():
    """On random small cases: limits hold, ranks are 1..n, no opportunity twice."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    person_st = st.tuples(st.sampled_from(OCCUPATIONS), st.sampled_from(OCCUPATIONS),
                          st.floats(-0.3, 0.3), st.booleans(), st.booleans(),
                          st.sampled_from(["employment", "training", "entrepreneurship"]))
    offer_st = st.tuples(st.sampled_from(["vacancy", "training", "certification",
                                          "entrepreneurship"]),
                         st.sampled_from(OCCUPATIONS[:4]), st.floats(-0.3, 0.3),
                         st.integers(0, 4), st.booleans())

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(person_st, min_size=1, max_size=40),
           st.lists(offer_st, min_size=1, max_size=15),
           st.sampled_from([0.5, 1.0, 3.0]), st.integers(1, 5))
    def check(people, offers, factor, top):
        rows = [person(f"R{i:03d}", f"{a}; {b}", lat=LAT + d, needs_psychosocial=psy,
                       has_id_document=doc, interest=want)
                for i, (a, b, d, psy, doc, want) in enumerate(people)]
        opps = [offer(f"O{i:03d}", kind, occ, dlat=d, capacity=cap, requires=req)
                for i, (kind, occ, d, cap, req) in enumerate(offers)]
        result = referral_plan(dataset(rows, opps), top=top, capacity_factor=factor)
        table = result.referrals
        capacity = pd.Series({o["opportunity_id"]: o["capacity"] for o in opps})
        counts = table["opportunity_id"].value_counts()
        limit = np.ceil(factor * capacity[counts.index].to_numpy() - 1e-9)
        assert (counts.to_numpy() <= limit).all()
        assert not table.duplicated(["returnee_id", "opportunity_id"]).any()
        ranks = table.groupby("returnee_id")["rank"].agg(["min", "max", "size"])
        assert (ranks["min"] == 1).all() and (ranks["max"] == ranks["size"]).all()
        assert (ranks["max"] <= top).all()
        order = [STAGES.index(s) for s in table["stage"].astype(str)]
        stage_rank = pd.DataFrame({"id": table["returnee_id"], "stage": order})
        assert stage_rank.groupby("id")["stage"].apply(lambda s: s.is_monotonic_increasing).all()
        unmet = result.unmet_demand
        assert (unmet["referred"] + unmet["no_option"] + unmet["capacity_full"]
                + unmet["deferred"] == unmet["returnees"]).all()

    check()


def test_distances_agree_with_pyproj_geodesics(sample):
    """Referrals of people without a home point are measured from the municipal seat."""
    from pyproj import Geod

    table = referral_list(sample)
    no_point = set(sample.returnees.loc[sample.returnees["lat"].isna(), "returnee_id"])
    rows = table[table["returnee_id"].isin(no_point)].head(500)
    seats = get_country("GT").municipalities.set_index("muni_code")
    opps = sample.opportunities.set_index("opportunity_id").loc[rows["opportunity_id"]]
    home = seats.loc[rows["home_muni_code"]]
    _, _, metres = Geod(ellps="WGS84").inv(home["lon"].to_numpy(), home["lat"].to_numpy(),
                                           opps["lon"].to_numpy(), opps["lat"].to_numpy())
    km = metres / 1000
    assert np.all(np.abs(rows["distance_km"].to_numpy() - km) <= 0.001 * km + 0.051)


# --------------------------------------------------------------------------- issue 15


AS_OF = "2025-09-30"


def dated(oid, kind, occupation, start=None, end=None, **extra) -> dict:
    row = offer(oid, kind, occupation, capacity=5)
    row.update({"start_date": pd.Timestamp(start) if start else pd.NaT,
                "end_date": pd.Timestamp(end) if end else pd.NaT, **extra})
    return row


def test_vacancy_closed_the_day_before_as_of_is_never_referred_one_closing_on_it_is():
    offers = [dated("V-CLOSED", "vacancy", "Carpintero", end="2025-09-29"),
              dated("V-LAST-DAY", "vacancy", "Carpintero", end="2025-09-30", dlat=0.01)]
    result = referral_plan(dataset([person("R1", "carpintero")], offers), as_of=AS_OF)
    assert result.referrals["opportunity_id"].tolist() == ["V-LAST-DAY"]
    assert result.settings["as_of"] == AS_OF
    assert any("1 oportunidades cerradas al 30/09/2025" in n for n in result.notes)
    # Without the closing-day offer, nothing open is in reach and unmet demand says so.
    only_closed = referral_plan(dataset([person("R1", "carpintero")], offers[:1]),
                                as_of=AS_OF).unmet_demand.set_index("stage")
    assert only_closed.loc["employment", "reason"] == "nada abierto a menos de 40 km (1)"
    assert only_closed.loc["employment", "nearest_id"] == ""


def test_as_of_defaults_to_the_data_date():
    ds = dataset([person("R1", "carpintero")],
                 [dated("V1", "vacancy", "Carpintero", end="2025-09-29")])
    ds.data_date = "2025-09-29"
    assert referral_plan(ds).referrals["opportunity_id"].tolist() == ["V1"]
    ds.data_date = "2025-09-30"
    assert referral_plan(ds).referrals.empty


def test_course_starting_next_month_is_listed_with_its_date_started_ones_only_with_late_enrolment():
    people = [person("R1", "", interest="training")]
    offers = [dated("F-NEXT", "training", "Carpintería", start="2025-10-06", end="2025-12-06"),
              dated("F-STARTED", "training", "Carpintería", start="2025-09-01",
                    end="2025-12-01", late_enrolment=False),
              dated("F-LATE-OK", "training", "Carpintería", start="2025-09-01",
                    end="2025-12-01", late_enrolment=True)]
    table = referral_plan(dataset(people, offers), as_of=AS_OF).referrals
    training = table[table["stage"] == "training"].set_index("opportunity_id")
    assert sorted(training.index) == ["F-LATE-OK", "F-NEXT"]
    assert training.loc["F-NEXT", "reason"].endswith("· inicia 06/10/2025")
    assert training.loc["F-NEXT", "start_date"] == pd.Timestamp("2025-10-06")
    assert "inicia" not in training.loc["F-LATE-OK", "reason"]


def test_blank_type_services_are_classified_by_their_names():
    offers = [{**offer("S-RENAP", "service", "", capacity=5, title="Oficina RENAP"),
               "provider": "Registro Nacional de las Personas"},
              {**offer("S-SM", "service", "", capacity=5, title="Centro de Salud Mental"),
               "provider": "Ministerio de Salud"}]
    people = [person("NO-DPI", "carpintero", has_id_document=False),
              person("NEEDS-CARE", "carpintero", needs_psychosocial=True)]
    table = referral_list(dataset(people, offers), as_of=AS_OF)
    got = dict(zip(table["returnee_id"], table["opportunity_id"], strict=True))
    assert got == {"NO-DPI": "S-RENAP", "NEEDS-CARE": "S-SM"}
    reasons = dict(zip(table["returnee_id"], table["reason"], strict=True))
    assert reasons["NO-DPI"] == "Trámite de DPI · <1 km"


def test_unclassified_service_is_reported_by_validate_with_file_and_row(tmp_path):
    from typer.testing import CliRunner

    from oportumap.cli import app

    services = tmp_path / "services.csv"
    services.write_text("id,titulo,proveedor,ocupacion,plazas,municipio,departamento\n"
                        "S1,Oficina RENAP,RENAP,,10,Guatemala,Guatemala\n"
                        "S2,Ventanilla única,Municipalidad,,10,Mixco,Guatemala\n"
                        "S3,Atención,ONG,psicosocial,10,Mixco,Guatemala\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(services), "--out",
                                      str(tmp_path / "v")])
    report = (tmp_path / "v" / "reporte_validacion.txt").read_text(encoding="utf-8")
    assert "services.csv, fila 3: el servicio 'Ventanilla única' no tiene tipo" in report
    assert "fila 2:" not in report and "fila 4:" not in report
    assert "psicosocial, documento de identidad u otro" in report
    assert result.exit_code == 0, result.output


def test_contact_address_and_phone_reach_the_persons_row(tmp_path):
    import openpyxl

    from oportumap.exports.referrals import statuses

    people = [person("R1", "carpintero", phone="5555-0101")]
    offers = [dated("V1", "vacancy", "Carpintero", start="2025-10-15", end="2025-12-31",
                    contact="rrhh@carpinteria.example", address="6a avenida 3-10, zona 1")]
    result = referral_plan(dataset(people, offers), as_of=AS_OF)
    out = tmp_path / "referencias.xlsx"
    export_referrals(result, out)
    book = openpyxl.load_workbook(out)
    sheet = book[book.sheetnames[2]]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["ID retornado"].value == "R1"
    assert row["Teléfono retornado"].value == "5555-0101"
    assert row["Contacto"].value == "rrhh@carpinteria.example"
    assert row["Dirección"].value == "6a avenida 3-10, zona 1"
    assert row["Proveedor"].value == "Proveedor V1"
    # Numbers are numbers, dates are dates, km with one decimal, blanks are empty.
    assert isinstance(row["Orden"].value, int) and row["Orden"].value == 1
    assert isinstance(row["Plazas / cupos"].value, int) and row["Plazas / cupos"].value == 5
    assert isinstance(row["Distancia (km)"].value, float) and row["Distancia (km)"].value == 0.0
    assert row["Distancia (km)"].number_format == "#,##0.0"
    assert row["Fecha de inicio"].value == pd.Timestamp("2025-10-15").to_pydatetime()
    assert row["Fecha de inicio"].is_date and row["Fecha de cierre"].is_date
    assert row["Estado"].value == "Referido"
    assert row["Fecha estado"].value is None and row["Nota"].value is None
    # no store: the stable ID the store would give, so a filled copy can come back
    from oportumap.tracking.record import referral_ids

    assert row["ID referencia"].value == referral_ids(
        [row["ID retornado"].value], [row["ID oportunidad"].value], ["employment"],
        AS_OF)[0]
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "list"
    assert validations[0].formula1 == '"' + ",".join(statuses()) + '"'
    column = openpyxl.utils.get_column_letter(header.index("Estado") + 1)
    assert str(validations[0].sqref) == f"{column}2"  # every referral row (one here)
    assert row["Fecha estado"].number_format == "dd/mm/yyyy"  # typed dates stay dates
    # The phone appears only when the registry has one.
    plain = referral_plan(dataset([person("R1", "carpintero")],
                                  [offer("V1", "vacancy", "Carpintero")]), as_of=AS_OF)
    export_referrals(plain, tmp_path / "sin_telefono.xlsx")
    book = openpyxl.load_workbook(tmp_path / "sin_telefono.xlsx", read_only=True)
    first = next(book[book.sheetnames[2]].iter_rows(max_row=1, values_only=True))
    assert "Teléfono retornado" not in first and "Dirección" not in first


def test_referral_id_from_the_tracking_store_is_carried(tmp_path):
    import openpyxl

    result = referral_plan(dataset([person("R1", "carpintero")],
                                   [offer("V1", "vacancy", "Carpintero")]), as_of=AS_OF)
    result.referrals["referral_id"] = ["REF-0001"]
    export_referrals(result, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    rows = list(book[book.sheetnames[2]].iter_rows(max_row=2, values_only=True))
    assert rows[0][0] == "ID referencia" and rows[1][0] == "REF-0001"


@pytest.mark.slow  # writes the sample's whole referral workbook
def test_one_file_per_department(tmp_path, sample_result):
    notes = export_referrals(sample_result, tmp_path / "referencias.xlsx", by_department=True)
    files = sorted(p.name for p in tmp_path.glob("referencias_*.xlsx"))
    homes = sample_result.referrals["home_muni_code"].str[:2].nunique()
    assert len(files) == homes and "referencias_Petén.xlsx" in files
    assert any(n.startswith("referencias_Petén.xlsx: ") for n in notes)


TIMES_ES = "origen,destino,minutos\n0101,0101,10\n101,0108,30\n"
TIMES_EN = "origin,destination,minutes\n0101,0101,10\n101,0108,30\n"


@pytest.mark.parametrize("content", [TIMES_ES, TIMES_EN])
def test_the_same_travel_time_file_works_for_referrals_and_profile(tmp_path, content):
    from oportumap.access import municipality_profile
    from oportumap.costs import read_travel_times

    path = tmp_path / "tiempos.csv"
    path.write_text(content, encoding="utf-8")
    offers = [offer("V1", "vacancy", "Carpintero"),
              {**offer("V2", "vacancy", "Carpintero", dlat=0.1), "muni_code": "0108"}]
    ds = dataset([person("R1", "carpintero")], offers)
    table = referral_list(ds, travel_times=path, max_minutes=60)  # the file itself
    assert table["minutes"].tolist() == [10.0, 30.0]
    again = referral_list(ds, travel_times=read_travel_times(path), max_minutes=60)
    assert again["minutes"].tolist() == [10.0, 30.0]
    profile = municipality_profile(ds, travel_times=read_travel_times(path), max_minutes=60)
    row = profile.set_index("muni_code").loc["0101"]
    assert row["vacancy_capacity"] == 2  # both vacancies within 60 min of 0101


@pytest.mark.slow  # referrals on the whole sample, through the command line or many times
def test_cli_travel_times_for_referrals_and_profile(tmp_path):
    from typer.testing import CliRunner

    from oportumap.cli import app
    from oportumap.sample import sample_folder

    path = tmp_path / "tiempos.csv"
    path.write_text("origen,destino,minutos\n" + "".join(
        f"{a},{b},{m}\n" for a, b, m in [("1301", "1301", 5), ("1301", "1302", 40),
                                         ("0101", "0101", 5)]), encoding="utf-8")
    for command, out in (("referrals", "r.xlsx"), ("profile", "p.csv")):
        result = CliRunner().invoke(app, [command, "--data", str(sample_folder()), "--out",
                                          str(tmp_path / out), "--travel-times", str(path),
                                          "--max-minutes", "60", "--quiet"])
        assert result.exit_code == 0, result.output
        assert "estima" not in result.output  # a real table: nothing estimated


def test_max_minutes_without_a_table_says_it_is_the_distance_estimate(tmp_path):
    from typer.testing import CliRunner

    from oportumap.cli import app
    from oportumap.sample import sample_folder

    result = CliRunner().invoke(app, ["referrals", "--data", str(sample_folder()), "--out",
                                      str(tmp_path / "r.csv"), "--max-minutes", "60",
                                      "--quiet"])
    assert result.exit_code == 0, result.output
    # 60 min at 40 km/h with a 1.3 detour factor = 30.8 km in a straight line.
    assert "se aplicó con la estimación por distancia" in result.output
    assert "vacantes 60 min = 30.8 km" in result.output
    back = pd.read_csv(tmp_path / "r.csv", encoding="utf-8-sig")
    assert back["Distancia (km)"].max() <= 150 * 60 / 78 + 0.05
    vac = back[back["Tipo"] == "Vacante"]
    assert vac["Distancia (km)"].max() <= 30.8 and "Tiempo (min)" in back


@pytest.mark.parametrize("extra, message", [
    (["--add-seats", "10", "--new", "2"], "--add-seats reparte cupos en los sitios existentes "
     "y no se combina con --new"),
    (["--add-seats", "10", "--capacitated"], "no se combina con --capacitated"),
    (["--add-seats", "10", "--map", "m.html"], "no se combina con --map"),
    (["--seats", "20"], "--seats (cupos de cada sitio nuevo) solo se usa con --capacitated"),
])
def test_plan_refuses_options_that_cannot_act(tmp_path, extra, message):
    from typer.testing import CliRunner

    from oportumap.cli import app
    from oportumap.sample import sample_folder

    result = CliRunner().invoke(app, ["plan", "--data", str(sample_folder()), "--out",
                                      str(tmp_path / "p.csv"), "--quiet", *extra])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "p.csv").exists()


def test_demo_data_never_refers_a_closed_offer(sample_result, sample):
    refs = sample_result.referrals
    as_of = pd.Timestamp(sample.data_date)
    assert (refs["end_date"].isna() | (refs["end_date"] >= as_of)).all()
    courses = refs[refs["kind"].isin(["training", "certification"])]
    late = sample.opportunities.set_index("opportunity_id")["late_enrolment"].astype(
        "boolean").fillna(False)
    started = courses["start_date"] < as_of
    assert late.reindex(courses.loc[started, "opportunity_id"]).all()
    assert (refs["contact"].astype(str) != "").all()


def test_identity_document_is_named_by_the_dataset_country():
    from oportumap.referrals import id_document_word
    from oportumap.referrals.reasons import reason_words

    assert id_document_word("GT") == "DPI"
    assert id_document_word("SV") == "DUI"  # from oportumap.countries.country_words
    assert reason_words("es", id_document_word("SV"))["id_document"] == "Trámite de DUI"


# --------------------------------------------------------------------------- learned abroad
# A small registry of people who learned their trade in the United States or Mexico, written
# by hand the way a Huehuetenango / San Marcos office writes it, and the certification each
# one must be offered (None: no certification). Offers carry INTECAP's titles as INTECAP
# writes them; the gourmet-cook and industrial-electrician standards are next door (5.6 km)
# and the others 111 km away, so distance alone would choose wrong.
ABROAD_REGISTRY = [
    ("H01", "trabajé en construcción (techos)", "C-ALB", "related"),
    ("H02", "body shop / enderezado y pintura", "C-ENP", "own"),
    ("H03", "auto body / hojalatería y pintura", "C-ENP", "own"),
    ("H04", "empacadora en fábrica", None, None),
    ("H05", "ordeño (dairy)", None, None),
    ("H06", "limpieza de casas (housekeeping)", None, None),
    ("H07", "framing", "C-CAR", "own"),
    ("H08", "concrete / colado", "C-ALB", "own"),
    ("H09", "lavaplatos", None, None),
    ("H10", "residential electrician", "C-ELV", "own"),
    ("H11", "prep cook", "C-COC", "own"),
    ("H12", "soldador", "C-SOL", "own"),
    ("H13", "drywall/tablayeso", "C-TAB", "own"),
    ("H14", "landscaping", "C-JAR", "own"),
    ("H15", "roofing, framing", "C-CAR", "own"),
    ("H16", "Enderezado y Pintura de Vehículos", "C-ENP", "own"),
    ("H17", "xyzzy", None, None),
    ("H18", "ALBAÑIL", "C-ALB", "own"),
    ("H19", "electricista industrial", "C-ELI", "own"),
    ("H20", "chef", "C-GOU", "own"),
]
INTECAP_OFFERS = [  # (id, title as INTECAP writes it, degrees north of the people)
    ("C-ELI", "Electricista Industrial", 0.05),
    ("C-GOU", "Cocinero Gourmet", 0.05),
    ("C-ELV", "Electricista de Vivienda Popular", 1.0),
    ("C-COC", "Cocinero de Cocina Cotidiana", 1.0),
    ("C-SOL", "Soldador de Estructuras Metálicas", 1.0),
    ("C-ENP", "Enderezado y Pintura de Vehículos", 1.0),
    ("C-CAR", "Carpintero", 1.0),
    ("C-ALB", "Albañil (Trabajador de la Construcción)", 1.0),
    ("C-TAB", "Instalador de Tablayeso", 1.0),
    ("C-JAR", "Jardinero Sembrador Paisajista", 1.0),
]


@pytest.fixture(scope="module")
def abroad_result():
    people = [person(rid, cell) for rid, cell, _, _ in ABROAD_REGISTRY]
    offers = [offer(oid, "certification", "", dlat=d, capacity=50, title=title)
              for oid, title, d in INTECAP_OFFERS]
    offers.append(offer("V-ENTRY", "vacancy", "ayudante de construcción", capacity=5))
    offers.append(offer("V-KITCHEN", "vacancy", "ayudante de cocina", capacity=5))
    return referral_plan(dataset(people, offers), top=5)


@pytest.mark.parametrize(("rid", "cell", "expected", "fit"), ABROAD_REGISTRY)
def test_certification_follows_the_trade_learned_abroad(abroad_result, rid, cell, expected,
                                                        fit):
    table = abroad_result.referrals
    cert = table[(table["returnee_id"] == rid) & (table["stage"] == "certification")]
    assert cert["opportunity_id"].tolist() == ([expected] if expected else []), cell
    if expected:
        head = cert["reason"].iloc[0].split(" · ")[0]
        assert head.startswith("Certifica su experiencia: " if fit == "own" else
                               "Certificación afín a su experiencia: "), head


def test_reasons_name_the_persons_own_occupation(abroad_result):
    table = abroad_result.referrals.set_index("returnee_id")
    cert = abroad_result.referrals[abroad_result.referrals["stage"] == "certification"]
    heads = dict(zip(cert["returnee_id"], cert["reason"].astype(str).str.split(" · ").str[0],
                     strict=True))
    assert heads["H01"] == "Certificación afín a su experiencia: Techador"
    assert heads["H07"] == "Certifica su experiencia: Carpintero"
    assert heads["H08"] == "Certifica su experiencia: Armador y fundidor de concreto"
    assert heads["H10"] == "Certifica su experiencia: Electricista"
    assert heads["H11"] == "Certifica su experiencia: Cocinero"
    # The dishwasher is offered no cook's certification and never told "Cocinero".
    assert "H09" not in heads
    assert table.loc[["H09"], "reason"].astype(str).tolist() == [
        "Coincide ocupación: Ayudante de cocina · <1 km · 5 plazas"]


def test_related_standard_only_when_the_own_one_is_out_of_reach():
    """A residential electrician gets the housing standard at 111 km before the industrial
    one next door; with the housing one out of reach (> 150 km), the industrial one, said
    to be related. Between two offers of the own standard, the nearer."""
    people = [person("E1", "electricista residencial")]
    both = [offer("IND", "certification", "", dlat=0.05, title="Electricista Industrial"),
            offer("VIV-FAR", "certification", "", dlat=1.0,
                  title="Electricista de Vivienda Popular"),
            offer("VIV-NEAR", "certification", "", dlat=0.5,
                  title="Electricista de Vivienda Popular")]
    got = referral_plan(dataset(people, both)).referrals
    assert got.loc[got["stage"] == "certification", "opportunity_id"].tolist() == [
        "VIV-NEAR"]
    far = [both[0], offer("VIV", "certification", "", dlat=2.0,
                          title="Electricista de Vivienda Popular")]
    got = referral_plan(dataset(people, far)).referrals
    cert = got[got["stage"] == "certification"]
    assert cert["opportunity_id"].tolist() == ["IND"]
    assert str(cert["reason"].iloc[0]).startswith(
        "Certificación afín a su experiencia: Electricista · 6 km")


def test_unrecognised_occupation_is_a_column_not_a_silent_entry_level(abroad_result,
                                                                       tmp_path):
    import openpyxl

    table = abroad_result.referrals
    assert "unrecognised_occupation" in table.columns
    mine = table[table["returnee_id"] == "H17"]
    assert len(mine) and (mine["unrecognised_occupation"].astype(str) == "xyzzy").all()
    others = table[table["returnee_id"] != "H17"]
    assert (others["unrecognised_occupation"].astype(str) == "").all()
    out = tmp_path / "referencias.xlsx"
    export_referrals(abroad_result, out)
    book = openpyxl.load_workbook(out, read_only=True)
    # after the guide sheet «Cómo usar esta lista» and «Resumen», the first department
    sheet = book[book.sheetnames[2]]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Ocupación no reconocida")
    ids = rows[0].index("ID retornado")
    seen = {(r[ids], r[column]) for r in rows[1:]}
    assert ("H17", "xyzzy") in seen
    assert all(value in (None, "") for rid, value in seen if rid != "H17")
