"""Count tables (returnees counted by municipality) read as counts, never as people:
municipality found as in a registry, counts by header, HXL hashtag and content, «<5» kept
as a protected count between 1 and 4, bad rows rejected with a message a person can act on.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from oportumap.errors import DataError
from oportumap.loaders import load_dataset, read_returnee_counts, shown_counts
from oportumap.loaders.content import AGGREGATE, read_folder


def _xlsx(path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Retornos"
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_excel_by_department_and_name_without_hxl(tmp_path):
    """A variant nobody named: an office's Excel, a title above, names not codes, English
    and Spanish words, a thousands separator, «<5» in the total, a «Total general» row."""
    path = tmp_path / "Conteo de retornos por municipio 2026.xlsx"
    _xlsx(path, [
        ["Retornos enero-octubre 2026 (cifras ilustrativas)"],
        [],
        ["Departamento", "Municipio", "Total retornados", "Mujeres", "Hombres", "Menores"],
        ["Huehuetenango", "Cuilco", "1,590", 29, "1,561", 52],
        ["Quiché", "Zacualpa", "<5", "<5", "", ""],
        ["San Marcos", "Tacaná", 688, 31, 657, "menos de 5"],
        ["Total general", "", 2282, "60+", 2218, "52+"],
    ])
    result = read_returnee_counts(path, errors="report")
    assert result.rows_read == 3 and len(result.data) == 3 and not len(result.rejected)
    data = result.data
    assert data["muni_code"].tolist() == ["1304", "1404", "1207"]
    assert data["total"].tolist()[0] == 1590 and data["men"].tolist()[0] == 1561
    # «<5» in the total: between 1 and 4, never 0 nor blank.
    zac = data.iloc[1]
    assert pd.isna(zac["total"]) and (zac["total_min"], zac["total_max"]) == (1, 4)
    assert pd.isna(zac["men"]) and pd.isna(zac["men_min"])  # blank is unknown, not 0
    shown = shown_counts(data)
    assert shown["total"].tolist() == ["1590", "<5", "688"]
    assert shown["minors"].tolist() == ["52", "", "<5"]
    assert any("Total general" in s or "total" in s for s in result.skipped)
    said = {(i.column, i.value) for i in result.interpretations}
    assert ("Total retornados", "<5") in said and ("Menores", "menos de 5") in said
    # Read as part of a folder: content decided as counts, by name and columns.
    tables = read_folder(tmp_path)
    assert [t.content for t in tables] == [AGGREGATE]
    assert tables[0].result.rows_read == 3


def test_bad_counts_rejected_with_a_message_naming_file_row_and_column(tmp_path):
    """Another variant: a negative count, a word, a decimal, parts over the total, a row
    without counts, a municipality that does not exist."""
    path = tmp_path / "retornos_por_municipio.csv"
    path.write_text(
        "Municipio;Departamento;Total;Mujeres;Hombres;NNA\n"
        "Cobán;Alta Verapaz;120;20;100;9\n"
        "Jalapa;Jalapa;-3;1;2;0\n"
        "Tacaná;San Marcos;muchos;4;8;1\n"
        "Cuilco;Huehuetenango;12,5;4;8;1\n"
        "Joyabaj;Quiché;10;<5;9;2\n"
        "Nebaj;Quiché;10;6;8;2\n"
        "Momostenango;Totonicapán;;;;\n"
        "Xyzópolis;Quiché;5;2;3;0\n"
        "Colotenango;Huehuetenango;494;<5;491;38\n", encoding="utf-8")
    result = read_returnee_counts(path, errors="report")
    assert len(result.data) + len(result.rejected) == result.rows_read == 9
    assert sorted(result.data["muni_code"]) == ["1319", "1412", "1601"]
    rejected = result.rejected.set_index("row")
    assert sorted(rejected.index) == [3, 4, 5, 7, 8, 9]
    assert rejected.loc[3, "column"] == "Total" and rejected.loc[3, "value"] == "-3"
    assert "número entero (0 o más)" in rejected.loc[3, "reason"]
    assert rejected.loc[4, "value"] == "muchos" and "«<5»" in rejected.loc[4, "reason"]
    assert rejected.loc[5, "column"] == "Total"
    # Joyabaj: «<5» + 9 may be 10 -> kept; Nebaj: 6 + 8 > 10 -> rejected, naming all three.
    assert "Mujeres" in rejected.loc[7, "column"] and "Hombres" in rejected.loc[7, "column"]
    assert "suman más que Total" in rejected.loc[7, "reason"]
    assert "ningún conteo" in rejected.loc[8, "reason"]
    assert "Municipio" in rejected.loc[9, "column"]
    with pytest.raises(DataError) as raised:
        read_returnee_counts(path)
    message = str(raised.value)
    assert "retornos_por_municipio.csv" in message and "fila 4" in message
    assert "Total" in message and "muchos" in message


def test_hxl_hashtags_decide_columns_whose_headers_say_nothing(tmp_path):
    path = tmp_path / "tabla_hdx.csv"
    path.write_text(
        "Lugar,Código,A,B,C\n#adm2+name,#adm2+code,#affected+returnees,#affected+f,"
        "#affected+m\nHuehuetenango,GT1301,507,63,444\nCobán,GT1601,9,<5,7\n",
        encoding="utf-8")
    result = read_returnee_counts(path, errors="report")
    roles = result.roles.set_index("column")["role"].to_dict()
    assert roles == {"Lugar": "municipio", "Código": "muni_code", "A": "total",
                     "B": "women", "C": "men"}
    assert result.data["muni_code"].tolist() == ["1301", "1601"]
    assert shown_counts(result.data)["women"].tolist() == ["63", "<5"]
    assert any("P-code" in i.meaning for i in result.interpretations)
    # A person's correction in columnas.csv wins over the hashtag.
    again = read_returnee_counts(path, errors="report", columns={"B": "men", "C": ""})
    assert again.data["men"].tolist()[0] == 63 and again.data["women"].isna().all()


def test_a_table_with_no_count_column_is_refused_in_words(tmp_path):
    path = tmp_path / "municipios.csv"
    path.write_text("Municipio,Departamento\nCobán,Alta Verapaz\n", encoding="utf-8")
    with pytest.raises(DataError, match="no hay columnas de conteos"):
        read_returnee_counts(path, errors="report")


def _folder_with_counts(tmp_path):
    from oportumap.sample import sample_folder

    folder = tmp_path / "datos"
    shutil.copytree(sample_folder(), folder)
    (folder / "columnas.csv").unlink(missing_ok=True)
    (folder / "retornos_por_municipio.csv").write_text(
        "Departamento,Municipio,Personas retornadas,Mujeres,Hombres,Periodo\n"
        "#adm1+name,#adm2+name,#affected+returnees,#affected+returnees+f,"
        "#affected+returnees+m,#date+reported\n"
        "Alta Verapaz,Cobán,488,52,436,2026-01/2026-10\n"
        "Quiché,Zacualpa,12,<5,10,2026-01/2026-10\n"
        "Jalapa,Jalapa,xx,1,2,2026-01/2026-10\n"
        "Total,,500+,56+,446,2026-01/2026-10\n", encoding="utf-8")
    return folder


def test_load_dataset_keeps_counts_apart_from_people(tmp_path):
    folder = _folder_with_counts(tmp_path)
    from oportumap.sample import sample_folder

    ds = load_dataset(folder, errors="report")
    people = len(load_dataset(sample_folder(), errors="report").returnees)
    assert len(ds.returnees) == people  # no count turned into people
    counts = ds.returnee_counts
    assert counts["muni_code"].tolist() == ["1601", "1404"]
    assert counts["file"].unique().tolist() == ["retornos_por_municipio.csv"]
    assert counts["row"].tolist() == [3, 4]
    assert counts["period_end"].iloc[0] == pd.Timestamp("2026-10-31")
    row = ds.read_summary.set_index("file").loc["retornos_por_municipio.csv"]
    assert (row["content"], row["rows"], row["accepted"], row["rejected"]) == (
        "aggregate", 3, 2, 1)
    bad = ds.rejected[ds.rejected["file"] == "retornos_por_municipio.csv"]
    assert bad["row"].tolist() == [5] and bad["column"].tolist() == ["Personas retornadas"]
    with pytest.raises(DataError, match="retornos_por_municipio.csv"):
        load_dataset(folder)  # errors="raise": the bad count row is a problem


def test_validate_shows_the_count_table_with_its_counts(tmp_path):
    from typer.testing import CliRunner

    from oportumap.cli import app

    folder = _folder_with_counts(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--data", str(folder), "--out",
                                      str(tmp_path / "val"), "-q"], catch_exceptions=False)
    out = result.output
    assert "retornos_por_municipio.csv: 3 filas leídas, 2 aceptadas, 1 rechazada" in out
    assert "Conteos por municipio" in out
    assert "conteo protegido: entre 1 y 4" in out
    rejected = pd.read_csv(tmp_path / "val" / "filas_rechazadas.csv", dtype=str)
    assert "retornos_por_municipio.csv" in set(rejected.iloc[:, 0])
    # What validate wrote in columnas.csv reads back (count roles are roles a person
    # can confirm) and gives the same reading.
    again = read_folder(folder)
    table = next(t for t in again if t.content == AGGREGATE)
    assert table.why == "confirmado en columnas.csv" and len(table.result.data) == 2


def test_subtotal_rows_per_department_are_skipped_not_the_end_of_the_table(tmp_path):
    """A variant nobody named: subtotals per department inside the table; the rows below
    a subtotal are still municipalities (only a «Total» ends the table)."""
    path = tmp_path / "retornos por municipio.xlsx"
    _xlsx(path, [
        ["Departamento", "Municipio", "Total", "Mujeres", "Hombres"],
        ["Huehuetenango", "Cuilco", 590, 29, 561],
        ["Huehuetenango", "Colotenango", 494, "<5", 491],
        ["Subtotal Huehuetenango", "", 1084, "33+", 1052],
        ["Quiché", "Joyabaj", 931, 61, 870],
        ["Subtotal", "Quiché", 931, 61, 870],
        ["Total", "", 2015, "94+", 1922],
        ["Fuente: registros de la oficina, cifras ilustrativas de enero a octubre"],
    ])
    result = read_returnee_counts(path, errors="report")
    assert result.data["muni_code"].tolist() == ["1304", "1319", "1412"]
    assert result.row_numbers.tolist() == [2, 3, 5]
    assert result.rows_read == 3 and not len(result.rejected)
    assert sum("subtotal" in s for s in result.skipped) == 2


def test_validate_a_loose_count_file_reads_counts_not_people(tmp_path):
    """A loose file whose name says returnees («retornos_2026.csv») but whose columns are
    counts is read as counts (not refused for lacking a person's ID)."""
    from typer.testing import CliRunner

    from oportumap.cli import app

    path = tmp_path / "retornos_2026.csv"
    path.write_text("Municipio,Departamento,Total,Mujeres,Hombres\n"
                    "Cobán,Alta Verapaz,9,<5,6\nJalapa,Jalapa,-1,0,0\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path), "--out", str(tmp_path / "v"),
                                      "-q"], catch_exceptions=False)
    out = result.output
    assert "retornos_2026.csv: 2 filas leídas, 1 aceptada" in out, out
    assert "Conteos por municipio (no son personas)" in out
    assert "retornos_2026.csv fila 3, columna 'Total' (valor '-1')" in out
    assert result.exit_code == 1  # a row was rejected
