"""The oportumap command: clear messages, exit codes, no tracebacks for user error."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from typer.testing import CliRunner

from oportumap.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_help_on_every_command():
    for command in ("validate", "sample", "demo"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "--" in result.output


def test_validate_reports_and_writes_rejected_rows(tmp_path):
    data = tmp_path / "datos"
    data.mkdir()
    (data / "returnees.csv").write_text("id,municipio,edad\nA,Cobán,30\nB,Atlantis,20\n")
    (data / "vacancies.csv").write_text("id,puesto,plazas,municipio\nV,Mesero,2,Mixco\n")
    out = tmp_path / "val"
    result = run("validate", "--data", str(data), "--out", str(out))
    assert result.exit_code == 1
    assert "returnees.csv: 2 filas, 1 aceptadas, 1 rechazadas" in result.output
    assert "municipio 'Atlantis' desconocido" in result.output
    rejected = pd.read_csv(out / "filas_rechazadas.csv", encoding="utf-8-sig")
    assert rejected[["Archivo", "Fila"]].values.tolist() == [["returnees.csv", 3]]
    assert (out / "reporte_validacion.txt").read_text(encoding="utf-8").startswith(
        "returnees.csv: 2 filas")


def test_validate_clean_data_exits_zero(tmp_path):
    from oportumap.sample import sample_folder

    result = run("validate", "--data", str(sample_folder()), "--out", str(tmp_path / "v"))
    assert result.exit_code == 0, result.output
    assert "returnees.csv: 5000 filas, 5000 aceptadas, 0 rechazadas" in result.output


def test_validate_single_file_with_unreadable_content(tmp_path):
    bad = tmp_path / "vacancies.csv"
    bad.write_text("id,empresa\n1,ACME\n")
    result = run("validate", str(bad), "--out", str(tmp_path / "v"))
    assert result.exit_code == 1
    assert "faltan las columnas" in result.output


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
