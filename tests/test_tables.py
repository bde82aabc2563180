"""Tables people can compute with: cell types, number formats, Sí/No, NaN, CLI outputs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from oportumap import for_people
from oportumap.cli import app
from oportumap.exports.tables import write_table

# A small country written by hand the way a registry clerk types it: ';' separated,
# dd/mm/yyyy dates, blanks where nothing is known, and no certification file at all.
RETURNEES = """\
id_retornado;municipio;departamento;sexo;edad;ocupaciones;certificaciones;tiene_dpi;\
interes;fecha_retorno
R-1;Mixco;Guatemala;M;34;albañil;;sí;empleo;03/02/2025
R-2;Mixco;Guatemala;F;;;;;empleo;
R-3;Villa Nueva;Guatemala;M;41;cocinero;;no;;15/01/2025
R-4;Guatemala;Guatemala;F;29;;;sí;empleo;20/03/2025
R-5;Villa Nueva;Guatemala;M;;soldador;;;empleo;
R-6;Mixco;Guatemala;M;52;;;sí;empleo;01/04/2025
"""
VACANCIES = """id;municipio;departamento;titulo;plazas;fecha_inicio
V-1;Flores;Petén;Ayudante de cocina;3;01/05/2025
V-2;Flores;Petén;Albañil;2;
"""


@pytest.fixture
def toy_folder(tmp_path):
    folder = tmp_path / "datos"
    folder.mkdir()
    (folder / "returnees.csv").write_text(RETURNEES, encoding="utf-8")
    (folder / "vacancies.csv").write_text(VACANCIES, encoding="utf-8")
    return folder


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "muni_name": ["Joyabaj", "Mixco", "Flores"],
        "returnees": ["266", "<5", "0"],  # suppressed counts arrive as text
        "certification_nearest_km": [151.2649, np.nan, 12.04],
        "vacancy_nearest_min": [61.6, 12.2, np.nan],
        "share": [0.4922660479505027, 1.0, np.nan],
        "covered_after": [True, False, pd.NA],
        "start_date": pd.to_datetime(["2025-05-01", None, "2025-06-30"]),
        "priority_rank": [1.0, 2.0, 3.0],
    })


def test_excel_cells_are_numbers_dates_and_words_with_formats(tmp_path):
    path = tmp_path / "t.xlsx"
    write_table(_frame(), path)
    ws = openpyxl.load_workbook(path)["Datos"]
    assert [c.value for c in ws[1]] == [
        "Municipio", "Retornados", "Certificación: más cercana (km)",
        "Vacantes: más cercana (min)", "Proporción cubierta", "Cubierto después",
        "Fecha de inicio", "Prioridad (1 = mayor brecha)"]
    row = ws[2]
    assert row[1].value == 266 and row[1].data_type == "n"  # not the text '266'
    assert ws["B3"].value == "<5" and ws["B3"].data_type == "s"  # only that cell is text
    assert ws["B4"].value == 0 and ws["B4"].data_type == "n"
    assert row[2].value == pytest.approx(151.3) and row[2].number_format == "#,##0.0"
    assert row[3].value == 62 and row[3].number_format == "#,##0"
    # a rate keeps full precision; the % format rounds only what is shown
    assert row[4].value == 0.4922660479505027 and row[4].number_format == "0.0%"
    assert row[5].value == "Sí" and ws["F3"].value == "No"
    assert row[6].is_date and row[6].value == dt.datetime(2025, 5, 1)
    assert row[6].number_format == "dd/mm/yyyy"
    assert row[7].value == 1 and isinstance(row[7].value, int)
    # missing values are truly empty cells, not "nan", "<NA>" or ""
    for ref in ("C3", "D4", "E4", "F4", "G3"):
        assert ws[ref].value is None, ref
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:H4"
    # long headers wrap (bold, top-aligned) instead of widening the printed page
    assert ws["C1"].alignment.wrap_text and ws["C1"].font.b
    assert ws.column_dimensions["C"].width >= len("Certificación:")


def test_excel_in_english_says_yes_no(tmp_path):
    path = tmp_path / "t.xlsx"
    write_table(_frame(), path, headers="en")
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws["F2"].value == "Yes" and ws["F3"].value == "No"
    assert ws["A1"].value == "Municipality"  # English labels for people
    write_table(_frame(), path, headers=None, lang="en", force=True)
    assert openpyxl.load_workbook(path)["Data"]["A1"].value == "muni_name"  # for code


def test_csv_rounds_for_people_and_gives_shares_as_percentages(tmp_path):
    path = tmp_path / "t.csv"
    write_table(_frame(), path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(",")[4] == "Proporción cubierta (%)"
    assert lines[1] == "Joyabaj,266,151.3,62,49.2,Sí,01/05/2025,1"  # dates dd/mm/aaaa
    assert lines[2] == "Mixco,<5,,12,100.0,No,,2"
    assert lines[3] == "Flores,0,12.0,,,,30/06/2025,3"


def test_float_people_counts_never_print_decimals_in_csv(tmp_path):
    path = tmp_path / "p.csv"
    write_table(pd.DataFrame({"returnees": [1 / 3 * 3 * 14.000000000000002, 7.0]}), path)
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["Retornados", "14", "7"]


def test_for_people_renames_rounds_and_says_si_no():
    shown = for_people(_frame())
    assert list(shown.columns)[:5] == [
        "Municipio", "Retornados", "Certificación: más cercana (km)",
        "Vacantes: más cercana (min)", "Proporción cubierta (%)"]
    assert shown["Retornados"].tolist() == [266, "<5", 0]
    assert shown["Proporción cubierta (%)"].tolist()[:2] == [49.2, 100.0]
    assert shown["Cubierto después"].tolist() == ["Sí", "No", ""]  # missing: empty
    assert shown["Fecha de inicio"].tolist()[0] == dt.date(2025, 5, 1)
    english = for_people(_frame(), lang="en")
    assert english["Covered after"].tolist()[:2] == ["Yes", "No"]
    assert "Certification: nearest (km)" in english.columns


def test_profile_to_excel_with_missing_values_and_no_certification_file(toy_folder, tmp_path):
    """Regression: README's `profile --out perfil.xlsx` crashed on NaN (no certifications)."""
    out = tmp_path / "perfil.xlsx"
    result = CliRunner().invoke(app, ["profile", "--data", str(toy_folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Datos"]
    header = [c.value for c in ws[1]]
    name = header.index("Municipio") + 1
    by_name = {ws.cell(row=r, column=name).value: r for r in range(2, ws.max_row + 1)}
    mixco = by_name["Mixco"]
    returnees = header.index("Retornados") + 1
    assert ws.cell(row=mixco, column=returnees).value == "<5"  # 3 people: protected
    cert_km = header.index("Certificación: más cercana (km)") + 1
    assert ws.cell(row=mixco, column=cert_km).value is None  # no certification anywhere
    vacancy_km = header.index("Vacantes: más cercana (km)") + 1
    cell = ws.cell(row=mixco, column=vacancy_km)
    assert cell.data_type == "n" and cell.value > 200 and cell.number_format == "#,##0.0"
    csv_out = tmp_path / "perfil.csv"
    result = CliRunner().invoke(app, ["profile", "--data", str(toy_folder), "--out",
                                      str(csv_out), "--no-suppress"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(csv_out, dtype=str, encoding="utf-8-sig").set_index("Municipio")
    assert table.loc["Mixco", "Retornados"] == "3"
    assert table.loc["Mixco", "Vacantes: retornados sin plaza alcanzable"] == "3"


def test_plan_without_certification_file_and_one_site_covers_everyone(toy_folder, tmp_path):
    runner = CliRunner()
    # the default kind (certification) has no file here: it must still run
    result = runner.invoke(app, ["plan", "--data", str(toy_folder), "--out",
                                 str(tmp_path / "cert.xlsx")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(app, ["plan", "--data", str(toy_folder), "--kind", "vacancy",
                                 "--new", "3", "--max-km", "40", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "con 1 sitio ya se cubre a todos los alcanzables; se pidieron 3" in result.output
    assert "+0" not in result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sitios", "Notas", "Curva de cobertura", "Municipios"]
    sites = book["Sitios"]
    header = [c.value for c in sites[1]]
    assert sites.max_row == 3  # one new site, then the existing one (Flores)
    assert sites.cell(row=2, column=header.index("Estado") + 1).value == "nueva"
    gain = sites.cell(row=2, column=header.index("Retornados que agrega") + 1)
    assert gain.value == 6 and gain.data_type == "n"
    notes = [row[0].value for row in book["Notas"].iter_rows(min_row=2)]
    assert "Estado del solucionador: Óptimo" in notes
    assert any("«Retornados asignados»" in n for n in notes)
    assert any(n.startswith("Con 1 sitio ya se cubre") for n in notes)
    curve = book["Curva de cobertura"]
    assert [c.value for c in curve["A"][1:]] == [0, 1]  # no "+0" rows
    assert curve["D3"].value == 1 and curve["D3"].number_format == "0.0%"
    munis = book["Municipios"]
    header = [c.value for c in munis[1]]
    states = {munis.cell(row=r, column=header.index("Municipio") + 1).value:
              munis.cell(row=r, column=header.index("Cobertura") + 1).value
              for r in range(2, munis.max_row + 1)}
    assert states["Mixco"] == "Nueva cobertura"
    assert states["Flores"] == "Sin demanda"  # nobody there: neutral, not «Sin cobertura»
    assert "Sin cobertura" not in states.values()
    assert munis.cell(row=2, column=header.index("Cubierto después") + 1).value in ("Sí", "No")
