"""Readers: formats, encodings, header aliases and every validation rule.

Each rule is checked on a small file, asserting the message a planner reads and that
accepted + rejected rows equal the input rows.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

import oportumap
from oportumap import DataError, read_opportunities, read_returnees

RETURNEES = (
    "id_retornado;municipio;departamento;sexo;edad;ocupación;tiene_dpi;fecha_retorno;"
    "consentimiento\n"
    "R1;Cobán;Alta Verapaz;M;34;albañil;sí;15/03/2024;sí\n"
    "R2;San José;Petén;F;28;cocinera;no;2024-05-01;si\n"
    "R3;Huehuetenango;;hombre;41;;;;no\n"
)


def reconcile(result, n_input):
    accepted, rejected = result
    assert len(accepted) + len(rejected) == n_input
    return accepted, rejected


# --------------------------------------------------------------------------- formats


def test_reads_semicolon_csv_with_spanish_headers(write):
    df = read_returnees(write("returnees.csv", RETURNEES))
    assert df["returnee_id"].tolist() == ["R1", "R2", "R3"]
    assert df["muni_code"].tolist() == ["1601", "1702", "1301"]
    assert df["sex"].tolist() == ["M", "F", "M"]
    assert df["age"].tolist() == [34, 28, 41]
    assert df["has_id_document"].tolist()[:2] == [True, False]
    assert pd.isna(df["has_id_document"].iloc[2])
    assert df["return_date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2024-03-15",
                                                                      "2024-05-01"]
    assert df["consent"].tolist() == [True, True, False]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_encodings_are_detected(write, encoding):
    df = read_returnees(write("returnees.csv", RETURNEES, encoding=encoding))
    assert df["muni_code"].tolist() == ["1601", "1702", "1301"]


def test_comma_separated_english_headers(write):
    text = ("returnee_id,municipality,department,latitude,longitude,occupations,consent\n"
            "A,Joyabaj,Quiché,,,carpenter,yes\n")
    df = read_returnees(write("people.csv", text))
    assert df[["muni_code", "occupations", "consent"]].values.tolist() == [
        ["1412", "carpenter", True]]


def test_excel_with_title_rows_and_codes_without_leading_zero(tmp_path):
    path = tmp_path / "returnees.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame([["Registro de retornados - extracto"], [""]]).to_excel(
            writer, sheet_name="Notas", header=False, index=False)
        body = pd.DataFrame({"ID": ["X1", "X2"], "Código municipio": [101, 1301.0],
                             "Edad": [30, 45]})
        title = pd.DataFrame([["Extracto noviembre 2025"], ["Confidencial"]])
        title.to_excel(writer, sheet_name="Datos", header=False, index=False)
        body.to_excel(writer, sheet_name="Datos", startrow=3, index=False)
    df = read_returnees(path)
    assert df["muni_code"].tolist() == ["0101", "1301"]
    ok, rejected = read_returnees(path, errors="report")
    assert len(ok) == 2 and rejected.empty


def test_excel_row_numbers_count_title_rows(tmp_path):
    path = tmp_path / "vacancies.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame([["Vacantes"]]).to_excel(writer, header=False, index=False)
        pd.DataFrame({"id": ["V1", "V2"], "puesto": ["Albañil", "Mesero"],
                      "plazas": [2, -1], "municipio": ["Mixco", "Mixco"]}).to_excel(
            writer, startrow=2, index=False)
    with pytest.raises(DataError) as info:
        read_opportunities(path)
    # title on row 1, blank row 2, header row 3, V1 row 4, V2 row 5
    assert "vacancies.xlsx, hoja Sheet1, fila 5, columna 'plazas' (valor '-1')" in str(info.value)


def test_geojson_points_give_coordinates(tmp_path):
    gdf = gpd.GeoDataFrame({"id": ["T1"], "curso": ["Soldadura"], "cupos": [20]},
                           geometry=[Point(-91.5180, 14.8347)], crs=4326)
    path = tmp_path / "training.geojson"
    gdf.to_file(path, driver="GeoJSON")
    df = read_opportunities(path)
    assert df[["kind", "muni_code", "location_source"]].values.tolist() == [
        ["training", "0901", "point"]]
    assert df["lat"].iloc[0] == pytest.approx(14.8347)


def test_geopackage_returnees(tmp_path):
    gdf = gpd.GeoDataFrame({"returnee_id": ["G1", "G2"]},
                           geometry=[Point(-90.5133, 14.6407), Point(-91.47001, 15.32097)],
                           crs=4326)
    path = tmp_path / "returnees.gpkg"
    gdf.to_file(path, driver="GPKG")
    df = read_returnees(path)
    assert df["muni_code"].tolist() == ["0101", "1301"]


# --------------------------------------------------------------------------- rules


def test_missing_required_column_names_what_to_add(write):
    path = write("vacancies.csv", "id,empresa,municipio\n1,ACME,Mixco\n")
    with pytest.raises(DataError) as info:
        read_opportunities(path)
    assert "vacancies.csv: faltan las columnas título (o puesto/curso), plazas (o cupos)" in str(
        info.value)


def test_missing_id_column(write):
    with pytest.raises(DataError, match="falta la columna del identificador"):
        read_returnees(write("returnees.csv", "municipio\nCobán\n"))


def test_running_number_is_the_id_only_when_there_is_no_id_column(write):
    # A field office's "No." column is the code its coordinators hold ...
    accepted, rejected = read_returnees(
        write("retornados.csv", "No.;Nombre;Municipio\n1;Ana;Mixco\n2;Luis;Cobán\n"),
        errors="report")
    assert accepted["returnee_id"].tolist() == ["1", "2"] and len(rejected) == 0
    # ... but a real ID column always wins, and "No." is then an unused column.
    result = read_returnees(
        write("retornados2.csv", "No.;ID retornado;Municipio\n1;GT-77;Mixco\n"),
        errors="report")
    assert result.accepted["returnee_id"].tolist() == ["GT-77"]
    assert result.unused_columns == ["No."]


def test_opportunities_without_id_column_are_named_by_file_and_row(write):
    path = write("servicios.csv", "Nombre;Institución;Municipio;Cupos\n"
                                  "Oficina RENAP;RENAP;Cobán;50\n\n"
                                  "Centro de Salud Mental;MSPAS;Mixco;20\n")
    result = read_opportunities(path, errors="report")
    assert result.accepted["opportunity_id"].tolist() == ["servicios-2", "servicios-4"]
    assert len(result.accepted) + len(result.rejected) + result.blank_rows == 3
    assert result.corrections["row"].tolist() == [2, 4]
    assert result.corrections["interpretation"].str.contains(
        "no tiene columna id: se usó archivo-fila como id").all()


def test_two_headers_with_same_meaning_the_first_wins_and_the_other_is_reported(write):
    # Never a refused file: one column is used, the other listed unused with the reason.
    result = read_opportunities(write("training.csv", "id,curso,plazas,cupos,municipio\n"
                                                      "1,a,2,3,Mixco\n"), errors="report")
    assert result.data["capacity"].tolist() == [2]
    assert result.unused_columns == ["cupos"]
    why = result.roles.set_index("column").loc["cupos", "why"]
    assert "la columna «plazas» ya da «Plazas / cupos»" in why


def test_id_document_number_and_has_document_are_two_roles(write):
    # Issue 22: «DPI» (13 digits) and «¿Tiene DPI?» (sí/no) refused the whole registry.
    path = write("retornados.csv", "id,DPI,¿Tiene DPI?,municipio\n"
                                   "A,0000123450101,sí,Mixco\nB,,no,Mixco\n"
                                   "C,0000 12345 0103,,Mixco\nD,,,Mixco\n")
    result = read_returnees(path, errors="report")
    roles = result.roles.set_index("column")["role"]
    assert roles["DPI"] == "id_document_number"
    assert roles["¿Tiene DPI?"] == "has_id_document"
    # A number written means the person has the document; blank stays unknown.
    assert result.data["has_id_document"].tolist() == [True, False, True, pd.NA]


def test_a_column_headed_dpi_holding_yes_no_is_the_flag(write):
    # Variant: the same header with the other content decides the other role.
    path = write("retornados.csv", "id,DPI,municipio\nA,Sí,Mixco\nB,No,Mixco\n")
    result = read_returnees(path, errors="report")
    assert result.roles.set_index("column").loc["DPI", "role"] == "has_id_document"
    assert result.data["has_id_document"].tolist() == [True, False]


def test_a_dui_column_without_code_identifies_the_person(write):
    # Variant: El Salvador's DUI as the only identifier (no «código» column).
    path = write("retornados.csv", "DUI,municipio\n00001234-5,Mixco\n00001235-6,Cobán\n")
    result = read_returnees(path, errors="report")
    assert result.data["returnee_id"].tolist() == ["00001234-5", "00001235-6"]
    assert result.data["has_id_document"].tolist() == [True, True]


def test_duplicate_ids_are_rejected_naming_the_first_row(write):
    path = write("returnees.csv", "id,municipio\nA,Mixco\nB,Mixco\nA,Cobán\n")
    accepted, rejected = reconcile(read_returnees(path, errors="report"), 3)
    assert accepted["returnee_id"].tolist() == ["A", "B"]
    assert rejected[["row", "column", "value"]].values.tolist() == [[4, "id", "A"]]
    assert "ID repetido (aparece antes en la fila 2)" in rejected["reason"].iloc[0]


def test_blank_id_is_rejected(write):
    accepted, rejected = reconcile(read_returnees(
        write("returnees.csv", "id,municipio\n,Mixco\nB,Mixco\n"), errors="report"), 2)
    assert rejected["reason"].iloc[0].startswith("falta el identificador")


@pytest.mark.parametrize(
    ("value", "ok"),
    [("3", True), ("3.0", True), ("0", False), ("-2", False), ("1.5", False), ("tres", False),
     ("", False)],
)
def test_capacity_must_be_positive_integer(write, value, ok):
    path = write("vacancies.csv", f"id,puesto,plazas,municipio\nV1,Mesero,{value},Mixco\n")
    accepted, rejected = reconcile(read_opportunities(path, errors="report"), 1)
    assert len(accepted) == int(ok)
    if not ok:
        assert rejected["reason"].iloc[0] == (
            "plazas/cupos debe ser un número entero positivo (p. ej. 3)")
        assert rejected["row"].iloc[0] == 2 and rejected["column"].iloc[0] == "plazas"


def test_dates_accept_day_first_and_iso_and_reject_impossible(write):
    text = ("id,municipio,fecha_retorno\nA,Mixco,31/12/2024\nB,Mixco,2024-02-29\n"
            "C,Mixco,31/02/2024\nD,Mixco,ayer\nE,Mixco,01/01/2099\n")
    accepted, rejected = reconcile(read_returnees(write("returnees.csv", text),
                                                  errors="report"), 5)
    assert accepted["return_date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-12-31",
                                                                        "2024-02-29"]
    reasons = dict(zip(rejected["row"], rejected["reason"], strict=True))
    assert reasons[4] == "fecha imposible (día 31: febrero tiene 29 días)"
    assert reasons[5].startswith("fecha no reconocida; escriba dd/mm/aaaa")
    assert reasons[6].startswith("fecha en el futuro: ")


def test_end_before_start_is_rejected(write):
    text = ("id,curso,cupos,municipio,fecha_inicio,fecha_fin\n"
            "T1,Cocina,20,Jalapa,10/05/2025,01/05/2025\n")
    _, rejected = reconcile(read_opportunities(write("training.csv", text), errors="report"), 1)
    assert rejected["reason"].iloc[0] == "la fecha de fin es anterior a la de inicio"


def test_swapped_coordinates_are_reported_as_swapped(write):
    text = "id,latitud,longitud\nA,-90.5133,14.6407\nB,14.6407,-90.5133\n"
    accepted, rejected = reconcile(read_returnees(write("returnees.csv", text),
                                                  errors="report"), 2)
    assert accepted["muni_code"].tolist() == ["0101"]
    assert "latitud y longitud parecen invertidas" in rejected["reason"].iloc[0]
    assert rejected["row"].iloc[0] == 2


def test_point_outside_country_and_non_numeric(write):
    text = "id,latitud,longitud\nA,40.7,-74.0\nB,14,6,-90\nC,catorce,-90.5\n"
    text = "id;latitud;longitud\nA;40.7;-74.0\nB;14,64;-90,51\nC;catorce;-90.5\n"
    accepted, rejected = reconcile(read_returnees(write("returnees.csv", text),
                                                  errors="report"), 3)
    assert accepted["returnee_id"].tolist() == ["B"]  # decimal comma accepted
    reasons = dict(zip(rejected["row"], rejected["reason"], strict=True))
    assert "el punto está fuera de Guatemala" in reasons[2]
    assert reasons[4].startswith("latitud no numérica")


def test_unknown_and_ambiguous_municipalities_in_a_file(write):
    text = "id,municipio\nA,Xyzzy\nB,San José\nC,Joyabaj\n"
    accepted, rejected = reconcile(read_returnees(write("returnees.csv", text),
                                                  errors="report"), 3)
    assert accepted["muni_code"].tolist() == ["1412"]
    reasons = dict(zip(rejected["row"], rejected["reason"], strict=True))
    assert "municipio 'Xyzzy' desconocido" in reasons[2]
    assert "San José, Escuintla; San José, Petén" in reasons[3]


def test_missing_location_is_rejected(write):
    _, rejected = reconcile(read_returnees(write("returnees.csv", "id,municipio\nA,\n"),
                                           errors="report"), 1)
    assert rejected["reason"].iloc[0].startswith("falta el municipio")


def test_no_location_column_at_all(write):
    with pytest.raises(DataError, match="no hay columna de ubicación"):
        read_returnees(write("returnees.csv", "id,edad\nA,3\n"))


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [("edad", "200", "edad no válida"), ("edad", "30.5", "edad no válida"),
     ("sexo", "x", "sexo no reconocido"), ("interes", "viajar", "interés desconocido: «viajar»"),
     ("tiene_dpi", "quizás", "sí/no desconocido: «quizás»")],
)
def test_optional_fields_are_validated(write, column, value, reason):
    text = f"id,municipio,{column}\nA,Mixco,{value}\nB,Mixco,\n"
    accepted, rejected = reconcile(read_returnees(write("returnees.csv", text),
                                                  errors="report"), 2)
    assert accepted["returnee_id"].tolist() == ["B"]
    assert rejected["reason"].iloc[0].startswith(reason)
    assert rejected["column"].iloc[0] == column


def test_raise_lists_at_most_twenty_problems_with_file_row_column(write):
    rows = "".join(f"{i},Mixco,-1\n" for i in range(30))
    with pytest.raises(DataError) as info:
        read_returnees(write("returnees.csv", "id,municipio,edad\n" + rows))
    message = str(info.value)
    assert message.startswith("returnees.csv: 30 de 30 filas de retornados tienen problemas")
    assert "returnees.csv fila 2, columna 'edad' (valor '-1'): edad no válida" in message
    assert message.count("\n  - ") == 20
    assert "... y 10 problemas más" in message
    assert len(info.value.problems) == 30


def test_kind_column_overrides_and_unknown_kind_rejected(write):
    text = ("id,tipo,titulo,plazas,municipio\nA,curso,Cocina,10,Mixco\n"
            "B,nave espacial,X,1,Mixco\nC,,Albañil,2,Mixco\n")
    accepted, rejected = reconcile(read_opportunities(write("vacancies.csv", text),
                                                      errors="report"), 3)
    assert accepted["kind"].tolist() == ["training", "vacancy"]
    assert rejected["reason"].iloc[0].startswith("tipo de oportunidad desconocido")


def test_municipality_only_opportunity_gets_seat_point(write, tmp_path):
    (tmp_path / "returnees.csv").write_text("id,municipio\nA,Cobán\n", encoding="utf-8")
    write("vacancies.csv", "id,puesto,plazas,municipio\nV1,Albañil,3,Cobán\n")
    ds = oportumap.load_dataset(tmp_path)
    row = ds.opportunities.iloc[0]
    seat = oportumap.municipalities().set_index("muni_code").loc["1601"]
    assert (row["lat"], row["lon"]) == (seat["lat"], seat["lon"])
    assert row["location_source"] == "municipality"


def test_load_dataset_report_mode_keeps_rejected_rows(tmp_path):
    (tmp_path / "returnees.csv").write_text("id,municipio\nA,Cobán\nB,Nowhere\n")
    (tmp_path / "training.csv").write_text("id,curso,cupos,municipio\nT,Cocina,0,Jalapa\n")
    ds = oportumap.load_dataset(tmp_path, errors="report")
    assert len(ds.returnees) == 1
    assert ds.rejected["file"].tolist() == ["returnees.csv", "training.csv"]
    with pytest.raises(DataError) as info:
        oportumap.load_dataset(tmp_path)
    assert "returnees.csv fila 3" in str(info.value)
    assert "training.csv fila 2" in str(info.value)


def test_load_dataset_needs_returnees_and_unique_ids_across_files(tmp_path):
    with pytest.raises(DataError, match="falta el archivo de retornados"):
        oportumap.load_dataset(tmp_path)
    (tmp_path / "returnees.csv").write_text("id,municipio\nA,Cobán\n")
    (tmp_path / "vacancies.csv").write_text("id,puesto,plazas,municipio\n1,a,1,Cobán\n")
    (tmp_path / "training.csv").write_text("id,curso,cupos,municipio\n1,b,1,Cobán\n")
    with pytest.raises(DataError, match="IDs de oportunidad repetidos entre archivos"):
        oportumap.load_dataset(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "el archivo está vacío"), (b"id,municipio\n", None)],
)
def test_empty_and_header_only_files(write, content, message):
    path = write("returnees.csv", content)
    if message:
        with pytest.raises(DataError, match=message):
            read_returnees(path)
    else:
        accepted, rejected = read_returnees(path, errors="report")
        assert len(accepted) == 0 and len(rejected) == 0


def test_unsupported_and_missing_files(tmp_path):
    with pytest.raises(DataError, match="el archivo no existe"):
        read_returnees(tmp_path / "nope.csv")
    (tmp_path / "a.pdf").write_text("x")
    with pytest.raises(DataError, match="formato '.pdf' no soportado"):
        read_returnees(tmp_path / "a.pdf")


def test_sample_loads_without_rejections(sample):
    assert len(sample.returnees) == 5000
    assert sample.rejected.empty
    assert sample.returnees["muni_code"].isin(oportumap.municipalities()["muni_code"]).all()
    assert sample.opportunities["lat"].notna().all()


# --------------------------------------------------------------------------- real registries
# Files typed the way a regional office types them (issue 14): every count reconciles,
# every resolution is the exact code, every message is the one a planner reads.


def test_half_filled_code_column_does_not_override_the_names(write):
    # "Cod INE" filled for 3 of 35 people; "Municipio" filled for all of them.
    names = ["Xela", "Cobán", "Mixco", "San Marcos", "Huehuetenango", "Joyabaj",
             "Chimaltenango"] * 5
    codes = {0: "0901", 1: "1601", 2: "108"}  # the last one written without its leading 0
    lines = [f"R{i};{codes.get(i, '')};{name}" for i, name in enumerate(names)]
    path = write("retornados.csv", "No. registro;Cod INE;Municipio\n" + "\n".join(lines))
    accepted, rejected = reconcile(read_returnees(path, errors="report"), 35)
    assert rejected.empty
    expected = {"Xela": "0901", "Cobán": "1601", "Mixco": "0108", "San Marcos": "1201",
                "Huehuetenango": "1301", "Joyabaj": "1412", "Chimaltenango": "0401"}
    assert accepted["muni_code"].tolist() == [expected[n] for n in names]


def test_code_and_name_of_different_municipalities_reject_the_row_naming_both(write):
    path = write("returnees.csv", "id,codigo_municipio,municipio\nA,0101,Cobán\n"
                                  "B,1601,Cobán\n")
    accepted, rejected = reconcile(read_returnees(path, errors="report"), 2)
    assert accepted["muni_code"].tolist() == ["1601"]
    assert rejected[["row", "column", "value"]].values.tolist() == [
        [2, "codigo_municipio + municipio", "0101 / Cobán"]]
    assert rejected["reason"].iloc[0] == (
        "el código '0101' es Guatemala, Guatemala pero el municipio 'Cobán' es Cobán, "
        "Alta Verapaz; corrija uno de los dos")


def test_invalid_code_falls_back_to_the_name_and_says_so(write):
    path = write("returnees.csv", "id,cod_ine,municipio\nA,9999,Mixco\nB,,Mixco\n")
    result = read_returnees(path, errors="report")
    accepted, rejected = reconcile(result, 2)
    assert accepted["muni_code"].tolist() == ["0108", "0108"]
    assert result.corrections.values.tolist() == [
        ["returnees.csv", "", 2, "cod_ine", "9999",
         "código no válido: se usó el municipio 'Mixco' (Mixco, Guatemala) de la misma fila"]]


def test_point_far_from_the_named_municipality_rejects_the_row(write):
    # Guatemala City's centre written for someone whose municipality is Cobán (~120 km).
    path = write("returnees.csv", "id,municipio,latitud,longitud\n"
                                  "A,Cobán,14.6407,-90.5133\nB,Cobán,15.4708,-90.3711\n")
    accepted, rejected = reconcile(read_returnees(path, errors="report"), 2)
    assert accepted["returnee_id"].tolist() == ["B"]
    reason = rejected["reason"].iloc[0]
    assert reason.startswith("el punto cae en Guatemala, Guatemala, a ")
    assert reason.endswith(" km de Cobán, Alta Verapaz ('Cobán'); corrija el punto o el "
                           "municipio")
    assert rejected["value"].iloc[0] == "14.6407, -90.5133"


def test_unknown_name_with_a_point_uses_the_point_and_says_so(write):
    path = write("returnees.csv", "id,municipio,latitud,longitud\nA,Zzqx,"
                                  "14.6407,-90.5133\n")
    result = read_returnees(path, errors="report")
    accepted, _ = reconcile(result, 1)
    assert accepted["muni_code"].tolist() == ["0101"]
    assert result.corrections["interpretation"].tolist() == [
        "municipio 'Zzqx' no reconocido: se usó el punto de la misma fila (Guatemala, "
        "Guatemala)"]


def test_coordinate_messages_name_the_right_column_per_row(write):
    text = ("id,latitud,longitud\nA,14.6407,abc\nB,,-90.5133\nC,14.6407,\n"
            "D,14.6407,-90.5133\n")
    accepted, rejected = reconcile(read_returnees(write("returnees.csv", text),
                                                  errors="report"), 4)
    assert accepted["returnee_id"].tolist() == ["D"]
    assert rejected[["row", "column", "reason"]].values.tolist() == [
        [2, "longitud", "longitud no numérica; use grados decimales (p. ej. -90.5069)"],
        [3, "latitud", "falta la latitud o la longitud; indique ambas o ninguna"],
        [4, "longitud", "falta la latitud o la longitud; indique ambas o ninguna"],
    ]


def test_coordinate_columns_without_any_valid_point_reject_rows_not_the_file(write):
    path = write("returnees.csv", "id,latitud,longitud\nA,,\nB,abc,-90.5\n")
    accepted, rejected = reconcile(read_returnees(path, errors="report"), 2)
    assert accepted.empty
    assert rejected["reason"].tolist() == [
        "falta el municipio; escriba el nombre o código del municipio o las coordenadas",
        "latitud no numérica; use grados decimales (p. ej. 14.6349)"]


def test_registry_workbook_as_an_office_keeps_it(tmp_path):
    """Title rows, a blank row, ticks, lists of occupations, columns nobody uses."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Registro de personas retornadas - Oficina Occidente"])
    ws.append(["Extracto al 30/09/2025 (confidencial)"])
    ws.append([])
    ws.append(["No. registro", "Nombre", "Cod INE", "Municipio", "Departamento", "Edad",
               "Ocupación", "Tiene DPI", "Consentimiento", "Celular", "Observaciones"])
    ws.append(["Q-001", "Ana", None, "Xela", None, 31, "albañil, carpintero", "✓", "sí",
               "5555-0101", "llamar tarde"])
    ws.append(["Q-002", "Luis", "1601", "Cobán", "Alta Verapaz", 45,
               "cocinera / ayudante de cocina", "x", "✔", None, None])
    ws.append([None] * 11)  # a blank row in the middle
    ws.append(["Q-003", "Rosa", None, "San José", "Petén", 29,
               "operador de montacargas y grúa", "no", "Sí", None, None])
    ws.append(["Q-004", "Juan", None, "Atlantis", None, 50, "mesero", "✗", "sí", None, None])
    ws.append(["Q-005", "Eva", None, "Mixco", None, 22, "pintor", "quizás", "sí", None, None])
    path = tmp_path / "retornados.xlsx"
    wb.save(path)
    result = read_returnees(path, errors="report")
    accepted, rejected = result
    assert (len(accepted), len(rejected), result.blank_rows) == (3, 2, 1)
    assert result.rows_read == 6
    assert accepted["muni_code"].tolist() == ["0901", "1601", "1702"]
    assert accepted["occupations"].tolist() == [
        "albañil; carpintero", "cocinera; ayudante de cocina",
        "operador de montacargas y grúa"]
    assert accepted["has_id_document"].tolist() == [True, True, False]
    assert accepted["consent"].tolist() == [True, True, True]
    assert accepted["phone"].tolist() == ["5555-0101", "", ""]
    # The sheet's own row numbers: header on row 4, the blank row 7 skipped.
    assert rejected[["row", "column"]].values.tolist() == [[9, "Municipio"],
                                                           [10, "Tiene DPI"]]
    assert rejected["reason"].iloc[1].endswith("(no se adivina); use: Sí, No (también "
                                               "valen x, ✓, 1, no, 0)")
    assert result.unused_columns == ["Nombre", "Observaciones"]
    assert result.corrections[["row", "column", "interpretation"]].values.tolist() == [
        [5, "Municipio", "se interpretó 'Xela' como Quetzaltenango (Quetzaltenango)"],
        [5, "Ocupación", "se interpretó 'albañil, carpintero' como varias ocupaciones: "
                         "albañil | carpintero"],
        [6, "Ocupación", "se interpretó 'cocinera / ayudante de cocina' como varias "
                         "ocupaciones: cocinera | ayudante de cocina"],
        # One compound trade of one family (forklift and crane): kept whole, as the
        # family, and said.
        [8, "Ocupación", "«operador de montacargas y grúa»: se conserva la familia, "
                         "Operadores de maquinaria móvil (oficio sin precisar)"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("✓", True), ("✔", True), ("x", True), ("X", True), ("1", True), ("verdadero", True),
     ("yes", True), ("y", True), ("true", True), ("s", True), ("Sí", True), ("si", True),
     ("✗", False), ("no", False), ("N", False), ("0", False), ("falso", False),
     ("false", False)],
)
def test_yes_no_cells_as_people_write_them(write, value, expected):
    path = write("returnees.csv", f"id,municipio,tiene_dpi\nA,Mixco,{value}\n")
    assert read_returnees(path)["has_id_document"].tolist() == [expected]


@pytest.mark.parametrize("value", ["?", "-", "quizás", "tal vez"])
def test_yes_no_cells_that_mean_nothing_are_rejected_not_unknown(write, value):
    path = write("returnees.csv", f"id,municipio,consentimiento\nA,Mixco,{value}\n")
    _, rejected = reconcile(read_returnees(path, errors="report"), 1)
    assert rejected[["column", "value"]].values.tolist() == [["consentimiento", value]]


def test_blank_csv_rows_are_skipped_and_counted_with_file_row_numbers(write):
    path = write("returnees.csv", "id,municipio,edad\nA,Mixco,30\n\n,,\nB,Mixco,-3\n\n")
    result = read_returnees(path, errors="report")
    accepted, rejected = result
    assert (len(accepted), len(rejected), result.blank_rows) == (1, 1, 2)
    assert rejected["row"].tolist() == [5]  # the row number a spreadsheet shows


def test_cp1252_semicolon_training_file_with_spanish_headers(write):
    text = ("Código;Nombre del curso;Centro de formación;Cupos;Municipio;Fecha de inicio;"
            "Fecha límite;Teléfono;Correo;Dirección\n"
            "F-1;Cocina básica;INTECAP Quetzaltenango;20;Quetzaltenango;03/02/2025;"
            "28/02/2025;7765-1234;xela@intecap.gt;6a calle 2-45 zona 1\n"
            "F-2;Soldadura;Centro Técnico Cobán;15;Cobán;10/03/2025;31/03/2025;;;\n")
    result = read_opportunities(write("formacion.csv", text, encoding="cp1252"),
                                errors="report")
    accepted, rejected = reconcile(result, 2)
    assert accepted[["kind", "title", "provider", "capacity", "muni_code"]].values.tolist() == [
        ["training", "Cocina básica", "INTECAP Quetzaltenango", 20, "0901"],
        ["training", "Soldadura", "Centro Técnico Cobán", 15, "1601"]]
    assert accepted["contact"].tolist() == ["7765-1234 / xela@intecap.gt", ""]
    assert accepted["address"].tolist() == ["6a calle 2-45 zona 1", ""]
    assert accepted["end_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-02-28",
                                                                     "2025-03-31"]
    assert result.unused_columns == []


def test_xlsx_with_empty_column_a_keeps_its_last_column(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["B1"], ws["C1"], ws["D1"] = "id", "municipio", "consentimiento"
    for row, (rid, muni, consent) in enumerate(
            [("A", "Mixco", "sí"), ("B", "Cobán", "sí"), ("C", "Jalapa", "no")], start=2):
        ws[f"B{row}"], ws[f"C{row}"], ws[f"D{row}"] = rid, muni, consent
    path = tmp_path / "returnees.xlsx"
    wb.save(path)
    accepted, rejected = reconcile(read_returnees(path, errors="report"), 3)
    assert accepted["consent"].tolist() == [True, True, False]
    assert accepted["muni_code"].tolist() == ["0108", "1601", "2101"]


def test_spanish_file_names_and_unrecognised_files_in_a_folder(tmp_path):
    (tmp_path / "Retornados.CSV").write_text("id,municipio\nA,Mixco\nB,Cobán\n")
    (tmp_path / "vacantes.csv").write_text("id,puesto,plazas,municipio\nV1,Mesero,2,Mixco\n")
    (tmp_path / "Centros de Formación.csv").write_text(
        "id,curso,cupos,municipio\nF1,Cocina,20,Cobán\n")
    (tmp_path / "certificaciones.csv").write_text(
        "id,curso,cupos,municipio\nC1,Soldadura,10,Cobán\n")
    (tmp_path / "emprendimiento.csv").write_text(
        "id,programa,cupos,municipio\nE1,Capital semilla,5,Mixco\n")
    (tmp_path / "servicios.csv").write_text(
        "id,servicio,cupos,municipio,ocupacion\nS1,Atención psicológica,30,Mixco,"
        "psychosocial\n")
    (tmp_path / "notas.txt").write_text("pendiente: pedir datos de Huehue")
    ds = oportumap.load_dataset(tmp_path, errors="report")
    assert len(ds.returnees) == 2
    assert ds.opportunities.set_index("opportunity_id")["kind"].to_dict() == {
        "V1": "vacancy", "F1": "training", "C1": "certification", "E1": "entrepreneurship",
        "S1": "service"}
    summary = ds.read_summary.set_index("file")
    assert summary.loc["Centros de Formación.csv", "content"] == "training"
    assert summary.loc["notas.txt", "problem"].startswith("no se sabe qué contiene")
    # notas.txt is a table extension but not a data file name: named, not read.
    assert pd.isna(summary.loc["notas.txt", "rows"])


def test_two_files_for_the_same_content_are_both_read(tmp_path):
    # Two offices' registries, or vacancies in Spanish and English, in one folder.
    (tmp_path / "returnees.csv").write_text("id,municipio\nA,Mixco\n")
    (tmp_path / "retornados Cobán.csv").write_text("id,municipio\nB,Cobán\n")
    (tmp_path / "vacancies.csv").write_text("id,puesto,plazas,municipio\nV,a,1,Mixco\n")
    (tmp_path / "vacantes.csv").write_text("id,puesto,plazas,municipio\nW,b,2,Mixco\n")
    ds = oportumap.load_dataset(tmp_path)
    assert sorted(ds.returnees["returnee_id"]) == ["A", "B"]
    assert sorted(ds.opportunities["opportunity_id"]) == ["V", "W"]


def test_the_same_person_in_two_registries_is_refused_naming_the_id(tmp_path):
    (tmp_path / "returnees.csv").write_text("id,municipio\nA,Mixco\n")
    (tmp_path / "retornados Cobán.csv").write_text("id,municipio\nA,Cobán\n")
    with pytest.raises(DataError, match=r"IDs de retornado repetidos entre archivos: \['A'\]"):
        oportumap.load_dataset(tmp_path)


def test_dataset_carries_corrections_and_counts_that_reconcile(tmp_path):
    (tmp_path / "retornados.csv").write_text(
        "id,cod_ine,municipio,ocupacion\nA,9999,Mixco,\nB,,Cobán,albañil y pintor\nC,,,\n"
        "\nD,,Mixco,mesero\n", encoding="utf-8")
    ds = oportumap.load_dataset(tmp_path, errors="report")
    row = ds.read_summary.set_index("file").loc["retornados.csv"]
    assert (row["rows"], row["accepted"], row["rejected"], row["blank"]) == (5, 3, 1, 1)
    assert row["accepted"] + row["rejected"] + row["blank"] == row["rows"]
    assert ds.corrections[["row", "value"]].values.tolist() == [[2, "9999"],
                                                                 [3, "albañil y pintor"]]
    assert ds.returnees["occupations"].tolist() == ["", "albañil; pintor", "mesero"]


def test_spellings_of_other_systems_resolve_and_are_reported(write):
    # Typos, abbreviations, mojibake and department short forms, as exported by other
    # systems; each non-exact reading is in the corrections table with its row.
    text = ("id;municipio;departamento\n"
            "A;Quetzaltenago;\n"
            "B;Sta. Cruz del Quiché;\n"
            "C;CABA?AS;Zacapa\n"
            "D;Cobán;Alta Verapaz\n"
            "E;Chiantla;Huehue\n")
    result = read_returnees(write("retornados.csv", text), errors="report")
    accepted, rejected = reconcile(result, 5)
    assert accepted["muni_code"].tolist() == ["0901", "1401", "1907", "1601", "1302"]
    notes = dict(zip(result.corrections["row"], result.corrections["interpretation"],
                     strict=True))
    assert notes[2] == "se interpretó 'Quetzaltenago' como Quetzaltenango (Quetzaltenango)"
    assert notes[3] == "se interpretó 'Sta. Cruz del Quiché' como Santa Cruz del Quiché (Quiché)"
    assert 5 not in notes  # written exactly: nothing to report
    assert "Huehue" in notes[6]


def test_csv_saved_from_a_sheet_with_title_rows(write):
    text = ("Registro de retornados - Oficina Norte;;\n"
            "Extracto septiembre 2025;;\n"
            "id;municipio;edad\n"
            "A;Mixco;30\n"
            "B;Atlantis;20\n")
    accepted, rejected = reconcile(read_returnees(write("retornados.csv", text),
                                                  errors="report"), 2)
    assert accepted["muni_code"].tolist() == ["0108"]
    assert rejected[["row", "column", "value"]].values.tolist() == [[5, "municipio",
                                                                     "Atlantis"]]
    bad = write("vacantes.csv", "Vacantes junio\nid;puesto;plazas;municipio\n"
                                "V1;Mesero;2;Mixco\nV2;Cocinero;1;Mixco;sobra\n")
    with pytest.raises(DataError, match="vacantes.csv fila 4: tiene 5 valores y el "
                                        "encabezado 4 columnas"):
        read_opportunities(bad)


def test_code_of_another_department_than_the_one_written_rejects_the_row(write):
    path = write("returnees.csv", "id,cod_ine,departamento\nA,1601,Petén\n"
                                  "B,1601,Alta Verapaz\nC,1601,\n")
    accepted, rejected = reconcile(read_returnees(path, errors="report"), 3)
    assert accepted["returnee_id"].tolist() == ["B", "C"]
    assert rejected[["row", "value", "reason"]].values.tolist() == [
        [2, "1601 / Petén", "el código '1601' es Cobán, Alta Verapaz pero el departamento "
                            "'Petén' es otro; corrija uno de los dos"]]


def test_certification_rows_whose_standard_cannot_be_told_are_reported(tmp_path):
    """INTECAP's own titles resolve to their standards; a title that names none is kept and
    said (it would be offered to nobody), with its file, row and column."""
    path = tmp_path / "certificaciones.csv"
    path.write_text(
        "id;tipo;titulo;plazas;municipio;departamento\n"
        "C1;certificación;Soldador de Estructuras Metálicas;10;Huehuetenango;Huehuetenango\n"
        "C2;certificación;Enderezado y Pintura de Vehículos;10;Huehuetenango;Huehuetenango\n"
        "C3;certificación;Certificación en astrofísica;10;Huehuetenango;Huehuetenango\n",
        encoding="utf-8")
    result = read_opportunities(path, errors="report")
    assert len(result.data) == 3 and not len(result.rejected)
    assert result.corrections[["row", "column", "value"]].values.tolist() == [
        [4, "titulo", "Certificación en astrofísica"]]
    assert result.corrections["interpretation"].iloc[0].startswith(
        "certificación «Certificación en astrofísica»: no corresponde a ninguno de los "
        "estándares de certificación conocidos, así que no se ofrece a nadie")
