"""Columns understood by what they hold, values that name several things, and conflicts
that name both columns (issue 22, part 1; the Guatemalan corpus folders' failures, each
with variants nobody named).

Every reading asserts counts that reconcile (accepted + rejected = rows), what the
reading says it understood, and the Spanish message a person reads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from oportumap.files import RawTable
from oportumap.loaders import read_opportunities, read_returnees
from oportumap.loaders.roles import decide_roles
from oportumap.referrals.pathway import STAGES, classify_services, stage_flags
from oportumap.schema import RETURNEE_COLUMNS, interests_of

WANTED = [*RETURNEE_COLUMNS, "municipio", "departamento", "phone"]


def reconcile(result, rows: int):
    assert len(result.data) + len(result.rejected) == result.rows_read == rows
    return result.data, result.rejected


def said(result, column: str) -> list[tuple[str, str]]:
    """(value, interpretation) the reading reports for a column, in row order."""
    c = result.corrections
    c = c[c["column"] == column]
    return list(zip(c["value"], c["interpretation"], strict=True))


def roles(result) -> pd.DataFrame:
    return result.roles.set_index("column")


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(("header", "role", "values"), [
    ("TIENE DUI (SI/NO)", "has_id_document", ["SI", "NO", "SI"]),
    ("PSICOSOCIAL (S/N)", "needs_psychosocial", ["S", "N", "S"]),
    ("¿Con cédula? (sí/no)", "has_id_document", ["sí", "no", "no"]),
])
def test_a_bracketed_code_list_leaves_the_header_its_words(tmp_path, header, role, values):
    # «(S/N)» is a list of codes, not a group path: the column is not the «N» correlative.
    path = tmp_path / "retornados.csv"
    rows = "\n".join(f"R{i};Mixco;{v}" for i, v in enumerate(values))
    path.write_text(f"CODIGO;MUNICIPIO;{header}\n{rows}\n", encoding="utf-8")
    result = read_returnees(path, errors="report")
    data, rejected = reconcile(result, 3)
    row = roles(result).loc[header]
    assert (row["role"], bool(row["used"])) == (role, True)
    assert data[role].tolist() == [v.lower().startswith("s") for v in values]
    assert rejected.empty


@pytest.mark.parametrize("pending", ["PENDIENTE", "por confirmar", "2"])
def test_a_word_that_does_not_say_yes_or_no_rejects_the_row_naming_the_column(tmp_path,
                                                                              pending):
    path = tmp_path / "retornados.csv"
    path.write_text(f"CODIGO;MUNICIPIO;DPI (S/N)\nR1;Mixco;S\nR2;Cobán;{pending}\n"
                    "R3;Sija;N\n", encoding="utf-8")
    data, rejected = reconcile(read_returnees(path, errors="report"), 3)
    assert data["has_id_document"].tolist() == [True, False]
    assert rejected[["row", "column", "value"]].values.tolist() == [[3, "DPI (S/N)", pending]]
    assert rejected["reason"].iloc[0].startswith(f"sí/no desconocido: «{pending}» no es")
    assert "use: Sí, No" in rejected["reason"].iloc[0]


# --------------------------------------------------------------------------- service types


@pytest.mark.parametrize(("written", "service"), [
    ("Registro civil", "id_document"), ("Cédula", "id_document"),
    ("Apoyo emocional", "psychosocial"), ("Psicología", "psychosocial"),
])
def test_a_kind_column_naming_a_service_type_gives_kind_and_type(tmp_path, written, service):
    path = tmp_path / "directorio.csv"
    path.write_text("Servicio,Tipo,Municipio,Cupos\n"
                    f"Atención,{written},Mixco,20\nCurso de cocina,Curso,Cobán,10\n",
                    encoding="utf-8")
    result = read_opportunities(path, errors="report")
    data, rejected = reconcile(result, 2)
    assert rejected.empty
    assert data["kind"].tolist() == ["service", "training"]
    assert classify_services(data).tolist() == [service, ""]
    label = {"id_document": "Documento de identidad",
             "psychosocial": "Atención psicosocial"}[service]
    assert (written, f"servicio de tipo «{label}» (el tipo escrito dice qué necesidad "
            "atiende)") in said(result, "Tipo")


def test_a_type_naming_two_needs_is_a_service_whose_need_comes_from_its_name(tmp_path):
    path = tmp_path / "directorio.csv"
    path.write_text("Servicio,Tipo,Municipio,Cupos\n"
                    "Reposición de DPI,Apoyo (psicosocial o documentos),Mixco,20\n"
                    "Escucha,Orientación legal,Cobán,5\n", encoding="utf-8")
    data, rejected = reconcile(read_opportunities(path, errors="report"), 2)
    # «Orientación legal» is no kind and no service type: refused with the list of kinds.
    assert data["kind"].tolist() == ["service"]
    assert classify_services(data).tolist() == ["id_document"]  # from «DPI» in the title
    assert rejected[["row", "column"]].values.tolist() == [[3, "Tipo"]]
    assert "tipo de oportunidad desconocido: «Orientación legal»" in rejected["reason"].iloc[0]


# --------------------------------------------------------------------------- interests


@pytest.mark.parametrize(("written", "codes", "words"), [
    ("Trabajo y curso", "employment;training", "Empleo / Formación"),
    ("negocio, empleo", "entrepreneurship;employment", "Emprendimiento / Empleo"),
    ("capacitación + trabajo", "training;employment", "Formación / Empleo"),
])
def test_several_interests_in_a_cell_are_all_kept_and_the_first_is_said(tmp_path, written,
                                                                        codes, words):
    path = tmp_path / "retornados.csv"
    path.write_text(f"id;municipio;interés\nR1;Mixco;{written}\nR2;Cobán;Empleo\nR3;Sija;\n",
                    encoding="utf-8")
    result = read_returnees(path, errors="report")
    data, rejected = reconcile(result, 3)
    assert rejected.empty
    assert data["interests"].tolist() == [codes, "employment", None]
    assert data["interest"].tolist() == [codes.split(";")[0], "employment", None]
    assert interests_of(data).tolist() == [codes, "employment", ""]
    first = words.split(" / ")[0]
    notes = [i.meaning for i in result.interpretations if i.value == written]
    assert notes == [f"varios: {words} (se guardan todos; donde cabe uno solo se toma el "
                     f"primero escrito: {first})"]


@pytest.mark.parametrize("written", ["no quiere negocio ni empleo", "empleo?"])
def test_a_negated_or_doubtful_list_of_interests_is_a_question(tmp_path, written):
    path = tmp_path / "retornados.csv"
    path.write_text(f"id;municipio;interés\nR1;Mixco;{written}\nR2;Cobán;curso\n",
                    encoding="utf-8")
    data, rejected = reconcile(read_returnees(path, errors="report"), 2)
    assert data["interests"].tolist() == ["training"]
    assert rejected[["row", "column", "value"]].values.tolist() == [[2, "interés", written]]


def test_a_person_wanting_a_job_and_a_course_enters_both_stages():
    interest = np.array(["employment", "entrepreneurship", "entrepreneurship"], dtype=object)
    interests = np.array(["employment;training", "entrepreneurship;employment", ""],
                         dtype=object)
    flags = stage_flags(needs_psychosocial=np.zeros(3, bool),
                        has_id_document=np.ones(3, bool), certifiable=np.zeros(3, bool),
                        has_occupation=np.ones(3, bool), interest=interest,
                        interests=interests)
    stages = [[s for s in STAGES if flags[s][i]] for i in range(3)]
    assert stages == [["training", "employment"], ["employment", "entrepreneurship"],
                      ["entrepreneurship"]]


# --------------------------------------------------------------------------- content


def test_a_column_of_trades_is_an_occupation_column_whatever_its_header(tmp_path):
    path = tmp_path / "registro.csv"
    path.write_text("Código,Vive en,Columna 7,Encargado\n"
                    "A1,Xela,albañil,Ana López\nA2,Mixco,cocinero,Luis Pop\n"
                    "A3,Cobán,mecánico automotriz,Ana López\nA4,Sija,ninguno,Marta Cux\n",
                    encoding="utf-8")
    result = read_returnees(path, errors="report")
    data, rejected = reconcile(result, 4)
    table = roles(result)
    assert table.loc["Columna 7", "role"] == "occupations"
    assert table.loc["Vive en", "role"] == "municipio"
    assert table.loc["Encargado", "role"] == "" and not table.loc["Encargado", "used"]
    for column in ("Columna 7", "Vive en"):
        assert table.loc[column, "confidence"] >= 0.6 and table.loc[column, "used"]
    assert table.loc["Columna 7", "why"] == (
        "sus valores son ocupaciones (100% de los valores distintos reconocidos)")
    assert data["muni_code"].tolist() == ["0901", "0108", "1601", "0904"]
    assert data["occupations"].tolist()[:3] == ["albañil", "cocinero", "mecánico automotriz"]
    assert rejected.empty


@pytest.mark.parametrize("header", ["Trabajo en USA", "Oficio en el extranjero",
                                    "Experiencia en EE.UU."])
def test_trades_under_a_work_abroad_header_are_occupations_and_experience_abroad(tmp_path,
                                                                                 header):
    path = tmp_path / "registro.csv"
    path.write_text(f"id,municipio,oficio,{header}\n"
                    "A1,Mixco,albañil,roofing\nA2,Mixco,,\"drywall, framing\"\n"
                    "A3,Cobán,cocinero,None\nA4,Cobán,,\n", encoding="utf-8")
    result = read_returnees(path, errors="report")
    data, rejected = reconcile(result, 4)
    assert roles(result).loc[header, "role"] == "occupations_abroad"
    assert data["occupations"].tolist() == ["albañil; roofing", "drywall; framing",
                                            "cocinero", ""]
    assert data["experience_abroad"].tolist() == [True, True, False, pd.NA]
    assert rejected.empty


@pytest.mark.parametrize("none", ["None", "Ninguna", "No"])
def test_a_yes_no_header_over_trades_reads_the_trades(tmp_path, none):
    # «US Work Experience» is a yes/no header; «Roofing; Framing» is no yes or no.
    path = tmp_path / "export.csv"
    path.write_text("Beneficiary ID,Municipality,US Work Experience\n"
                    "B1,Mixco,Roofing; Framing\nB2,Villa Nueva,Line cook\n"
                    f"B3,Palencia,{none}\nB4,Chinautla,Body shop\n", encoding="utf-8")
    result = read_returnees(path, errors="report")
    data, rejected = reconcile(result, 4)
    row = roles(result).loc["US Work Experience"]
    assert row["role"] == "occupations_abroad" and row["used"]
    assert row["why"].startswith("encabezado «US Work Experience»; sus valores no son de "
                                 "«Experiencia en el extranjero»")
    assert data["experience_abroad"].tolist() == [True, True, False, True]
    assert data["occupations"].tolist()[:2] == ["Roofing; Framing", "Line cook"]
    assert rejected.empty


# --------------------------------------------------------------------------- GPS


@pytest.mark.parametrize(("sep", "lat", "lon"), [
    (",", "0.000000", "0.000000"), (";", "0,000000", "0,000000"), (",", "0", "0")])
def test_gps_zero_zero_is_no_point_and_the_municipality_locates_the_row(tmp_path, sep,
                                                                         lat, lon):
    path = tmp_path / "retornados.csv"
    path.write_text(f"id{sep}municipio{sep}latitud{sep}longitud\n"
                    f"A{sep}Villa Nueva{sep}{lat}{sep}{lon}\n"
                    f"B{sep}Mixco{sep}{sep}\n", encoding="utf-8")
    result = read_returnees(path, errors="report")
    data, rejected = reconcile(result, 2)
    assert data["muni_code"].tolist() == ["0115", "0108"]
    assert data["lat"].isna().all() and rejected.empty
    assert said(result, "latitud") == [(
        "0, 0", "0, 0 = sin GPS (valor por defecto de la base de datos, no un punto en el "
        "golfo de Guinea): se usa el municipio")]


def test_a_point_far_from_the_municipality_names_both_columns(tmp_path):
    path = tmp_path / "retornados.csv"
    path.write_text("id,Municipio,Lat,Lon\nA,Escuintla,14.6349,-90.5069\n"
                    "B,Guatemala,14.6349,-90.5069\n", encoding="utf-8")
    data, rejected = reconcile(read_returnees(path, errors="report"), 2)
    assert data["muni_code"].tolist() == ["0101"]
    assert rejected[["row", "column"]].values.tolist() == [[2, "Municipio + Lat + Lon"]]
    assert rejected["reason"].iloc[0].startswith("el punto cae en Guatemala, Guatemala, a ")
    assert rejected["reason"].iloc[0].endswith("corrija el punto o el municipio")


@pytest.mark.parametrize(("code", "name"), [("GT1301", "Chiantla"), ("0108", "Cobán")])
def test_a_code_and_a_name_in_conflict_name_both_columns(tmp_path, code, name):
    path = tmp_path / "servicios.csv"
    path.write_text("Servicio,Municipio,Cód. municipio,Cupos\n"
                    f"Atención psicosocial,{name},{code},10\n", encoding="utf-8")
    data, rejected = reconcile(read_opportunities(path, errors="report"), 1)
    assert rejected[["column", "value"]].values.tolist() == [
        ["Cód. municipio + Municipio", f"{code} / {name}"]]
    assert rejected["reason"].iloc[0].endswith("; corrija uno de los dos")


# --------------------------------------------------------------------------- properties


def test_equal_claims_are_settled_by_the_header_not_by_position():
    frame = pd.DataFrame({"id": ["A", "B"], "Vive en": ["Xela", "Mixco"],
                          "Residencia": ["Cobán", "Sija"]})
    used = []
    for order in (["id", "Vive en", "Residencia"], ["Residencia", "id", "Vive en"]):
        table = decide_roles(RawTable(frame[order], "r.csv", 2), WANTED).table
        used.append(table.loc[table["used"] & (table["role"] == "municipio"), "column"]
                    .tolist())
    assert used[0] == used[1] == ["Residencia"]


@pytest.mark.parametrize(("municipio", "depto", "columns"), [
    ("Tacaná", "Huehuetenango", "Municipio + Depto"),   # exists, in San Marcos
    ("Chiantla", "Quetzaltenango", "Municipio + Depto"),  # exists, in Huehuetenango
    ("Chiantla", "Mordor", "Depto"),                     # no such department
])
def test_a_place_not_in_the_department_written_names_the_columns_at_fault(
        tmp_path, municipio, depto, columns):
    path = tmp_path / "retornados.csv"
    path.write_text(f"id,Municipio,Depto\nA,{municipio},{depto}\nB,Mixco,Guatemala\n",
                    encoding="utf-8")
    data, rejected = reconcile(read_returnees(path, errors="report"), 2)
    assert data["muni_code"].tolist() == ["0108"]
    assert rejected[["row", "column", "value"]].values.tolist() == [
        [2, columns, f"{municipio} / {depto}"]]


# --------------------------------------------------------------------------- KoboToolbox


@pytest.mark.parametrize(("header", "split"), [
    ("Ubicación GPS", False), ("hogar/ubicacion", True), ("grupo/punto", True)])
def test_a_whole_gps_point_in_one_cell_is_the_rows_point(tmp_path, header, split):
    more = ",hogar/_ubicacion_latitude,hogar/_ubicacion_longitude" if split else ""
    cells = [("14.6407 -90.5133 1500 5", "14.6407", "-90.5133"),
             ("15.47 -90.37 1320 4.5", "15.47", "-90.37"), ("", "", "")]
    rows = "\n".join(f"R{i},{p}" + (f",{a},{b}" if split else "")
                     for i, (p, a, b) in enumerate(cells))
    path = tmp_path / "retornados.csv"
    path.write_text(f"id,{header}{more}\n{rows}\n", encoding="utf-8")
    result = read_returnees(path, errors="report")
    data, rejected = reconcile(result, 3)
    assert data["muni_code"].tolist() == ["0101", "1601"]
    assert data["lat"].round(4).tolist() == [14.6407, 15.47]
    assert rejected[["row", "column"]].values.tolist() == [[4, header]]  # no location
    table = roles(result)
    assert table.loc[header, "role"] == "point" and table.loc[header, "used"]
    if split:
        repeat = table.loc["hogar/_ubicacion_latitude"]
        assert not repeat["used"]
        assert repeat["why"].endswith(f"repite el punto de la columna «{header}», que es el "
                                      "que se usa")


@pytest.mark.parametrize("header", ["meta/instanceID", "instanceID"])
def test_a_submission_received_twice_is_counted_once(tmp_path, header):
    path = tmp_path / "retornados.csv"
    path.write_text(f"codigo,municipio,{header}\nT1,Mixco,uuid:a\nT2,Cobán,uuid:b\n"
                    "T3,Sija,uuid:a\nT4,Sija,\nT5,Sija,\n", encoding="utf-8")
    data, rejected = reconcile(read_returnees(path, errors="report"), 5)
    assert data["returnee_id"].tolist() == ["T1", "T2", "T4", "T5"]
    assert rejected[["row", "column"]].values.tolist() == [[4, header]]
    assert rejected["reason"].iloc[0] == (
        f"envío duplicado: el mismo {header} que la fila 2 (KoboToolbox lo recibió dos "
        "veces); se cuenta una vez")


@pytest.mark.parametrize("refusal", ["no", "No acepta"])
def test_a_refused_interview_is_rejected_naming_consent(tmp_path, refusal):
    path = tmp_path / "retornados.csv"
    path.write_text(f"consentimiento,codigo,municipio\nsi,T1,Mixco\n{refusal},,\n"
                    f"{refusal},T3,Cobán\n", encoding="utf-8")
    data, rejected = reconcile(read_returnees(path, errors="report"), 3)
    # said no but gave the data: kept (never referred); said no and nothing else: rejected
    assert data["returnee_id"].tolist() == ["T1", "T3"]
    assert data["consent"].tolist() == [True, False]
    assert rejected["row"].tolist() == [3]
    assert "consentimiento" in rejected["column"].iloc[0].split("; ")
    assert "no aceptó (consentimiento «no»): la fila no trae más datos de la persona" in \
        rejected["reason"].iloc[0]


def test_validate_names_a_table_of_several_kinds_in_words(tmp_path):
    # A 3W-style list with a «Tipo» column (service types among them) in a data folder.
    from typer.testing import CliRunner

    from oportumap.cli import app

    folder = tmp_path / "datos"
    folder.mkdir()
    (folder / "retornados.csv").write_text("id,municipio,interés\nR1,Mixco,Trabajo y curso\n",
                                           encoding="utf-8")
    (folder / "3w_actividades.csv").write_text(
        "Actividad,Tipo de oportunidad,Municipio,Cupos\nEmisión de DPI,Documentación,Mixco,40\n"
        "Curso de cocina,Formación técnica,Cobán,15\nAlbañil,Empleo,Mixco,3\n",
        encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "-q", "-d", str(folder), "-o",
                                      str(tmp_path / "out")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "│ Oportunidades de varios tipos (columna de tipo) │     3 │         3 │" in out
    assert "3w_actividades.csv: 3 filas leídas, 3 aceptadas, 0 rechazadas" in out
    assert ("Tipo de oportunidad: «Documentación» → Servicios (otra forma de escribirlo) "
            "(1 fila)") in out
    assert ("interés: «Trabajo y curso» → varios: Empleo / Formación (se guardan todos; "
            "donde cabe uno solo se toma el primero escrito: Empleo) (1 fila)") in out


@pytest.mark.parametrize("header", ["País donde trabajó", "experiencia/pais_trabajo", "P7"])
def test_where_a_person_worked_is_experience_abroad(tmp_path, header):
    path = tmp_path / "retornados.csv"
    path.write_text(f"id,municipio,{header},Otra\nA,Mixco,EEUU,sí\nB,Mixco,México,no\n"
                    "C,Cobán,ninguno,sí\nD,Cobán,,no\n", encoding="utf-8")
    result = read_returnees(path, errors="report")
    data, rejected = reconcile(result, 4)
    table = roles(result)
    assert table.loc[header, "role"] == "experience_abroad" and table.loc[header, "used"]
    assert table.loc[header, "confidence"] >= 0.6
    # a plain sí/no column with a header saying nothing names no place: no role
    assert table.loc["Otra", "role"] == ""
    assert data["experience_abroad"].tolist() == [True, True, False, pd.NA]
    assert rejected.empty
