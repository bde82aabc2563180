"""Registries and calendars read through the shared value layer (issue 22, part 4): values as
offices write them are accepted, every interpretation reaches the read summary, counts
reconcile."""

from __future__ import annotations

import pandas as pd

from oportumap import read_opportunities, read_returnees
from oportumap.report import read_lines


def _summary(result, name):
    from oportumap.loaders import READ_SUMMARY_COLUMNS, read_summary_row

    return pd.DataFrame([read_summary_row(name, "returnees", result)],
                        columns=READ_SUMMARY_COLUMNS)


def test_an_h_m_office_registry_with_units_month_dates_and_words(write):
    path = write("retornados.csv", "\n".join([
        "id;municipio;sexo;edad;fecha_retorno;tiene_dpi;interes;consentimiento",
        "A;Mixco;M;34 años;15 dic 2025;Sí;Trabajo;si",
        "B;Mixco;M;35 años;8 de diciembre de 2025;si tiene;Curso;X",
        "C;Mixco;H;33a;marzo 2025;En trámite;negocio propio;✓",
        "D;Mixco;M;N/D;05-dic-25;no cuenta;;1",
        "E;Mixco;H;41;15.03.2025;pendiente;Trabajo;si",
        "F;Mixco;M;2 a 3;oct-2025;No;Capacitación;si",
    ]) + "\n")
    result = read_returnees(path, errors="report")
    accepted, rejected = result
    assert len(accepted) + len(rejected) == 6 == result.rows_read
    assert accepted["returnee_id"].tolist() == ["A", "B", "C", "D"]
    # H/M office: every M is a woman, every H a man
    assert accepted["sex"].tolist() == ["F", "F", "M", "F"]
    assert accepted["age"].tolist()[:3] == [34, 35, 33] and pd.isna(accepted["age"][3])
    assert accepted["return_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-12-15", "2025-12-08", "2025-03-01", "2025-12-05"]
    assert accepted["has_id_document"].tolist() == [True, True, False, False]
    assert accepted["interest"].tolist() == ["employment", "training", "entrepreneurship",
                                             None]
    assert accepted["consent"].tolist() == [True] * 4
    reasons = dict(zip(rejected["row"], rejected["reason"], strict=True))
    assert reasons[6].startswith("sí/no desconocido: «pendiente»")
    assert reasons[7] == "edad no válida; use un número entero entre 0 y 120"

    said = {(i.column, i.value.split(" (y ")[0]): i for i in result.interpretations}
    assert said[("sexo", "M")].meaning == "mujer (la columna usa H/M: hombre/mujer)"
    assert said[("sexo", "M")].rows == 4
    assert said[("edad", "34 años")].meaning == "34 (sin la unidad o la nota)"
    assert said[("fecha_retorno", "marzo 2025")].meaning.startswith("solo mes y año")
    assert said[("tiene_dpi", "En trámite")].meaning.startswith("No")
    lines = read_lines(_summary(result, "retornados.csv"), rejected,
                       result.corrections, limit=None)
    assert "    sexo: «M» → mujer (la columna usa H/M: hombre/mujer) (4 filas)" in lines


def test_an_m_only_sex_column_is_a_question_not_a_guess(write):
    path = write("retornados.csv", "id;municipio;sexo\nA;Mixco;M\nB;Mixco;M\n")
    result = read_returnees(path, errors="report")
    assert result.data["sex"].isna().all() and result.rejected.empty
    (asked,) = [i for i in result.interpretations if i.question]
    assert (asked.column, asked.value, asked.rows) == ("sexo", "M", 2)
    lines = read_lines(_summary(result, "retornados.csv"), result.rejected,
                       result.corrections)
    assert any(line.startswith("    ¿? sexo: «M»: ¿mujer u hombre?") for line in lines)


def test_calendars_with_units_future_dates_and_spanish_months(write):
    path = write("formacion.csv", "\n".join([
        "id;curso;cupos;municipio;inicio;fin",
        "T1;Soldadura;15 cupos;Mixco;15 ene 2099;dic-2099",
        "T2;Cocina;10+;Mixco;Por definir;",
        "T3;Panadería;2 a 3;Mixco;01/02/2099;",
        "T4;Costura;;Mixco;;",
    ]) + "\n")
    result = read_opportunities(path, kind="training", errors="report")
    accepted, rejected = result
    assert accepted["opportunity_id"].tolist() == ["T1", "T2"]
    assert accepted["capacity"].tolist() == [15, 10]
    assert accepted["start_date"].dt.strftime("%Y-%m-%d").tolist()[0] == "2099-01-15"
    assert accepted["end_date"].dt.strftime("%Y-%m-%d").tolist()[0] == "2099-12-31"
    assert pd.isna(accepted["start_date"][1])
    assert rejected["row"].tolist() == [4, 5]
    assert set(rejected["reason"]) == {
        "plazas/cupos debe ser un número entero positivo (p. ej. 3)"}
    meanings = [i.meaning for i in result.interpretations]
    assert "10 (al menos 10)" in meanings


def test_a_spanish_csv_decides_the_decimal_comma_from_its_coordinates(write):
    path = write("retornados.csv", "id;latitud;longitud\nA;14,6407;-90,5133\n"
                 "B;14,6349;-90,5069\n")
    result = read_returnees(path, errors="report")
    assert result.rejected.empty
    assert result.data["lat"].round(4).tolist() == [14.6407, 14.6349]
    dotted = read_returnees(write("puntos.csv", "id;latitud;longitud\nA;14.6407;-90.5133\n"
                                  "B;14.6349;-90.5069\n"))
    assert result.data["muni_code"].tolist() == dotted["muni_code"].tolist()
    assert any("coma decimal" in i.meaning for i in result.interpretations)
