# ruff: noqa: E501  (the table of expected failures names files as they are written)
"""Office folders written outside the project (``shared/corpus``) read as their READMEs say.

Each folder's ``_esperado/<folder>/*.csv`` lists every data row: where it is (file, sheet,
row), whether a correct reading accepts it, rejects it (and which column) or skips it as
blank, and the values it must give. These tests read each folder with
:func:`oportumap.loaders.read_folder` and compare, table by table (file + sheet), so
progress is visible per table. Assertions that depend on other work (places and
aliases, country boundaries, follow-up import, skills) are marked ``xfail(strict=True)``
with the reason, table by table: when that work lands they pass and the mark must go.

Run ``python tests/test_corpus.py`` for a summary of rows read correctly.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd
import pytest


def corpus_dir() -> Path | None:
    given = os.environ.get("OPORTUMAP_CORPUS")
    path = Path(given) if given else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    return path if (path / "_esperado").is_dir() else None


CORPUS = corpus_dir()
if CORPUS is None and os.environ.get("CI") == "true":
    raise RuntimeError("the office corpus (shared/corpus or $OPORTUMAP_CORPUS) is missing in CI")
pytestmark = pytest.mark.skipif(CORPUS is None, reason="office corpus not available")

#: Folders whose files are registries and opportunities (the follow-up workbooks of
#: ``seguimiento_coordinadores`` are read by ``track import``, tested in test_tracking).
FOLDERS = ["gt_quiche_oficina_regional", "gt_huehuetenango_ventanilla",
           "gt_quetzaltenango_feria_intecap", "gt_san_marcos_por_mes",
           "gt_capital_export_ingles", "gt_alta_verapaz_coban", "sv_oriente_san_miguel",
           "hn_umar_sps_ceiba", "kobo_totonicapan_solola", "hxl_3w_y_retornos"]
EXPECTED_FILES = {"retornados.csv": "returnees", "oportunidades.csv": "opportunities",
                  "agregados.csv": "aggregate"}


def country_of(folder: str) -> str:
    return {"sv": "SV", "hn": "HN"}.get(folder[:2], "GT")


def expected(folder: str) -> pd.DataFrame:
    frames = []
    for name, content in EXPECTED_FILES.items():
        path = CORPUS / "_esperado" / folder / name
        if path.exists():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame["content"] = content
            frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["fila"] = out["fila"].astype(int)
    return out


def _iso(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d"))


def _yes_no(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else ("sí" if bool(v) else "no"))


KIND_ES = {"vacancy": "vacante", "training": "formación", "certification": "certificación",
           "entrepreneurship": "emprendimiento", "service": "servicio"}


@cache
def reading(folder: str):
    """Our reading of a folder, as rows comparable with ``_esperado``."""
    import tempfile

    from oportumap import geography
    from oportumap.loaders.content import AGGREGATE, RETURNEES, read_folder

    # Countries registered elsewhere (another test, the user's own data home) must not
    # change what a folder reads as: an empty data home, caches cleared before and after.
    saved = os.environ.get("OPORTUMAP_HOME")
    with tempfile.TemporaryDirectory() as home:
        os.environ["OPORTUMAP_HOME"] = home
        geography.clear_cache("SV", "HN", "CR")
        try:
            if country_of(folder) != "GT":
                # What both READMEs ask first: register the country's boundaries (El
                # Salvador by its 44 municipalities, keeping the districts).
                from places_fixtures import register_for_corpus

                register_for_corpus(country_of(folder))
            tables = read_folder(CORPUS / folder, country=country_of(folder))
        finally:
            if saved is None:
                os.environ.pop("OPORTUMAP_HOME", None)
            else:
                os.environ["OPORTUMAP_HOME"] = saved
            geography.clear_cache("SV", "HN", "CR")
    rows, units = [], []
    for t in tables:
        content = ("returnees" if t.content == RETURNEES else "aggregate"
                   if t.content == AGGREGATE else "opportunities" if t.content else None)
        sheets = t.sheets or [""]
        for sheet in sheets:
            units.append({"archivo": t.file, "hoja": sheet, "content": content,
                          "problem": t.problem})
        result = t.result
        if result is None:
            continue
        data = result.data
        ours = pd.DataFrame({
            "archivo": t.file, "hoja": result.sheets, "fila": result.row_numbers,
            "resultado": "aceptada", "columna_problema": "", "codigo": data["muni_code"],
        })
        if content == "aggregate":  # counts as a person reads them: «<5» stays «<5»
            from oportumap.loaders import shown_counts

            shown = shown_counts(data)
            for role, key in COUNT_KEYS.items():
                ours[key] = shown[role].to_numpy()
        elif content == "returnees":
            ours["sexo"] = data["sex"].fillna("").astype(str)
            ours["consentimiento"] = _yes_no(data["consent"])
            ours["fecha_retorno"] = _iso(data["return_date"])
            ours["tiene_documento"] = _yes_no(data["has_id_document"])
        else:
            ours["tipo"] = data["kind"].map(KIND_ES).fillna("")
            ours["plazas"] = data["capacity"].astype(str)
        rows.append(ours)
        rej = result.rejected
        rows.append(pd.DataFrame({"archivo": t.file, "hoja": rej["sheet"], "fila": rej["row"],
                                  "resultado": "rechazada",
                                  "columna_problema": rej["column"]}))
        # Blank rows are counted per table (their rows are not listed).
        units[-1]["blank"] = result.blank_rows
        for unit in units[-len(sheets):]:
            unit["blank"] = result.blank_rows if len(sheets) == 1 else None
    ours = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["archivo", "hoja", "fila", "resultado"])
    ours["fila"] = ours["fila"].astype(int)
    ours["hoja"] = ours["hoja"].fillna("").astype(str)
    return pd.DataFrame(units), ours


def table_units() -> list:
    if CORPUS is None:
        return []
    params = []
    for folder in FOLDERS:
        exp = expected(folder)
        for (file, sheet), _ in exp.groupby(["archivo", "hoja"], sort=False):
            params.append(pytest.param(folder, file, sheet,
                                       id=f"{folder}/{file}/{sheet or '-'}"))
    return params


def _slice(frame: pd.DataFrame, file: str, sheet: str) -> pd.DataFrame:
    return frame[(frame["archivo"] == file) & (frame["hoja"] == sheet)]


def _xfail(request, folder: str, file: str, sheet: str, test: str) -> None:
    reason = XFAIL.get((folder, file, sheet, test))
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))


@pytest.mark.parametrize(("folder", "file", "sheet"), table_units())
def test_every_table_is_found_with_its_content(folder, file, sheet):
    units, _ = reading(folder)
    exp = _slice(expected(folder), file, sheet)
    found = _slice(units, file, sheet)
    assert len(found) == 1, f"{file} hoja {sheet!r} no se encontró como tabla"
    assert found["content"].iloc[0] == exp["content"].iloc[0]


@pytest.mark.parametrize(("folder", "file", "sheet"), table_units())
def test_accepted_rejected_and_blank_counts(request, folder, file, sheet):
    _xfail(request, folder, file, sheet, "counts")
    units, ours = reading(folder)
    exp = _slice(expected(folder), file, sheet)
    mine = _slice(ours, file, sheet)
    unit = _slice(units, file, sheet)
    if exp["content"].iloc[0] == "aggregate":
        # Counts by municipality are no registry: read as counts, never as people.
        assert unit["content"].tolist() == ["aggregate"]
        assert "sexo" not in mine or mine["sexo"].isna().all()
    want = exp["resultado"].value_counts().to_dict()
    got = mine["resultado"].value_counts().to_dict()
    assert got.get("aceptada", 0) == want.get("aceptada", 0), unit["problem"].tolist()
    assert got.get("rechazada", 0) == want.get("rechazada", 0)
    if len(unit) and unit["blank"].notna().all():
        assert int(unit["blank"].iloc[0]) == want.get("vacía", 0)


@pytest.mark.parametrize(("folder", "file", "sheet"), table_units())
def test_rejected_rows_are_the_expected_ones(request, folder, file, sheet):
    _xfail(request, folder, file, sheet, "rejected")
    units, ours = reading(folder)
    unit = _slice(units, file, sheet)
    assert not unit["problem"].astype(bool).any(), unit["problem"].tolist()  # it was read
    exp = _slice(expected(folder), file, sheet)
    mine = _slice(ours, file, sheet)
    want = exp[exp["resultado"] == "rechazada"]
    got = mine[mine["resultado"] == "rechazada"]
    assert sorted(got["fila"]) == sorted(want["fila"])
    # The column named is one the README names (several joined by « / » there); a README
    # naming columns by their HXL hashtags («#adm2+code») names the headers above them.
    tags = hxl_tags(folder, file)
    for row in want.itertuples(index=False):
        named = {c.strip() for c in row.columna_problema.split(" / ") if c.strip()}
        named |= {c.strip() for c in row.columna_problema.split("/") if c.strip()}
        named |= {tags[c] for c in named if c in tags}
        ours_named = got.loc[got["fila"] == row.fila, "columna_problema"].iloc[0]
        ours_set = {c.strip() for part in ours_named.split(";") for c in part.split("+")}
        assert named & ours_set, (row.fila, named, ours_set)


def hxl_tags(folder: str, file: str) -> dict[str, str]:
    """HXL hashtag -> header, from a CSV whose second line is the hashtag row."""
    path = CORPUS / folder / file
    if path.suffix.lower() != ".csv":
        return {}
    import csv

    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        lines = [row for _, row in zip(range(2), csv.reader(handle), strict=False)]
    if len(lines) < 2 or not any(lines[1]) or not all(
            t.startswith("#") for t in lines[1] if t):
        return {}
    return {tag: header for header, tag in zip(lines[0], lines[1], strict=False) if tag}


#: Count roles of a count table -> their column in ``_esperado/*/agregados.csv``.
COUNT_KEYS = {"total": "total", "women": "mujeres", "men": "hombres", "minors": "menores"}
KEYS = {"returnees": ["codigo", "sexo", "consentimiento", "fecha_retorno"],
        "opportunities": ["codigo", "tipo", "plazas"],
        "aggregate": ["codigo", *COUNT_KEYS.values()]}
#: Keys the summary compares (the assertions compare :data:`KEYS`).
SUMMARY_KEYS = {"returnees": ["codigo", "sexo", "consentimiento"],
                "opportunities": ["codigo", "tipo"],
                "aggregate": ["codigo", *COUNT_KEYS.values()]}


@pytest.mark.parametrize(("folder", "file", "sheet"), table_units())
def test_key_values_row_by_row(request, folder, file, sheet):
    _xfail(request, folder, file, sheet, "values")
    _, ours = reading(folder)
    exp = _slice(expected(folder), file, sheet)
    content = exp["content"].iloc[0]
    want = exp[exp["resultado"] == "aceptada"].set_index("fila")
    got = _slice(ours, file, sheet)
    got = got[got["resultado"] == "aceptada"].set_index("fila")
    both = want.index.intersection(got.index)
    assert len(both) == len(want), "accepted rows differ"
    for key in KEYS[content]:
        w = want.loc[both, key].astype(str)
        g = got.loc[both, key].fillna("").astype(str)
        if key == "fecha_retorno":  # «2025-10»: the month only; the day is not asserted
            g = pd.Series([x[: len(y)] for x, y in zip(g, w, strict=True)], index=both)
        if key == "codigo" and country_of(folder) != "GT":
            continue  # codes of other countries are their registration's
        diff = [(i, w[i], g[i]) for i in both if w[i] != g[i]]
        assert not diff, f"{key}: (fila, esperado, leído) {diff[:6]}"


# --------------------------------------------------------------------------- xfail

#: (folder, file, sheet, test) -> what the assertion waits for, as ``xfail(strict=True)``:
#: when the work named lands the test passes, the strict mark fails, and the line goes.
#: Empty: every folder reads as its README says.
XFAIL: dict[tuple[str, str, str, str], str] = {}


def summary() -> pd.DataFrame:
    """Rows read correctly per folder: same result, same rejected column, same keys."""
    out = []
    for folder in FOLDERS:
        exp = expected(folder)
        units, ours = reading(folder)
        merged = exp.merge(ours, on=["archivo", "hoja", "fila"], how="left",
                           suffixes=("", "_ours"))
        right = merged["resultado"] == merged["resultado_ours"].fillna("")
        # Blank rows are counted per table, not listed: right when the count is; a count
        # table is right only when read as one (its content and its counts).
        for (file, sheet), rows in merged.groupby(["archivo", "hoja"]):
            unit = _slice(units, file, sheet)
            blank = rows["resultado"] == "vacía"
            if blank.any() and len(unit) and unit["blank"].notna().all():
                right[blank[blank].index] = int(unit["blank"].iloc[0]) == int(blank.sum())
            if (rows["content"] == "aggregate").all():
                right[rows.index] &= unit["content"].tolist() == ["aggregate"]
        content = merged["content"]
        for key in dict.fromkeys(k for keys in SUMMARY_KEYS.values() for k in keys):
            if key == "codigo" and country_of(folder) != "GT":
                continue
            applies = content.isin([c for c, keys in SUMMARY_KEYS.items() if key in keys])
            if key + "_ours" in merged:
                ok = (merged[key] == merged[key + "_ours"].fillna("")) | (
                    merged["resultado"] != "aceptada") | ~applies
            else:
                ok = (merged["resultado"] != "aceptada") | ~applies
            right &= ok
        out.append({"folder": folder, "files": exp["archivo"].nunique(),
                    "rows": len(exp), "right": int(right.sum())})
    return pd.DataFrame(out)


if __name__ == "__main__":
    table = summary()
    print(table.to_string(index=False))
    print(f"total: {table['right'].sum()} of {table['rows'].sum()} rows read as the READMEs say")
