"""Writers (CSV/Excel/Parquet, atomic, safe) and data-protection helpers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest

from oportumap import DataError
from oportumap.exports.tables import write_table
from oportumap.files import read as files_read
from oportumap.privacy import (
    neutralize_formulas,
    pseudonymize_ids,
    suppress_counts,
    suppress_frame,
)


def test_csv_has_bom_spanish_headers_and_accents(tmp_path):
    path = tmp_path / "out.csv"
    write_table(pd.DataFrame({"muni_code": ["0101"], "muni_name": ["Cobán"]}), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == ["Código municipio,Municipio", "0101,Cobán"]


def test_excel_sheets_by_department_frozen_filtered_and_wide_enough(tmp_path):
    frame = pd.DataFrame({"dept_name": ["Petén", "Quiché", "Petén"],
                          "title": ["Albañil", "Cocinero de cocina cotidiana", "=cmd()"]})
    path = tmp_path / "r.xlsx"
    write_table(frame, path, sheet_by="dept_name")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Petén", "Quiché"]
    sheet = book["Petén"]
    assert [c.value for c in sheet[1]] == ["Departamento", "Título"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet["B3"].value == "'=cmd()"
    assert book["Quiché"].column_dimensions["B"].width >= len("Cocinero de cocina cotidiana")


def test_excel_splits_sheets_at_the_row_limit_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(files_read, "EXCEL_MAX_ROWS", 4)  # 3 data rows per sheet
    frame = pd.DataFrame({"returnee_id": [f"R{i}" for i in range(7)]})
    notes = write_table(frame, tmp_path / "big.xlsx")
    book = openpyxl.load_workbook(tmp_path / "big.xlsx")
    assert book.sheetnames == ["Datos", "Datos (2)", "Datos (3)"]
    assert sum(ws.max_row - 1 for ws in book.worksheets) == 7
    assert notes == ["La hoja 'Datos' tiene 7 filas: se dividió en 3 hojas de hasta 3 filas "
                     "(límite de Excel)."]


def test_parquet_keeps_canonical_names(tmp_path):
    write_table(pd.DataFrame({"muni_code": ["0101"]}), tmp_path / "t.parquet")
    assert pd.read_parquet(tmp_path / "t.parquet").columns.tolist() == ["muni_code"]


def test_existing_output_needs_force_and_inputs_are_never_overwritten(tmp_path):
    path = tmp_path / "t.csv"
    write_table(pd.DataFrame({"a": [1]}), path)
    with pytest.raises(DataError, match="ya existe; use --force"):
        write_table(pd.DataFrame({"a": [2]}), path)
    write_table(pd.DataFrame({"a": [2]}), path, force=True)
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["a", "2"]
    source = tmp_path / "returnees.csv"
    source.write_text("id,municipio\nA,Mixco\n")
    from oportumap import read_returnees

    read_returnees(source)
    with pytest.raises(DataError, match="es un archivo de entrada"):
        write_table(pd.DataFrame({"a": [1]}), source, force=True)
    assert source.read_text() == "id,municipio\nA,Mixco\n"


def test_failed_write_leaves_no_partial_file(tmp_path):
    class Boom:
        pass

    frame = pd.DataFrame({"a": [Boom()]})
    with pytest.raises(Exception):  # noqa: B017 - pyarrow's own error type
        write_table(frame, tmp_path / "t.parquet")
    assert list(tmp_path.iterdir()) == []


def test_unknown_output_extension(tmp_path):
    with pytest.raises(DataError, match="use una extensión .csv, .xlsx o .parquet"):
        write_table(pd.DataFrame(), tmp_path / "x.json")


def test_small_counts_are_suppressed():
    assert suppress_counts([0, 1, 4, 5, 17, None]).tolist() == ["0", "<5", "<5", "5", "17", ""]
    assert suppress_counts([2, 9], threshold=10).tolist() == ["<10", "<10"]
    out = suppress_frame(pd.DataFrame({"returnees": [3, 30]}), ["returnees"])
    assert out["returnees"].tolist() == ["<5", "30"]


def test_pseudonyms_are_keyed_stable_and_need_a_real_key():
    ids = pd.Series(["R-1", "R-2", "R-1"])
    a = pseudonymize_ids(ids, "clave-secreta-de-prueba")
    b = pseudonymize_ids(ids, "otra-clave-secreta-distinta")
    assert a.iloc[0] == a.iloc[2] and a.iloc[0] != a.iloc[1]
    assert not (a == b).any()
    assert a.str.fullmatch(r"[0-9a-f]{16}").all()
    # standard HMAC-SHA256: anyone holding the key can reproduce a pseudonym with any tool
    import hashlib
    import hmac

    assert a.iloc[1] == hmac.new(b"clave-secreta-de-prueba", b"R-2",
                                 hashlib.sha256).hexdigest()[:16]
    with pytest.raises(DataError, match="al menos 16 caracteres"):
        pseudonymize_ids(ids, "corta")


def test_formula_cells_are_neutralised_numbers_untouched():
    frame = pd.DataFrame({"t": ["=1+1", "+57", "-x", "@SUM(A1)", "normal"], "n": [-1] * 5})
    out = neutralize_formulas(frame)
    assert out["t"].tolist() == ["'=1+1", "'+57", "'-x", "'@SUM(A1)", "normal"]
    assert out["n"].tolist() == [-1] * 5
    categorical = pd.DataFrame({"t": pd.Categorical(["=2*3", "ok", "=2*3"])})
    assert neutralize_formulas(categorical)["t"].tolist() == ["'=2*3", "ok", "'=2*3"]


def test_import_is_light():
    code = ("import sys, oportumap; heavy = {'geopandas', 'folium', 'pulp', 'matplotlib', "
            "'ipywidgets', 'scipy', 'shapely'} & set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def _min_group(frame: pd.DataFrame) -> int:
    """Smallest group of identical rows, by a plain pandas groupby (the peer check)."""
    columns = [c for c in frame.columns if c not in ("pseudonym", "Seudónimo")]
    return int(frame.groupby(columns, dropna=False).size().min())


def test_research_extract_holds_only_consenting_people_and_is_5_anonymous(sample):
    from oportumap.privacy import pseudonymize_ids, research_extract

    key = "clave-secreta-de-prueba"
    result = research_extract(sample.returnees, key)
    extract, report = result.data, result.report
    assert not {"returnee_id", "lat", "lon", "age", "return_date", "consent"} & set(extract)
    # the leak found in review: 233 people who refused consent were exported
    refused = sample.returnees.loc[~sample.returnees["consent"], "returnee_id"]
    assert len(refused) == 233
    assert not extract["pseudonym"].isin(pseudonymize_ids(refused, key)).any()
    consenting = pseudonymize_ids(sample.returnees.loc[sample.returnees["consent"],
                                                       "returnee_id"], key)
    assert extract["pseudonym"].isin(consenting).all() and extract["pseudonym"].is_unique
    # the other failure: 4,995 of 5,000 rows were unique on place + sex + age + month
    assert _min_group(extract) >= 5
    assert report.min_group_size == _min_group(extract)
    # the report reconciles: given = without consent + suppressed + released
    assert report.rows_in == 5000 and report.without_consent == 233
    assert report.without_consent + report.suppressed + report.released == report.rows_in
    assert report.released == len(extract) > 4000
    assert [s[0] for s in report.generalised] and report.quasi_identifiers == list(
        extract.columns[1:])


def test_k_anonymity_on_rows_written_by_hand():
    from oportumap.privacy import research_extract

    # Cobán (1601) and San Pedro Carchá (1609), both Alta Verapaz: same sex and 5-year band,
    # returned in three months of one quarter; Cobán has only 4 people even by quarter.
    rows = [(f"A{i}", "1601", "M", 31, "2025-01-10", "sí") for i in range(3)]
    rows += [(f"B{i}", "1609", "M", 33, "2025-02-20", "sí") for i in range(3)]
    rows += [("C0", "1601", "M", 34, "2025-03-05", "sí")]
    rows += [(f"D{i}", "1609", "M", 30, "2025-03-28", "sí") for i in range(3)]
    rows += [("X", "0108", "F", 52, "2024-07-01", "sí"),  # alone: suppressed
             ("N1", "1601", "M", 31, "2025-01-10", ""),  # blank consent = no
             ("N2", "1601", "M", 31, "2025-01-10", "no")]
    returnees = pd.DataFrame(rows, columns=["returnee_id", "muni_code", "sex", "age",
                                            "return_date", "consent"])
    result = research_extract(returnees, "clave-secreta-de-prueba", max_suppressed=0.1)
    out, report = result.data, result.report
    assert report.without_consent == 2 and report.suppressed == 1 and len(out) == 10
    # greedy: the quarter leaves 5 rows in small groups (Cobán's 4 and X), the department
    # 11; then the department joins Cobán with Carchá
    assert out.columns.tolist() == ["pseudonym", "dept_code", "sex", "age_band",
                                    "return_quarter"]
    assert out[["dept_code", "sex", "age_band", "return_quarter"]].drop_duplicates(
    ).values.tolist() == [["16", "M", "30-34", "2025-T1"]]
    assert [(s[1], s[2], s[3]) for s in report.generalised] == [
        ("return_month", "return_quarter", 5), ("muni_code", "dept_code", 1)]
    text = report.to_text()
    assert "Excluidos por no tener consentimiento registrado (vacío = no): 2" in text
    assert "Filas suprimidas (su combinación seguía siendo rara): 1" in text
    assert "Tamaño del grupo más pequeño de filas iguales: 10" in text


def test_research_columns_are_chosen_and_all_count_in_the_combination(sample):
    from oportumap import DataError
    from oportumap.privacy import research_extract

    result = research_extract(sample.returnees, "clave-secreta-de-prueba",
                              columns=["muni_code", "sex", "needs_psychosocial"])
    assert result.data.columns[1:].tolist() == result.report.quasi_identifiers
    assert "needs_psychosocial" in result.data
    assert _min_group(result.data) >= 5
    # the report warns where everyone alike on the other columns shares the health flag
    others = [c for c in result.report.quasi_identifiers if c != "needs_psychosocial"]
    distinct = result.data.groupby(others)["needs_psychosocial"].transform("nunique")
    assert result.report.homogeneous == {"needs_psychosocial": int((distinct == 1).sum())}
    assert f"Aviso: {int((distinct == 1).sum())} filas" in result.report.to_text()
    with pytest.raises(DataError, match="columnas no disponibles para investigación"):
        research_extract(sample.returnees, "clave-secreta-de-prueba", columns=["lat"])


@pytest.mark.slow  # a million rows
def test_research_extract_handles_a_million_rows_by_groupby():
    from oportumap.privacy import research_extract

    n = 1_000_000
    rng = np.random.default_rng(1)
    returnees = pd.DataFrame({
        "returnee_id": np.char.add("R", np.arange(n).astype(str)),
        "muni_code": rng.choice(["0101", "0108", "1601", "1609", "1301"], n),
        "sex": rng.choice(["M", "F"], n), "age": rng.integers(18, 70, n),
        "return_date": pd.Timestamp("2024-01-01")
        + pd.to_timedelta(rng.integers(0, 700, n), unit="D"),
        "consent": rng.random(n) < 0.95})
    result = research_extract(returnees, "clave-secreta-de-prueba")
    assert result.report.without_consent == int((~returnees["consent"]).sum())
    assert _min_group(result.data) >= 5


def test_research_export_command_needs_a_key(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from oportumap.cli import app
    from oportumap.sample import sample_folder

    monkeypatch.delenv("OPORTUMAP_KEY", raising=False)
    runner = CliRunner()
    out = tmp_path / "inv.csv"
    args = ["research-export", "--data", str(sample_folder()), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "falta la clave de seudonimización" in result.output
    monkeypatch.setenv("OPORTUMAP_KEY", "una-clave-larga-de-prueba")
    result = runner.invoke(app, [*args, "--columns", "muni_code,sex,age_band"])
    assert result.exit_code == 0, result.output
    extract = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert extract.columns.tolist()[0] == "Seudónimo" and len(extract.columns) == 4
    assert _min_group(extract) >= 5
    report = (tmp_path / "inv.privacidad.txt").read_text(encoding="utf-8")
    assert "Excluidos por no tener consentimiento registrado (vacío = no): 233" in report
    assert f"Filas en el extracto: {len(extract)}" in report
    assert "233 sin consentimiento excluidas" in result.output


def test_one_rule_for_shared_tables_written_by_hand():
    from oportumap.privacy import suppress_shared

    profile = pd.DataFrame({"muni_name": ["Cabricán", "Cobán"], "returnees": [3, 120],
                            "vacancy_capacity": [80, 40],
                            "vacancy_returnees_per_place": [3 / 80, 3.0],
                            "vacancy_2sfca": [1.2, 0.3], "vacancy_unserved": [0.0, 84.0],
                            "gap_score": [0.4, 61.5], "priority_rank": [300, 1]})
    # With their total published (two municipalities of one department), Cobán would give
    # Cabricán back by subtraction: it is protected too (secondary suppression).
    assert suppress_shared(profile)["returnees"].tolist() == ["<5", "(protegido)"]
    assert suppress_shared(profile)["gap_score"].isna().all()
    shared = suppress_shared(profile, totals=False)  # no sum published: only Cabricán
    assert shared["returnees"].tolist() == ["<5", "120"]
    for column in ("vacancy_returnees_per_place", "vacancy_2sfca", "vacancy_unserved",
                   "gap_score"):
        assert pd.isna(shared.loc[0, column]) and shared.loc[1, column] == profile.loc[1, column]
    assert shared["vacancy_capacity"].tolist() == [80, 40]  # places are not people
    assert shared["priority_rank"].tolist() == [300, 1]
    numeric = suppress_shared(profile, as_text=False, totals=False)  # maps: numbers stay
    assert numeric["returnees"].tolist() == [3, 120]
    assert pd.isna(numeric.loc[0, "vacancy_returnees_per_place"])
    plan = pd.DataFrame({"muni_name": ["Jerez", "Mixco"], "demand": [2, 300],
                         "unserved": [2.0, 41.6]})
    assert suppress_shared(plan, totals=False).values.tolist() == [["Jerez", "<5", "<5"],
                                                     ["Mixco", "300", "42"]]
