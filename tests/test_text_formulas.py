"""Formulas typed into a CSV, which keeps no formula results.

Decided per column as a person would: where a number or a date goes, a formula the
allow-listed evaluator computes is used and reported; anywhere else (IDs, places, yes/no,
states) the row is rejected saying a CSV keeps no formula results, and so is a formula that
cannot be computed. Counts reconcile: accepted + rejected + blank = rows read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from oportumap import read_opportunities, read_returnees
from oportumap.files import read_raw
from oportumap.files.text_formulas import english_functions, text_formulas


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def reconciles(result) -> None:
    assert len(result.data) + len(result.rejected) + result.blank_rows == result.rows_read


def said(result) -> list[str]:
    return [str(i) for i in result.interpretations]


def reasons(result) -> dict[str, str]:
    return dict(zip(result.rejected["row"].astype(str), result.rejected["reason"],
                    strict=True))


def test_ages_and_dates_typed_as_formulas_are_computed_and_said(tmp_path):
    path = _csv(tmp_path / "retornados.csv",
                "id;municipio;departamento;edad;consentimiento;fecha_retorno\n"
                "R1;Cobán;Alta Verapaz;=2025-1996;Sí;15/03/2025\n"
                'R2;Cobán;Alta Verapaz;"=SUMA(20;9)";Sí;"=FECHA(2025;3;1)"\n'
                'R3;Tactic;Alta Verapaz;"=REDONDEAR(40.4;0)";Sí;"=DATE(2025;4;2)"\n',
                encoding="cp1252")
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert len(result.data) == 3 and not len(result.rejected)
    assert result.data["age"].tolist() == [29, 29, 40]
    assert [str(d)[:10] for d in result.data["return_date"]] == [
        "2025-03-15", "2025-03-01", "2025-04-02"]
    lines = said(result)
    assert ("columna 'edad': «=2025-1996» → fila 2: fórmula escrita en un CSV, que no guarda "
            "resultados; en esta columna de números se calculó: 29 (1 fila)") in lines
    assert any("«=FECHA(2025;3;1)» → fila 3:" in s and "columna de fechas se calculó: "
               "2025-03-01" in s for s in lines)


def test_a_formula_where_a_word_or_code_goes_is_rejected_saying_a_csv_keeps_no_results(
        tmp_path):
    path = _csv(tmp_path / "retornados.csv",
                "id,municipio,departamento,edad,consentimiento,nota interna\n"
                'R1,Cobán,Alta Verapaz,34,="Sí",\n'
                'R2,"=CONCATENAR(""Co"",""bán"")",Alta Verapaz,30,Sí,\n'
                'R3,Cobán,Alta Verapaz,41,Sí,"=SI(1>0,""x"",""y"")"\n')
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["returnee_id"].tolist() == ["R3"]  # a column nobody reads: no harm
    why = reasons(result)
    assert why["2"] == ("fila 2: «=\"Sí\"» es una fórmula y un CSV no guarda resultados de "
                        "fórmulas; en esta columna se espera el valor escrito: escríbalo, o "
                        "lea el libro .xlsx del que salió el CSV")
    assert why["3"].startswith('fila 3: «=CONCATENAR("Co","bán")» es una fórmula y un CSV '
                               "no guarda resultados")
    rejected = result.rejected.set_index("row")
    assert rejected.loc[2, "column"] == "consentimiento"
    assert rejected.loc[3, "value"] == '=CONCATENAR("Co","bán")'


def test_a_formula_that_cannot_be_computed_or_gives_no_number_is_rejected(tmp_path):
    path = _csv(tmp_path / "retornados.csv",
                "id,municipio,departamento,edad,fecha_retorno\n"
                "R1,Cobán,Alta Verapaz,=D3+1,15/03/2025\n"
                "R2,Cobán,Alta Verapaz,30,=HOY()\n"
                'R3,Cobán,Alta Verapaz,="treinta",15/03/2025\n'
                "R4,Cobán,Alta Verapaz,=PROMEDIO(30;40;50),15/03/2025\n")
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["age"].tolist() == [40]
    why = reasons(result)
    assert why["2"] == ("fila 2: «=D3+1» es una fórmula y un CSV no guarda resultados de "
                        "fórmulas; no se pudo calcular (usa la celda D3, y un CSV no guarda "
                        "las celdas de una hoja): escriba el valor, o lea el libro .xlsx del "
                        "que salió el CSV")
    assert "no se pudo calcular (usa TODAY (HOY), que cambia según el día" in why["3"]
    assert why["4"] == ("fila 4: «=\"treinta\"» da «treinta», que no es un valor de números; "
                        "un CSV no guarda resultados de fórmulas: escriba el valor")
    assert len(why) == 3  # only the formula's reason, not also «edad no válida»


def test_a_vacancy_list_with_seats_as_a_formula(tmp_path):
    path = _csv(tmp_path / "vacantes.csv",
                "id_oportunidad,tipo,titulo,proveedor,municipio,departamento,capacidad\n"
                "V1,vacante,Albañil,Constructora,Cobán,Alta Verapaz,=2+3\n"
                'V2,vacante,"=""Soldador""",Taller,Cobán,Alta Verapaz,2\n')
    result = read_opportunities(path, errors="report")
    reconciles(result)
    assert result.data["capacity"].tolist() == [5]
    assert reasons(result)["3"].startswith('fila 3: «="Soldador"» es una fórmula y un CSV')
    assert any("«=2+3» → fila 2" in s and "se calculó: 5" in s for s in said(result))


def test_a_file_without_formulas_is_not_looked_at_cell_by_cell(tmp_path):
    path = _csv(tmp_path / "r.csv", "id,municipio,edad\nR1,Cobán,34\nR2,Cobán,a=b\n")
    raw = read_raw(path)
    assert raw.formulas == [] and raw.frame["edad"].tolist() == ["34", "a=b"]


def test_text_formulas_leave_what_is_not_a_formula():
    frame = pd.DataFrame({"a": ["==>", "=", "= 3*2", "x=1", "= igual que arriba", "=(sin"],
                          "b": ["=FECHA(2025;1;31)+1", "", "", "", "", ""]})
    cells = text_formulas(frame, np.arange(6) + 2)
    assert [(c.cell, c.value) for c in cells] == [("A4", "6"), ("B2", "2025-02-01")]
    # a ditto mark and an unclosed bracket are a person's text, not formulas
    assert frame["a"].tolist() == ["==>", "=", "6", "x=1", "= igual que arriba", "=(sin"]
    assert cells[1].result == dt.date(2025, 2, 1)


def test_spanish_function_names_outside_quotes_only():
    assert english_functions('=si(año(FECHA(2025;1;1))>2000;"SI(";MES(1))') == \
        '=IF(YEAR(DATE(2025;1;1))>2000;"SI(";MONTH(1))'
