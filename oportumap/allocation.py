"""Vectorised candidate search and capacity-aware allocation behind the referral lists.

Policy-free machinery: k-nearest offers per class with a k-d tree, ordering and top-k
selection of candidate rows with numpy, and the allocation that fills people's lists in
rounds without any offer exceeding its limit. The rules that decide *who* gets *what*
(stages, scores, reasons) live in :mod:`oportumap.referrals`.
"""

from __future__ import annotations

import math

import numpy as np

from oportumap.costs import (
    _SPHERE_MARGIN,
    EARTH_RADIUS_KM,
    distance_km,
    unit_xyz,  # noqa: F401 - one helper, re-exported for referrals
)

#: Allocation rounds at most (each round serves everyone's next open candidates).
MAX_ROUNDS = 500


def nearest_by_class(o_xyz: np.ndarray, d_xyz: np.ndarray, classes: np.ndarray, k: int,
                      max_km: float, needed=None) -> tuple[np.ndarray, ...]:
    """For every origin and every class of destinations, the ``k`` nearest within
    ``max_km``: (origin index, destination index, km, class). Classes < 0 are skipped;
    ``needed(c)``, when given, returns the origin indices that need class ``c``."""
    from scipy.spatial import cKDTree

    # Search a little wider on the sphere, then keep exact ellipsoidal distances.
    chord = 2 * math.sin(min(max_km * _SPHERE_MARGIN / EARTH_RADIUS_KM, math.pi) / 2)
    out = []
    for c in np.unique(classes[classes >= 0]):  # a few dozen classes, not people
        members = np.flatnonzero(classes == c)
        which = np.arange(len(o_xyz)) if needed is None else needed(c)
        if len(which) == 0:
            continue
        kk = min(k, len(members))
        dist, j = cKDTree(d_xyz[members]).query(o_xyz[which], k=kk,
                                                distance_upper_bound=chord)
        dist, j = dist.reshape(len(which), kk), j.reshape(len(which), kk)
        ok = np.isfinite(dist)
        oi = which[np.nonzero(ok)[0]]
        out.append((oi, members[j[ok]], dist[ok], np.full(len(oi), c)))
    if not out:
        z = np.zeros(0, np.int64)
        return z, z, np.zeros(0), z
    oi, dj, _chord, cls = (np.concatenate([o[i] for o in out]) for i in range(4))
    o, d = o_xyz[oi], d_xyz[dj]
    km = distance_km(np.degrees(np.arcsin(o[:, 2])), np.degrees(np.arctan2(o[:, 1], o[:, 0])),
                     np.degrees(np.arcsin(d[:, 2])), np.degrees(np.arctan2(d[:, 1], d[:, 0])))
    keep = km <= max_km
    return oi[keep], dj[keep], km[keep], cls[keep].astype(np.int64)


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(start, start + length)`` for every pair, vectorised."""
    lengths = np.asarray(lengths, np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(np.asarray(starts, np.int64), lengths) + np.arange(total) - offsets


def order_rows(group: np.ndarray, score: np.ndarray, km: np.ndarray,
                order: np.ndarray) -> np.ndarray:
    """Row order by group, then score desc (to 1e-6), km asc (to 0.1 km), order asc."""
    q_score = np.round((1.0 - score) * 1e6).astype(np.int64)  # 0..1e6: 20 bits
    q_km = np.round(km * 10).astype(np.int64)
    group = group.astype(np.int64)
    order = order.astype(np.int64)
    bits = [int(max(int(a.max()), 1)).bit_length() for a in (group, q_km, order)]
    if bits[0] + 20 + bits[1] + bits[2] <= 63:  # one int64 key: a single (unstable) sort
        key = (((group << 20 | q_score) << bits[1] | q_km) << bits[2]) | order
        return np.argsort(key)
    idx = np.argsort((q_km << 32) | order, kind="stable")  # tie-break first, then main key
    return idx[np.argsort(((group << 21) | q_score)[idx], kind="stable")]


def keep_top(group: np.ndarray, score: np.ndarray, km: np.ndarray, order: np.ndarray,
              k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the ``k`` best rows per group (score desc, km asc, order asc), sorted
    by group then rank, and the rank of each kept row within its group."""
    if len(group) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    idx = order_rows(group, score, km, order)
    g = group[idx]
    first = np.r_[True, g[1:] != g[:-1]]
    starts = np.flatnonzero(first)
    pos = np.arange(len(g)) - np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    keep = pos < k
    return idx[keep], pos[keep]


def join_keys(left_key: np.ndarray, right_key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with ``left_key[i] == right_key[j]`` (an equi-join on int64 keys)."""
    order = np.argsort(right_key)  # callers impose a total order afterwards
    sorted_keys = right_key[order]
    lo = np.searchsorted(sorted_keys, left_key, side="left")
    hi = np.searchsorted(sorted_keys, left_key, side="right")
    counts = hi - lo
    left = np.repeat(np.arange(len(left_key)), counts)
    right = order[ranges(lo, counts)]
    return left, right


def allocate(c_unit: np.ndarray, c_start: np.ndarray, c_size: np.ndarray,
              c_need: np.ndarray, unit_start: np.ndarray, unit_len: np.ndarray,
              cand_opp: np.ndarray, cand_score: np.ndarray, cand_km: np.ndarray,
              cand_order: np.ndarray, limit: np.ndarray, per_round: int = 1
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Serve every unit's people from their candidate lists without exceeding ``limit``.

    People of a unit are interchangeable and ordered by priority; a *cohort* is a run of
    them (``start``, ``size``) that has received the same referrals so far. Each round,
    every cohort asks for its next candidate that is still open; requests are served to
    people with fewer referrals so far first, then best score first (then nearer, then
    opportunity order, then unit and cohort start); an opportunity that fills grants only
    the first people of the cohort, which splits it. With ``per_round=1`` everyone gets
    their first referral before anyone gets a second, so scarce places are spread over
    more people. Returns the accepted (unit, start, count, candidate row) blocks.
    """
    remaining = limit.astype(np.int64).copy()
    active = (c_need > 0) & (c_size > 0) & (unit_len[c_unit] > 0)
    c_unit, c_start, c_size, c_need = (np.asarray(a, np.int64)[active] for a in (
        c_unit, c_start, c_size, c_need))
    c_ptr = np.zeros(len(c_unit), np.int64)
    c_got = np.zeros(len(c_unit), np.int64)
    out_unit, out_start, out_count, out_row = [], [], [], []
    # Working copy of the candidate rows, compacted to the units still asking.
    unit_start = unit_start.astype(np.int64).copy()
    cur_opp, cur_row = cand_opp, np.arange(len(cand_opp))
    for _round in range(MAX_ROUNDS):
        if len(c_unit) == 0:
            break
        marked = np.zeros(len(unit_len), bool)
        marked[c_unit] = True
        asking = np.flatnonzero(marked)
        rows_left = int(unit_len[asking].sum())
        if rows_left < 0.6 * len(cur_opp):
            keep = ranges(unit_start[asking], unit_len[asking])
            cur_opp, cur_row = cur_opp[keep], cur_row[keep]
            unit_start[asking] = np.cumsum(unit_len[asking]) - unit_len[asking]
        open_rows = np.flatnonzero(remaining[cur_opp] > 0)
        base = np.searchsorted(open_rows, unit_start[c_unit] + c_ptr)
        end = np.searchsorted(open_rows, unit_start[c_unit] + unit_len[c_unit])
        take = np.minimum(np.minimum(c_need, per_round), end - base)
        alive = take > 0
        c_unit, c_start, c_size, c_need, c_ptr, c_got, base, take = (
            a[alive] for a in (c_unit, c_start, c_size, c_need, c_ptr, c_got, base, take))
        if len(c_unit) == 0:
            break
        n_c = len(c_unit)
        req_cohort = np.repeat(np.arange(n_c), take)
        req_local = open_rows[ranges(base, take)]
        req_row = cur_row[req_local]
        demand = c_size[req_cohort]
        opp = cand_opp[req_row]
        # Serve in priority order, then per opportunity the cumulative demand so far.
        prio = np.lexsort((c_start[req_cohort], c_unit[req_cohort],
                           cand_order[req_row], cand_km[req_row], -cand_score[req_row],
                           c_got[req_cohort]))
        by_opp = prio[np.argsort(opp[prio], kind="stable")]
        d = demand[by_opp]
        o = opp[by_opp]
        cum = np.cumsum(d)
        first = np.r_[True, o[1:] != o[:-1]]
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(o)), 0))
        before = cum - d - (cum[group_start] - d[group_start])
        granted_sorted = np.clip(remaining[o] - before, 0, d)
        granted = np.empty_like(granted_sorted)
        granted[by_opp] = granted_sorted
        remaining -= np.bincount(o, weights=granted_sorted, minlength=len(remaining)).astype(
            np.int64)
        ok = granted > 0
        out_unit.append(c_unit[req_cohort[ok]])
        out_start.append(c_start[req_cohort[ok]])
        out_count.append(granted[ok])
        out_row.append(req_row[ok])
        # Split cohorts at partial grants: person offset i got request r iff i < granted_r.
        last_row = open_rows[base + take - 1]  # local (compacted) position
        new_ptr = last_row - unit_start[c_unit] + 1
        partial = (granted > 0) & (granted < demand)
        cut_c = np.concatenate([np.arange(n_c), np.arange(n_c), req_cohort[partial]])
        cut_at = np.concatenate([np.zeros(n_c, np.int64), c_size, granted[partial]])
        big = int(c_size.max()) + 1
        cuts = np.sort(cut_c * big + cut_at)
        cuts = cuts[np.r_[True, cuts[1:] != cuts[:-1]]]
        cc, at = cuts // big, cuts % big
        seg = np.flatnonzero(np.r_[cc[1:] == cc[:-1], False])  # segment [at[s], at[s+1])
        seg_c, seg_a, seg_b = cc[seg], at[seg], at[seg + 1]
        got_key = np.sort(req_cohort * big + granted)
        # requests of cohort c with granted > a: those with key in (c*big + a, c*big + big)
        got = np.searchsorted(got_key, seg_c * big + big - 1, side="right") - np.searchsorted(
            got_key, seg_c * big + seg_a, side="right")
        c_unit = c_unit[seg_c]
        c_start = c_start[seg_c] + seg_a
        c_size = seg_b - seg_a
        c_need = c_need[seg_c] - got
        c_got = c_got[seg_c] + got
        c_ptr = new_ptr[seg_c]
        more = c_need > 0
        c_unit, c_start, c_size, c_need, c_ptr, c_got = (
            a[more] for a in (c_unit, c_start, c_size, c_need, c_ptr, c_got))
    if not out_unit:
        z = np.zeros(0, np.int64)
        return z, z, z, z
    return (np.concatenate(out_unit), np.concatenate(out_start),
            np.concatenate(out_count).astype(np.int64), np.concatenate(out_row))
