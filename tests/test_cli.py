"""The oportumap command: clear messages, exit codes, no tracebacks for user error."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from oportumap.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_help_on_every_command():
    commands = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    assert {"validate", "profile", "referrals", "map", "plan", "research-export",
            "demo"} <= {c.removesuffix("-command") for c in commands}
    for command in commands:
        result = run(command.removesuffix("-command"), "--help")
        assert result.exit_code == 0, command
        assert "--" in result.output


def test_data_commands_take_country_strict_and_rejected():
    for command in ("validate", "profile", "referrals", "map", "plan", "research-export",
                    "demo", "travel-times"):
        result = run(command, "--help")
        assert "--country" in result.output, command
        if command != "validate":
            assert "--strict" in result.output and "--rejected" in result.output, command


def test_validate_reports_and_writes_rejected_rows(tmp_path):
    data = tmp_path / "datos"
    data.mkdir()
    (data / "returnees.csv").write_text("id,municipio,edad\nA,Cobán,30\nB,Atlantis,20\n")
    (data / "vacancies.csv").write_text("id,puesto,plazas,municipio\nV,Mesero,2,Mixco\n")
    out = tmp_path / "val"
    result = run("validate", "--data", str(data), "--out", str(out))
    assert result.exit_code == 1
    assert "returnees.csv: 2 filas leídas, 1 aceptada, 1 rechazada" in result.output
    assert "municipio 'Atlantis' desconocido" in result.output
    rejected = pd.read_csv(out / "filas_rechazadas.csv", encoding="utf-8-sig")
    assert rejected[["Archivo", "Fila"]].values.tolist() == [["returnees.csv", 3]]
    assert (out / "reporte_validacion.txt").read_text(encoding="utf-8").startswith(
        "returnees.csv: 2 filas leídas")


def test_validate_runs_again_in_the_same_folder_refreshing_its_outputs(tmp_path):
    data = tmp_path / "datos"
    data.mkdir()
    people = data / "retornados.csv"
    people.write_text("id,municipio\nA,Cobán\nB,Atlantis\n", encoding="utf-8")
    first = run("validate", "--data", str(data), "--out", str(data))
    assert first.exit_code == 1
    assert len(pd.read_csv(data / "filas_rechazadas.csv", encoding="utf-8-sig")) == 1
    people.write_text("id,municipio\nA,Cobán\nB,Mixco\n", encoding="utf-8")  # fixed
    second = run("validate", "--data", str(data), "--out", str(data))
    assert second.exit_code == 0, second.output
    assert "ya existe" not in second.output
    assert "archivo no reconocido" not in second.output  # its own outputs are not data
    assert len(pd.read_csv(data / "filas_rechazadas.csv", encoding="utf-8-sig")) == 0
    assert "retornados.csv: 2 filas leídas, 2 aceptadas, 0 rechazadas" in (
        data / "reporte_validacion.txt").read_text(encoding="utf-8")
    assert people.read_text(encoding="utf-8") == "id,municipio\nA,Cobán\nB,Mixco\n"


def test_validate_clean_data_exits_zero(tmp_path):
    from oportumap.sample import sample_folder

    result = run("validate", "--data", str(sample_folder()), "--out", str(tmp_path / "v"))
    assert result.exit_code == 0, result.output
    assert "returnees.csv: 5,000 filas leídas, 5,000 aceptadas, 0 rechazadas" in result.output
    assert "Todas las filas se aceptaron." in result.output


def test_validate_single_file_with_unreadable_content(tmp_path):
    bad = tmp_path / "vacancies.csv"
    bad.write_text("id,empresa\n1,ACME\n")
    result = run("validate", str(bad), "--out", str(tmp_path / "v"))
    assert result.exit_code == 1
    assert "faltan las columnas" in result.output
    assert "no se pudo leer" not in result.output


def test_validate_names_the_missing_id_column_on_screen(tmp_path):
    data = tmp_path / "datos"
    data.mkdir()
    (data / "retornados.xlsx").parent.mkdir(exist_ok=True)
    pd.DataFrame({"Nombre": ["Ana"], "Municipio": ["Mixco"]}).to_excel(
        data / "retornados.xlsx", index=False)
    result = run("validate", "--data", str(data), "--out", str(tmp_path / "v"))
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert ("retornados.xlsx: no se usó. retornados.xlsx: falta la columna del "
            "identificador de la persona; agregue una columna 'id_retornado'") in flat


def register_zedlandia(tmp_path, monkeypatch):
    import geopandas as gpd
    from shapely.geometry import box

    from oportumap import geography

    monkeypatch.setenv("OPORTUMAP_HOME", str(tmp_path / "home"))
    shapes = gpd.GeoDataFrame(
        {"code": ["101", "102"], "name": ["Lago Verde", "Río Claro"],
         "dept": ["Norte", "Norte"]},
        geometry=[box(-84.2, 9.9, -84.0, 10.1), box(-84.0, 9.9, -83.8, 10.1)], crs=4326)
    geography.register_country("ZZ", shapes, code_column="code", name_column="name",
                               dept_column="dept", country_name="Zedlandia")
    return geography


def test_data_commands_read_against_the_country_given(tmp_path, monkeypatch):
    geography = register_zedlandia(tmp_path, monkeypatch)
    try:
        data = tmp_path / "datos"
        data.mkdir()
        (data / "retornados.csv").write_text(
            "id,municipio,ocupacion\nA,Lago Verde,albañil\nB,Rio Claro,mesero\n"
            "C,Cobán,mesero\n", encoding="utf-8")
        (data / "vacantes.csv").write_text("id,puesto,plazas,municipio\nV1,Mesero,2,102\n")
        out = tmp_path / "perfil.csv"
        result = run("profile", "--data", str(data), "--out", str(out), "--country", "ZZ",
                     "--no-suppress")
        assert result.exit_code == 0, result.output
        assert "retornados.csv: 3 filas leídas, 2 aceptadas, 1 rechazada" in result.output
        profile = pd.read_csv(out, encoding="utf-8-sig")
        assert len(profile) == 2  # Zedlandia's two municipalities, not Guatemala's 340
    finally:
        geography.clear_cache("ZZ")


def test_travel_times_are_read_with_the_data_country(tmp_path, monkeypatch):
    """Regression: a registered country's table (``101,102``, as Costa Rica writes its
    canton codes) is read with that country in profile and plan, not as Guatemala's
    0101/0102 (which matched nothing and made every municipality unreachable)."""
    geography = register_zedlandia(tmp_path, monkeypatch)
    try:
        data = tmp_path / "datos"
        data.mkdir()
        (data / "retornados.csv").write_text(
            "id,municipio,ocupacion,interes\nA,Lago Verde,mesero,empleo\n"
            "B,Lago Verde,mesero,empleo\nC,Rio Claro,mesero,empleo\n", encoding="utf-8")
        (data / "vacantes.csv").write_text("id,puesto,plazas,municipio\nV1,Mesero,2,102\n")
        times = tmp_path / "tiempos.csv"
        times.write_text("origen,destino,minutos\n101,102,35\n102,101,35\n101,101,0\n"
                         "102,102,0\n", encoding="utf-8")
        out = tmp_path / "perfil.csv"
        result = run("profile", "--data", str(data), "--out", str(out), "--country", "ZZ",
                     "--no-suppress", "--travel-times", str(times), "--max-minutes", "60")
        assert result.exit_code == 0, result.output
        profile = pd.read_csv(out, encoding="utf-8-sig", dtype={"Código municipio": str})
        row = profile.set_index("Municipio").loc["Lago Verde"]
        # 35 minutes by the table: the vacancy in Río Claro is within 60 minutes
        assert row["Vacantes: alcanzables"] == 1
        assert row["Vacantes: 2SFCA (plazas por retornado)"] == 0.667  # 2 seats, 3 people
        assert row["Vacantes: más cercana (min)"] == 35
        # ... and out of reach within 30 minutes
        out30 = tmp_path / "perfil30.csv"
        assert run("profile", "--data", str(data), "--out", str(out30), "--country", "ZZ",
                   "--no-suppress", "--travel-times", str(times), "--max-minutes", "30"
                   ).exit_code == 0
        row30 = pd.read_csv(out30, encoding="utf-8-sig").set_index("Municipio").loc[
            "Lago Verde"]
        assert row30["Vacantes: alcanzables"] == 0

        plan_out = tmp_path / "plan.xlsx"
        result = run("plan", "--data", str(data), "--out", str(plan_out), "--country", "ZZ",
                     "--kind", "vacancy", "--new", "1", "--travel-times", str(times),
                     "--max-minutes", "30")
        assert result.exit_code == 0, result.output
        # Lago Verde's two people are not within 30 min of the vacancy: a new site there
        assert "Lago Verde" in result.output and "+2 retornados" in result.output
        assert "alcance 30 min" in result.output
    finally:
        geography.clear_cache("ZZ")


def test_validate_takes_the_country(tmp_path, monkeypatch):
    geography = register_zedlandia(tmp_path, monkeypatch)
    try:
        data = tmp_path / "datos"
        data.mkdir()
        (data / "retornados.csv").write_text("id,municipio\nA,Lago Verde\nB,Mixco\n",
                                             encoding="utf-8")
        result = run("validate", "--data", str(data), "--out", str(tmp_path / "v"),
                     "--country", "ZZ")
        assert "retornados.csv: 2 filas leídas, 1 aceptada, 1 rechazada" in result.output
        assert "municipio 'Mixco' desconocido" in result.output
    finally:
        geography.clear_cache("ZZ")


def test_user_errors_exit_1_without_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "oportumap", "validate", "--data", str(tmp_path / "missing")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "la carpeta de datos no existe" in proc.stderr


def test_sample_command_writes_requested_scale(tmp_path):
    result = run("sample", "--returnees", "1000", "--vacancies", "200", "--seed", "4",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(tmp_path / "returnees.csv")) == 1000
    assert len(pd.read_csv(tmp_path / "vacancies.csv")) == 200
    again = run("sample", "--returnees", "10", "--out", str(tmp_path))
    assert again.exit_code == 1
    assert "use --force" in again.output


@pytest.mark.slow  # runs the whole demo
def test_demo_writes_outputs_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "demo"
    result = run("demo", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "resumen.csv").exists()
    assert "Muestra ilustrativa" in result.output
    second = run("demo", "--out", str(out))
    assert second.exit_code == 1
    assert "ya existe" in second.output
    assert run("demo", "--out", str(out), "--force").exit_code == 0


def test_profile_summary_shows_what_was_interpreted_and_set_aside(tmp_path):
    data = tmp_path / "datos"
    data.mkdir()
    (data / "retornados.csv").write_text(
        "id;municipio;departamento;ocupacion;nombre\n"
        "A;Quetzaltenago;;albañil, carpintero;Ana\n"
        "B;Cobán;Alta Verapaz;cocinera;Luis\n"
        ";;;;\n"
        "C;Mixco;;mesero;Rosa\n"
        "D;Atlantis;;mesero;Juan\n", encoding="utf-8")
    (data / "vacantes.csv").write_text("id,puesto,plazas,municipio\nV1,Mesero,2,Mixco\n")
    out = tmp_path / "salidas" / "perfil.csv"
    result = run("profile", "--data", str(data), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert ("retornados.csv: 5 filas leídas, 3 aceptadas, 1 rechazada, 1 fila vacía "
            "omitida") in text
    assert "columnas no usadas en retornados.csv: nombre" in text
    assert ("Se interpretó 'Quetzaltenago' como Quetzaltenango (Quetzaltenango) "
            "(retornados.csv fila 2)") in text
    assert ("Se interpretó 'albañil, carpintero' como varias ocupaciones: albañil | "
            "carpintero (retornados.csv fila 2)") in text
    assert out.exists()
    assert (out.parent / "filas_rechazadas.csv").exists()


def test_validate_reports_every_occupation_not_understood(tmp_path):
    """Occupations learned abroad are read, said, and the ones not understood are counted
    with file, row and column, never silently turned into entry-level offers."""
    data = tmp_path / "datos"
    data.mkdir()
    (data / "retornados.csv").write_text(
        "id,municipio,oficio\nA,Cobán,trabajé en construcción (techos)\nB,Cobán,xyzzy\n"
        "C,Cobán,\"albañil, astronauta\"\nD,Cobán,ordeño (dairy)\n", encoding="utf-8")
    out = tmp_path / "val"
    result = run("validate", "--data", str(data), "--out", str(out))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "«trabajé en construcción (techos)»: se tomó el oficio preciso, Techador" in flat
    assert ("Ocupaciones no reconocidas: 2 (se conservan tal como se escribieron y se "
            "muestran en la columna «Ocupación no reconocida» de las referencias): "
            "retornados.csv fila 3, columna 'oficio': «xyzzy»; retornados.csv fila 4, "
            "columna 'oficio': «albañil, astronauta»") in flat
    report = (out / "reporte_validacion.txt").read_text(encoding="utf-8")
    assert "ocupación no reconocida: «astronauta»" in report
