"""What each row of a returned file becomes, on files nobody named in the corpus.

Two variants per failure class fixed for ``seguimiento_coordinadores``: lists issued by
another tool, ID slips and spellings, headers repeated mid-sheet, sentences in «Estado»,
«Referido» with a date, blank rows, repeated rows. Each import is checked for counts that
reconcile (events + no change + rejected = rows read) and the Spanish reason a person reads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from test_tracking import pg_server  # noqa: F401 - the throw-away PostgreSQL server

from oportumap.errors import DataError
from oportumap.tracking import conflicts, history
from oportumap.tracking.importer import import_status
from oportumap.tracking.issued import record_issued

TODAY = dt.date(2026, 12, 5)
ISSUED = ("id_referencia,id_retornado,etapa,oportunidad,fecha_emision\n"
          "AAAAAAAAAAA1,R-1,Empleo,Albañil,2026-09-14\n"
          "BBBBBBBBBBB2,R-2,Psicosocial,Salud mental,2026-09-14\n"
          "CCCCCCCCCCC3,R-3,Documentos,DPI,2026-10-05\n"
          "1234,R-4,Formación,Cocina,2026-10-05\n")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.db)])
def db(request, tmp_path) -> str:
    """A store holding the four issued referrals of :data:`ISSUED`, on each back-end."""
    if request.param == "sqlite":
        path = str(tmp_path / "seguimiento.db")
    else:
        import uuid

        import psycopg

        base = request.getfixturevalue("pg_server")
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(base.replace("+psycopg", "") + "/postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        path = f"{base}/{name}"
    (tmp_path / "emitidas.csv").write_text(ISSUED, encoding="utf-8")
    assert record_issued(path, tmp_path / "emitidas.csv").recorded == 4
    return path


def _import(db: Path, path: Path):
    summary = import_status(db, path, today=TODAY)[0]
    rows = summary.rows
    counts = rows["result"].value_counts()
    # every row read ends as exactly one thing
    assert counts.get("event", 0) + counts.get("unchanged", 0) + counts.get("rejected", 0) \
        == summary.rows_read == summary.accepted + summary.rejected
    assert counts.get("event", 0) == summary.events_added
    assert counts.get("blank", 0) == summary.blank
    return summary, rows.set_index("row")


def _csv(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def _book(tmp_path: Path, name: str, sheets: dict[str, list[list]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


# --------------------------------------------------------------------------- issued lists


def test_issued_list_in_a_workbook_with_english_headers(tmp_path):
    path = _book(tmp_path, "issued.xlsx", {"List": [
        ["Referral ID", "Returnee ID", "Stage", "Opportunity", "Issue date"],
        [" k1k1k1k1k1k1 ", "R-9", "Employment", "Welder", "03/02/2026"],
        ["K2K2K2K2K2K2", "R-8", "Training", "Course", dt.datetime(2026, 2, 4)]]})
    done = record_issued(tmp_path / "s.db", path)
    assert (done.rows_read, done.recorded, done.already, done.rejected) == (2, 2, 0, 0)
    again = record_issued(tmp_path / "s.db", path)
    assert (again.recorded, again.already) == (0, 2)
    assert "0 referencias emitidas registradas, 2 ya registradas" in again.message()
    status = _csv(tmp_path, "s.csv", "ID referencia,Estado,Fecha estado\n"
                  "K1K1K1K1K1K1,Contactado,02/02/2026\nk2k2k2k2k2k2,Inscrito,05/02/2026\n")
    summary, rows = _import(tmp_path / "s.db", status)
    assert "anterior a la emisión de la referencia (03/02/2026)" in rows.loc[2, "reason"]
    assert rows.loc[3, "result"] == "event"


def test_issued_list_rows_without_what_a_referral_needs_are_rejected_in_spanish(tmp_path):
    path = _csv(tmp_path, "lista.csv", "ID referencia;ID retornado;Etapa;Oportunidad;"
                "Fecha de emisión\nX1;R-1;Empleo;Albañil;14/09/2026\nX1;R-2;Empleo;Albañil;"
                "14/09/2026\nX3;R-3;Empleo;Albañil;\nX4;;Empleo;Albañil;14/09/2026\n"
                ";R-5;Empleo;Albañil;14/09/2026\n", encoding="cp1252")
    done = record_issued(tmp_path / "s.db", path)
    assert (done.rows_read, done.recorded, done.rejected) == (5, 1, 4)
    reasons = done.rejected_rows.set_index("row")["reason"]
    assert "repetido en la lista" in reasons[3]
    assert "falta «Fecha de emisión»" in reasons[4]
    assert "falta «ID retornado»" in reasons[5]
    assert "falta «ID referencia»" in reasons[6]
    bare = _csv(tmp_path, "sin_fecha.csv", "ID referencia,Etapa\nX1,Empleo\n")
    with pytest.raises(DataError, match="le falta la columna «Fecha de emisión»"):
        record_issued(tmp_path / "s.db", bare)


# --------------------------------------------------------------------------- IDs


def test_ids_with_inner_spaces_or_read_by_excel_as_numbers_are_found(db, tmp_path):
    path = _book(tmp_path, "b.xlsx", {"Hoja1": [
        ["ID referencia", "Estado", "Fecha estado"],
        ["aaaa aaaa aaa1", "Contactado", "20/09/2026"], [1234, "Inscrito", "10/10/2026"]]})
    summary, rows = _import(db, path)
    assert rows["result"].tolist() == ["event", "event"]
    assert rows["referral_id"].tolist() == ["AAAAAAAAAAA1", "1234"]
    assert any(i.value == "aaaa aaaa aaa1" and "AAAAAAAAAAA1" in i.meaning
               for i in summary.interpretations)


def test_an_id_one_character_off_names_the_referral_it_resembles(db, tmp_path):
    path = _csv(tmp_path, "c.csv", "ID referencia,Estado,Fecha estado\n"
                "AAAAAAAAAAA12,Contactado,20/09/2026\n"     # one too many
                "BBBBBBBBBBBZ,Contactado,20/09/2026\n"      # one changed
                "ZZZZZZZZZZZZ,Contactado,20/09/2026\n")     # nothing like it
    summary, rows = _import(db, path)
    assert summary.rejected == 3
    assert "ID de 13 caracteres (sobra uno)" in rows.loc[2, "reason"]
    assert "¿es AAAAAAAAAAA1?" in rows.loc[2, "reason"]
    assert "¿es BBBBBBBBBBB2 (un carácter distinto)?" in rows.loc[3, "reason"]
    assert rows.loc[4, "reason"].startswith("ID desconocido: «ZZZZZZZZZZZZ» no está en "
                                            "ninguna lista emitida")
    assert "oportumap track issued" in rows.loc[4, "reason"]


# --------------------------------------------------------------------------- layout


def test_a_header_pasted_mid_sheet_with_other_columns_governs_the_rows_below(db, tmp_path):
    path = _book(tmp_path, "d.xlsx", {"Lista": [
        ["ID referencia", "Estado", "Fecha estado", "Nota"],
        ["AAAAAAAAAAA1", "Contactado", "20/09/2026", ""],
        ["Nota", "Fecha estado", "Estado", "ID referencia"],
        ["llamó", "21/10/2026", "Colocado", "CCCCCCCCCCC3"],
        ["", "22/10/2026", "cerrado", "BBBBBBBBBBB2"]]})
    summary, rows = _import(db, path)
    assert summary.rows_read == 3 and 3 not in rows.index
    assert rows.loc[[2, 4, 5], "status"].tolist() == ["contacted", "placed", "closed"]
    assert history(db, "CCCCCCCCCCC3")["note"].tolist() == ["llamó"]
    assert any("fila 3: encabezado repetido" in n for n in summary.notes)
    pasted = _book(tmp_path, "d2.xlsx", {"Lista": [
        ["ID referencia", "Estado", "Fecha estado"], ["AAAAAAAAAAA1", "Inscrito", "21/09/2026"],
        ["ID referencia", "Etapa", "Oportunidad"], ["BBBBBBBBBBB2", "Empleo", "Albañil"]]})
    with pytest.raises(DataError, match=r"d2.xlsx, hoja 'Lista', fila 3 \(encabezado "
                       r"repetido\): tiene «ID referencia» pero le falta «Estado» y «Fecha "
                       "estado»"):
        import_status(db, pasted, today=TODAY)
    assert len(history(db)) == 3  # nothing of that file stored


def test_a_repeated_english_header_in_a_second_sheet(db, tmp_path):
    path = _book(tmp_path, "e.xlsx", {
        "Semana 1": [["ID referencia", "Estado", "Fecha estado"],
                     ["AAAAAAAAAAA1", "Contactado", "20/09/2026"]],
        "Semana 2": [["Status date", "Referral ID", "Status"],
                     [dt.datetime(2026, 9, 30), "AAAAAAAAAAA1", "Inscrito"],
                     ["Status date", "Status", "Referral ID"],
                     ["01/10/2026", "Asistió", "AAAAAAAAAAA1"]]})
    summary, rows = _import(db, path)
    assert summary.events_added == 3 and summary.rows_read == 3
    assert history(db, "AAAAAAAAAAA1")["status"].tolist() == ["contacted", "enrolled",
                                                                "attended"]


def test_blank_rows_inside_the_data_and_excels_trailing_separator_lines_are_counted(
        db, tmp_path):
    path = _csv(tmp_path, "f.csv", "ID referencia;Estado;Fecha estado\n"
                "AAAAAAAAAAA1;Contactado;20/09/2026\n;;\nBBBBBBBBBBB2;Contactado;"
                "21/09/2026\n;;\n;;\n", encoding="cp1252")
    summary, rows = _import(db, path)
    assert (summary.rows_read, summary.blank) == (2, 3)
    assert rows.index[rows["result"] == "blank"].tolist() == [3, 5, 6]
    assert "3 filas vacías" in summary.message()
    sheet = _book(tmp_path, "g.xlsx", {"H": [
        ["ID referencia", "Estado", "Fecha estado"], ["AAAAAAAAAAA1", "Inscrito",
                                                      "25/09/2026"],
        [None, None, None], ["BBBBBBBBBBB2", "Cerrado", "26/09/2026"]]})
    summary, rows = _import(db, sheet)
    assert (summary.rows_read, summary.blank) == (2, 1)
    assert "1 fila vacía" in summary.message()


# --------------------------------------------------------------------------- meanings


def test_a_sentence_in_estado_is_a_note_and_a_single_unknown_word_is_an_unknown_state(
        db, tmp_path):
    path = _csv(tmp_path, "h.csv", "ID referencia,Estado,Fecha estado\n"
                "AAAAAAAAAAA1,llamar la próxima semana,20/09/2026\n"
                "BBBBBBBBBBB2,pendiente,20/09/2026\n"
                "CCCCCCCCCCC3,dice que lo va a pensar,20/10/2026\n"
                "1234,no fue contactado,20/10/2026\n")
    summary, rows = _import(db, path)
    assert summary.rejected == 4
    # a state denied is a question about that state, not a note
    assert "negación de «Contactado»" in rows.loc[5, "reason"]
    assert rows.loc[2, "reason"].startswith("no es un estado (es una nota): escríbalo en "
                                            "«Nota»")
    assert rows.loc[3, "reason"].startswith("estado desconocido: «pendiente»")
    assert rows.loc[4, "reason"].startswith("no es un estado (es una nota)")


def test_referido_records_nothing_with_or_without_a_date(db, tmp_path):
    path = _csv(tmp_path, "i.csv", "ID referencia,Estado,Fecha estado\n"
                "AAAAAAAAAAA1,referida,01/09/2026\n"   # even before the issue day
                "BBBBBBBBBBB2,Referido,\n"
                "CCCCCCCCCCC3,,\n")
    summary, rows = _import(db, path)
    assert (summary.events_added, summary.unchanged, summary.rejected) == (0, 3, 0)
    assert rows.loc[2, "reason"].startswith("«Referido» con fecha: es el estado inicial")
    assert rows.loc[3, "reason"] == "sigue en «Referido» (estado inicial, sin fecha)"
    assert rows.loc[4, "reason"].startswith("sin estado ni fecha")
    assert history(db).empty


def test_repeated_rows_add_nothing_and_say_where_they_were_recorded(db, tmp_path):
    first = _csv(tmp_path, "j.csv", "ID referencia,Estado,Fecha estado\n"
                 "AAAAAAAAAAA1,Contactado,20/09/2026\nAAAAAAAAAAA1,contactado,20/09/2026\n")
    summary, rows = _import(db, first)
    assert (summary.events_added, summary.unchanged) == (1, 1)
    assert rows.loc[3, "reason"] == ("ya registrado igual en «j.csv», fila 2: reimportar no "
                                     "agrega nada")
    copy = _book(tmp_path, "k.xlsx", {"S": [["Estado", "Fecha estado", "ID referencia"],
                                            ["Contactado", "20/09/2026", "AAAAAAAAAAA1"],
                                            ["Rechazado", "20/09/2026", "AAAAAAAAAAA1"]]})
    summary, rows = _import(db, copy)
    assert (summary.events_added, summary.unchanged, summary.conflicts) == (1, 1, 1)
    assert "«j.csv», fila 2" in rows.loc[2, "reason"]
    # two states the same day: both kept and listed
    assert sorted(conflicts(db)["status"]) == ["contacted", "rejected"]
    assert len(pd.unique(history(db)["status"])) == 2


# --------------------------------------------------------------------------- commands


def test_track_issued_command_refuses_a_list_without_issue_dates_in_spanish(tmp_path,
                                                                              monkeypatch):
    from typer.testing import CliRunner

    from oportumap.cli import app

    monkeypatch.chdir(tmp_path)
    bare = _csv(tmp_path, "lista.csv", "ID referencia,ID retornado\nX1,R-1\n")
    result = CliRunner().invoke(app, ["track", "issued", str(bare), "--db", "s.db"])
    assert result.exit_code == 1
    assert "lista.csv: le falta la columna «Fecha de emisión»" in result.output
    assert "Traceback" not in result.output
    good = _csv(tmp_path, "ok.csv", ISSUED.replace("2026-10-05", ""))
    result = CliRunner().invoke(app, ["track", "issued", str(good), "--db", "s.db",
                                      "--rejected", "malas.csv"])
    assert result.exit_code == 0, result.output
    assert "4 filas leídas, 2 referencias emitidas registradas, 0 ya registradas, " \
        "2 rechazadas" in result.output
    bad = pd.read_csv(tmp_path / "malas.csv", dtype=str, encoding="utf-8-sig")
    assert bad["Fila"].tolist() == ["4", "5"]


def test_track_import_rows_file_is_not_overwritten_without_force(db, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from oportumap.cli import app

    monkeypatch.chdir(tmp_path)
    status = _csv(tmp_path, "s.csv", "ID referencia,Estado,Fecha estado\n"
                  "AAAAAAAAAAA1,Contactado,20/09/2026\n")
    (tmp_path / "filas.csv").write_text("mío", encoding="utf-8")
    result = CliRunner().invoke(app, ["track", "import", str(status), "--db", db,
                                      "--rows", "filas.csv"])
    assert result.exit_code == 1 and "filas.csv: ya existe" in result.output
    assert (tmp_path / "filas.csv").read_text(encoding="utf-8") == "mío"
    assert history(db).empty  # nothing imported


def test_importing_the_issued_list_itself_points_to_track_issued(tmp_path):
    issued = _csv(tmp_path, "emitidas.csv", ISSUED)
    with pytest.raises(DataError, match="le falta «Estado» y «Fecha estado».*oportumap "
                       "track issued"):
        import_status(tmp_path / "s.db", issued, today=TODAY)
    half = _csv(tmp_path, "medio.csv", "ID referencia,Estado\nX,Contactado\n")
    with pytest.raises(DataError, match="le falta «Fecha estado»; agregue la columna con "
                       "ese encabezado$"):
        import_status(tmp_path / "s.db", half, today=TODAY)


def test_a_referral_workbook_oportumap_delivered_loads_as_issued_on_its_data_date(tmp_path):
    path = _book(tmp_path, "referencias.xlsx", {
        "Cómo usar esta lista": [["Esta hoja explica las columnas"]],
        "Referencias": [["ID referencia", "ID retornado", "Etapa", "Oportunidad", "Datos al",
                         "Estado", "Fecha estado"],
                        ["M5GWBXTFHM4P", "R-1", "Empleo", "V-9", "30/11/2025", "Referido",
                         None]]})
    done = record_issued(tmp_path / "s.db", path)
    assert (done.rows_read, done.recorded) == (1, 1)
    status = _csv(tmp_path, "s.csv", "ID referencia,Estado,Fecha estado\n"
                  "M5GWBXTFHM4P,Contactado,29/11/2025\nM5GWBXTFHM4P,Colocado,02/12/2025\n")
    summary, rows = _import(tmp_path / "s.db", status)
    assert "anterior a la emisión de la referencia (30/11/2025)" in rows.loc[2, "reason"]
    assert rows.loc[3, "result"] == "event"


def test_a_home_named_in_two_departments_takes_the_given_or_the_offers_department(tmp_path):
    from oportumap.tracking.export import store_tables

    path = _csv(tmp_path, "lista.csv", "ID referencia,ID retornado,Etapa,Oportunidad,"
                "Fecha de emisión,Municipio retornado,Departamento,Municipio oportunidad\n"
                "L1,R-1,Empleo,Albañil,14/09/2026,La Libertad,,Huehuetenango\n"
                "L2,R-2,Empleo,Albañil,14/09/2026,La Libertad,Petén,Huehuetenango\n"
                "L3,R-3,Empleo,Albañil,14/09/2026,San José,,\n"
                "L4,R-4,Empleo,Albañil,14/09/2026,Joyabaj,,Flores\n")
    done = record_issued(tmp_path / "s.db", path)
    homes = store_tables(tmp_path / "s.db")["referrals"].set_index("referral_id")[
        "home_muni_code"]
    assert homes["L1"] == "1311"            # the offer's department: Huehuetenango
    assert homes["L2"] == "1705"            # the department written wins
    assert pd.isna(homes["L3"])             # several fit, nothing to decide: blank
    assert homes["L4"] == "1412"            # one fits: the offer's department is not used
    said = [i for i in done.interpretations if i.column == "Municipio retornado"]
    assert [(i.value, i.rows) for i in said] == [("La Libertad", 1)]
    assert "se tomó el de la oportunidad" in said[0].meaning


def test_a_future_status_date_says_the_date_read_and_today(db, tmp_path):
    path = _csv(tmp_path, "futuro.csv", "ID referencia,Estado,Fecha estado\n"
                "AAAAAAAAAAA1,Contactado,15/01/2031\n"
                "BBBBBBBBBBB2,Contactado,3 de marzo de 2027\n"
                "CCCCCCCCCCC3,pendiente,20/10/2026\n")
    summary, rows = _import(db, path)
    assert summary.rejected == 3
    assert rows.loc[2, "reason"] == "fecha en el futuro: 15/01/2031 (hoy es 05/12/2026)"
    assert rows.loc[3, "reason"] == "fecha en el futuro: 03/03/2027 (hoy es 05/12/2026)"
    assert rows.loc[4, "reason"].startswith("estado desconocido: «pendiente» no es ninguno "
                                            "de los estados de la lista (no se adivina)")
