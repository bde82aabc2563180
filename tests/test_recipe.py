"""Every command leaves its recipe; ``oportumap rehacer`` rebuilds the output or refuses."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from oportumap.cli import app
from oportumap.sample import sample_folder


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_rehacer_rebuilds_a_profile_byte_for_byte_and_refuses_after_a_change(tmp_path):
    data = tmp_path / "datos"
    shutil.copytree(sample_folder(), data)
    out = tmp_path / "salidas" / "perfil.csv"
    result = run("profile", "--data", str(data), "--out", str(out), "--max-km", "30", "-q")
    assert result.exit_code == 0, result.output
    recipe_path = out.with_name("perfil.csv.receta.json")
    recipe = json.loads(recipe_path.read_text(encoding="utf-8"))
    assert recipe["command"] == ["profile"]
    assert recipe["options"][:2] == ["--data", str(data)] and "--max-km" in recipe["options"]
    names = {item["path"].rsplit("/", 1)[-1] for item in recipe["inputs"]}
    assert {"returnees.csv", "vacancies.csv"} <= names
    assert len(recipe["hash"]) == 12
    before = out.read_bytes()
    out.write_bytes(b"estropeado")
    again = run("rehacer", str(recipe_path))
    assert again.exit_code == 0, again.output
    assert out.read_bytes() == before  # the same profile, byte for byte
    with open(data / "vacancies.csv", "a", encoding="utf-8") as handle:
        handle.write("V-NUEVA,Albañil,Constructora,albañil,2,0101\n")
    refused = run("rehacer", str(recipe_path))
    assert refused.exit_code == 1
    assert "vacancies.csv: cambió desde que se hizo la receta" in refused.output
    (data / "vacancies.csv").unlink()
    gone = run("rehacer", str(recipe_path))
    assert gone.exit_code == 1 and "vacancies.csv: ya no existe" in gone.output


def test_a_failed_command_leaves_no_recipe_and_a_bad_recipe_is_explained(tmp_path):
    out = tmp_path / "perfil.csv"
    result = run("profile", "--data", str(tmp_path / "no_existe"), "--out", str(out))
    assert result.exit_code != 0
    assert not out.with_name("perfil.csv.receta.json").exists()
    bad = tmp_path / "x.receta.json"
    bad.write_text("{no es json", encoding="utf-8")
    explained = run("rehacer", str(bad))
    assert explained.exit_code == 1 and "no es una receta de oportumap" in explained.output


def test_a_brief_cites_its_recipe(tmp_path):
    out = tmp_path / "informes"
    result = run("brief", "--data", str(sample_folder()), "--out", str(out),
                 "--departamento", "Sololá", "-q")
    assert result.exit_code == 0, result.output
    recipe = json.loads((out / "receta.json").read_text(encoding="utf-8"))
    page = (out / "informe_solola.html").read_text(encoding="utf-8")
    assert f"receta {recipe['hash']}" in page
