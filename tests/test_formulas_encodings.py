"""Files as offices save them: formulas kept without their results, lines in two encodings,
text already damaged by one. Each is read, repaired or refused per cell, and said."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from oportumap import read_returnees
from oportumap.files import read_raw
from oportumap.files.encoding import repair_mojibake
from oportumap.files.formulas import FormulaError, evaluate, shift_formula

HEADER = ["id", "municipio", "departamento", "año nacimiento", "edad", "consentimiento"]


def registry(path: Path, rows: list[list], *, sheet: str = "Octubre", extra=None) -> Path:
    """A registry workbook as a script writes it: formulas kept, no results saved."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    if extra:
        extra(book)
    book.save(path)
    return path


def reconciles(result) -> None:
    assert len(result.data) + len(result.rejected) + result.blank_rows == result.rows_read


def said(result) -> list[str]:
    return [str(i) for i in result.interpretations]


# --- formulas saved without results --------------------------------------------------------

def test_a_formula_without_result_is_computed_and_said(tmp_path):
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=2025-1996", '="Sí"'],
        ["R2", "Cobán", "Alta Verapaz", 1990, "=2025-D3", '=IF(D3>1980,"Sí","No")'],
        ["R3", "Tactic", "Alta Verapaz", 1985, "=ROUND((2025-D4)*1,0)", '="S"&"í"'],
    ])
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert len(result.data) == 3 and not len(result.rejected)
    assert result.data["age"].tolist() == [29, 35, 40]
    assert result.data["consent"].tolist() == [True, True, True]  # never "no" for a blank
    lines = said(result)
    assert ("columna 'edad': «=2025-1996» → hoja Octubre, celda E2: fórmula guardada sin su "
            "resultado, calculada: 29 (1 fila)") in lines
    assert any("celda F3" in s and "calculada: Sí" in s for s in lines)


def test_a_formula_that_cannot_be_computed_rejects_its_row_for_that_column(tmp_path):
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=YEAR(TODAY())-D2", "Sí"],
        ["R2", "Cobán", "Alta Verapaz", 1990, 35, "=Listas!A1"],
        ["R3", "Cobán", "Alta Verapaz", 1990, 35, '=VLOOKUP(A4,Listas!A:B,2,FALSE)'],
        ["R4", "Cobán", "Alta Verapaz", 1990, 35, "Sí"],
    ], extra=lambda book: book.create_sheet("Listas").append(["Sí"]))
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["returnee_id"].tolist() == ["R4"]
    rejected = result.rejected.set_index("row")
    assert rejected.loc[2, "column"] == "edad"
    assert rejected.loc[2, "reason"] == (
        "hoja Octubre, celda E2: la fórmula =YEAR(TODAY())-D2 se guardó sin su resultado y no "
        "se pudo calcular (usa TODAY (HOY), que cambia según el día en que se abre); ábrala y "
        "guárdela en Excel o escriba el valor")
    assert rejected.loc[3, "column"] == "consentimiento"
    assert "(usa celdas de otra hoja u otro libro)" in rejected.loc[3, "reason"]
    assert rejected.loc[3, "value"] == "=Listas!A1"
    assert "celda F4" in rejected.loc[4, "reason"]


def test_a_formula_using_a_formula_cell_is_computed_in_order(tmp_path):
    # E2 uses E3 (below it), which is itself a formula without result.
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=E3-6", "Sí"],
        ["R2", "Cobán", "Alta Verapaz", 1990, "=2025-D3", "Sí"],
        ["R3", "Cobán", "Alta Verapaz", 1990, "=E5+1", "Sí"],  # E5 cannot be computed
        ["R4", "Cobán", "Alta Verapaz", 1990, "=NOW()", "Sí"],
        ["R5", "Cobán", "Alta Verapaz", 1990, "=E6", "Sí"],  # refers to itself
    ])
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert dict(zip(result.data["returnee_id"], result.data["age"], strict=True)) == {
        "R1": 29, "R2": 35}
    reasons = result.rejected.set_index("row")["reason"]
    assert "(usa la celda E5, que tampoco se pudo calcular)" in reasons[4]
    assert "(usa NOW (AHORA), que cambia según el día en que se abre)" in reasons[5]
    assert "(referencia circular)" in reasons[6]


def test_a_function_outside_the_list_is_refused_by_name(tmp_path):
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=DATEDIF(D2,2025,\"Y\")", "Sí"],
        ["R2", "Cobán", "Alta Verapaz", 1990, "=1/0", "Sí"],
    ])
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert not len(result.data)
    reasons = result.rejected.set_index("row")["reason"]
    assert "(la función DATEDIF no se calcula fuera de Excel)" in reasons[2]
    assert "(da el error #DIV/0!)" in reasons[3]


def _rewrite(path: Path, change) -> None:
    """Edit a workbook's XML parts as another program would have written them."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts = change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_a_shared_formula_filled_down_is_spelled_out_per_cell(tmp_path):
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=2025-D2", "Sí"],
        ["R2", "Cobán", "Alta Verapaz", 1990, "=2025-D3", "Sí"],
        ["R3", "Cobán", "Alta Verapaz", 1980, "=2025-D4", "Sí"],
    ])

    def shared(parts):
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        sheet = sheet.replace("<f>2025-D2</f>", '<f t="shared" ref="E2:E4" si="0">2025-D2</f>')
        sheet = re.sub(r"<f>2025-D[34]</f>", '<f t="shared" si="0"/>', sheet)
        parts["xl/worksheets/sheet1.xml"] = sheet.encode()
        return parts

    _rewrite(path, shared)
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["age"].tolist() == [29, 35, 45]
    assert any("«=2025-D4» → hoja Octubre, celda E4" in s for s in said(result))


def test_a_placeholder_result_of_a_workbook_to_recalculate_is_replaced_and_said(tmp_path):
    # XlsxWriter saves 0 as the result of every formula and asks Excel to recalculate.
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=2025-D2", "Sí"],
        ["R2", "Cobán", "Alta Verapaz", 1990, "=YEAR(TODAY())-D3", "Sí"],
    ])

    def placeholders(parts):
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        parts["xl/worksheets/sheet1.xml"] = sheet.replace("<v />", "<v>0</v>").encode()
        assert b'fullCalcOnLoad="1"' in parts["xl/workbook.xml"]
        return parts

    _rewrite(path, placeholders)
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["age"].tolist() == [29, 0]
    lines = said(result)
    assert any("celda E2: el libro pide recalcular al abrirlo; su resultado guardado «0» se "
               "reemplazó por el calculado: 29" in s for s in lines)
    assert any("celda E3" in s and "se usó su resultado guardado «0» sin comprobarlo" in s
               for s in lines)


def test_right_saved_results_of_a_workbook_to_recalculate_are_not_said(tmp_path):
    # Results saved as the XML keeps them: a boolean as 1, a date as its serial number.
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=2025-D2", "=D2>1990", "=DATE(2025,3,1)"]])

    def saved(parts):
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        results = iter(["<v>29</v>", "<v>1</v>", "<v>45717</v>"])
        sheet = re.sub(r"<v />", lambda _m: next(results), sheet)
        sheet = sheet.replace('<c r="F2">', '<c r="F2" t="b">')
        parts["xl/worksheets/sheet1.xml"] = sheet.encode()
        return parts

    _rewrite(path, saved)
    raw = read_raw(path)
    assert raw.frame.iloc[0, 4:].tolist() == ["29", "TRUE", "45717"]  # kept as saved
    assert all(c.computed and not c.stale for c in raw.formulas)
    result = read_returnees(path, errors="report")
    assert result.data["age"].tolist() == [29]
    assert not any("celda" in s for s in said(result))


def test_saved_results_of_a_workbook_saved_by_excel_are_trusted(tmp_path):
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=YEAR(TODAY())-D2", "Sí"]])

    def excel(parts):
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        parts["xl/worksheets/sheet1.xml"] = sheet.replace("<v />", "<v>30</v>").encode()
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b' fullCalcOnLoad="1"', b"")
        return parts

    _rewrite(path, excel)
    result = read_returnees(path, errors="report")
    assert result.data["age"].tolist() == [30]
    assert not any("celda" in s for s in said(result))


def test_formulas_outside_the_data_and_in_unused_columns(tmp_path):
    def total(book):
        ws = book["Octubre"]
        ws.append(["TOTAL", "", "", "", "=SUM(E2:E3)", ""])

    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", "=TODAY()", 34, "Sí"],
        ["R2", "Cobán", "Alta Verapaz", "=1+", 35, "Sí"],
    ], extra=total)
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert len(result.data) == 2  # the year-of-birth column is not used: said, not rejected
    lines = said(result)
    assert any("«=TODAY()» → hoja Octubre, celda D2: fórmula guardada sin su resultado que "
               "no se pudo calcular (usa TODAY (HOY)" in s and "la columna no se usa" in s
               for s in lines)
    assert any("celda D3" in s and "(no se entendió la fórmula)" in s for s in lines)
    assert not any("E4" in s for s in lines)  # the total row is not data


def test_a_row_holding_only_an_uncomputable_formula_is_said(tmp_path):
    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, 29, "Sí"],
        ["", "", "", "", "=TODAY()", ""],
        ["R3", "Cobán", "Alta Verapaz", 1996, 29, "Sí"]])
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert (len(result.data), len(result.rejected), result.blank_rows) == (2, 0, 1)
    assert ("columna 'edad': «=TODAY()» → hoja Octubre, celda E3: fórmula guardada sin su "
            "resultado que no se pudo calcular (usa TODAY (HOY), que cambia según el día en "
            "que se abre); la fila no tiene otros datos y se omitió como vacía (1 fila)"
            ) in said(result)


def test_stacked_monthly_sheets_keep_each_cell_sheet(tmp_path):
    def november(book):
        ws = book.create_sheet("Noviembre")
        ws.append(HEADER)
        ws.append(["R9", "Cobán", "Alta Verapaz", 2000, "=2025-D2", "=TODAY()"])

    path = registry(tmp_path / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=2025-D2", "Sí"]], extra=november)
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["returnee_id"].tolist() == ["R1"]
    row = result.rejected.iloc[0]
    assert (row["sheet"], row["row"], row["column"]) == ("Noviembre", 2, "consentimiento")
    assert row["reason"].startswith("hoja Noviembre, celda F2: la fórmula =TODAY()")
    assert any("hoja Noviembre, celda E2" in s and "calculada: 25" in s
               for s in said(result))


@pytest.mark.parametrize(("formula", "value"), [
    ("=2025-1996", 29.0), ("=-2^2", 4.0), ("=2+3*4", 14.0), ("=(2+3)*4", 20.0),
    ("=10%", 0.1), ('="a"&1&TRUE', "a1TRUE"), ("=1=1", True), ('="A"="a"', True),
    ("=SUM(1,2,3)", 6.0), ("=AVERAGE(2,4)", 3.0), ("=ROUND(-2.5,0)", -3.0),
    ("=ROUNDDOWN(2.99,1)", 2.9), ("=INT(-1.5)", -2.0), ("=MOD(7,3)", 1.0),
    ('=IF(AND(1,0),"x","y")', "y"), ('=IFERROR(1/0,"sin dato")', "sin dato"),
    ('=UPPER(TRIM("  sí  "))', "SÍ"), ('=LEFT("Cobán",3)', "Cob"), ('=LEN("ñandú")', 5.0),
    ('=VALUE("12")+1', 13.0), ("=YEAR(DATE(2025,14,1))", 2026.0),
    ('=CONCATENATE("S","í")', "Sí"), ("=_xlfn.CONCAT(\"a\",\"b\")", "ab"),
])
def test_the_evaluator_computes_as_excel_does(formula, value):
    assert evaluate(formula) == pytest.approx(value) if isinstance(value, float) else \
        evaluate(formula) == value


@pytest.mark.parametrize(("formula", "reason"), [
    ("=TODAY()", "usa TODAY (HOY)"), ("=RAND()", "usa RAND (ALEATORIO)"),
    ("=Hoja2!A1", "otra hoja"), ("='Mi hoja'!B2*2", "otra hoja"),
    ("=[1]Datos!A1", "otra hoja"), ("=tasa*2", "el nombre definido «tasa»"),
    ("=A1:A3", "un rango"), ("=HYPERLINK(\"x\")", "la función HYPERLINK"),
    ("=1+", "no se entendió"), ("=(1", "no se entendió"), ("=__import__('os')", "no se"),
])
def test_the_evaluator_refuses_with_the_reason(formula, reason):
    with pytest.raises(FormulaError) as caught:
        evaluate(formula)
    assert reason in caught.value.reason


def test_a_shared_formula_moves_only_relative_references():
    assert shift_formula('IF(B2>$C$1,"a"&B2,A$1+$A2)', 2, 1) == \
        'IF(C4>$C$1,"a"&C4,B$1+$A4)'
    assert shift_formula('"B2"&B2', 1, 0) == '"B2"&B3'  # text is not a reference


_EXPR = st.recursive(
    st.integers(min_value=0, max_value=99).map(str),
    lambda inner: st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(
        lambda t: f"({t[0]}{t[1]}{t[2]})"),
    max_leaves=12)


@settings(max_examples=80, deadline=None)
@given(_EXPR)
def test_arithmetic_agrees_with_python(expression):
    assert evaluate("=" + expression) == float(eval(expression))  # noqa: S307 - digits only


# --- encodings -------------------------------------------------------------------------------

ROWS = ["id;municipio;departamento;edad;consentimiento\n",
        "R1;Cobán;Alta Verapaz;34 años;sí\n", "R2;San Cristóbal Verapaz;Alta Verapaz;41;no\n",
        "R3;Tactic;Alta Verapaz;29;Sí\n", "R4;Cobán;Alta Verapaz;52;sí\n"]


def test_lines_in_two_encodings_are_each_read_with_their_own(tmp_path):
    path = tmp_path / "retornados.csv"
    encodings = ["utf-8", "utf-8", "cp1252", "utf-8", "cp1252"]
    path.write_bytes(b"".join(r.encode(e) for r, e in zip(ROWS, encodings, strict=True)))
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert len(result.data) == 4 and not len(result.rejected)  # never «sÃ­ no reconocido»
    assert result.data["consent"].tolist() == [True, False, True, True]
    assert result.data["muni_code"].tolist() == ["1601", "1603", "1604", "1601"]
    assert ("archivo retornados.csv: 2 líneas en UTF-8 y 2 en Windows-1252 (líneas 3, 5); se "
            "leyó cada línea con la suya. Guárdelo como «CSV UTF-8» para que no se mezclen"
            ) in [i.meaning for i in result.interpretations]


def test_a_windows_line_in_a_utf8_file_with_bom(tmp_path):
    path = tmp_path / "retornados.csv"
    body = "".join(ROWS).encode("utf-8-sig").replace(
        "R3;Tactic;Alta Verapaz;29;Sí\n".encode(), "R3;Tactic;Alta Verapaz;29;Sí\n".encode(
            "cp1252"))
    path.write_bytes(body)
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["consent"].tolist() == [True, False, True, True]
    assert result.data.columns[0] == "returnee_id"  # the BOM is not in the first header
    notes = [i.meaning for i in result.interpretations if i.column is None]
    assert notes == ["archivo retornados.csv: 3 líneas en UTF-8 y 1 en Windows-1252 (línea 4); "
                     "se leyó cada línea con la suya. Guárdelo como «CSV UTF-8» para que no se "
                     "mezclen"]


def test_a_windows_line_after_the_first_megabytes(tmp_path):
    # The encoding is guessed from the head of the file; a line far below still reads.
    path = tmp_path / "retornados.csv"
    filler = "".join(f"R{i};Cobán;Alta Verapaz;30;sí\n" for i in range(10, 150_010))
    path.write_bytes(ROWS[0].encode() + filler.encode() + "R9;Cobán;Alta Verapaz;30;sí\n"
                     .encode("cp1252"))
    raw = read_raw(path)
    assert raw.frame["consentimiento"].iloc[-1] == "sí"
    assert [i.meaning for i in raw.interpretations][0].startswith(
        "archivo retornados.csv: 150,000 líneas en UTF-8 y 1 en Windows-1252 (línea 150002)")


def test_a_utf8_line_after_a_windows_head_is_repaired_and_said(tmp_path):
    # The head decides Windows-1252; a UTF-8 line far below reads as «sÃ­» and is repaired.
    path = tmp_path / "retornados.csv"
    filler = "".join(f"R{i};Cobán;Alta Verapaz;30;sí\n" for i in range(10, 150_010))
    path.write_bytes((ROWS[0] + filler).encode("cp1252") + "R9;Tactic;Alta Verapaz;30;sí\n"
                     .encode())
    raw = read_raw(path)
    assert raw.frame["consentimiento"].iloc[-1] == "sí"
    assert [str(i) for i in raw.interpretations] == [
        "columna 'consentimiento': «sÃ\xad» → texto dañado (UTF-8 leído como Windows-1252) "
        "reparado: «sí» (1 fila)"]


def test_a_utf16_export_reads_without_a_mixed_note(tmp_path):
    path = tmp_path / "retornados.txt"
    path.write_bytes("".join(ROWS).replace(";", "\t").encode("utf-16"))
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["consent"].tolist() == [True, False, True, True]
    assert not [i for i in result.interpretations if i.column is None]


def test_damaged_text_is_repaired_and_said(tmp_path):
    path = tmp_path / "retornados.csv"
    damaged = "".join(ROWS).replace("R1;Cobán", "R1;CobÃ¡n").replace(
        "R3;Tactic;Alta Verapaz;29;Sí", "R3;Tactic;Alta Verapaz;29;SÃ\xad")
    path.write_text(damaged, encoding="utf-8")
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert len(result.data) == 4
    assert result.data["consent"].tolist() == [True, False, True, True]
    lines = said(result)
    assert ("columna 'municipio': «CobÃ¡n» → texto dañado (UTF-8 leído como Windows-1252) "
            "reparado: «Cobán» (1 fila)") in lines
    assert any(s.startswith("columna 'consentimiento': «SÃ\xad» → texto dañado") for s in lines)


def test_damaged_text_in_a_windows_file_is_repaired_too(tmp_path):
    # A Windows-1252 file whose text was already damaged before it was saved.
    path = tmp_path / "retornados.csv"
    text = "".join(ROWS).replace("R4;Cobán", "R4;CobÃ¡n")
    path.write_bytes(text.encode("cp1252"))
    result = read_returnees(path, errors="report")
    reconciles(result)
    assert result.data["muni_code"].tolist() == ["1601", "1603", "1604", "1601"]
    assert result.data["consent"].tolist() == [True, False, True, True]


@pytest.mark.parametrize(("damaged", "repaired"), [
    ("CobÃ¡n", "Cobán"), ("PetÃ©n y Cobán", "Petén y Cobán"), ("NiÃ±o", "Niño"),
    ("â€œholaâ€\x9d", "“hola”"), ("Â¿SÃ­?", "¿Sí?"), ("AÑO", "AÑO"), ("Ã", "Ã"),
])
def test_repair_is_exact_or_nothing(damaged, repaired):
    assert repair_mojibake(damaged) == repaired


# --- the summary a person reads ----------------------------------------------------------------

def test_validate_shows_every_interpretation(tmp_path):
    from oportumap.cli import app

    data = tmp_path / "datos"
    data.mkdir()
    registry(data / "retornados.xlsx", [
        ["R1", "Cobán", "Alta Verapaz", 1996, "=2025-1996", '="Sí"'],
        ["R2", "Cobán", "Alta Verapaz", 1990, "=YEAR(TODAY())-D3", "Sí"],
    ])
    (data / "vacantes.csv").write_bytes(
        b"codigo;titulo;municipio;departamento;plazas;tipo\n"
        + "V1;Albañil;CobÃ¡n;Alta Verapaz;2;vacante\n".encode()
        + "V2;Cocinero;Cobán;Alta Verapaz;3 plazas;vacante\n".encode("cp1252"))
    result = CliRunner().invoke(app, ["validate", "--data", str(data), "--out",
                                      str(tmp_path / "out"), "-q"], catch_exceptions=False)
    out = " ".join(result.output.split())
    assert result.exit_code == 1  # a row was rejected
    assert "retornados.xlsx: 2 filas leídas, 1 aceptada, 1 rechazada" in out
    assert ("edad: «=2025-1996» → hoja Octubre, celda E2: fórmula guardada sin su resultado, "
            "calculada: 29 (1 fila)") in out
    assert ("retornados.xlsx fila 3, columna 'edad' (valor '=YEAR(TODAY())-D3'): hoja Octubre, "
            "celda E3: la fórmula =YEAR(TODAY())-D3 se guardó sin su resultado y no se pudo "
            "calcular") in out
    assert ("archivo vacantes.csv: 1 línea en UTF-8 y 1 en Windows-1252 (línea 3); se leyó "
            "cada línea con la suya") in out
    assert "municipio: «CobÃ¡n» → texto dañado (UTF-8 leído como Windows-1252) reparado" in out
    report = (tmp_path / "out" / "reporte_validacion.txt").read_text(encoding="utf-8")
    assert "celda E3: la fórmula =YEAR(TODAY())-D3" in report
