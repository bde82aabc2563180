"""One fuzzy vocabulary matcher for every controlled list (issue 22, part 5)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oportumap import vocabulary
from oportumap.vocabulary import (
    INTEREST,
    KIND,
    STATUS,
    YES_NO,
    Vocabulary,
    department_vocabulary,
    match,
)


def codes(values, vocab=STATUS, **kw):
    return match(pd.Series(values, dtype="object"), vocab, **kw).values.tolist()


# --------------------------------------------------------------------------- statuses

#: What the issue measured as misread (170 of 193) and what a person reads in them.
ISSUE_STATES = {
    "rechazo": "rejected", "inscirto": "enrolled", "contatado": "contacted",
    "asistió al curso": "attended", "caso cerrado": "closed",
    "inicio emprendimiento": "business_started", "emprendimiento": "business_started",
    "Cerrada": "closed", "COLOCADA": "placed", "Inscrita": "enrolled",
}


@pytest.mark.parametrize("written, code", ISSUE_STATES.items())
def test_states_people_type(written, code):
    assert codes([written]) == [code]


@pytest.mark.parametrize("written, code", [
    # variants nobody named: typos, feminine forms, phrases, English, punctuation
    ("inscirta", "enrolled"), ("contatada", "contacted"), ("colcoado", "placed"),
    ("certifcado", "certified"), ("rechasado", "rejected"), ("Certificada", "certified"),
    ("Referida", "referred"), ("asistio a la capacitacion", "attended"),
    ("expediente cerrado", "closed"), ("inició su emprendimiento", "business_started"),
    ("rechazó la plaza", "rejected"), ("no se presentó a la entrevista", "no_show"),
    ("Placed", "placed"), ("No-show", "no_show"), ("  contactado.  ", "contacted"),
    ("contratada", "placed"), ("inscrito en el curso", "enrolled"),
])
def test_variants_of_states(written, code):
    assert codes([written]) == [code]


@pytest.mark.parametrize("written", ["contactado?", "¿colocado?", "inscrito ?", "Cerrado??"])
def test_a_trailing_question_mark_is_doubt_reported_not_accepted(written):
    r = match(pd.Series([written]), STATUS, column="Estado")
    assert r.values.tolist() == [None]
    assert "lleva «?» (duda)" in r.problems[0]
    (asked,) = r.interpretations
    assert asked.question and asked.value == written.strip() and asked.column == "Estado"


def test_negation_is_never_crossed():
    assert codes(["no se presentó", "no se presento a la cita", "No asistió"]) == [
        "no_show"] * 3
    # 'se presentó' is one edit-distance-ish from 'no se presentó' but means the opposite
    assert codes(["se presentó", "se presento a la cita"]) == [None, None]


@pytest.mark.parametrize("written, negated", [
    ("no contactado", "Contactado"), ("no inscrito", "Inscrito"), ("No colocada", "Colocado")])
def test_negated_state_without_opposite_is_a_question(written, negated):
    r = match(pd.Series([written]), STATUS, column="Estado")
    assert r.values.tolist() == [None]
    assert r.problems[0].startswith(f"«{written}»: es la negación de «{negated}»")
    assert r.interpretations[0].question


@pytest.mark.parametrize("written", ["contactado y colocado", "inscrito, certificado"])
def test_two_states_in_one_cell_is_a_question(written):
    r = match(pd.Series([written]), STATUS)
    assert r.values.tolist() == [None] and "más de un estado" in r.problems[0]


@pytest.mark.parametrize("written", ["pendiente", "no contesta el teléfono", "2", "ok",
                                     "llamar el lunes", "xyz"])
def test_what_is_not_a_state_is_rejected_with_the_list(written):
    r = match(pd.Series([written]), STATUS)
    assert r.values.tolist() == [None]
    assert r.problems[0] == (
        f"estado desconocido: «{written}» no es ninguno de los estados de la lista (no se "
        "adivina); use: "
        "Referido, Contactado, Inscrito, Asistió, Certificado, Colocado, Emprendimiento "
        "iniciado, No se presentó, Rechazado, Cerrado")


def test_every_interpretation_is_reported_once_per_value_with_its_rows():
    r = match(pd.Series(["Colocada", "Colocada", "inscirto", "Colocado", "", "contactado?"]),
              STATUS, column="Estado")
    said = {i.value: i for i in r.interpretations}
    assert said["Colocada"].meaning == "Colocado (femenino)" and said["Colocada"].rows == 2
    assert said["inscirto"].meaning == "Inscrito (error de tecleo: parecido a «inscrito»)"
    assert "Colocado" not in said and "" not in said  # written as the label: nothing to say
    assert said["contactado?"].question
    assert r.values.tolist() == ["placed", "placed", "enrolled", "placed", "", None]


def test_equidistant_typo_is_not_guessed():
    # 'contatado' is one letter from both words: with both in the official list, no guess.
    both = Vocabulary("vocab.what.status", {"contacted": ("contactado",),
                                            "placed": ("contratado",)})
    assert codes(["contatado"], both) == [None]
    assert codes(["contactado", "contratado"], both) == ["contacted", "placed"]


def test_exact_synonym_beats_a_closer_fuzzy_label():
    # 'contratado' (hired) is an exact phrase for Colocado though it is 90 % like Contactado
    assert codes(["contratado"]) == ["placed"]


def test_a_word_cannot_mean_two_codes():
    with pytest.raises(ValueError, match="means both"):
        STATUS.extended({"placed": ["cerrado"]}).lookup  # noqa: B018
    extended = STATUS.extended({"placed": ["logró trabajo"]})
    assert codes(["logro trabajo"], extended) == ["placed"]


def test_english_messages_and_labels():
    r = match(pd.Series(["pendiente", "Colocada"]), STATUS, lang="en")
    assert r.problems[0].startswith(
        "unknown status: 'pendiente' is none of the states in the list")
    assert r.interpretations[0].meaning == "Placed (feminine form)"


# --------------------------------------------------------------------------- other lists


@pytest.mark.parametrize("written, code", [
    ("Trabajo", "employment"), ("Job placement", "employment"), ("Curso", "training"),
    ("Capacitación", "training"), ("aprender un oficio", "training"),
    ("Vocational training", "training"), ("Negocio propio", "entrepreneurship"),
    ("Capital semilla", "entrepreneurship"), ("Start a business", "entrepreneurship"),
    ("Self-employment", "entrepreneurship"), ("NINGUNO", ""), ("emprendimeinto",
                                                                "entrepreneurship"),
])
def test_interest(written, code):
    assert codes([written], INTEREST) == [code]


@pytest.mark.parametrize("written, code", [
    ("Vacante de empleo", "vacancy"), ("Curso de formación", "training"),
    ("Certificación de competencias", "certification"),
    ("Programa de emprendimiento", "entrepreneurship"),
    ("Servicio de apoyo (psicosocial o documentos)", "service"), ("vacnate", "vacancy"),
])
def test_kinds_of_opportunity(written, code):
    assert codes([written], KIND) == [code]


@pytest.mark.parametrize("written", ["no quiere trabajar", "no le interesa el curso",
                                     "sin interés en negocio propio"])
def test_a_negated_interest_is_a_question(written):
    r = match(pd.Series([written]), INTEREST)
    assert r.values.tolist() == [None] and "negación" in r.problems[0]


def test_yes_no_negation_has_an_opposite():
    assert codes(["no requiere", "no firmó", "sí requiere"], YES_NO) == ["no", "no", "yes"]


def test_departments_and_their_abbreviations():
    from oportumap.geography import get_country

    names = get_country("GT").dept_names
    dv = department_vocabulary(names, {"12": ["S.M.", "SM"], "13": ["Huehue"],
                                       "16": ["A.V."], "15": ["B.V."], "08": ["Toto"]})
    r = match(pd.Series(["S.M.", "SM", "HUEHUE", "El Quiché", "QUICHE", "A.V.", "Toto",
                         "Huehuetenago", "Guatemala Dept.", "A.V. / B.V."]), dv,
              column="Depto.")
    assert r.values.tolist() == ["12", "12", "13", "14", "14", "16", "08", "13", "01", None]
    assert r.interpretations[-1].question  # two departments in one cell


# --------------------------------------------------------------------------- properties

WORDS = sorted(STATUS.lookup)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(WORDS), st.integers(0, 3), st.sampled_from(list("abcdeinorst ")),
       st.integers(0, 20))
def test_fuzzy_never_beats_an_exact_match(word, edit, letter, where):
    """Whatever a typo turns a word into, if that is a word of the table it is read as that
    word's code (never fuzzily as another code)."""
    where = min(where, len(word))
    typo = [word, word[:where] + letter + word[where:], word[:where] + word[where + 1:],
            word[:where] + letter + word[where + 1:]][edit]
    reading = match(pd.Series([typo]), STATUS)
    got = reading.values[0]
    key = vocabulary.matcher.normalize_text(typo)
    guessed = any("error de tecleo" in i.meaning for i in reading.interpretations)
    if key in STATUS.lookup:
        assert got == STATUS.lookup[key] and not guessed
    elif guessed and " " not in key:  # a guess must be the clear winner: none is as close
        from rapidfuzz.distance import Levenshtein

        mine = min(Levenshtein.distance(key, w) for w, c in STATUS.fuzzy_pool.items()
                   if c == got)
        others = [Levenshtein.distance(key, w) for w, c in STATUS.fuzzy_pool.items()
                  if c != got]
        assert not others or mine < min(others)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["", "N/D"]), min_size=1, max_size=10))
def test_states_read_write_read_unchanged(cells):
    first = match(pd.Series(cells), STATUS)
    shown = first.values.map(lambda c: STATUS.label(c) if c else c)
    again = match(shown, STATUS)
    assert again.values.tolist() == first.values.tolist()
    assert not [i for i in again.interpretations if not i.question]  # labels need no words


def test_each_distinct_value_is_matched_once(monkeypatch):
    calls = []
    real = vocabulary.matcher._match_one
    monkeypatch.setattr(vocabulary.matcher, "_match_one",
                        lambda v, *a: calls.append(v) or real(v, *a))
    column = pd.Series(np.tile(["Colocada", "inscirto", "", "pendiente"], 250_000))
    r = match(column, STATUS)
    assert len(calls) == 4 and len(r.values) == 1_000_000
    assert (r.values == "placed").sum() == 250_000 and r.problems.notna().sum() == 250_000


# --------------------------------------------------------------------------- corpus


def _corpus() -> Path | None:
    for candidate in (os.environ.get("OPORTUMAP_CORPUS"),
                      Path(__file__).resolve().parents[2] / "shared" / "corpus",
                      Path(__file__).resolve().parents[3] / "shared" / "corpus"):
        if candidate and (Path(candidate) / "seguimiento_coordinadores").is_dir():
            return Path(candidate)
    return None


@pytest.mark.skipif(_corpus() is None, reason="the office corpus (../shared/corpus) is absent")
def test_every_hand_typed_state_of_the_coordinators_is_understood_as_the_readme_says():
    from oportumap.tracking.importer import read_status_file

    folder = _corpus() / "seguimiento_coordinadores"
    expected = pd.read_csv(_corpus() / "_esperado" / "seguimiento_coordinadores" /
                           "seguimiento.csv", dtype=str).fillna("")
    frames = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".xlsx", ".csv"):
            rows, _ = read_status_file(path)
            frames.append(rows.assign(archivo=path.name))
    read = pd.concat(frames, ignore_index=True)
    read["hoja"] = read["sheet"].fillna("").astype(str)
    read["fila"] = read["row"].astype(str)
    both = expected.merge(read, on=["archivo", "hoja", "fila"])
    written = both[both["status"].fillna("").astype(str).str.strip() != ""]
    labels = {STATUS.label(c): c for c in STATUS.codes}
    want = [None if problem == "Estado" else labels[state]
            for state, problem in zip(written["estado"], written["columna_problema"],
                                      strict=True)]
    got = match(written["status"], STATUS).values.tolist()
    understood = sum(g == w for g, w in zip(got, want, strict=True))
    assert (understood, len(written)) == (52, 52)


@pytest.mark.parametrize(("vocab", "written", "said"), [
    (STATUS, "pendiente", "estado desconocido: «pendiente» no es ninguno de los estados de "
     "la lista (no se adivina)"),
    (INTEREST, "viajar", "interés desconocido: «viajar» no es ninguno de los intereses de la "
     "lista (no se adivina)"),
    (YES_NO, "quizás", "sí/no desconocido: «quizás» no es ni sí ni no (no se adivina)"),
    (KIND, "rifa", "tipo de oportunidad desconocido: «rifa» no es ninguno de los tipos de "
     "oportunidad de la lista (no se adivina)"),
])
def test_an_unknown_value_names_the_list_it_is_not_in(vocab, written, said):
    assert match(pd.Series([written]), vocab).problems[0].startswith(said)


def test_a_vocabulary_whose_list_has_no_name_says_the_list():
    # a vocabulary named by any word of the table, without its own «de los … de la lista»
    colours = Vocabulary("col.population", {"red": ("rojo",)},
                         labels={"red": ("Rojo", "Red")})
    assert match(pd.Series(["azul"]), colours).problems[0].startswith(
        "Población desconocido: «azul» no es ninguno de la lista (no se adivina)")
