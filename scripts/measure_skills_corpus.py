"""Measure occupation reading and certification offers on the shared corpus.

    python scripts/measure_skills_corpus.py [CORPUS]   (default ../shared/corpus)

Two figures, for whatever ``oportumap`` is importable (run it with ``PYTHONPATH`` set to
an older checkout to get the baseline in the same run):

1. **Occupations understood / total**: every accepted person of ``_esperado/*/
   retornados.csv`` with occupations; the cell as the office wrote it (from the corpus
   file itself; Kobo choice codes use the expected labels) goes through the readers'
   occupation step and the taxonomy; an occupation counts as understood when the code
   ``tests/data/corpus_occupations.csv`` gives for its meaning is among the person's
   codes.
2. **People offered the right certification**: all those people live in Huehuetenango;
   every standard is offered in Quetzaltenango (86 km) under INTECAP's own titles, and
   the everyday-cook, gourmet-cook, industrial-electrician and construction standards
   also next door in Chiantla, so distance alone would choose wrong. Right = a standard
   of one of the person's occupations (per the same table), or none when they have no
   certifiable occupation.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HEADERS = {"ocupaciones", "US Work Experience", "OFICIO", "Oficio en Guatemala",
           "Experiencia laboral en EEUU", "Ocupación/Oficio", "OFICIO / EXPERIENCIA",
           "Oficio aprendido en EEUU/México", "Oficio en Honduras", "Oficio/experiencia",
           "Ocupacion"}
# INTECAP's titles as INTECAP writes them (and near/far placement).
OFFERS = {
    "CS-01": "Instalador de Tablayeso", "CS-02": "Carpintero",
    "CS-03": "Instalador de Piso Cerámico", "CS-04": "Electricista de Vivienda Popular",
    "CS-05": "Electricista Industrial", "CS-06": "Soldador de Estructuras Metálicas",
    "CS-07": "Albañil (Trabajador de la Construcción)",
    "CS-08": "Jardinero Sembrador Paisajista", "CS-09": "Cocinero de Cocina Cotidiana",
    "CS-10": "Cocinero Gourmet", "CS-11": "Escultor de Uñas Acrílicas",
    "CS-12": "Enderezado y Pintura de Vehículos",
}
NEAR = ("CS-05", "CS-07", "CS-09", "CS-10")


def raw_cells(corpus: Path, rows: pd.DataFrame) -> list[str]:
    """The occupation cell(s) of each expected row as written in the office's file."""
    from oportumap.files import read_raw

    grids: dict[tuple[str, str], pd.DataFrame] = {}
    out: list[str] = []
    found: list[bool] = []
    for r in rows.itertuples(index=False):
        path = corpus / r.folder / r.archivo
        key = (str(path), r.hoja)
        if key not in grids:
            try:
                if path.suffix == ".xlsx":
                    grid = pd.read_excel(path, sheet_name=r.hoja, header=None, dtype=str,
                                         engine="openpyxl")
                    grid.index = grid.index + 1
                else:
                    raw = read_raw(path)
                    grid = pd.concat([pd.DataFrame([raw.frame.columns],
                                                   columns=raw.frame.columns), raw.frame])
                    grid.index = np.arange(len(grid)) + raw.first_row - 1
                    grid.columns = range(grid.shape[1])
            except Exception:  # noqa: BLE001 - a file the readers cannot open yet
                grid = pd.DataFrame()
            grids[key] = grid.fillna("")
        grid = grids[key]
        cell = None
        if len(grid) and r.fila in grid.index:
            head = next((i for i in grid.index[:8]
                         if HEADERS & set(map(str, grid.loc[i]))), None)
            if head is not None:
                cols = [c for c in grid.columns if str(grid.at[head, c]) in HEADERS]
                values = [str(grid.at[r.fila, c]).strip() for c in cols]
                values = [v for v in values if v]
                cell = "; ".join(dict.fromkeys(values))
        out.append(cell if cell is not None else "; ".join(r.ocupaciones.split(" | ")))
        found.append(cell is not None)
    print(f"cells read from the office files: {sum(found)} of {len(found)} (the rest: "
          "expected labels, e.g. Kobo choice codes)")
    return out


class _Fixes:
    """Stands in for the readers' interpretation collector."""

    class col:  # noqa: N801 - mimics the attribute the readers use
        @staticmethod
        def header(column):
            return column

    def add(self, *args, **kwargs):
        return None


def main(corpus: Path) -> None:
    from oportumap import skills
    from oportumap.dataset import Dataset
    from oportumap.geography import get_country
    from oportumap.loaders.readers import _split_occupations
    from oportumap.referrals import referral_plan

    truth = pd.read_csv(Path(__file__).parents[1] / "tests/data/corpus_occupations.csv",
                        dtype=str, keep_default_na=False).set_index("meaning")
    frames = []
    for f in sorted((corpus / "_esperado").glob("*/retornados.csv")):
        t = pd.read_csv(f, dtype=str, keep_default_na=False)
        t = t[(t["resultado"] == "aceptada") & (t["ocupaciones"] != "")]
        frames.append(t.assign(folder=f.parent.name, fila=t["fila"].astype(int)))
    people = pd.concat(frames, ignore_index=True)
    cells = pd.Series(raw_cells(corpus, people), dtype=object)
    split = _split_occupations(cells, _Fixes(), "occupations")
    codes, _ = skills.person_codes(split, slots=8)
    understood = total = 0
    missed: dict[str, int] = {}
    for i, parts in enumerate(people["ocupaciones"].str.split(" | ", regex=False)):
        have = {str(c // 10) if c % 10 == 0 and str(c // 10) in set(truth["isco"]) else
                f"{c:04d}" for c in codes[i] if c}
        for part in parts:
            total += 1
            if truth.at[part, "isco"] in have:
                understood += 1
            else:
                missed[cells[i]] = missed.get(cells[i], 0) + 1
    print(f"occupations understood: {understood}/{total} ({understood / total:.0%})")
    for cell, n in sorted(missed.items(), key=lambda kv: -kv[1]):
        print(f"    not understood: {cell!r} x{n}")

    seats = get_country("GT").municipalities.set_index("muni_code")
    returnees = pd.DataFrame({
        "returnee_id": [f"P{i:03d}" for i in range(len(people))], "muni_code": "1301",
        "occupations": split.to_numpy(), "certifications": "",
        "has_id_document": pd.array([True] * len(people), dtype="boolean"),
        "needs_psychosocial": pd.array([False] * len(people), dtype="boolean"),
        "interest": "employment", "consent": True})
    offers = []
    for sid, title in OFFERS.items():
        for muni in ("0901", *(["1302"] if sid in NEAR else [])):
            offers.append({"opportunity_id": f"{sid}-{muni}", "kind": "certification",
                           "title": title, "provider": "INTECAP", "occupation": "",
                           "capacity": 1000, "muni_code": muni,
                           "lat": seats.at[muni, "lat"], "lon": seats.at[muni, "lon"],
                           "requires_certification": False})
    data = Dataset(returnees=returnees, opportunities=pd.DataFrame(offers),
                   boundaries=get_country("GT").municipalities, country="GT")
    result = referral_plan(data, top=5, as_of="2026-01-01")
    ref = result.referrals
    cert = ref[ref["stage"] == "certification"]
    offered = cert.groupby("returnee_id")["opportunity_id"].first().str[:5]
    right = wrong = none = 0
    for i, parts in enumerate(people["ocupaciones"].str.split(" | ", regex=False)):
        expected = {truth.at[p, "standard"] for p in parts} - {""}
        got = offered.get(f"P{i:03d}")
        if (got in expected) or (not expected and got is None):
            right += 1
        elif got is None:
            none += 1
        else:
            wrong += 1
            print(f"    wrong: {cells[i]!r} -> {got} (expected {sorted(expected)})")
    print(f"people offered the right certification: {right}/{len(people)} "
          f"({right / len(people):.0%}); wrong {wrong}; none although certifiable {none}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/corpus"))
