"""Candidate search and scoring: the nearest open offers of each stage for each group.

People are grouped into *units* (same origin, occupation, match confidence and
certification); each unit keeps its best :data:`~oportumap.referrals.pathway.DEFAULT_DEPTH`
candidates by the score documented in :mod:`oportumap.referrals.pathway`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from oportumap import skills
from oportumap.allocation import join_keys, keep_top, nearest_by_class, ranges, unit_xyz
from oportumap.referrals.pathway import (
    CAPACITY_WEIGHT,
    CERTIFICATION_MISSING_FACTOR,
    ENTRY_LEVEL_MATCH,
    RELATED_STANDARD_FACTOR,
    STAGE_KIND,
    TRAINING_FLOOR,
)


def _units_for_stage(stage: str, mask: np.ndarray, people: dict
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Memberships (person, order, unit) of the people in one stage and unit attributes.

    A unit is (origin, one occupation, match confidence, certified in it). People with two
    recognised occupations belong to two units of the occupation stages (their quota is
    shared); for employment the second counts only if it is in another minor group (the
    first one already reaches related vacancies).
    """
    idx = np.flatnonzero(mask)
    occ = people["occ"][idx].astype(np.int64)
    conf_q = np.round(people["conf"][idx] * 100).astype(np.int64)
    cert = people["certified"][idx].astype(np.int64)
    if stage in ("psychosocial", "id_document", "entrepreneurship"):
        slots = [(idx, np.zeros(len(idx), np.int64), np.zeros(len(idx), np.int64),
                  np.zeros(len(idx), np.int64))]
    else:
        if stage == "certification":
            occ = np.where(people["certifiable"][idx], occ, 0)
            cert = np.zeros_like(cert)
            # Own-trade standard first: "roofing; framing" starts with carpentry (fit 1)
            # rather than the construction standard that only recognises roofing (fit 2).
            fit = people["cert_fit"][idx]
            swap = (fit[:, 1] > 0) & ((fit[:, 0] == 0) | (fit[:, 1] < fit[:, 0]))
            occ = np.where(swap[:, None], occ[:, ::-1], occ)
            conf_q = np.where(swap[:, None], conf_q[:, ::-1], conf_q)
        elif stage == "training":
            cert = np.zeros_like(cert)
        first = occ[:, 0] > 0 if stage == "certification" else np.ones(len(idx), bool)
        second = occ[:, 1] > 0
        if stage == "employment":
            second &= (occ[:, 1] // 10) != (occ[:, 0] // 10)
        slots = [(idx[first], occ[first, 0], conf_q[first, 0], cert[first, 0]),
                 (idx[second], occ[second, 1], conf_q[second, 1], cert[second, 1])]
    person = np.concatenate([s[0] for s in slots])
    code = np.concatenate([s[1] for s in slots])
    conf = np.where(code > 0, np.concatenate([s[2] for s in slots]), 0)
    held = np.concatenate([s[3] for s in slots])
    # Order of the membership within the person (0 first, 1 second).
    seen = np.zeros(people["n"], np.int64)
    mem_order = np.zeros(len(person), np.int64)
    if len(slots) > 1:
        n_first = len(slots[0][0])
        seen[person[:n_first]] = 1
        mem_order[n_first:] = seen[person[n_first:]]
    key = (people["origin"][person].astype(np.int64) << 34) | (code << 20) | (conf << 12) \
        | (held << 11)
    unit, keys = pd.factorize(key, sort=False)
    unit = unit.astype(np.int64)

    def per_unit(values: np.ndarray) -> np.ndarray:  # equal within a unit by construction
        out = np.empty(len(keys), dtype=values.dtype)
        out[unit] = values
        return out

    units = {
        "origin": per_unit(people["origin"][person].astype(np.int64)),
        "occ": per_unit(code.astype(np.int64)), "conf": per_unit(conf) / 100.0,
        "certified": per_unit(held.astype(bool)),
        "size": np.bincount(unit, minlength=len(keys)),
    }
    return person, mem_order, unit, units



def _stage_candidates(stage: str, units: dict, people: dict, opps: dict,
                      max_cost: dict[str, float], depth: int, minutes=None,
                      max_minutes: dict[str, float] | None = None) -> dict:
    """Candidate rows (unit, opportunity, km, score, match) of one stage, best ``depth``
    per unit, sorted by unit then rank. A unit is (origin, one occupation, its match
    confidence, certified in it)."""
    kind = STAGE_KIND[stage]
    dest = np.flatnonzero((opps["kind"] == kind) & (opps["limit"] > 0)
                          & np.isfinite(opps["lat"]) & np.isfinite(opps["lon"]))
    if kind == "service":
        dest = dest[opps["service"][dest] == stage]
    empty = {"unit": np.zeros(0, np.int64), "opp": np.zeros(0, np.int64),
             "km": np.zeros(0), "minutes": np.zeros(0), "score": np.zeros(0),
             "how": np.zeros(0, np.int8),
             "held": np.zeros(0, bool), "pos": np.zeros(0, np.int64),
             "occ": np.zeros(0, np.int64)}
    n_units = len(units["origin"])
    if len(dest) == 0 or n_units == 0:
        return empty
    origins = np.unique(units["origin"])
    max_km = max_cost[kind]
    o_xyz = unit_xyz(people["origin_lat"][origins], people["origin_lon"][origins])
    d_xyz = unit_xyz(opps["lat"][dest], opps["lon"][dest])
    order = opps["order"]
    u_origin = units["origin"].astype(np.int64)
    u_occ = units["occ"].astype(np.int64)
    d_occ = opps["occ"][dest].astype(np.int64)
    d_req = opps["requires"][dest] & (kind == "vacancy")
    pieces = []  # (class label, origin, opportunity, km) from nearest-``depth`` queries

    def nearest(classes: np.ndarray, label: int, needed=None) -> None:
        oi, dj, km, cls = nearest_by_class(o_xyz, d_xyz, classes, depth, max_km, needed)
        pieces.append((np.full(len(oi), label), origins[oi].astype(np.int64), dest[dj], km,
                       cls))

    # Query only the origins where some group can use a class of offers.
    u_local = np.searchsorted(origins, u_origin)

    def origins_where(mask: np.ndarray) -> np.ndarray:
        return np.unique(u_local[mask])

    if kind in ("service", "entrepreneurship"):
        nearest(np.zeros(len(dest), np.int64), 0)
    elif kind == "certification":
        std = skills.certification_standards()
        fits = skills.certifiable_table()
        std_idx = pd.Index(std["standard_id"]).get_indexer(opps["standard"][dest])
        recognised = fits.groupby("standard_id")["isco"].agg(list)
        covers = [np.array(recognised.get(sid, []), np.int64) for sid in std["standard_id"]]
        nearest(np.where(std_idx >= 0, std_idx, -1), 0,
                lambda c: origins_where(np.isin(u_occ, covers[c])))
    else:
        by_minor = pd.Series(u_local[u_occ > 0]).groupby(u_occ[u_occ > 0] // 10).unique()
        nearest(np.where(d_occ > 0, d_occ * 2 + d_req, -1), 0,
                lambda c: np.asarray(by_minor.get(c // 20, []), np.int64))
        if kind == "training":
            nearest(np.zeros(len(dest), np.int64), 1)
        else:
            nearest(np.where((d_occ // 1000 == 9) & ~d_req, 0, -1), 1,
                    lambda c: origins_where(u_occ == 0))
    label, pair_origin, pair_opp, km, cls = (np.concatenate([p[i] for p in pieces])
                                             for i in range(5))
    travel = np.full(len(km), np.nan)
    if minutes is not None:  # travel times replace km in the decay and the cut-off
        o_seat = people["origin_seat"][pair_origin]
        d_seat = opps["seat"][pair_opp]
        ok = (o_seat >= 0) & (d_seat >= 0)
        travel[ok] = minutes[o_seat[ok], d_seat[ok]]
        limit_min = max_minutes[kind]
        reach = np.isfinite(travel) & (travel <= limit_min)
        label, pair_origin, pair_opp, km, cls, travel = (
            a[reach] for a in (label, pair_origin, pair_opp, km, cls, travel))
        decay = 0.5 ** (travel / (limit_min / 2.0))
    else:
        decay = 0.5 ** (km / (max_km / 2.0))
    room = np.minimum(opps["capacity"][pair_opp], 10) / 10.0
    base = decay * (1 - CAPACITY_WEIGHT + CAPACITY_WEIGHT * room)
    p_occ = opps["occ"][pair_opp].astype(np.int64)

    rows_u, rows_p = [], []
    if kind in ("service", "entrepreneurship"):
        left, right = join_keys(u_origin, pair_origin)
        rows_u.append(left)
        rows_p.append(right)
    elif kind == "certification":
        # Every occupation each standard recognises, with how well (fit 1 or 2).
        std_ids = skills.certification_standards()["standard_id"]
        fits = skills.certifiable_table()
        fits = fits.assign(std=pd.Index(std_ids).get_indexer(fits["standard_id"]))
        fits = fits.sort_values("std", kind="stable")
        n_codes = np.bincount(fits["std"], minlength=len(std_ids))
        flat = fits["isco"].to_numpy(np.int64)
        flat_fit = fits["fit"].to_numpy(np.int64)
        starts = np.cumsum(n_codes) - n_codes
        c_pair = np.repeat(np.arange(len(cls)), n_codes[cls])
        c_at = ranges(starts[cls], n_codes[cls])
        has = np.flatnonzero(u_occ > 0)
        left, right = join_keys(u_origin[has] * 10000 + u_occ[has],
                            pair_origin[c_pair] * 10000 + flat[c_at])
        rows_u.append(has[left])
        rows_p.append(c_pair[right])
        fit_of_row = flat_fit[c_at[right]]
    else:  # training, vacancy: candidates of the same minor group
        coded = np.flatnonzero(label == 0)
        has = np.flatnonzero(u_occ > 0)
        left, right = join_keys(u_origin[has] * 1000 + u_occ[has] // 10,
                            pair_origin[coded] * 1000 + p_occ[coded] // 10)
        rows_u.append(has[left])
        rows_p.append(coded[right])
        general = np.flatnonzero(label == 1)
        # training: any course within reach, for anyone in the stage; vacancy: entry-level
        # jobs for people with no recognised occupation.
        who = np.arange(len(u_occ)) if kind == "training" else np.flatnonzero(u_occ == 0)
        left, right = join_keys(u_origin[who], pair_origin[general])
        rows_u.append(who[left])
        rows_p.append(general[right])
    unit = np.concatenate(rows_u)
    pair = np.concatenate(rows_p)
    if len(unit) == 0:
        return empty
    if kind == "training":  # the same course may come from both routes
        uniq = np.unique(unit * (len(opps["kind"]) + 1) + pair_opp[pair], return_index=True)[1]
        unit, pair = unit[uniq], pair[uniq]
    opp = pair_opp[pair]
    held = np.zeros(len(unit), bool)
    how = np.zeros(len(unit), np.int8)  # 1 same, 2 related, 3 entry level / any course
    if kind in ("service", "entrepreneurship"):
        match = np.ones(len(unit))
    elif kind == "certification":
        # The standard of the person's own trade (fit 1) always ranks above one that
        # only recognises a related trade (fit 2); distance orders offers of one fit.
        fit = fit_of_row
        match = units["conf"][unit] * np.where(fit == 1, 1.0, RELATED_STANDARD_FACTOR)
        how = fit.astype(np.int8)
    else:
        code = u_occ[unit]
        other = p_occ[pair]
        same_minor = ((u_occ // 10)[unit] == (p_occ // 10)[pair]) & (code > 0)
        sim = np.where(code == other, 1.0, np.where(same_minor,
                                                   skills.MINOR_GROUP_SIMILARITY, 0.0))
        match = sim * units["conf"][unit] * opps["conf"][opp]
        how = np.where(sim >= 1, 1, np.where(sim > 0, 2, 3)).astype(np.int8)
        if kind == "vacancy":
            held = units["certified"][unit]
            match = np.where(code == 0, ENTRY_LEVEL_MATCH, match)
        else:
            match = np.maximum(match, TRAINING_FLOOR)
            how = np.where(match > TRAINING_FLOOR, how, 3).astype(np.int8)
    factor = np.where(opps["requires"][opp] & ~held & (kind == "vacancy"),
                      CERTIFICATION_MISSING_FACTOR, 1.0)
    score = np.round(match * base[pair] * factor, 6)
    idx, pos = keep_top(unit, score, km[pair], order[opp], depth)
    return {"unit": unit[idx], "opp": opp[idx], "occ": u_occ[unit[idx]], "km": km[pair][idx],
            "minutes": travel[pair][idx], "score": score[idx], "how": how[idx],
            "held": held[idx], "pos": pos}

