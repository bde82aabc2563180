"""Property: a value read, written back by the project's own writer (CSV and XLSX) and read
again is unchanged — dates (with their precision), numbers with units, yes/no, sex codes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oportumap import read_returnees
from oportumap.exports.tables import write_table

MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre"]
ABBR = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
#: How offices write a date (the whole column in one or two styles).
DATE_STYLES = {
    "iso": lambda d: d.isoformat(),
    "dmy": lambda d: d.strftime("%d/%m/%Y"),
    "words": lambda d: f"{d.day} de {MONTHS[d.month - 1]} de {d.year}",
    "abbr": lambda d: f"{d.day} {ABBR[d.month - 1]} {d.year}",
    "month": lambda d: f"{MONTHS[d.month - 1]} {d.year}",  # month only: its own precision
}
AGE_STYLES = ["{n}", "{n} años", "{n}a", "{n} AÑOS"]
YES = ["sí", "Si", "S", "X", "1", "TRUE", "Sí"]
NO = ["no", "No", "N", "0", "FALSE"]
#: Codings of sex an office uses for a whole column: (man, woman).
SEX_CODES = [("H", "M"), ("M", "F"), ("hombre", "mujer"), ("Masc.", "Fem."),
             ("masculino", "femenino")]
PLACES = [("Cobán", "Alta Verapaz"), ("Tactic", "Alta Verapaz"),
          ("Huehuetenango", "Huehuetenango"), ("San Marcos", "San Marcos")]

person = st.fixed_dictionaries({
    "age": st.integers(min_value=0, max_value=120),
    "age_style": st.sampled_from(AGE_STYLES),
    "woman": st.booleans(),
    "consent": st.one_of(st.sampled_from(YES), st.sampled_from(NO), st.just("")),
    "document": st.one_of(st.sampled_from(YES), st.sampled_from(NO), st.just("")),
    "date": st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2025, 12, 31)),
    "place": st.sampled_from(PLACES),
})

KEYS = ["returnee_id", "muni_code", "sex", "age", "consent", "has_id_document", "return_date"]


def _key_values(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[KEYS].copy()
    out["return_date"] = pd.to_datetime(out["return_date"]).dt.strftime("%Y-%m-%d")
    return out.astype(str).reset_index(drop=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(person, min_size=1, max_size=6), st.sampled_from(SEX_CODES),
       st.sampled_from(sorted(DATE_STYLES)), st.sampled_from([";", ","]))
def test_read_write_read_keeps_every_value(tmp_path_factory, people, codes, date_style, sep):
    folder = tmp_path_factory.mktemp("ida_y_vuelta")
    lines = [sep.join(["id", "municipio", "departamento", "edad", "sexo", "consentimiento",
                       "tiene dpi", "fecha de retorno"])]
    for i, p in enumerate(people):
        lines.append(sep.join([
            f"R{i + 1}", p["place"][0], p["place"][1], p["age_style"].format(n=p["age"]),
            codes[1] if p["woman"] else codes[0], p["consent"], p["document"],
            DATE_STYLES[date_style](p["date"])]))
    source = folder / "retornados.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = read_returnees(source, errors="report")
    assert len(first.data) + len(first.rejected) == len(people)
    if not len(first.data):
        return
    for suffix in (".csv", ".xlsx"):
        written = folder / f"escrito{suffix}"
        write_table(first.data, written, force=True)
        again = read_returnees(written, errors="report")
        assert not len(again.rejected), again.rejected.to_dict("records")
        pd.testing.assert_frame_equal(_key_values(again.data), _key_values(first.data))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_column_of_only_men_or_only_women_comes_back(tmp_path, suffix):
    # One sex in the whole column: the words written back must not become an ambiguous code.
    for sex in ("H", "M"):
        source = tmp_path / f"retornados_{sex}.csv"
        source.write_text("id;municipio;departamento;sexo\nR1;Cobán;Alta Verapaz;" + sex
                          + "\nR2;Tactic;Alta Verapaz;" + sex + "\nR3;Cobán;Alta Verapaz;H\n",
                          encoding="utf-8")
        first = read_returnees(source, errors="report")
        written = tmp_path / f"escrito_{sex}{suffix}"
        write_table(first.data.iloc[:2], written)
        again = read_returnees(written, errors="report")
        assert again.data["sex"].tolist() == first.data["sex"].iloc[:2].tolist() == [
            "M" if sex == "H" else "F"] * 2
        assert not [i for i in again.interpretations if i.question]
