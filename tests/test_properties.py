"""Property tests: whatever text or bytes a planner feeds in, only DataError comes out,
and rows always reconcile."""

from __future__ import annotations

import contextlib
import string

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oportumap import DataError, read_opportunities, read_returnees, resolve_municipalities
from oportumap.geography import municipalities

NAMES = municipalities()["muni_name"].tolist()
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none()),
                min_size=1, max_size=5))
def test_resolution_raises_only_data_error(values):
    try:
        codes = resolve_municipalities(values)
    except DataError:
        return
    assert codes.str.fullmatch(r"\d{4}").all()


@FUZZ
@given(st.sampled_from(NAMES), st.sampled_from(["upper", "lower", "strip_accents", "spaces"]))
def test_every_official_name_resolves_in_any_spelling(name, style):
    import unicodedata

    munis = municipalities()
    row = munis[munis["muni_name"] == name].iloc[0]
    typed = {"upper": name.upper(), "lower": name.lower(),
             "strip_accents": "".join(c for c in unicodedata.normalize("NFD", name)
                                      if not unicodedata.combining(c)),
             "spaces": f"  {name.replace(' ', '  ')} "}[style]
    assert resolve_municipalities([typed], [row["dept_name"]]).tolist() == [row["muni_code"]]


CELL = st.text(alphabet=string.ascii_letters + string.digits + " .,;-/áéíóúñÑ\"'\t=+@",
               max_size=12)


@FUZZ
@given(st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=8),
       st.sampled_from([",", ";"]), st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))
def test_returnee_reader_raises_only_data_error_and_reconciles(tmp_path_factory, rows, sep,
                                                                 encoding):
    path = tmp_path_factory.mktemp("fuzz") / "returnees.csv"
    header = sep.join(["id", "municipio", "edad"])
    body = "\n".join(sep.join(r) for r in rows)
    path.write_bytes((header + "\n" + body + "\n").encode(encoding, errors="replace"))
    try:
        result = read_returnees(path, errors="report")
    except DataError:
        return
    table = pd.read_csv(path, sep=sep, dtype=str, encoding=encoding.replace(
        "utf-8-sig", "utf-8-sig"), keep_default_na=False, skipinitialspace=True,
        index_col=False)
    # Rows of bare separators inside the table are counted as blank (skipped), never
    # lost; blank rows after the last filled one are not rows (as in a spreadsheet).
    filled = (table.apply(lambda c: c.str.strip()) != "").any(axis=1).to_numpy()
    data_lines = int(filled.nonzero()[0].max()) + 1 if filled.any() else 0
    assert len(result.accepted) + len(result.rejected) + result.blank_rows == data_lines


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_readers(tmp_path_factory, blob):
    folder = tmp_path_factory.mktemp("bytes")
    for name, reader in (("returnees.csv", read_returnees),
                         ("vacancies.csv", read_opportunities),
                         ("training.xlsx", read_opportunities)):
        path = folder / name
        path.write_bytes(blob)
        with contextlib.suppress(DataError):
            reader(path, errors="report")


@pytest.mark.slow  # many referral runs on generated datasets
@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.5, 4.0), st.integers(1, 6))
def test_referrals_respect_consent_and_capacity(seed, factor, top):
    import numpy as np

    from oportumap.referrals import referral_plan
    from oportumap.sample import generate_sample

    data = generate_sample(300, 120, seed=seed)
    rng = np.random.default_rng(seed)
    data.returnees["consent"] = rng.random(len(data.returnees)) < 0.7
    result = referral_plan(data, top=top, capacity_factor=factor)
    table = result.referrals
    refused = set(data.returnees.loc[~data.returnees["consent"], "returnee_id"])
    assert not set(table["returnee_id"]) & refused
    assert result.excluded_no_consent == len(refused)
    capacity = data.opportunities.set_index("opportunity_id")["capacity"]
    counts = table["opportunity_id"].value_counts()
    assert (counts <= np.ceil(factor * capacity[counts.index] - 1e-9)).all()
    assert (table.groupby("returnee_id").size() <= top).all()
