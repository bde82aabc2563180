"""The shortcuts that make a million rows fast say to a person what the long way said.

Issue 22 (speed): repeated IDs found on integer codes, a file without coordinate columns
not read cell by cell, a text file's rows not searched for sheet names. Each variant below
is one nobody wrote in a bug report; each asserts what a planner reads.
"""

from __future__ import annotations

import pandas as pd
import pytest

from oportumap import read_opportunities, read_returnees


def _reconciled(result, rows: int):
    accepted, rejected = result
    assert len(accepted) + len(rejected) == rows
    return accepted, rejected


def test_an_id_written_three_times_is_rejected_twice_naming_the_first_row(write):
    path = write("retornados.csv", "id;municipio\nA;Mixco\nB;Cobán\nA;Cobán\n;Mixco\nA;Sololá\n")
    accepted, rejected = _reconciled(read_returnees(path, errors="report"), 5)
    assert accepted["returnee_id"].tolist() == ["A", "B"]
    assert rejected["row"].tolist() == [4, 5, 6]
    reasons = rejected.set_index("row")["reason"]
    assert "ID repetido (aparece antes en la fila 2)" in reasons[4]
    assert "ID repetido (aparece antes en la fila 2)" in reasons[6]
    assert "falta el identificador" in reasons[5]  # blank: missing, not repeated
    assert "repetido" not in reasons[5]


def test_two_blank_ids_are_missing_not_repeated(write):
    path = write("retornados.csv", "id;municipio\n;Mixco\n;Cobán\nC;Sololá\n")
    accepted, rejected = _reconciled(read_returnees(path, errors="report"), 3)
    assert accepted["returnee_id"].tolist() == ["C"]
    assert rejected["reason"].str.contains("falta el identificador").all()
    assert not rejected["reason"].str.contains("repetido").any()


@pytest.mark.parametrize("coordinates", ["", ";latitud;longitud"])
def test_no_coordinate_columns_reads_like_blank_coordinate_columns(write, coordinates):
    blank = ";;" if coordinates else ""
    path = write("retornados.csv", f"id;municipio{coordinates}\nR1;Cobán{blank}\n"
                                   f"R2;Xyz{blank}\n")
    accepted, rejected = _reconciled(read_returnees(path, errors="report"), 2)
    assert accepted["muni_code"].tolist() == ["1601"]
    assert accepted[["lat", "lon"]].isna().all().all()  # no point: none invented
    assert rejected["column"].tolist() == ["municipio"]
    assert "desconocido" in rejected["reason"].iloc[0]


def test_offers_placed_by_name_say_so_with_or_without_coordinate_columns(write):
    without = read_opportunities(write("a.csv", "id,puesto,plazas,municipio\n"
                                                "V1,Albañil,3,Cobán\n"), kind="vacancy")
    blank = read_opportunities(write("b.csv", "id,puesto,plazas,municipio,latitud,"
                                              "longitud\nV1,Albañil,3,Cobán,,\n"),
                               kind="vacancy")
    pd.testing.assert_frame_equal(without, blank)
    assert without["location_source"].tolist() == ["municipality"]
    assert without["muni_code"].tolist() == ["1601"]


def test_a_text_file_names_no_sheet_in_its_column_table(write):
    result = read_returnees(write("retornados.csv", "id;municipio\nR1;Cobán\n"),
                            errors="report")
    assert set(result.roles["sheet"]) == {""}
    assert result.rejected.empty


def test_missing_yes_no_and_interest_columns_read_like_blank_ones(write):
    absent = read_returnees(write("a.csv", "id;municipio;consentimiento\nR1;Cobán;sí\n"
                                           "R2;Mixco;no\n"), errors="report")
    blank = read_returnees(write("b.csv", "id;municipio;consentimiento;interés;tiene dpi;"
                                          "atención psicosocial;experiencia en el extranjero\n"
                                          "R1;Cobán;sí;;;;\nR2;Mixco;no;;;;\n"),
                           errors="report")
    columns = ["interest", "has_id_document", "needs_psychosocial", "experience_abroad"]
    pd.testing.assert_frame_equal(absent.data[columns], blank.data[columns])
    assert absent.data["interest"].tolist() == [None, None]
    assert absent.data["has_id_document"].isna().all()  # unknown, never «no»
    assert absent.data["consent"].tolist() == [True, False]
    assert absent.rejected.empty
    assert absent.interpretations == blank.interpretations  # only consent's «sí»/«no»
    assert {i.column for i in absent.interpretations} == {"consentimiento"}


def test_a_row_with_several_problems_lists_each_column_value_and_reason_once(write):
    path = write("retornados.csv", "id;municipio;edad;sexo;consentimiento\n"
                                   "R1;Cobán;200;x;quizás\nR2;;;;\nR3;Mixco;30;H;sí\n"
                                   "R3;Cobán;abc;H;sí\n")
    accepted, rejected = _reconciled(read_returnees(path, errors="report"), 4)
    assert accepted["returnee_id"].tolist() == ["R3"]
    by_row = rejected.set_index("row")
    assert by_row.loc[2, "column"] == "edad; sexo; consentimiento"
    assert by_row.loc[2, "value"] == "200; x; quizás"
    assert by_row.loc[2, "reason"].count("edad no válida") == 1
    assert by_row.loc[3, "column"] == "municipio" and by_row.loc[3, "value"] == ""
    assert by_row.loc[5, "column"] == "id; edad"  # a repeated ID and an unreadable age
    assert by_row.loc[5, "value"] == "R3; abc"
    assert "ID repetido (aparece antes en la fila 4)" in by_row.loc[5, "reason"]
