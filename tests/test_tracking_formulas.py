"""Coordinators' returned workbooks saved by a script: formulas kept without their results.

A «Fecha estado» or «Estado» written as a formula whose result was not saved is computed
when it is simple (and said, with sheet and cell), or its row is rejected naming sheet,
cell, why and what to do — never read as a blank state or date. Counts reconcile:
events + no change + rejected = rows read.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

import test_tracking_rows as rows_tests
from test_tracking import pg_server  # noqa: F401 - the throw-away PostgreSQL server
from test_tracking_rows import TODAY, _book, _import

from oportumap.tracking import history
from oportumap.tracking.importer import import_status
from oportumap.tracking.sheets import read_status_rows

HEAD = ["ID referencia", "Estado", "Fecha estado", "Nota"]
#: A store holding four issued referrals, on SQLite and PostgreSQL (see test_tracking_rows).
db = rows_tests.db


def _said(summary) -> list[str]:
    return [str(i) for i in summary.interpretations]


def _rewrite(path: Path, change) -> None:
    """Edit a workbook's XML as another program would have saved it."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts = change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_a_state_and_a_date_written_as_formulas_are_computed_and_said(db, tmp_path):
    path = _book(tmp_path, "seguimiento.xlsx", {"Octubre": [
        HEAD,
        ["AAAAAAAAAAA1", '="Colocado"', "=DATE(2026,10,3)", ""],
        ["BBBBBBBBBBB2", "Contactado", "=C2+7", ""],
        ["CCCCCCCCCCC3", '=IF(D4="vino","Asistió","Contactado")', dt.date(2026, 10, 20),
         "vino"]]})
    summary, rows = _import(db, path)
    assert (summary.rows_read, summary.events_added, summary.rejected) == (3, 3, 0)
    assert rows.loc[[2, 3, 4], "status"].tolist() == ["placed", "contacted", "attended"]
    assert [str(d) for d in rows.loc[[2, 3, 4], "status_date"]] == [
        "2026-10-03", "2026-10-10", "2026-10-20"]
    lines = _said(summary)
    assert ("columna 'Estado': «=\"Colocado\"» → hoja Octubre, celda B2: fórmula guardada "
            "sin su resultado, calculada: Colocado (1 fila)") in lines
    assert any("«=C2+7» → hoja Octubre, celda C3: fórmula guardada sin su resultado, "
               "calculada: 2026-10-10" in s for s in lines)
    assert history(db, "BBBBBBBBBBB2")["status_date"].astype(str).tolist() == ["2026-10-10"]


def test_a_formula_that_cannot_be_computed_rejects_its_row_naming_sheet_and_cell(db,
                                                                                tmp_path):
    path = _book(tmp_path, "seguimiento.xlsx", {
        "Listas": [["Contactado"], ["Inscrito"]],
        "Noviembre": [
            ["Seguimiento de referencias — noviembre"],
            HEAD,
            ["AAAAAAAAAAA1", "Contactado", "=TODAY()", ""],
            ["BBBBBBBBBBB2", "=Listas!A2", "04/11/2026", ""],
            ["CCCCCCCCCCC3", "Inscrito", "12/11/2026", ""]]})
    summary, rows = _import(db, path)
    assert (summary.rows_read, summary.accepted, summary.rejected) == (3, 1, 2)
    assert rows.loc[3, "column"] == "Fecha estado" and rows.loc[3, "value"] == "=TODAY()"
    assert rows.loc[3, "reason"] == (
        "hoja Noviembre, celda C3: la fórmula =TODAY() se guardó sin su resultado y no se "
        "pudo calcular (usa TODAY (HOY), que cambia según el día en que se abre); ábrala y "
        "guárdela en Excel o escriba el valor")
    assert rows.loc[4, "column"] == "Estado"
    assert rows.loc[4, "reason"].startswith("hoja Noviembre, celda B4: la fórmula =Listas!A2 "
                                            "se guardó sin su resultado")
    assert "otra hoja" in rows.loc[4, "reason"]
    # the file's rejected-row list says the same, with the file's name
    listed = summary.rejected_rows.set_index("row")
    assert listed.loc[3, "file"] == "seguimiento.xlsx"
    assert listed.loc[3, "sheet"] == "Noviembre"
    assert rows.loc[5, "result"] == "event"


def test_a_date_filled_down_as_a_shared_formula_is_spelled_out_per_cell(db, tmp_path):
    path = _book(tmp_path, "compartida.xlsx", {"Hoja1": [
        ["Referral ID", "Status", "Status date"],
        ["AAAAAAAAAAA1", "Contactado", dt.date(2026, 10, 6)],
        ["BBBBBBBBBBB2", "Contactado", "=C2+1"],
        ["CCCCCCCCCCC3", "Contactado", "=C3+30"]]})

    def shared(parts):
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        sheet = sheet.replace("<f>C2+1</f>", '<f t="shared" ref="C3:C4" si="0">C2+1</f>')
        sheet = sheet.replace("<f>C3+30</f>", '<f t="shared" si="0"/>')
        parts["xl/worksheets/sheet1.xml"] = sheet.encode()
        return parts

    _rewrite(path, shared)
    summary, rows = _import(db, path)
    assert (summary.rows_read, summary.events_added) == (3, 3)
    # C4 is C3+1 (the shared formula moved down), not the =C3+30 it replaced
    assert str(rows.loc[4, "status_date"]) == "2026-10-08"
    assert any("«=C3+1» → hoja Hoja1, celda C4" in s for s in _said(summary))


def test_a_placeholder_saved_by_a_workbook_to_recalculate_is_replaced(db, tmp_path):
    # XlsxWriter saves 0 as every formula's result and asks Excel to recalculate: 0 would
    # be read as 30/12/1899, a date before the referral was issued.
    path = _book(tmp_path, "xlsxwriter.xlsx", {"S": [
        HEAD, ["CCCCCCCCCCC3", "Inscrito", "=DATE(2026,10,6)", ""],
        ["1234", "Inscrito", "=DATE(2026,10,6)+DAY(TODAY())", ""]]})

    def placeholders(parts):
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        parts["xl/worksheets/sheet1.xml"] = sheet.replace("<v />", "<v>0</v>").replace(
            "<v></v>", "<v>0</v>").encode()
        assert b'fullCalcOnLoad="1"' in parts["xl/workbook.xml"]
        return parts

    _rewrite(path, placeholders)
    summary, rows = _import(db, path)
    assert summary.rows_read == summary.accepted + summary.rejected == 2
    assert str(rows.loc[2, "status_date"]) == "2026-10-06"
    lines = _said(summary)
    assert any("celda C2: el libro pide recalcular al abrirlo; su resultado guardado «0» "
               "se reemplazó por el calculado: 2026-10-06" in s for s in lines)
    # not computable: its saved 0 is used unchecked and said, so the date is refused
    assert any("celda C3" in s and "sin comprobarlo" in s for s in lines)
    assert rows.loc[3, "result"] == "rejected"


def test_an_uncomputable_formula_in_an_otherwise_blank_row_is_said_not_rejected(tmp_path):
    path = _book(tmp_path, "plantilla.xlsx", {"S": [
        HEAD, ["AAAAAAAAAAA1", "Contactado", "20/09/2026", ""],
        ["", "", "=TODAY()", ""], ["BBBBBBBBBBB2", "Contactado", "21/09/2026", ""]]})
    read = read_status_rows(path)
    assert read.rows["row"].tolist() == [2, 4] and read.blank["row"].tolist() == [3]
    assert any("celda C3" in str(i) and "se omitió como vacía" in str(i)
               for i in read.interpretations)


def test_the_openpyxl_reader_computes_the_same(tmp_path, monkeypatch):
    path = _book(tmp_path, "sin_calamine.xlsx", {"S": [
        HEAD, ["AAAAAAAAAAA1", '="Colo"&"cado"', "=DATE(2026,10,3)", ""],
        ["BBBBBBBBBBB2", "Contactado", "=NOW()", ""]]})
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # import fails
    read = read_status_rows(path)
    first = read.rows.iloc[0]
    assert first["status"] == "Colocado" and str(first["status_date"]) == "2026-10-03"
    second = read.rows.iloc[1]
    assert second["status_date"] is None and second["formula"].cell.cell == "C3"
    done = import_status(tmp_path / "s.db", path, today=TODAY)[0]
    assert done.rows_read == done.accepted + done.rejected == 2
    reason = done.rejected_rows.set_index("row").loc[3, "reason"]
    assert re.match(r"hoja S, celda C3: la fórmula =NOW\(\) se guardó sin su resultado",
                    reason)


def test_a_csv_keeps_no_formula_results_a_date_is_computed_a_state_is_not(db, tmp_path):
    path = tmp_path / "seguimiento.csv"
    path.write_text("ID referencia;Estado;Fecha estado;Nota\n"
                    'AAAAAAAAAAA1;Contactado;"=FECHA(2026;10;3)";\n'
                    'BBBBBBBBBBB2;="Colocado";03/10/2026;\n'
                    "CCCCCCCCCCC3;Inscrito;=HOY();\n"
                    "1234;Inscrito;=DATE(2026,10,6)+C2;\n", encoding="utf-8")
    summary, rows = _import(db, path)
    assert (summary.rows_read, summary.events_added, summary.rejected) == (4, 1, 3)
    assert str(rows.loc[2, "status_date"]) == "2026-10-03"
    assert any("«=FECHA(2026;10;3)» → fila 2: fórmula escrita en un CSV, que no guarda "
               "resultados; en esta columna de fechas se calculó: 2026-10-03" in s
               for s in _said(summary))
    assert rows.loc[3, "column"] == "Estado"
    assert rows.loc[3, "reason"] == (
        "fila 3: «=\"Colocado\"» es una fórmula y un CSV no guarda resultados de fórmulas; "
        "en esta columna se espera el valor escrito: escríbalo, o lea el libro .xlsx del "
        "que salió el CSV")
    assert "no se pudo calcular (usa TODAY (HOY)" in rows.loc[4, "reason"]
    assert "usa la celda C2, y un CSV no guarda las celdas de una hoja" in rows.loc[5, "reason"]
