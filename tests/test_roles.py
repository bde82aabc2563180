"""Column roles from header and content, confirmed once (columnas.csv), every sheet read,
and workbooks out of proportion refused before they are expanded (issue 22, parts 1-3, 9)."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import oportumap
from oportumap.cli import app
from oportumap.errors import DataError
from oportumap.files import RawTable
from oportumap.loaders import read_returnees
from oportumap.loaders.content import read_folder
from oportumap.loaders.mapping import read_column_roles
from oportumap.loaders.roles import decide_roles
from oportumap.schema import RETURNEE_COLUMNS

runner = CliRunner()
WANTED = [*RETURNEE_COLUMNS, "municipio", "departamento", "phone"]

REGISTRY = pd.DataFrame({
    "Código": ["A1", "A2", "A3"],
    "No. de DPI": ["0000123450101", "", "0000 12345 0103"],
    "¿Cuenta con DPI?": ["Sí", "No", ""],
    "Sexo (H/M)": ["H", "M", "M"],
    "Municipio de residencia": ["Mixco", "Cobán", "Salcajá"],
    "Edad (años)": ["34 años", "N/D", "41"],
    "Fecha de retorno": ["05/01/2026", "18/12/2025", "2026-01-07"],
    "Observaciones": ["", "llamar en la tarde", ""],
})


def roles_of(frame: pd.DataFrame, name: str = "r.csv") -> dict[str, str]:
    table = decide_roles(RawTable(frame, name, 2), WANTED).table
    return dict(zip(table["column"], table["role"].where(table["used"], ""), strict=True))


def test_every_column_gets_its_role_with_the_reason_and_a_confidence():
    result = decide_roles(RawTable(REGISTRY, "r.csv", 2), WANTED)
    table = result.table.set_index("column")
    assert table.loc["No. de DPI", "role"] == "id_document_number"
    assert table.loc["¿Cuenta con DPI?", "role"] == "has_id_document"
    assert table.loc["Sexo (H/M)", "role"] == "sex"
    assert table.loc["Municipio de residencia", "role"] == "municipio"
    assert table.loc["Fecha de retorno", "role"] == "return_date"
    assert "sus valores son fechas" in table.loc["Fecha de retorno", "why"]
    assert table.loc["Observaciones", "role"] == "" and not table.loc["Observaciones", "used"]
    assert table["confidence"].between(0, 1).all()


@settings(max_examples=25, deadline=None)
@given(order=st.permutations(list(REGISTRY.columns)),
       name=st.sampled_from(["retornados.csv", "Hoja1.xlsx", "Vacancies Q4.xlsx",
                             "export_2026-10-31.csv", "x.csv"]))
def test_a_columns_role_depends_neither_on_its_position_nor_on_the_file_name(order, name):
    assert roles_of(REGISTRY[order], name) == roles_of(REGISTRY)


def test_a_header_saying_nothing_is_understood_by_its_values(tmp_path):
    # «Dato 2» holds 13-digit numbers: the ID-document number, and so «has a document».
    frame = pd.DataFrame({"id": ["A", "B"], "municipio": ["Mixco", "Cobán"],
                          "Dato 2": ["0000123450101", "0000123450102"]})
    roles = roles_of(frame)
    assert roles["Dato 2"] == "id_document_number"


def test_a_low_confidence_role_is_a_question_not_used(tmp_path):
    # «Sexo?» typed with a typo in the header and values that are not sex: not guessed.
    path = tmp_path / "retornados.csv"
    path.write_text("id,municipio,Sexso\nA,Mixco,3\nB,Cobán,4\n", encoding="utf-8")
    result = read_returnees(path, errors="report")
    row = result.roles.set_index("column").loc["Sexso"]
    assert row["role"] == "sex" and not row["used"] and row["confidence"] < 0.6
    assert "confírmelo en columnas.csv" in row["why"]
    assert any(i.question and "Sexso" in i.meaning for i in result.interpretations)
    assert result.data["sex"].isna().all()


def write_folder(folder):
    folder.mkdir()
    (folder / "Registro retornados Huehue-SM oct-nov 2025.csv").write_text(
        "Código;Municipio de residencia;Depto.;Dato extra;Sexo\n"
        "H1;Cuilco;Huehuetenango;12;H\nH2;Malacatán;San Marcos;7;M\n", encoding="utf-8")


def test_validate_writes_columnas_csv_and_later_commands_use_the_corrections(tmp_path):
    data = tmp_path / "datos"
    write_folder(data)
    result = runner.invoke(app, ["validate", "--data", str(data), "--out",
                                 str(tmp_path / "v")])
    assert "columnas.csv" in result.output, result.output
    roles = read_column_roles(data / "columnas.csv")
    content = roles[roles["column"] == "(contenido)"]
    assert content["role"].tolist() == ["returnees"]  # the name said «retornados»
    assert roles.set_index("column").loc["Sexo", "role"] == "sex"
    # The planner says «Dato extra» is the age (a column nobody recognised) and that
    # «Sexo» is not to be used; the file is a person's, opened and saved in Excel.
    written = pd.read_csv(data / "columnas.csv", dtype=str, keep_default_na=False,
                          encoding="utf-8-sig")
    written.loc[written["columna"] == "Dato extra", "rol"] = "Edad"
    written.loc[written["columna"] == "Sexo", "rol"] = "no"
    written.to_csv(data / "columnas.csv", index=False, encoding="utf-8-sig")
    ds = oportumap.load_dataset(data)
    assert ds.returnees["age"].tolist() == [12, 7]
    assert ds.returnees["sex"].isna().all()
    # Python takes the same mapping as an argument, and it wins over the folder's file.
    ds = oportumap.load_dataset(data, columns={"Dato extra": "", "Sexo": "sex"})
    assert ds.returnees["age"].isna().all() and ds.returnees["sex"].tolist() == ["M", "F"]
    # A second validate keeps the planner's corrections.
    runner.invoke(app, ["validate", "--data", str(data), "--out", str(tmp_path / "v")])
    assert read_column_roles(data / "columnas.csv").set_index("column").loc[
        "Dato extra", "role"] == "age"


def test_a_role_that_does_not_exist_in_columnas_csv_names_its_row(tmp_path):
    data = tmp_path / "datos"
    write_folder(data)
    runner.invoke(app, ["validate", "--data", str(data), "--out", str(tmp_path / "v")])
    written = pd.read_csv(data / "columnas.csv", dtype=str, keep_default_na=False,
                          encoding="utf-8-sig")
    written.loc[written["columna"] == "Sexo", "rol"] = "género raro"
    written.to_csv(data / "columnas.csv", index=False, encoding="utf-8-sig")
    with pytest.raises(DataError, match=r"columnas.csv fila \d+, columna 'rol' \(valor "
                                        r"'género raro'\): no es un rol conocido"):
        oportumap.load_dataset(data)


def test_python_columns_take_the_labels_columnas_csv_takes(tmp_path):
    """``columns=`` reads a role as columnas.csv does: code or people's label, any case,
    accents or not, Spanish or English; «ninguno» leaves the column unused."""
    data = tmp_path / "datos"
    write_folder(data)
    ds = oportumap.load_dataset(data, columns={"Dato extra": "EDAD", "Sexo": "Ninguno"})
    assert ds.returnees["age"].tolist() == [12, 7] and ds.returnees["sex"].isna().all()
    path = tmp_path / "r.csv"
    path.write_text("id;Municipio;Departamento;Llegó;Doc;Género\n"
                    "R1;Mixco;Guatemala;05/01/2026;0000123450101;H\n"
                    "R2;Cobán;Alta Verapaz;18/12/2025;;M\n", encoding="utf-8")
    result = read_returnees(path, errors="report", columns={
        "Llegó": "fecha de RETORNO", "Doc": "numero de documento de identidad",
        "Género": "Sex"})  # accents dropped, case changed, English label
    data_ = result.data.set_index("returnee_id")
    assert data_["return_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05",
                                                                     "2025-12-18"]
    assert data_.loc["R1", "has_id_document"] == True  # noqa: E712 - the number says so
    assert data_["sex"].tolist() == ["M", "F"]
    roles = result.roles.set_index("column")["role"]
    assert roles[["Llegó", "Doc", "Género"]].tolist() == ["return_date",
                                                          "id_document_number", "sex"]


def test_an_unknown_role_in_python_columns_is_named_with_the_roles_to_write(tmp_path):
    """A role no one has («Edda») stops the reading before any file is read, naming the
    column and the value and listing every role in people's words, Spanish."""
    data = tmp_path / "datos"
    write_folder(data)
    for call in (lambda: oportumap.load_dataset(data, columns={"Dato extra": "Edda"}),
                 lambda: read_returnees(next(data.glob("*.csv")), errors="report",
                                        columns={"Dato extra": "Edda"}),
                 # a column in no file: the typo is still said, not silently ignored
                 lambda: oportumap.load_dataset(data, columns={"Otra": "Fecha de llegada"})):
        with pytest.raises(DataError) as caught:
            call()
        message = str(caught.value)
        assert "no es un rol conocido" in message
        assert ("columna «Dato extra» (valor 'Edda')" in message
                or "columna «Otra» (valor 'Fecha de llegada')" in message)
        for label in ("«Edad»", "«Sexo»", "«Municipio»", "«Fecha de retorno»",
                      "«Número de documento de identidad»", "«no»"):
            assert label in message


def monthly_workbook(path):
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Mes": ["Oct"], "Total": [2]}).to_excel(writer, sheet_name="RESUMEN",
                                                               index=False)
        for sheet, rows in (("Octubre", [("O1", "Mixco"), ("O2", "Cobán")]),
                            ("Noviembre", [("N1", "Mixco"), ("N2", "Xyz"), ("N3", "Cobán")])):
            frame = pd.DataFrame(rows, columns=["ID", "Municipio"])
            frame.loc[len(frame)] = ["TOTAL", str(len(rows))]
            frame.to_excel(writer, sheet_name=sheet, index=False, startrow=2)


def test_monthly_sheets_are_stacked_and_messages_name_the_sheet(tmp_path):
    path = tmp_path / "Registro retornados 2026.xlsx"
    monthly_workbook(path)
    result = read_returnees(path, errors="report")
    assert result.data["returnee_id"].tolist() == ["O1", "O2", "N1", "N3"]
    assert result.sheets.tolist() == ["Octubre", "Octubre", "Noviembre", "Noviembre"]
    assert result.row_numbers.tolist() == [4, 5, 4, 6]
    assert result.rejected[["sheet", "row"]].values.tolist() == [["Noviembre", 5]]
    assert any("RESUMEN" in s for s in result.skipped)
    assert any("hoja «Octubre», fila 6: fila de total" in s for s in result.skipped)
    with pytest.raises(DataError, match=r"Registro retornados 2026.xlsx, hoja Noviembre, "
                                        r"fila 5, columna 'Municipio'"):
        read_returnees(path)


def test_a_header_repeated_mid_sheet_with_columns_in_another_order_is_realigned(tmp_path):
    path = tmp_path / "retornados.csv"
    path.write_text("id,municipio,edad\nA,Mixco,30\nedad,id,municipio\n40,B,Cobán\n",
                    encoding="utf-8")
    result = read_returnees(path, errors="report")
    assert result.data[["returnee_id", "muni_code", "age"]].values.tolist() == [
        ["A", "0108", 30], ["B", "1601", 40]]
    assert result.row_numbers.tolist() == [2, 4]
    assert any("fila 3: encabezado repetido" in s for s in result.skipped)


def test_a_workbook_expanding_out_of_proportion_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "retornados.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + " " * 300_000_000)
    assert path.stat().st_size < 2_000_000
    with pytest.raises(DataError, match=r"retornados.xlsx: el libro ocupa 0.\d MB comprimido "
                                        r"pero 300 MB al abrirlo"):
        read_returnees(path)


def test_a_sheet_declaring_more_rows_than_excel_allows_is_refused(tmp_path):
    # Variant: small once expanded, but its dimension claims 5 million rows.
    path = tmp_path / "retornados.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml",
                      '<worksheet><dimension ref="A1:K5000000"/></worksheet>')
    with pytest.raises(DataError, match="declara 5,000,000 filas"):
        read_returnees(path)


def test_a_file_named_for_nothing_is_read_by_its_columns(tmp_path):
    (tmp_path / "export_2026-10-31.csv").write_text(
        "Beneficiary ID,Gender,Municipality,Return Date,Consent Signed\n"
        "B1,Male,Mixco,10/03/2026,TRUE\n", encoding="utf-8")
    (tmp_path / "Hoja de trabajo.csv").write_text(
        "Puesto,Empresa,Plazas,Municipio,Tipo\nAlbañil,Constructora,2,Mixco,vacante\n",
        encoding="utf-8")
    (tmp_path / "~$export_2026-10-31.csv").write_bytes(b"\x00lock")
    tables = {t.file: t.content for t in read_folder(tmp_path)}
    assert tables == {"export_2026-10-31.csv": "returnees", "Hoja de trabajo.csv": "mixed"}


@pytest.mark.parametrize("stray", ["pendientes.docx", "acta firmada.pdf", "foto.jpg"])
def test_a_file_that_is_no_table_is_named_as_such_by_every_command(tmp_path, stray):
    data = tmp_path / "datos"
    write_folder(data)
    (data / stray).write_bytes(b"PK\x03\x04 not a table")
    (data / "README.md").write_text("# notas de la oficina\n", encoding="utf-8")
    for args in (["validate", "--data", str(data), "--out", str(tmp_path / "v")],
                 ["profile", "--data", str(data), "--out", str(tmp_path / "p.xlsx")]):
        output = runner.invoke(app, args).output
        assert f"{stray}: no se usó. no es una tabla" in " ".join(output.split()), output
        assert "README.md" not in output  # the folder's own notes are no data file
    summary = oportumap.load_dataset(data).read_summary.set_index("file")
    assert summary.loc[stray, "problem"].startswith("no es una tabla")


def test_a_table_whose_content_nothing_tells_says_how_to_declare_it(tmp_path):
    data = tmp_path / "datos"
    write_folder(data)
    (data / "hoja suelta.csv").write_text("Lunes;Martes\n3;4\n5;6\n", encoding="utf-8")
    output = " ".join(runner.invoke(app, ["validate", "--data", str(data), "--out",
                                          str(tmp_path / "v")]).output.split())
    assert "hoja suelta.csv: no se usó. no se sabe qué contiene" in output, output
    assert "columnas.csv (fila «(contenido)»" in output
