"""One date reader for registries, calendars and status workbooks (issue 22, part 4)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oportumap import dates
from oportumap.dates import format_dates, read_dates

TODAY = dt.date(2026, 12, 5)


def read(values, **kw):
    kw.setdefault("today", TODAY)
    return read_dates(pd.Series(values, dtype="object"), **kw)


def iso(reading):
    return reading.values.dt.strftime("%Y-%m-%d").where(reading.values.notna(), None).tolist()


@pytest.mark.parametrize("written, expected", [
    ("2025-03-15", "2025-03-15"),
    ("2025/03/15", "2025-03-15"),
    ("2025-03-15 00:00:00", "2025-03-15"),
    ("15/03/2025", "2025-03-15"),
    ("15-03-2025", "2025-03-15"),
    ("15.03.2025", "2025-03-15"),      # accepted in status workbooks, once rejected in registries
    ("15.3.2025", "2025-03-15"),
    ("1.12.2024", "2024-12-01"),
    ("18-09-26", "2026-09-18"),        # dd-mm-yy
    ("5/11/26", "2026-11-05"),
    ("05-dic-99", "1999-12-05"),       # two-digit year beyond this year: last century
    ("15 dic 2025", "2025-12-15"),
    ("15 DIC. 2025", "2025-12-15"),
    ("8 de diciembre de 2025", "2025-12-08"),
    ("lunes 3 de marzo de 2025", "2025-03-03"),
    ("1° de enero de 2025", "2025-01-01"),
    ("05-dic-25", "2025-12-05"),
    ("3 set 2025", "2025-09-03"),
    ("March 15, 2025", "2025-03-15"),
    ("15 Dec 2025", "2025-12-15"),
    ("Aug 3rd 2025", "2025-08-03"),
    ("45933", "2025-10-03"),           # Excel serial stored as text
    ("45933.0", "2025-10-03"),
    ("20250315", "2025-03-15"),
])
def test_day_precision_forms(written, expected):
    r = read([written])
    assert iso(r) == [expected]
    assert r.precision.tolist() == ["day"]
    assert r.problems.tolist() == [None]


@pytest.mark.parametrize("written, expected", [
    ("marzo 2025", "2025-03-01"), ("oct-2025", "2025-10-01"), ("Octubre/2025", "2025-10-01"),
    ("10/2025", "2025-10-01"), ("2025-10", "2025-10-01"), ("Sept. 2025", "2025-09-01"),
    ("abril de 2026", "2026-04-01"), ("Aug-2025", "2025-08-01"),
])
def test_month_only_keeps_month_precision(written, expected):
    r = read([written], column="Fecha de retorno")
    assert iso(r) == [expected]
    assert r.precision.tolist() == ["month"]
    (said,) = r.interpretations
    assert "solo mes y año" in said.meaning and "día desconocido" in said.meaning
    assert said.column == "Fecha de retorno"


@pytest.mark.parametrize("written, end", [
    ("dic-2026", "2026-12-31"), ("febrero 2028", "2028-02-29"), ("2027", "2027-12-31"),
    ("15/03/2027", "2027-03-15")])
def test_a_closing_month_stands_for_its_last_day(written, end):
    r = read([written], allow_future=True, period_end=True)
    assert iso(r) == [end]


def test_year_only_and_cells_and_serial_numbers():
    r = read([2025, 45737, 45737.75, dt.datetime(2025, 3, 1, 10, 30), dt.date(2024, 2, 29),
              pd.Timestamp("2026-01-31")])
    assert iso(r) == ["2025-01-01", "2025-03-21", "2025-03-21", "2025-03-01", "2024-02-29",
                      "2026-01-31"]
    assert r.precision.tolist() == ["year", "day", "day", "day", "day", "day"]
    meanings = " | ".join(i.meaning for i in r.interpretations)
    assert "número de serie de Excel" in meanings and "solo el año" in meanings


@pytest.mark.parametrize("marker", ["00-00-00", "0000-00-00", "00/00/0000", "N/D",
                                    "sin dato", "Por definir", "Inmediato", "", "   ", None])
def test_unknown_markers_are_blank_not_errors(marker):
    r = read([marker, "15/03/2025"])
    assert r.values.isna().tolist() == [True, False]
    assert r.problems.tolist() == [None, None]
    assert r.precision[0] is None


def test_us_file_is_month_first_for_the_whole_column():
    # One value (10/25/2026) only reads month/day: every row of the column is read so.
    r = read(["10/03/2026", "10/25/2026", "01/02/2026"], column="Return Date")
    assert r.month_first
    assert iso(r) == ["2026-10-03", "2026-10-25", "2026-01-02"]
    said = [i for i in r.interpretations if "la columna escribe mes/día/año" in i.meaning]
    assert said and said[0].rows == 3 and said[0].value == "10/03/2026"


def test_same_values_read_day_first_when_another_row_decides():
    r = read(["10/03/2026", "25/10/2026"])
    assert not r.month_first
    assert iso(r) == ["2026-03-10", "2026-10-25"]


def test_undecided_column_defaults_to_day_month_and_says_so():
    r = read(["10/03/2026", "01/02/2026"], column="Fecha")
    assert iso(r) == ["2026-03-10", "2026-02-01"]
    assumed = [i for i in r.interpretations if "supuesto" in i.meaning]
    assert len(assumed) == 1 and assumed[0].rows == 2 and not assumed[0].question


def test_a_column_where_both_orders_appear_is_a_question_and_minority_rows_rejected():
    r = read(["25/10/2026", "26/10/2026", "10/27/2026"], column="Fecha")
    assert not r.month_first
    assert r.problems.notna().tolist() == [False, False, True]
    assert "orden de la columna" in r.problems[2]
    assert any(i.question for i in r.interpretations)


def test_explicit_order_overrides_the_column():
    r = read(["10/03/2026"], day_first=False)
    assert iso(r) == ["2026-10-03"]


@pytest.mark.parametrize("written, detail", [
    ("15/13/2026", "mes 13"), ("30/02/2025", "día 30: febrero tiene 28 días"),
    ("31/04/2025", "día 31: abril tiene 30 días"), ("2025-13-01", "mes 13"),
    ("29/02/2025", "día 29: febrero tiene 28 días"), ("12/05/1850", "año 1850"),
])
def test_impossible_dates_rejected_with_the_reason(written, detail):
    r = read([written])
    assert r.values.isna().all()
    assert r.problems[0] == f"fecha imposible ({detail})"


@pytest.mark.parametrize(("written", "shown"), [
    ("15/01/2031", "15/01/2031"), ("2027-01-01", "01/01/2027"), ("dic 2027", "12/2027"),
    ("3 de marzo de 2029", "03/03/2029"), ("2030", "2030")])
def test_future_dates_rejected_unless_allowed(written, shown):
    # the date as read, at its precision: the year written is in the message
    r = read([written])
    assert r.problems[0] == f"fecha en el futuro: {shown} (hoy es 05/12/2026)"
    assert read([written], allow_future=True).problems[0] is None


@pytest.mark.parametrize("written", ["oct-2026", "octubre 2026", "2026"])
def test_a_status_change_needs_its_day(written):
    r = read([written], require_day=True)
    assert r.values.isna().all()
    assert r.problems[0] == f"fecha sin día («{written}»); escriba el día (dd/mm/aaaa)"


@pytest.mark.parametrize("written", ["15 dic", "dic", "8 de diciembre"])
def test_day_and_month_without_year_rejected(written):
    assert read([written]).problems[0] == f"fecha sin año («{written}»); agregue el año"


@pytest.mark.parametrize("written", ["ayer", "la semana pasada", "15/03", "3 marzo abril 2025",
                                     True, 12])
def test_text_that_is_not_a_date_is_rejected_never_guessed(written):
    r = read([written])
    assert r.values.isna().all()
    assert r.problems[0].startswith("fecha no reconocida")


def test_messages_in_english():
    r = read(["15/13/2026", "ayer"], lang="en")
    assert r.problems.tolist()[0] == "impossible date (month 13)"
    assert r.problems.tolist()[1].startswith("date not recognised")


def test_result_keeps_the_index_and_never_mutates_the_input():
    values = pd.Series(["15/03/2025", None, "oct-2025"], index=[10, 20, 30], dtype="object")
    before = values.copy()
    r = read_dates(values, today=TODAY)
    assert list(r.values.index) == [10, 20, 30] == list(r.problems.index)
    pd.testing.assert_series_equal(values, before)
    assert r.rejected.tolist() == [False, False, False]


def test_every_distinct_value_is_parsed_once(monkeypatch):
    calls = []
    real = dates._parse_one
    monkeypatch.setattr(dates, "_parse_one", lambda v, *a: calls.append(v) or real(v, *a))
    column = pd.Series(np.tile(["15/03/2025", "oct-2025", "45933", "", "ayer"], 200_000))
    r = read_dates(column, today=TODAY)
    assert len(calls) == 5
    assert len(r.values) == 1_000_000
    assert r.problems.notna().sum() == 200_000
    assert (r.precision == "month").sum() == 200_000
    counted = {i.value.split(" ")[0]: i.rows for i in r.interpretations}
    assert counted["oct-2025"] == 200_000


@st.composite
def dated(draw):
    day = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=TODAY))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    stamp = pd.Timestamp(day)
    if precision != "day":
        stamp = stamp.replace(day=1)
    if precision == "year":
        stamp = stamp.replace(month=1)
    return stamp, precision


@settings(max_examples=150, deadline=None)
@given(st.lists(dated(), min_size=1, max_size=8))
def test_read_write_read_is_unchanged(items):
    values = pd.Series([s for s, _ in items], dtype="datetime64[ns]")
    precision = pd.Series([p for _, p in items], dtype="object")
    first = read_dates(format_dates(values, precision), today=TODAY)
    assert first.problems.isna().all()
    pd.testing.assert_series_equal(first.values, values, check_names=False)
    again = read_dates(format_dates(first.values, first.precision), today=TODAY)
    assert again.values.equals(first.values) and again.precision.equals(first.precision)
    assert first.precision.tolist() == precision.tolist()


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY),
       st.sampled_from(["{d}/{m}/{y}", "{d:02d}-{m:02d}-{y}", "{d}.{m}.{y}",
                        "{d} de {mes} de {y}", "{d} {mes3} {y}", "{y}-{m:02d}-{d:02d}"]))
def test_every_spanish_way_of_writing_a_day_reads_the_same(day, pattern):
    names = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"]
    written = pattern.format(d=day.day, m=day.month, y=day.year, mes=names[day.month - 1],
                             mes3=names[day.month - 1][:3])
    # A column always has a day > 12 somewhere; here one is added so the order is decided.
    r = read_dates(pd.Series([written, "25/12/2020"]), today=TODAY)
    assert r.values[0] == pd.Timestamp(day), written


def test_each_way_of_writing_a_date_is_said_on_its_own_line():
    r = read(["3/10/2026", "15/09/2026", "22/09/2026", "15/09/2026", "3 de octubre de 2026",
              "5 nov 2026", "18-09-26", "21-09-26"], column="Fecha estado")
    said = {i.value: (i.meaning, i.rows) for i in r.interpretations}
    # one digit or two for the day: two ways; the same way twice: one line with a count
    assert said["3/10/2026"] == ("texto día/mes/año: 03/10/2026", 1)
    assert said["15/09/2026 (y 1 más)"] == ("texto día/mes/año: 15/09/2026", 3)
    assert "3 de octubre de 2026" in said and "5 nov 2026" in said
    assert said["18-09-26 (y 1 más)"][0] == "año de dos cifras (dd-mm-aa): 18/09/2026"
    assert sum(n for _, n in said.values()) == 8  # every value said once


def test_many_dates_written_one_way_stay_one_line():
    days = pd.date_range("2025-01-01", periods=300).strftime("%d/%m/%Y").tolist()
    r = read(days)
    assert [i.value for i in r.interpretations] == ["01/01/2025 (y 299 más)"]
