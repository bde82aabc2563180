"""Values exactly as the office corpus writes them (``../shared/corpus/*/README.md``, tables
«Valores que hay que interpretar»), read by the shared readers as the READMEs say.

The pairs are copied from the READMEs so the suite runs without the corpus; the last test
re-reads the coordinators' workbooks themselves when the corpus is present.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from oportumap.dates import read_dates
from oportumap.values import read_numbers, read_sex, read_yes_no
from oportumap.vocabulary import INTEREST, KIND, match

TODAY = dt.date(2026, 12, 5)


@pytest.mark.parametrize("written, iso, precision", [
    ("46205", "2026-07-02", "day"), ("46238", "2026-08-04", "day"),
    ("46266", "2026-09-01", "day"), ("45933", "2025-10-03", "day"),
    ("46182", "2026-06-09", "day"), ("21/7/2026", "2026-07-21", "day"),
    ("3/3/2026", "2026-03-03", "day"), ("18/12/2025", "2025-12-18", "day"),
    ("2 de diciembre de 2025", "2025-12-02", "day"),
    ("8 de septiembre de 2026", "2026-09-08", "day"), ("02-10-2026", "2026-10-02", "day"),
    ("18-09-26", "2026-09-18", "day"), ("abril 2026", "2026-04-01", "month"),
    ("oct-2025", "2025-10-01", "month"), ("octubre 2025", "2025-10-01", "month"),
])
def test_corpus_dates(written, iso, precision):
    r = read_dates(pd.Series([written, "25/12/2025"]), today=TODAY)
    assert r.values[0] == pd.Timestamp(iso) and r.precision[0] == precision


@pytest.mark.parametrize("written", ["00-00-00", "indefinida", "Por definir", "Inmediato",
                                     "hasta agotar fondos"])
def test_corpus_no_date_is_blank_not_an_error(written):
    r = read_dates(pd.Series([written]), today=TODAY, allow_future=True)
    assert r.values.isna().all() and r.problems.isna().all()


def test_corpus_closing_month_and_us_export():
    assert read_dates(pd.Series(["dic-2026"]), allow_future=True, period_end=True,
                      today=TODAY).values[0] == pd.Timestamp("2026-12-31")
    # gt_capital_export_ingles: «10/03/2026» is 3 October in a month/day/year export
    us = read_dates(pd.Series(["10/03/2026", "09/28/2026"]), today=TODAY)
    assert us.month_first and us.values[0] == pd.Timestamp("2026-10-03")


@pytest.mark.parametrize("written, number", [
    ("5 cupos", 5), ("10 socios", 10), ("10 tiendas", 10), ("12 evaluaciones", 12),
    ("15 beneficiarios", 15), ("25 emprendimientos", 25), ("50 operarias", 50),
    ("1 plaza", 1), ("3 plazas", 3), ("15 personas", 15), ("40 (temporada)", 40),
    ("10+", 10), ("33a", 33), ("45a", 45), ("23 años", 23), ("45 años", 45),
])
def test_corpus_numbers(written, number):
    assert read_numbers(pd.Series([written]), integer=True).values[0] == number


def test_corpus_coordinates_with_decimal_comma():
    r = read_numbers(pd.Series(["15,32145", "15,35983", "-91,45578"]))
    assert r.values.tolist() == [15.32145, 15.35983, -91.45578]


@pytest.mark.parametrize("written, meaning, kw", [
    ("requiere", True, {}), ("Firmado", True, {}), ("TRUE", True, {}), ("FALSE", False, {}),
    ("Y", True, {}), ("N", False, {}), ("Si", True, {}), ("S", True, {}), ("✓", True, {}),
    ("Yes", True, {}), ("No", False, {}), ("En trámite", False, {"document": True}),
    ("Vencido", False, {"document": True}), ("Unknown", None, {}), ("", None, {}),
    ("Ninguna", False, {"abroad": True}), ("EEUU 3 años", True, {"abroad": True}),
    ("México", True, {"abroad": True}), ("Sí, 6 años", True, {"abroad": True}),
])
def test_corpus_yes_no(written, meaning, kw):
    r = read_yes_no(pd.Series([written]), **kw)
    assert r.problems.isna().all()
    assert (None if pd.isna(r.values[0]) else bool(r.values[0])) is meaning


@pytest.mark.parametrize("column, expected", [
    (["H", "M", "M"], ["M", "F", "F"]),              # gt_quiche_oficina_regional
    (["M", "F", "M"], ["M", "F", "M"]),              # gt_huehuetenango_ventanilla
    (["Masc.", "Fem."], ["M", "F"]),                 # gt_san_marcos_por_mes
    (["Female", "Male"], ["F", "M"]),                # gt_capital_export_ingles
    (["Femenino", "Masculino", "MUJER", "hombre"], ["F", "M", "F", "M"]),
])
def test_corpus_sex_codes_per_office(column, expected):
    assert read_sex(pd.Series(column)).values.tolist() == expected


@pytest.mark.parametrize("written, code", [
    ("CURSO", "training"), ("NEGOCIO", "entrepreneurship"), ("NINGUNO", ""),
    ("Trabajo", "employment"), ("Capacitación", "training"),
    ("Capital semilla", "entrepreneurship"), ("Emprendimiento", "entrepreneurship"),
    ("Negocio propio", "entrepreneurship"), ("aprender un oficio", "training"),
    ("Employment", "employment"), ("Job placement", "employment"),
    ("Self-employment", "entrepreneurship"), ("Start a business", "entrepreneurship"),
    ("Vocational training", "training"),
])
def test_corpus_interest(written, code):
    assert match(pd.Series([written]), INTEREST).values[0] == code


@pytest.mark.parametrize("written, code", [
    ("Certificación de competencias", "certification"), ("Curso de formación", "training"),
    ("Programa de emprendimiento", "entrepreneurship"), ("Vacante de empleo", "vacancy"),
    ("Servicio de apoyo (psicosocial o documentos)", "service"),
])
def test_corpus_kinds(written, code):
    assert match(pd.Series([written]), KIND).values[0] == code


def _corpus() -> Path | None:
    for candidate in (os.environ.get("OPORTUMAP_CORPUS"),
                      Path(__file__).resolve().parents[2] / "shared" / "corpus",
                      Path(__file__).resolve().parents[3] / "shared" / "corpus"):
        if candidate and (Path(candidate) / "seguimiento_coordinadores").is_dir():
            return Path(candidate)
    return None


@pytest.mark.skipif(_corpus() is None, reason="the office corpus (../shared/corpus) is absent")
def test_coordinators_status_dates_read_as_the_readme_says():
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
    dated = both[both["status_date"].fillna("").astype(str).str.strip() != ""]
    got = read_dates(dated["status_date"], today=TODAY, require_day=True)
    rejected_for_date = dated["columna_problema"].eq("Fecha estado") & \
        ~dated["motivo"].str.contains("anterior a la emisión")
    # the date itself is wrong: no day, impossible, future
    assert got.rejected.tolist() == rejected_for_date.tolist()
    ok = ~rejected_for_date
    shown = got.values[ok].dt.strftime("%Y-%m-%d").tolist()
    assert shown == dated.loc[ok, "fecha_estado"].tolist()
    # every dated row of the four files (SM rows 11-14 sit under a repeated header with
    # «Fecha estado» before «Estado»: read by that header, their dates count too)
    assert len(dated) == 50
