"""Hostile and messy input: every case gives the exact message and loses no row."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest
from typer.testing import CliRunner

import oportumap
from oportumap import DataError, read_opportunities, read_returnees
from oportumap.cli import app


def report(path, reader=read_returnees, **kwargs):
    accepted, rejected = reader(path, errors="report", **kwargs)
    return accepted, rejected


def n_lines(path, encoding="utf-8"):
    return len(path.read_bytes().decode(encoding).strip().splitlines()) - 1


# --------------------------------------------------------------------------- encodings


def test_utf16_with_bom_is_read(write):
    path = write("returnees.csv", "\ufeffid\tmunicipio\nA\tSan Marcos\n", encoding="utf-16-le")
    assert read_returnees(path)["muni_code"].tolist() == ["1201"]


def test_mixed_utf8_and_latin1_bytes_are_read_as_cp1252(write):
    content = "id;municipio\nA;Cobán\n".encode() + "B;Petén?\n".encode("cp1252")
    accepted, rejected = report(write("returnees.csv", content))
    assert len(accepted) + len(rejected) == 2
    assert "desconocido" in rejected["reason"].iloc[0]


def test_binary_file_with_csv_name(write):
    path = write("returnees.csv", bytes(range(256)) * 4)
    with pytest.raises(DataError) as info:
        read_returnees(path)
    assert str(info.value).startswith("returnees.csv")


def test_csv_renamed_to_xlsx(write):
    path = write("returnees.xlsx", "id,municipio\nA,Mixco\n")
    with pytest.raises(DataError, match=r"returnees.xlsx: no es un libro de Excel sino "
                                        r"texto \(¿un CSV con extensión .xlsx\?\); cambie "
                                        r"su extensión a .csv"):
        read_returnees(path)


# --------------------------------------------------------------------------- structure


def test_row_with_extra_values_is_named(write):
    path = write("returnees.csv", "id,municipio,edad\nA,Mixco,30\nB,Mixco,31,extra\n")
    with pytest.raises(DataError, match=r"returnees.csv fila 3: tiene 4 valores y el "
                                        r"encabezado 3 columnas"):
        read_returnees(path)


def test_trailing_separators_from_excel_lose_nothing(write):
    path = write("returnees.csv", "id;municipio;edad\nA;Mixco;30;\nB;Mixco;31;\n")
    assert read_returnees(path)["age"].tolist() == [30, 31]


def test_ragged_rows_are_a_parse_error(write):
    path = write("returnees.csv", "id,municipio\nA,Mixco\nB,Mixco,1,2,3\n")
    with pytest.raises(DataError, match="returnees.csv fila 3: tiene 5 valores y el encabezado 2"):
        read_returnees(path)


def test_header_only_excel(tmp_path):
    path = tmp_path / "returnees.xlsx"
    pd.DataFrame(columns=["id", "municipio"]).to_excel(path, index=False)
    accepted, rejected = report(path)
    assert len(accepted) == len(rejected) == 0


def test_empty_excel(tmp_path):
    path = tmp_path / "returnees.xlsx"
    pd.DataFrame().to_excel(path, index=False)
    with pytest.raises(DataError, match="el libro no tiene datos en ninguna hoja"):
        read_returnees(path)


def test_sheets_with_the_same_table_are_stacked_or_the_named_one_read(tmp_path):
    path = tmp_path / "vacancies.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"nota": ["sin datos"]}).to_excel(writer, sheet_name="Portada", index=False)
        pd.DataFrame({"id": ["V1"], "puesto": ["Mesero"], "plazas": [2],
                      "municipio": ["Flores"]}).to_excel(writer, sheet_name="Junio", index=False)
        pd.DataFrame({"id": ["V2", "V3"], "puesto": ["Cocinero", "Bodeguero"],
                      "plazas": [1, 4], "municipio": ["Cobán", "Cobán"]}).to_excel(
            writer, sheet_name="Julio", index=False)
    # One sheet per month with the same table: all read, the cover sheet skipped.
    result = read_opportunities(path, errors="report")
    assert result.data["opportunity_id"].tolist() == ["V1", "V2", "V3"]
    assert result.sheets.tolist() == ["Junio", "Julio", "Julio"]
    assert any("Portada" in s for s in result.skipped)
    assert read_opportunities(path, sheet="Julio")["capacity"].tolist() == [1, 4]
    with pytest.raises(DataError, match="la hoja 'Agosto' no existe"):
        read_opportunities(path, sheet="Agosto")


def test_blank_rows_at_the_end_of_excel_are_not_rows(tmp_path):
    path = tmp_path / "returnees.xlsx"
    frame = pd.DataFrame({"id": ["A", None, None], "municipio": ["Mixco", None, None]})
    frame.to_excel(path, index=False)
    accepted, rejected = report(path)
    assert len(accepted) == 1 and rejected.empty


def test_unknown_extra_columns_are_ignored(write):
    path = write("returnees.csv", "id,municipio,nombre,telefono_casa\nA,Mixco,Ana,555\n")
    df = read_returnees(path)
    assert "nombre" not in df.columns and len(df) == 1


def test_folder_given_as_file_and_two_files_for_one_dataset(tmp_path):
    with pytest.raises(DataError, match="es una carpeta"):
        read_returnees(tmp_path)
    (tmp_path / "returnees.csv").write_text("id,municipio\nA,Mixco\n")
    (tmp_path / "returnees.xlsx").write_text("x")
    with pytest.raises(DataError, match=r"hay varios archivos 'returnees' \(returnees.csv, "
                                        r"returnees.xlsx\); deje solo uno"):
        oportumap.load_dataset(tmp_path)


def test_errors_argument_is_checked(write):
    with pytest.raises(DataError, match="errors debe ser 'raise' o 'report'"):
        read_returnees(write("returnees.csv", "id,municipio\nA,Mixco\n"), errors="ignore")


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("lat", "lon", "reason"),
    [("91", "-90.5", "el punto está fuera de Guatemala"),
     # 0, 0 is a database's "no GPS": no point, so the row has no location at all
     ("0", "0", "falta el municipio"),
     ("14.6", "90.5", "el punto está fuera de Guatemala"),  # east instead of west
     ("-90.5", "14.6", "latitud y longitud parecen invertidas"),
     ("14.6", "", "falta la latitud o la longitud"),
     ("N14.6", "-90.5", "latitud no numérica")],
)
def test_bad_coordinates(write, lat, lon, reason):
    path = write("returnees.csv", f"id,latitud,longitud\nA,{lat},{lon}\nB,14.6407,-90.5133\n")
    accepted, rejected = report(path)
    assert accepted["returnee_id"].tolist() == ["B"]
    assert reason in rejected["reason"].iloc[0]
    assert rejected["row"].iloc[0] == 2


def test_shore_point_snaps_to_nearest_municipality(write):
    # Lake Atitlán, about 1 km off Panajachel: not inside any municipality polygon.
    path = write("returnees.csv", "id,latitud,longitud\nA,14.7290,-91.1560\n")
    accepted, rejected = report(path)
    assert rejected.empty
    assert accepted["muni_code"].str.startswith("07").all()


def test_point_and_municipality_both_given_keep_municipality(write):
    path = write("returnees.csv", "id,municipio,latitud,longitud\nA,Mixco,14.6407,-90.5133\n")
    df = read_returnees(path)
    assert df["muni_code"].tolist() == ["0108"]
    assert df["lat"].iloc[0] == pytest.approx(14.6407)


@pytest.mark.parametrize("value", ["1e3", "inf", "nan", "2,5", "½"])
def test_odd_capacities(write, value):
    path = write("vacancies.csv", f"id;puesto;plazas;municipio\nV;Mesero;{value};Mixco\n")
    accepted, rejected = report(path, read_opportunities)
    if value == "1e3":
        assert accepted["capacity"].tolist() == [1000]
    else:
        assert rejected["reason"].iloc[0].startswith("plazas/cupos debe ser un número entero")


def test_many_problems_in_one_row_are_all_listed_once(write):
    path = write("returnees.csv", "id,municipio,edad,sexo\nA,Nowhere,-1,?\n")
    accepted, rejected = report(path)
    assert len(rejected) == 1
    reason = rejected["reason"].iloc[0]
    assert "desconocido" in reason and "edad no válida" in reason and "sexo" in reason
    assert rejected["column"].iloc[0] == "municipio; edad; sexo"


def test_department_that_does_not_exist(write):
    path = write("returnees.csv", "id,municipio,departamento\nA,Mixco,Narnia\n")
    _, rejected = report(path)
    assert rejected["reason"].iloc[0].startswith("departamento 'Narnia' desconocido")


def test_code_that_is_too_long_is_a_name_not_a_code(write):
    path = write("returnees.csv", "id,codigo_municipio\nA,010101\n")
    _, rejected = report(path)
    assert "municipio '010101' desconocido" in rejected["reason"].iloc[0]


# --------------------------------------------------------------------------- CLI


runner = CliRunner()
DATA_COMMANDS = sorted(
    cmd.name or cmd.callback.__name__.replace("_", "-") for cmd in app.registered_commands
    if "data" in inspect.signature(cmd.callback).parameters
    and cmd.callback.__name__ != "validate"
)
# the demo runs the whole pipeline: left out of the fast loop
COMMANDS = [pytest.param(c, marks=pytest.mark.slow) if c == "demo" else c for c in DATA_COMMANDS]


@pytest.fixture(autouse=True)
def research_key(monkeypatch):
    monkeypatch.setenv("OPORTUMAP_KEY", "clave-de-prueba-suficientemente-larga")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_data_command_explains_a_missing_folder(tmp_path, command):
    result = runner.invoke(app, [command, "--data", str(tmp_path / "nada"), "--out",
                                 str(tmp_path / output_name(command))])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "no existe" in result.output


def write_office_folder(data):
    """A regional office's folder typed by hand: two bad rows among valid ones."""
    data.mkdir()
    (data / "retornados.csv").write_text(
        "id;municipio;departamento;edad;sexo;ocupación;consentimiento\n"
        "A;Cobán;Alta Verapaz;30;M;albañil;sí\n"
        "B;Mixco;;25;F;cocinera;sí\n"
        "C;Atlantis;;40;M;carpintero;sí\n"
        "D;Quetzaltenango;;35;F;soldador;✓\n"
        "E;Chimaltenango;;28;M;mesero;x\n", encoding="utf-8")
    (data / "vacantes.csv").write_text("id,puesto,plazas,municipio\nV1,Albañil,3,Cobán\n"
                                       "V2,Mesero,0,Mixco\nV3,Mesero,2,Chimaltenango\n")
    (data / "formacion.csv").write_text("id,curso,cupos,municipio\nT1,Cocina,20,Mixco\n")
    (data / "certificaciones.csv").write_text(
        "id,curso,cupos,municipio\nC1,Soldadura,10,Quetzaltenango\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_data_command_runs_on_the_valid_rows(tmp_path, command):
    data = tmp_path / "datos"
    write_office_folder(data)
    out = tmp_path / "salidas" / output_name(command)
    out.parent.mkdir()
    # demo and brief write a folder of outputs (and their rejected rows inside it)
    folder_output = command in ("demo", "brief")
    args = [command, "--data", str(data), "--out", str(out.parent if folder_output else out)]
    if command == "plan":
        args += ["--new", "1"]
    result = runner.invoke(app, args + extract_args(command, tmp_path))
    assert result.exit_code == 0, result.output
    assert "retornados.csv: 5 filas leídas, 4 aceptadas, 1 rechazada" in result.output
    assert "vacantes.csv: 3 filas leídas, 2 aceptadas, 1 rechazada" in result.output
    assert ("retornados.csv fila 4, columna 'municipio' (valor 'Atlantis'): municipio "
            "'Atlantis' desconocido") in result.output
    assert "errors=" not in result.output
    produced = {"demo": out.parent / "resumen.csv",
                "brief": out.parent / "informe_alta_verapaz.html"}.get(command, out)
    assert produced.exists()
    rejected = pd.read_csv(out.parent / "filas_rechazadas.csv", encoding="utf-8-sig")
    assert rejected[["Archivo", "Fila", "Columna"]].values.tolist() == [
        ["retornados.csv", 4, "municipio"], ["vacantes.csv", 3, "plazas"]]
    assert f"Lista completa de filas rechazadas: {out.parent / 'filas_rechazadas.csv'}" in \
        result.output.replace("\n", "")


@pytest.mark.parametrize("command", COMMANDS)
def test_strict_produces_nothing_with_exit_3(tmp_path, command):
    data = tmp_path / "datos"
    write_office_folder(data)
    out = tmp_path / output_name(command)
    rejected = tmp_path / "rechazos" / "lista.csv"
    result = runner.invoke(app, [command, "--data", str(data), "--out", str(out), "--strict",
                                 "--rejected", str(rejected), *extract_args(command, tmp_path)])
    assert result.exit_code == 3, result.output
    assert not out.exists()
    assert len(pd.read_csv(rejected, encoding="utf-8-sig")) == 2  # still says why


def test_every_returnee_rejected_exits_3_without_output(tmp_path):
    data = tmp_path / "datos"
    data.mkdir()
    (data / "returnees.csv").write_text("id,municipio\nA,Atlantis\nB,\n")
    result = runner.invoke(app, ["profile", "--data", str(data), "--out",
                                 str(tmp_path / "perfil.csv")])
    assert result.exit_code == 3, result.output
    assert "Ninguna fila de retornados es válida" in result.output
    assert not (tmp_path / "perfil.csv").exists()
    assert len(pd.read_csv(tmp_path / "filas_rechazadas.csv", encoding="utf-8-sig")) == 2


def test_unusable_opportunity_file_is_named_and_the_rest_runs(tmp_path):
    data = tmp_path / "datos"
    write_office_folder(data)
    (data / "servicios.csv").write_text("nombre,municipio\nPsicólogo,Mixco\n")
    (data / "notas.docx").write_text("x")
    result = runner.invoke(app, ["profile", "--data", str(data), "--out",
                                 str(tmp_path / "perfil.csv")])
    assert result.exit_code == 0, result.output
    text = result.output.replace("\n", " ")
    assert "servicios.csv: no se usó. servicios.csv: faltan las columnas plazas (o cupos)" in text
    assert "notas.docx: no se usó. no es una tabla" in text


def extract_args(command: str, folder) -> list[str]:
    """travel-times also needs an OpenStreetMap extract: a primary road from Guatemala
    City's seat to Mixco's (two municipalities of the office folder)."""
    if command == "brief":
        return ["--departamento", "Alta Verapaz"]
    if command != "travel-times":
        return []
    path = folder / "caminos.osm"
    path.write_text('<osm version="0.6"><node id="1" lat="14.64072" lon="-90.51327"/>'
                    '<node id="2" lat="14.63077" lon="-90.60711"/><way id="1"><nd ref="1"/>'
                    '<nd ref="2"/><tag k="highway" v="primary"/></way></osm>',
                    encoding="utf-8")
    return ["--osm", str(path), "--no-cache", "--workers", "1"]


def output_name(command: str) -> str:
    return {"map": "salida.html", "research-export": "salida.csv",
            "demo": "demo", "brief": "informes"}.get(command, "salida.xlsx")


def test_sample_rejects_negative_sizes(tmp_path):
    result = runner.invoke(app, ["sample", "--returnees", "-5", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_unknown_command_is_a_usage_error():
    result = runner.invoke(app, ["mapa-magico"])
    assert result.exit_code == 2


def test_short_latin1_file_ending_in_an_accent_is_not_taken_for_utf8(write):
    path = write("returnees.csv", "id;municipio\n1;Cobán\n", encoding="cp1252")
    assert read_returnees(path)["muni_code"].tolist() == ["1601"]
