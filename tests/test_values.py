"""Values read as offices write them: numbers with units, yes/no, sex codes (issue 22, part 4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oportumap.values import (
    format_numbers,
    format_sex,
    format_yes_no,
    read_numbers,
    read_sex,
    read_yes_no,
)


def nums(values, **kw):
    return read_numbers(pd.Series(values, dtype="object"), **kw)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("written, expected", [
    ("34 años", 34), ("35 años", 35), ("34a", 34), ("2 plazas", 2), ("1 plaza", 1),
    ("12 evaluaciones", 12), ("40 (temporada)", 40), ("10+", 10), ("Q 1,500", 1500),
    ("Q1,500.00", 1500), ("US$ 1,500.00", 1500), ("$ 300", 300), ("L. 2,000", 2000),
    ("5 mil", 5000), ("1,500,000", 1_500_000), ("-91.45578", -91.45578), (" 7 ", 7),
    (12, 12), (3.5, 3.5),
])
def test_numbers_with_units_currency_and_words(written, expected):
    r = nums([written], column="Edad")
    assert r.values.tolist() == [expected]
    assert r.problems.tolist() == [None]


def test_units_are_reported_with_how_many_rows():
    r = nums(["34 años", "35 años", "35 años", "2 plazas", "Q 1,500", "41"], column="X")
    said = {i.meaning: i for i in r.interpretations}
    unit = said["34 (sin la unidad o la nota)"]
    assert unit.rows == 4 and unit.value == "34 años (y 2 más)" and unit.column == "X"
    assert said["1500 (sin el símbolo de moneda)"].rows == 1
    assert "41" not in " ".join(i.value for i in r.interpretations)


def test_decimal_comma_decided_by_the_column():
    # '15,32145' can only be a decimal comma: the column's '1,500' is then 1.5 too.
    r = nums(["15,32145", "-91,45578", "1,500"], column="LATITUD")
    assert r.values.tolist() == [15.32145, -91.45578, 1.5]
    assert any("coma decimal" in i.meaning for i in r.interpretations)


def test_european_grouping_in_a_comma_column():
    r = nums(["1.500,50", "2.000", "3,5"])
    assert r.values.tolist() == [1500.5, 2000.0, 3.5]


def test_point_column_reads_grouping_commas():
    r = nums(["1,500", "2,250.75", "300"])
    assert r.values.tolist() == [1500.0, 2250.75, 300.0]


def test_a_column_mixing_both_marks_is_a_question():
    r = nums(["1.500,50", "2,5", "1,500.00"], column="Monto")
    assert r.values.tolist() == [1500.5, 2.5, 1500.0]  # each self-evident value as written
    assert [i for i in r.interpretations if i.question]


def test_integer_columns_read_points_as_grouping_and_reject_fractions():
    r = nums(["1.500", "2,5", "3"], integer=True, column="Plazas")
    assert r.values.tolist()[0] == 1500 and np.isnan(r.values[1]) and r.values[2] == 3
    assert r.problems[1] == "se espera un número entero"


@pytest.mark.parametrize("written, reason", [
    ("2 a 3", "dos números en una celda; escriba uno solo"),
    ("10-15 personas", "dos números en una celda; escriba uno solo"),
    ("EEUU 3 años", "no es un número; escriba solo la cifra (p. ej. 34)"),
    ("treinta", "no es un número; escriba solo la cifra (p. ej. 34)"),
    ("1.2.3", "no es un número; escriba solo la cifra (p. ej. 34)"),
    (True, "no es un número; escriba solo la cifra (p. ej. 34)"),
])
def test_numbers_that_cannot_be_read_are_rejected(written, reason):
    r = nums([written, "4"])
    assert np.isnan(r.values[0]) and r.values[1] == 4
    assert r.problems.tolist() == [reason, None]


@pytest.mark.parametrize("blank", ["", None, "N/D", "sin dato", "-", "no sabe", np.nan])
def test_blank_and_no_data_are_unknown_not_errors(blank):
    r = nums([blank])
    assert np.isnan(r.values[0]) and r.problems[0] is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(-10**9, 10**9),
                          st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 4))),
                min_size=1, max_size=10))
def test_numbers_read_write_read_unchanged(values):
    series = pd.Series(values, dtype="float64")
    first = read_numbers(format_numbers(series))
    assert first.problems.isna().all()
    np.testing.assert_allclose(first.values.to_numpy(), series.to_numpy(), rtol=1e-12)
    again = read_numbers(format_numbers(first.values))
    assert again.values.equals(first.values)


# --------------------------------------------------------------------------- yes / no

YES = ["Sí", "Si", "S", "X", "✓", "✔", "1", "TRUE", "Yes", "Y", "si tiene", "SÍ TIENE",
       "Firmado", "requiere", "verdadero"]
NO = ["No", "N", "✗", "❌", "0", "FALSE", "no cuenta", "no tiene", "No requiere", "Ninguna",
      "falso"]


def test_yes_and_no_words():
    r = read_yes_no(pd.Series(YES + NO), column="DPI (S/N)")
    assert r.values.tolist() == [True] * len(YES) + [False] * len(NO)
    assert r.problems.isna().all()
    said = {i.value: i.meaning for i in r.interpretations}
    assert said["X"].startswith("Sí") and said["no cuenta"].startswith("No")


@pytest.mark.parametrize("written", ["pendiente", "2", "lo va a pensar", "quizás", "tal vez"])
def test_anything_else_is_rejected_never_guessed(written):
    r = read_yes_no(pd.Series([written, "sí"]), column="Consentimiento")
    assert r.values.isna().tolist() == [True, False]
    assert r.problems[0].startswith(f"sí/no desconocido: «{written}»")


@pytest.mark.parametrize("written", ["En trámite", "en tramite", "Vencido"])
def test_a_document_in_process_is_not_yet_held(written):
    assert read_yes_no(pd.Series([written]), document=True).values.tolist() == [False]
    # Outside an ID-document column the same words are not a yes/no.
    assert read_yes_no(pd.Series([written])).problems[0] is not None


@pytest.mark.parametrize("blank", ["", "N/D", "Unknown", "no sabe", None])
def test_yes_no_blank_and_unknown(blank):
    r = read_yes_no(pd.Series([blank], dtype="object"))
    assert r.values.isna().all() and r.problems.isna().all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(YES + NO + ["", "N/D"]), min_size=1, max_size=12))
def test_yes_no_read_write_read_unchanged(cells):
    first = read_yes_no(pd.Series(cells))
    again = read_yes_no(format_yes_no(first.values))
    assert again.values.equals(first.values)


# --------------------------------------------------------------------------- sex


def test_h_m_office_keeps_its_six_women():
    column = pd.Series(["H"] * 4 + ["M"] * 6)
    r = read_sex(column, column="Sexo")
    assert r.values.tolist() == ["M"] * 4 + ["F"] * 6
    said = {i.value: i for i in r.interpretations}
    assert said["M"].meaning == "mujer (la columna usa H/M: hombre/mujer)"
    assert said["M"].rows == 6 and not said["M"].question


@pytest.mark.parametrize("letters, m_means", [
    (["h", "m"], "F"), (["V", "M"], "F"), (["M", "F"], "M"), (["m", "f", "F"], "M")])
def test_the_letter_m_is_decided_by_the_column(letters, m_means):
    r = read_sex(pd.Series(letters))
    assert r.values[[i for i, v in enumerate(letters) if v.lower() == "m"][0]] == m_means


@pytest.mark.parametrize("column", [["M", "M"], ["M", "H", "F"], ["M", "mujer"]])
def test_undecided_m_is_a_question_never_a_guess(column):
    r = read_sex(pd.Series(column), column="Sexo")
    m_rows = [i for i, v in enumerate(column) if v == "M"]
    assert all(r.values[i] is None for i in m_rows)
    questions = [i for i in r.interpretations if i.question]
    assert len(questions) == 1 and questions[0].value == "M"
    assert questions[0].rows == len(m_rows)
    assert r.problems.isna().all()


@pytest.mark.parametrize("written, code", [
    ("Masc.", "M"), ("Fem.", "F"), ("MUJER", "F"), ("hombre", "M"), ("Female", "F"),
    ("Male", "M"), ("Femenino", "F"), ("Masculino", "M"), ("varón", "M")])
def test_sex_words_are_never_ambiguous(written, code):
    assert read_sex(pd.Series([written, "M"])).values[0] == code


def test_unknown_sex_value_is_rejected_with_what_to_write():
    r = read_sex(pd.Series(["X", "mujer", "", "N/D"]))
    assert r.problems.tolist() == ["sexo no reconocido; use mujer/hombre, F/M o H/M", None,
                                   None, None]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["H", "M", "mujer", "Masc.", "Fem.", "", "hombre"]),
                min_size=1, max_size=12))
def test_sex_read_write_read_unchanged(cells):
    first = read_sex(pd.Series(cells))
    again = read_sex(format_sex(first.values))
    assert again.values.tolist() == first.values.tolist()
