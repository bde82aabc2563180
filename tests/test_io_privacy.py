"""Writers (CSV/Excel/Parquet, atomic, safe) and data-protection helpers."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from oportumap import DataError, io
from oportumap.io import write_table
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
    monkeypatch.setattr(io, "EXCEL_MAX_ROWS", 4)  # 3 data rows per sheet
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


def test_research_extract_has_no_identifiers(sample):
    from oportumap.privacy import research_extract

    extract = research_extract(sample.returnees, "clave-secreta-de-prueba")
    assert len(extract) == len(sample.returnees)
    assert not {"returnee_id", "lat", "lon", "age", "return_date"} & set(extract.columns)
    assert not extract["pseudonym"].isin(sample.returnees["returnee_id"]).any()
    assert extract["pseudonym"].is_unique
    first = sample.returnees.iloc[0]
    low = first["age"] // 5 * 5
    assert extract["age_band"].iloc[0] == f"{low}-{low + 4}"


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
    assert runner.invoke(app, args).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "R-000001" not in text and "pseudonym" in text.splitlines()[0]
