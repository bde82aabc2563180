"""Unmet demand: who could not be referred in a stage, why, and what would help."""

from __future__ import annotations

import numpy as np
import pandas as pd

from oportumap import skills
from oportumap.i18n import text
from oportumap.referrals.pathway import STAGE_KIND, STAGES

#: Columns of :attr:`ReferralResult.unmet_demand`.
UNMET_COLUMNS = ["muni_code", "muni_name", "dept_name", "stage", "isco", "occupation",
                 "returnees", "referred", "unmet", "no_option", "capacity_full", "deferred",
                 "reason", "nearest_id", "nearest_title", "nearest_provider",
                 "nearest_muni_code", "nearest_km"]


def unmet_table(people, seats, stage_blocks, person, stage_of, opps, reach: dict[str, float],
                unit: str, lang: str = "es") -> pd.DataFrame:
    """People per (home municipality, stage, occupation) left without a referral in the
    stage, why, and the nearest open offer that would help; only rows with someone unmet,
    most unmet first."""
    n = people["n"]
    got = np.zeros((n, len(STAGES)), bool)
    got[person, stage_of] = True
    muni_codes, muni_idx = people["muni_values"], people["muni_idx"]
    frames = []
    for block in stage_blocks:
        members = np.flatnonzero(block["in_stage"])
        if len(members) == 0:
            continue
        stage = block["stage"]
        if stage in ("psychosocial", "id_document", "entrepreneurship"):
            occ = np.zeros(len(members), np.int64)
        elif stage == "certification":
            cocc = np.where(people["certifiable"][members], people["occ"][members], 0)
            occ = np.where(cocc[:, 0] > 0, cocc[:, 0], cocc[:, 1]).astype(np.int64)
        else:
            occ = people["occ"][members, 0].astype(np.int64)
        referred = got[members, block["stage_i"]]
        deferred = ~referred & (block["quota"][members] == 0)  # no room left in the list
        no_option = ~referred & ~deferred & ~block["has_option"][members]
        key = muni_idx[members].astype(np.int64) * 10000 + occ
        keys, inverse = np.unique(key, return_inverse=True)
        total = np.bincount(inverse)
        ref = np.bincount(inverse, weights=referred).astype(np.int64)
        no_opt = np.bincount(inverse, weights=no_option).astype(np.int64)
        later = np.bincount(inverse, weights=deferred).astype(np.int64)
        frames.append(pd.DataFrame({
            "muni_code": muni_codes[keys // 10000], "stage": stage,
            "isco": [f"{c:04d}" if c else "" for c in keys % 10000],
            "returnees": total, "referred": ref, "unmet": total - ref, "no_option": no_opt,
            "capacity_full": total - ref - no_opt - later, "deferred": later,
        }))
    if not frames:
        return pd.DataFrame({c: [] for c in UNMET_COLUMNS})
    table = pd.concat(frames, ignore_index=True)
    names = seats.set_index("muni_code")
    table.insert(1, "muni_name", table["muni_code"].map(names["muni_name"]).fillna(""))
    table.insert(2, "dept_name", table["muni_code"].map(names["dept_name"]).fillna(""))
    table = table[table["unmet"] > 0]
    labels = {c: skills.label(c) if c else "" for c in table["isco"].unique()}
    table.insert(5, "occupation", table["isco"].map(labels))
    table["stage"] = pd.Categorical(table["stage"], categories=list(STAGES))
    table = table.sort_values(["unmet", "muni_code", "stage", "isco"],
                              ascending=[False, True, True, True], kind="stable")
    table = table.reset_index(drop=True)
    table["reason"] = _reasons(table, reach, unit, lang)
    nearest = _nearest_open(table, seats, opps)
    table = pd.concat([table, nearest], axis=1)
    return table[UNMET_COLUMNS]


def _reasons(table: pd.DataFrame, reach: dict[str, float], unit: str, lang: str
             ) -> np.ndarray:
    """Why people are unmet, in words, with how many for each cause ("nada abierto a menos
    de 40 km (12); todas las plazas asignadas (3)")."""
    kinds = table["stage"].astype(object).map(STAGE_KIND).to_numpy()
    out = np.full(len(table), "", dtype=object)
    for column, key in (("no_option", "no_open"), ("capacity_full", "full"),
                        ("deferred", "deferred")):
        count = table[column].to_numpy()
        has = count > 0
        phrase = {k: text(f"referrals.unmet.{key}", lang).format(reach=f"{reach[k]:g} {unit}")
                  for k in set(kinds)}  # the reach differs by kind
        words = pd.Series(kinds[has], dtype=object).map(phrase).to_numpy(dtype=object)
        part = words + " (" + count[has].astype(str).astype(object) + ")"
        sep = np.where(out[has] == "", "", "; ").astype(object)
        out[has] = out[has] + sep + part
    return out


def _nearest_open(table: pd.DataFrame, seats: pd.DataFrame, opps: dict) -> pd.DataFrame:
    """Nearest open offer of the stage (and occupation) from each row's municipal seat,
    at any distance: what a planner could extend reach or seats to."""
    from scipy.spatial import cKDTree

    from oportumap.allocation import unit_xyz
    from oportumap.costs import distance_km

    n = len(table)
    best = np.full(n, -1, np.int64)
    seat = pd.Index(seats["muni_code"]).get_indexer(table["muni_code"])
    s_lat, s_lon = seats["lat"].to_numpy(float), seats["lon"].to_numpy(float)
    usable = opps["open"] & (opps["capacity"] > 0) & np.isfinite(opps["lat"]) \
        & np.isfinite(opps["lon"])
    minor = opps["occ"] // 10
    fits = skills.certifiable_table()
    covers = {sid: set(group.tolist()) for sid, group in fits.groupby("standard_id")["isco"]}
    stages = table["stage"].astype(object).to_numpy()
    iscos = table["isco"].astype(object).to_numpy()
    for (stage, isco), rows in pd.Series(np.arange(n)).groupby([stages, iscos]):
        kind = STAGE_KIND[stage]
        mask = usable & (opps["kind"] == kind)
        code = int(isco) if isco else 0
        if kind == "service":
            mask &= opps["service"] == stage
        elif stage == "certification":
            ok = [sid for sid, codes in covers.items() if code in codes]
            mask &= np.isin(opps["standard"], ok)
        elif kind in ("training", "vacancy") and code:
            mask &= minor == code // 10
        elif kind == "vacancy":  # no recognised occupation: entry-level jobs
            mask &= (opps["occ"] // 1000 == 9) & ~opps["requires"]
        dest = np.flatnonzero(mask)
        rows = rows.to_numpy()
        rows = rows[seat[rows] >= 0]
        if len(dest) == 0 or len(rows) == 0:
            continue
        tree = cKDTree(unit_xyz(opps["lat"][dest], opps["lon"][dest]))
        _, j = tree.query(unit_xyz(s_lat[seat[rows]], s_lon[seat[rows]]))
        best[rows] = dest[j]
    found = best >= 0
    km = np.full(n, np.nan)
    pick = best[found]
    km[found] = np.round(distance_km(s_lat[seat[found]], s_lon[seat[found]],
                                     opps["lat"][pick], opps["lon"][pick]), 1)

    def column(values: np.ndarray) -> np.ndarray:
        out = np.full(n, "", dtype=object)
        out[found] = values[pick]
        return out

    return pd.DataFrame({"nearest_id": column(opps["id"]), "nearest_title": column(
        opps["title"]), "nearest_provider": column(opps["provider"]),
        "nearest_muni_code": column(opps["muni_code"]), "nearest_km": km})
