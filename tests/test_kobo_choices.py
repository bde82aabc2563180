"""KoboToolbox multiple choices: choice names in one cell and one 0/1 column per option."""

from __future__ import annotations

import pandas as pd
import pytest

from oportumap.loaders import read_returnees
from oportumap.loaders.choices import OptionGroup, disagreement, find_groups, gathered
from oportumap.skills import choice_names, occupation_readings


def _write(tmp_path, rows: list[dict], name: str = "Perfil_-_all_versions.csv"):
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    return path


def _person(code: str, **cells) -> dict:
    return {"datos_personales/codigo": code, "datos_personales/municipio": "Nahualá",
            "datos_personales/departamento": "Sololá", **cells}


def _reconciles(result, n: int) -> None:
    assert len(result.data) + len(result.rejected) + result.blank_rows == n


# ------------------------------------------------------------------ (a) choice names

def test_choice_names_in_one_cell_are_several_occupations(tmp_path):
    rows = [_person("K1", **{"experiencia/ocupaciones": "operador_montacargas empacador"}),
            _person("K2", **{"experiencia/ocupaciones": "operador_montacargas empacador "
                                                        "albanil"}),
            _person("K3", **{"experiencia/ocupaciones": "operador de montacargas"})]
    result = read_returnees(_write(tmp_path, rows), errors="report")
    _reconciles(result, 3)
    assert result.data["occupations"].tolist() == [
        "operador montacargas; empacador", "operador montacargas; empacador; albanil",
        "operador de montacargas"]
    said = result.corrections.set_index("row")
    assert said.loc[2, "column"] == "experiencia/ocupaciones"
    assert said.loc[2, "value"] == "operador_montacargas empacador"
    assert ("se interpretó 'operador_montacargas empacador' como varias ocupaciones: "
            "operador montacargas | empacador") in said.loc[2, "interpretation"]
    assert "como varias ocupaciones" not in " ".join(
        result.corrections.loc[result.corrections["row"] == 4, "interpretation"])


def test_one_choice_name_is_read_with_spaces_and_said():
    r = occupation_readings(pd.Series(["operador_montacargas", "tablayeso"]))
    assert r["occupations"].tolist() == ["operador montacargas", "tablayeso"]
    assert r["interpretation"][0].startswith(
        "se interpretó 'operador_montacargas' como la ocupación «operador montacargas»")
    assert r["n_unrecognised"].tolist() == [0, 0]


@pytest.mark.parametrize(("cell", "parts"), [
    ("albanil carpintero", ["albanil", "carpintero"]),     # known words, no «_»
    ("cocinero otro", ["cocinero", "otro"]),               # Kobo's «other» option
    ("techador_de_casas jardinero", ["techador de casas", "jardinero"]),
])
def test_cells_that_are_choice_names(cell, parts):
    assert choice_names([cell]) == [parts]


@pytest.mark.parametrize("cell", [
    "operador de montacargas",   # an ordinary phrase: «de» is no occupation
    "Operador montacargas",      # capitals: written by a person
    "albañil carpintero",        # not ascii
    "operador montacargas",      # «operador» alone is no occupation
    "albanil, carpintero",       # punctuation: the list reader's job
    "cocinero",                  # one plain word: read as written
])
def test_ordinary_phrases_are_never_split_as_choice_names(cell):
    assert choice_names([cell]) == [None]


# ------------------------------------------------------------- (b) 0/1 per option

def test_option_columns_beside_the_cell_count_once(tmp_path):
    base = {"experiencia/ocupaciones/albanil": 0, "experiencia/ocupaciones/empacador": 0,
            "experiencia/ocupaciones/operador_montacargas": 0}
    rows = [_person("K1", **{**base, "experiencia/ocupaciones": "operador_montacargas "
                             "empacador", "experiencia/ocupaciones/empacador": 1,
                             "experiencia/ocupaciones/operador_montacargas": 1}),
            _person("K2", **{**base, "experiencia/ocupaciones": "albanil",
                             "experiencia/ocupaciones/albanil": 1})]
    result = read_returnees(_write(tmp_path, rows), errors="report")
    _reconciles(result, 2)
    assert result.data["occupations"].tolist() == ["operador montacargas; empacador",
                                                   "albanil"]
    roles = result.roles.set_index("column")
    options = [c for c in roles.index if c.startswith("experiencia/ocupaciones/")]
    assert len(options) == 3
    assert (roles.loc[options, "role"] == "occupations").all()
    assert roles.loc[options, "used"].all()
    assert "selección múltiple de KoboToolbox" in roles.loc[options[0], "why"]
    # They agree: nothing reported about the options.
    assert not result.corrections["interpretation"].str.contains("columnas 0/1").any()


def test_option_columns_with_labels_and_no_cell_are_the_answer(tmp_path):
    rows = [_person("K1", **{"Oficios/Operador de montacargas": 1, "Oficios/Empacador": 1,
                             "Oficios/Albañil": 0}),
            _person("K2", **{"Oficios/Operador de montacargas": 0, "Oficios/Empacador": 0,
                             "Oficios/Albañil": 1}),
            _person("K3", **{"Oficios/Operador de montacargas": 0, "Oficios/Empacador": 0,
                             "Oficios/Albañil": 0})]
    result = read_returnees(_write(tmp_path, rows), errors="report")
    _reconciles(result, 3)
    assert result.data["occupations"].tolist() == [
        "Operador de montacargas; Empacador", "Albañil", ""]
    roles = result.roles.set_index("column")
    assert (roles.loc[["Oficios/Operador de montacargas", "Oficios/Empacador",
                       "Oficios/Albañil"], "role"] == "occupations").all()
    said = result.corrections
    several = said[said["row"] == 2]
    assert several["column"].tolist() == ["Oficios"]  # the question, as a person reads it
    assert "como varias ocupaciones: Operador de montacargas | Empacador" in (
        several["interpretation"].iloc[0])


def test_interest_options_only_give_every_interest(tmp_path):
    rows = [_person("K1", **{"intereses/empleo": 1, "intereses/formacion": 1,
                             "intereses/emprendimiento": 0}),
            _person("K2", **{"intereses/empleo": 0, "intereses/formacion": 0,
                             "intereses/emprendimiento": 1})]
    result = read_returnees(_write(tmp_path, rows), errors="report")
    _reconciles(result, 2)
    assert result.data["interests"].tolist() == ["employment;training", "entrepreneurship"]
    assert result.data["interest"].tolist() == ["employment", "entrepreneurship"]


def test_cell_and_options_that_disagree_are_reported_and_joined(tmp_path):
    rows = [_person("K1", **{"intereses": "empleo", "intereses/empleo": 1,
                             "intereses/formacion": 1}),
            _person("K2", **{"intereses": "empleo formacion", "intereses/empleo": 1,
                             "intereses/formacion": 0}),
            _person("K3", **{"intereses": "formacion", "intereses/empleo": 0,
                             "intereses/formacion": 1})]
    result = read_returnees(_write(tmp_path, rows), errors="report")
    _reconciles(result, 3)
    assert result.data["interests"].tolist() == ["employment;training",
                                                 "employment;training", "training"]
    said = result.corrections
    said = said[said["interpretation"].str.contains("columnas 0/1")]
    assert said["row"].tolist() == [2, 3]
    assert said["column"].unique().tolist() == ["intereses"]
    assert said["interpretation"].iloc[0] == (
        "«intereses» dice «empleo» pero sus columnas 0/1 marcan «empleo / formacion»: "
        "se usan las dos (revise el envío)")


def test_columns_under_one_question_that_are_not_marks_are_no_group():
    frame = pd.DataFrame({"hogar/personas": ["3", "5"], "hogar/cuartos": ["1", "2"],
                          "oficios/albanil": ["1", "0"]})  # one column is no group
    assert find_groups(frame, lambda q: "occupations") == {}


def test_gathered_and_disagreement_per_row():
    frame = pd.DataFrame({"o/albanil": ["1", "0", None, "1"],
                          "o/operador_montacargas": ["1", "1", None, "0"]})
    group = OptionGroup("o", ("o/albanil", "o/operador_montacargas"))
    assert gathered(frame, "occupations", group).tolist() == [
        "albanil; operador_montacargas", "operador_montacargas", "", "albanil"]
    cells = pd.Series(["albanil operador_montacargas", "operador montacargas", "tejedor",
                       "albanil tejedor"])
    assert disagreement(cells, frame, group).tolist() == [False, False, False, False]
    assert disagreement(pd.Series(["albanil"] * 4), frame, group).tolist() == [
        True, True, False, False]


# ------------------------------------------------- «otro» answered in a text question

def test_other_option_takes_the_text_question(tmp_path):
    rows = [_person("K1", **{"experiencia/ocupaciones": "cocinero otro",
                             "experiencia/ocupacion_otra": "body shop"}),
            _person("K2", **{"experiencia/ocupaciones": "otro",
                             "experiencia/ocupacion_otra": "cortador de caña"}),
            _person("K3", **{"experiencia/ocupaciones": "albanil carpintero",
                             "experiencia/ocupacion_otra": ""})]
    result = read_returnees(_write(tmp_path, rows), errors="report")
    _reconciles(result, 3)
    assert result.data["occupations"].tolist() == [
        "cocinero; body shop", "cortador de caña", "albanil; carpintero"]
    roles = result.roles.set_index("column")
    assert roles.loc["experiencia/ocupacion_otra", "used"]
    said = result.corrections
    assert ("«otro» en «experiencia/ocupaciones»: la ocupación está en "
            "«experiencia/ocupacion_otra»: «body shop»") in said.loc[
        said["row"] == 2, "interpretation"].tolist()


@pytest.mark.parametrize(("other_header", "used"), [
    ("work/occupations_other", True),    # English names
    ("otros/ocupacion_otra", False),     # another group: not this question's
])
def test_other_column_variants(tmp_path, other_header, used):
    question = "work/occupations"
    rows = [_person("K1", **{question: "cook other", other_header: "body shop"}),
            _person("K2", **{question: "other", other_header: ""})]
    result = read_returnees(_write(tmp_path, rows), errors="report")
    _reconciles(result, 2)
    first = result.data["occupations"].iloc[0]
    assert (first == "cook; body shop") if used else ("body shop" not in first)
    # Without a text, «other» stays and is said not understood, never dropped silently.
    assert "other" in result.data["occupations"].iloc[1]


def test_options_missing_from_a_cell_of_choice_names_join_its_list(tmp_path):
    rows = [_person("K1", **{"experiencia/ocupaciones": "albanil carpintero",
                             "experiencia/ocupaciones/albanil": 1,
                             "experiencia/ocupaciones/carpintero": 1,
                             "experiencia/ocupaciones/empacador": 1})]
    result = read_returnees(_write(tmp_path, rows), errors="report")
    _reconciles(result, 1)
    assert result.data["occupations"].tolist() == ["albanil; carpintero; empacador"]
    said = result.corrections["interpretation"].tolist()
    assert ("«experiencia/ocupaciones» dice «albanil carpintero» pero sus columnas 0/1 "
            "marcan «albanil; carpintero; empacador»: se usan las dos (revise el envío)"
            ) in said
