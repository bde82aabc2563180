"""Every table a person reads, walked one by one, read the way a person reads it.

Each command and function that writes a table (profile, profile by department, plan,
plan --add-seats, referrals with their unmet demand, outcomes by every grouping, track
export, track conflicts, research export, the demo's resumen, validate's rejected rows,
the explorer's export) writes its file in Spanish; the test then opens it and asserts:
no English code or canonical header; numbers stored as numbers; rates as numbers with a
% format; dates as dates; no "nan", "None", "NaT" text; every sheet printable (landscape,
one page wide, header row repeated).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from oportumap.cli import app

#: Internal codes that must never reach a Spanish reader.
CODES = {"employment", "id_document", "psychosocial", "vacancy", "training", "certification",
         "entrepreneurship", "service", "referred", "contacted", "enrolled", "attended",
         "certified", "placed", "business_started", "no_show", "rejected", "closed",
         "returnees", "skipped_step", "newly_covered", "covered_before", "not_covered",
         "no_demand", "Optimal", "True", "False", "true", "false"}
MISSING_WORDS = {"nan", "None", "NaT", "<NA>", "NaN", "null"}
NUMBER_TEXT = re.compile(r"^-?\d[\d.,]*$")
#: Headers whose values are identifiers written as text on purpose («0101», «R-000031»).
KEY_HEADER = re.compile(r"(Código|ID|Sitio|Seudónimo|SHA|Corrida|Archivo|Hoja|Valor|"
                        r"Banda|Mes|Trimestre|Año|Edad \(banda)", re.IGNORECASE)
RATE_HEADER = re.compile(r"^(Tasa|Proporción)")
DATE_HEADER = re.compile(r"^(Fecha|Datos al|Emitida|Importado)")
ALLOWED_TEXT_IN_NUMBERS = {"<5", "(protegido)"}


def check_workbook(path: Path) -> int:
    """Assert every rule on every sheet of ``path``; return the data cells checked."""
    book = openpyxl.load_workbook(path)
    checked = 0
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", (path.name, ws.title)
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1", (path.name, ws.title)
        rows = list(ws.iter_rows())
        if not rows:
            continue
        header = [c.value for c in rows[0]]
        if ws.title == "Cómo usar esta lista":
            texts = [c.value for row in rows for c in row if isinstance(c.value, str)]
            assert any("Estado" in t for t in texts) or any("Columna" in t for t in texts)
            continue
        for name in header:
            if name is None:
                continue
            assert isinstance(name, str) and "_" not in name, (path.name, ws.title, name)
            assert name not in CODES, (path.name, ws.title, name)
        for row in rows[1:]:
            for name, cell in zip(header, row, strict=False):
                value = cell.value
                if value is None or name is None:
                    continue
                checked += 1
                where = (path.name, ws.title, name, value)
                if isinstance(value, str):
                    assert value.strip() not in MISSING_WORDS, where
                    assert value not in CODES, where
                    if not KEY_HEADER.search(str(name)):
                        assert not NUMBER_TEXT.match(value), where  # a number kept as text
                if isinstance(name, str) and RATE_HEADER.match(name) and not isinstance(
                        value, str):
                    assert "%" in cell.number_format, where
                if isinstance(name, str) and DATE_HEADER.match(name):
                    assert isinstance(value, dt.datetime), where
                    assert cell.number_format == "dd/mm/yyyy", where
    return checked


def check_csv(path: Path) -> int:
    table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for name in table.columns:
        assert "_" not in name and name not in CODES, (path.name, name)
    checked = 0
    for name in table.columns:
        values = table[name][table[name] != ""]
        checked += len(values)
        assert not values.isin(MISSING_WORDS | CODES).any(), (path.name, name)
        if DATE_HEADER.match(name):
            assert values.str.fullmatch(r"\d{2}/\d{2}/\d{4}").all(), (path.name, name)
    return checked


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, monkeypatch_module):
    """Every table-producing command run once on the same data, in Spanish."""
    from oportumap import load_sample
    from oportumap.referrals import referral_plan
    from oportumap.sample import write_sample
    from oportumap.tracking import record_referrals
    from oportumap.tracking.importer import import_status

    root = tmp_path_factory.mktemp("tablas")
    monkeypatch_module.setenv("OPORTUMAP_KEY", "clave-de-prueba-larga-0123456789abcdef")
    data = root / "datos"
    write_sample(data, n_returnees=2000, n_vacancies=400, seed=11)
    runner = CliRunner()
    files: dict[str, Path] = {}

    def run(name: str, *args: str) -> None:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, (name, result.output)

    for name, args in {
        "profile": ["profile", "--out", "perfil.xlsx"],
        "profile_dept": ["profile", "--by", "departamento", "--out", "perfil_dep.xlsx"],
        "plan": ["plan", "--out", "plan.xlsx", "--max-km", "40"],
        "plan_seats": ["plan", "--add-seats", "20", "--out", "cupos.xlsx"],
        "referrals": ["referrals", "--out", "referencias.xlsx"],
        "research": ["research-export", "--out", "investigacion.xlsx"],
    }.items():
        out = root / args[-1] if name != "plan" else root / "plan.xlsx"
        target = [a if not a.endswith(".xlsx") else str(root / a) for a in args]
        run(name, *target, "--data", str(data), "--quiet")
        files[name] = out
    # the store: a run recorded, statuses imported (one conflict), then every output
    db = root / "seguimiento.db"
    dataset = load_sample()
    recorded = record_referrals(db, referral_plan(dataset).referrals, dataset=dataset,
                                issued_at=dt.datetime(2025, 12, 1)).referrals
    ids = recorded["referral_id"].to_numpy()
    rows = [(ids[i], "Contactado", "03/12/2025") for i in range(0, len(ids), 3)]
    rows += [(ids[i], "Colocado", "15/12/2025") for i in range(0, len(ids), 9)]
    rows += [(ids[0], "Rechazado", "03/12/2025")]  # two statuses the same day: a conflict
    pd.DataFrame(rows, columns=["ID referencia", "Estado", "Fecha estado"]).to_csv(
        root / "lleno.csv", index=False)
    import_status(db, root / "lleno.csv", today=dt.date(2026, 1, 31))
    for by in ("departamento", "municipio", "proveedor", "ocupacion", "etapa"):
        out = root / f"resultados_{by}.xlsx"
        run(by, "outcomes", "--db", str(db), "--by", by, "--out", str(out))
        files[f"outcomes_{by}"] = out
    run("export", "track", "export", "--db", str(db), "--out", str(root / "seg.xlsx"))
    files["track_export"] = root / "seg.xlsx"
    run("conflicts", "track", "conflicts", "--db", str(db), "--out", str(root / "conf.xlsx"))
    files["track_conflicts"] = root / "conf.xlsx"
    # the demo's resumen and validate's rejected rows (CSV)
    bad = root / "malos"
    bad.mkdir()
    (bad / "retornados.csv").write_text("id_retornado,municipio,edad,fecha_retorno\n"
                                        "R-1,Mixco,34,03/02/2025\nR-2,Nowhere,x,ayer\n",
                                        encoding="utf-8")
    runner.invoke(app, ["validate", "--data", str(bad), "--out", str(root / "val")])
    files["validate_rejected"] = root / "val" / "filas_rechazadas.csv"
    run("demo", "demo", "--data", str(data), "--out", str(root / "demo"), "--quiet")
    files["resumen"] = root / "demo" / "resumen.csv"
    files["demo_perfil"] = root / "demo" / "perfil.csv"
    files["demo_plan"] = root / "demo" / "plan.xlsx"
    files["demo_referencias"] = root / "demo" / "referencias.xlsx"
    # the explorer's export (same writer)
    pytest.importorskip("ipywidgets")
    from oportumap.widgets import Explorer

    explorer = Explorer(dataset, out_dir=root / "explorador")
    files["explorer_referrals"] = explorer.export_referrals()
    return files


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


TABLES = ["profile", "profile_dept", "plan", "plan_seats", "referrals", "research",
          "outcomes_departamento", "outcomes_municipio", "outcomes_proveedor",
          "outcomes_ocupacion", "outcomes_etapa", "track_export", "track_conflicts",
          "validate_rejected", "resumen", "demo_perfil", "demo_plan", "demo_referencias",
          "explorer_referrals"]


@pytest.mark.slow
@pytest.mark.parametrize("name", TABLES)
def test_every_table_reads_in_spanish_typed_and_printable(outputs, name):
    path = outputs[name]
    assert path.exists(), path
    checked = check_workbook(path) if path.suffix == ".xlsx" else check_csv(path)
    assert checked > 0, f"{name}: nothing to check"


@pytest.mark.slow
def test_outcome_rates_keep_full_precision(outputs):
    """A rate of 5 placements in thousands is stored whole, not rounded to 0."""
    book = openpyxl.load_workbook(outputs["outcomes_etapa"])
    ws = book["Resultados"]
    header = [c.value for c in ws[1]]
    column = header.index("Tasa de colocación (colocados / referidos)") + 1
    values = [ws.cell(r, column).value for r in range(2, ws.max_row + 1)]
    numbers = [v for v in values if isinstance(v, float)]
    assert numbers and all(v == v for v in numbers)
    assert any(0 < v < 0.5 and round(v, 2) != v for v in numbers)  # not rounded to 2


@pytest.mark.slow
def test_outcomes_by_provider_do_not_repeat_the_provider(outputs):
    ws = openpyxl.load_workbook(outputs["outcomes_proveedor"])["Resultados"]
    header = [c.value for c in ws[1]]
    assert header[0] == "Proveedor" and "Nombre" not in header and "Grupo" not in header


@pytest.mark.slow
def test_the_demo_names_its_files_in_spanish(outputs):
    demo = outputs["resumen"].parent
    assert {p.name for p in demo.iterdir()} >= {"resumen.csv", "perfil.csv", "mapa.html",
                                                 "mapa.png", "plan.xlsx", "referencias.xlsx"}
    resumen = pd.read_csv(outputs["resumen"], encoding="utf-8-sig", dtype=str)
    assert resumen.columns.tolist()[:2] == ["Datos", "Filas"]
    assert "Retornados" in resumen["Datos"].tolist()


@pytest.mark.slow
def test_a_filled_list_made_without_a_store_imports(outputs, tmp_path):
    """The demo's referencias.xlsx, filled by a coordinator, counts when imported."""
    from oportumap.tracking.funnel import outcomes
    from oportumap.tracking.importer import import_status

    book = openpyxl.load_workbook(outputs["demo_referencias"])
    ws = book.worksheets[2]  # the first department
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("ID referencia") + 1).value  # an ID is there
    as_of = ws.cell(2, header.index("Datos al") + 1).value
    status, when = header.index("Estado") + 1, header.index("Fecha estado") + 1
    filled = min(ws.max_row - 1, 12)
    for r in range(2, 2 + filled):
        ws.cell(r, status).value = "Contactado"
        ws.cell(r, when).value = as_of + dt.timedelta(days=2)
    book.save(tmp_path / "lleno.xlsx")
    db = tmp_path / "s.db"
    summary = import_status(db, tmp_path / "lleno.xlsx", today=as_of.date()
                            + dt.timedelta(days=60))[0]
    assert summary.rejected == 0 and summary.events_added == filled
    assert summary.accepted == summary.rows_read
    table = outcomes(db, by="stage")
    assert int(table.loc[table["group"] == "Total", "contacted"].iloc[0]) == filled
    # a typed-in ID that oportumap never made is still refused
    ws.cell(2, header.index("ID referencia") + 1).value = "ABCDEFGHJKMN"
    ws.cell(2, when).value = as_of + dt.timedelta(days=3)
    book.save(tmp_path / "inventado.xlsx")
    again = import_status(tmp_path / "t.db", tmp_path / "inventado.xlsx",
                          today=as_of.date() + dt.timedelta(days=60))[0]
    reason = again.rejected_rows["reason"].iloc[0]
    assert again.rejected == 1 and "«ABCDEFGHJKMN» no está en ninguna lista emitida" in reason
    assert "oportumap track issued" in reason  # a list issued elsewhere: how to load it


def test_the_writer_keeps_small_rates_and_protected_marks_typed(tmp_path):
    """Variants: a rate of 5 in 72,330 and «(protegido)» beside numbers in one column."""
    from oportumap.exports.tables import write_table

    frame = pd.DataFrame({"placement_rate": [5 / 72330, np.nan, 0.5],
                          "issued": ["7233", "(protegido)", "<5"],
                          "stage": ["employment", "id_document", None]})
    write_table(frame, tmp_path / "t.xlsx")
    write_table(frame, tmp_path / "t.csv")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Datos"]
    assert ws["A2"].value == 5 / 72330 and ws["A2"].number_format == "0.0%"
    assert ws["B2"].value == 7233 and ws["B3"].value == "(protegido)" and ws["B4"].value == "<5"
    assert [ws["C2"].value, ws["C3"].value, ws["C4"].value] == [
        "Empleo", "Documento de identidad", None]
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].split(",")[0] == "0.0069"  # 0.0069 %, never 0
    assert check_workbook(tmp_path / "t.xlsx") == 7


def test_a_filled_csv_list_made_without_a_store_imports(sample, tmp_path):
    """Variant: the same list delivered as CSV, filled in a text editor, then imported;
    a row whose returnee was edited no longer matches its ID and is refused."""
    from oportumap.exports.referrals import write_referrals
    from oportumap.referrals import referral_plan
    from oportumap.tracking.importer import import_status

    result = referral_plan(sample, top=1)
    write_referrals(result, tmp_path / "referencias.csv")
    table = pd.read_csv(tmp_path / "referencias.csv", encoding="utf-8-sig", dtype=str)
    assert table["Datos al"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    part = table.head(20).copy()
    part["Estado"], part["Fecha estado"] = "Inscrito", "05/12/2025"
    part.loc[part.index[0], "ID retornado"] = "R-999999"  # edited: no longer its ID
    part.to_csv(tmp_path / "lleno.csv", index=False, encoding="utf-8-sig")
    summary = import_status(tmp_path / "s.db", tmp_path / "lleno.csv",
                            today=dt.date(2026, 1, 31))[0]
    assert (summary.rows_read, summary.accepted, summary.rejected) == (20, 19, 1)
    assert summary.events_added == 19
