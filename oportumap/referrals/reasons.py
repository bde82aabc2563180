"""Reasons in words and the referral table people read (one row per referral)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from oportumap import skills
from oportumap.i18n import text
from oportumap.referrals.pathway import STAGE_KIND, STAGES

#: Columns of :attr:`ReferralResult.referrals` (``minutes`` follows ``distance_km`` with a
#: travel-time table; ``address`` and ``referral_id`` appear when the data has them).
REFERRAL_COLUMNS = ["returnee_id", "rank", "stage", "kind", "opportunity_id", "title",
                    "provider", "contact", "muni_code", "home_muni_code", "distance_km",
                    "start_date", "end_date", "capacity", "score", "reason"]

def reason_words(lang: str, id_document: str) -> dict[str, str]:
    """The reason templates in ``lang`` (from :mod:`oportumap.i18n`), with the country's
    identity-document name filled in.

    Examples
    --------
    >>> reason_words("es", "DPI")["id_document"]
    'Trámite de DPI'
    """
    keys = ("same", "related", "entry", "cert", "course_same", "course_related", "course",
            "programme", "psychosocial", "id_document", "places", "places_n", "seats",
            "seats_n", "needs_cert", "has_cert", "starts")
    words = {k: text(f"referrals.reason.{k}", lang) for k in keys}
    words["remaining"] = text("tracking.remaining", lang)
    words["remaining_one"] = text("tracking.remaining_one", lang)
    words["id_document"] = words["id_document"].format(id_document=id_document)
    return words


def referral_frame(returnees, rows, people, opp_frame, opps, person, row, rank, stage_of,
                   cat, lang, id_document: str, with_minutes: bool = False) -> pd.DataFrame:
    """One row per referral with everything needed to act on it (see
    :data:`REFERRAL_COLUMNS`); reasons are formatted once per distinct reason."""
    words = reason_words(lang, id_document)
    opp = cat["opp"][row]
    km = cat["km"][row]
    # Reasons are formatted once per distinct (stage, how, occupation, km, places, cert).
    km_int = np.where(km < 1, -1, np.round(km)).astype(np.int64)
    cap = np.minimum(opps["capacity"][opp], (1 << 20) - 1)
    how = cat["how"][row].astype(np.int64)
    occ_code = opps["occ"][opp].astype(np.int64)
    requires = (opps["requires"][opp] & (stage_of == STAGES.index("employment"))).astype(
        np.int64)
    held = cat["held"][row].astype(np.int64)
    general_course = (stage_of == STAGES.index("training")) & (how == 3)
    shown_occ = np.where(general_course, 0, occ_code)
    minute_int = np.where(np.isfinite(cat["minutes"][row]), np.round(cat["minutes"][row]),
                          -1).astype(np.int64) if with_minutes else np.full(len(row), -1)
    used = opps["seats_used"][opp].astype(np.int64) if "seats_used" in opps else \
        np.zeros(len(opp), np.int64)
    key = ((((((stage_of * 4 + how) * 10000 + shown_occ) * 4096 + km_int + 1) << 20 | cap)
            * 4 + requires * 2 + held) * 2 + used)
    if with_minutes:
        key = pd.factorize(key)[0].astype(np.int64) * 100_000 + np.clip(minute_int + 1, 0,
                                                                         99_999)
    # Offers that start after the as-of date say when (day number since 1970, or -1).
    start_day = np.where(opps["starts_later"][opp],
                         opps["start"][opp].astype("datetime64[D]").astype(np.int64), -1)
    key = pd.factorize(key)[0].astype(np.int64) * 100_000 + np.clip(start_day + 1, 0, 99_999)
    first_codes, _ = pd.factorize(key, sort=False)
    course = np.where(general_course, opp, -1) + 1
    codes, uniq = pd.factorize(first_codes.astype(np.int64) * (len(opps["kind"]) + 1) + course,
                               sort=False)
    rep = np.zeros(len(uniq), np.int64)
    rep[codes[::-1]] = np.arange(len(codes))[::-1]  # first row of each distinct reason
    titles = opp_frame["title"].astype("object").fillna("").to_numpy()
    reasons = []
    for i in rep.tolist():  # distinct reasons only
        stage = STAGES[stage_of[i]]
        h, code, k, c, rq = how[i], shown_occ[i], km_int[i], int(cap[i]), requires[i] * 2 + \
            held[i]
        lab = skills.label(code, lang) if code else ""
        if stage in ("psychosocial", "id_document"):
            head = words[stage]
        elif stage == "entrepreneurship":
            head = words["programme"]
        elif stage == "certification":
            head = words["cert"].format(label=lab)
        elif stage == "training":
            head = words["course_same" if h == 1 else "course_related" if h == 2 else
                        "course"].format(label=lab if h in (1, 2) else titles[opp[i]])
        else:
            head = words["same" if h == 1 else "related" if h == 2 else "entry"].format(
                label=lab)
        parts = [head, "<1 km" if k < 0 else f"{k} km"]
        if with_minutes and minute_int[i] >= 0:
            parts.append(f"{minute_int[i]} min")
        seats = ""
        if stage == "employment":
            seats = words["places" if c == 1 else "places_n"].format(n=c)
        elif stage not in ("psychosocial", "id_document"):
            seats = words["seats" if c == 1 else "seats_n"].format(n=c)
        if seats and used[i]:  # a follow-up store says some seats are already taken
            seats += " " + words["remaining_one" if c == 1 else "remaining"]
        if seats:
            parts.append(seats)
        if rq >= 2:
            parts.append(words["has_cert" if rq == 3 else "needs_cert"])
        if start_day[i] >= 0:
            day = pd.Timestamp(int(start_day[i]), unit="D").strftime("%d/%m/%Y")
            parts.append(words["starts"].format(date=day))
        reasons.append(" · ".join(parts))
    source = rows[person]
    kinds = [STAGE_KIND[s] for s in STAGES]
    kind_categories = list(dict.fromkeys(kinds))
    kind_code = np.array([kind_categories.index(k) for k in kinds])[stage_of]

    def take(frame: pd.DataFrame, column: str, index: np.ndarray):
        if column not in frame:
            return np.full(len(index), None, dtype=object)
        return frame[column].array.take(index)

    frame = pd.DataFrame({
        "returnee_id": take(returnees, "returnee_id", source),
        "rank": rank.astype(np.int64),
        "stage": pd.Categorical.from_codes(stage_of, categories=list(STAGES)),
        "kind": pd.Categorical.from_codes(kind_code, categories=kind_categories),
        "opportunity_id": take(opp_frame, "opportunity_id", opp),
        "title": _categorical(opp_frame["title"], opp),
        "provider": _categorical(opp_frame["provider"], opp),
        "contact": _categorical(opp_frame["contact"], opp) if "contact" in opp_frame
        else pd.Categorical.from_codes(np.zeros(len(opp), np.int8), [""]),
        "muni_code": _categorical(opp_frame["muni_code"], opp),
        "home_muni_code": take(returnees, "muni_code", source),
        "distance_km": np.round(km, 1),
        "start_date": _dates(opp_frame, "start_date", opp),
        "end_date": _dates(opp_frame, "end_date", opp),
        "capacity": opps["capacity"][opp].astype(np.int64),
        "score": np.round(cat["score"][row], 4),
        "reason": pd.Categorical.from_codes(*_dedupe_categories(codes, reasons)),
    })
    if "address" in opp_frame:
        frame.insert(frame.columns.get_loc("muni_code") + 1, "address",
                     _categorical(opp_frame["address"], opp))
    if with_minutes:
        frame.insert(frame.columns.get_loc("distance_km") + 1, "minutes",
                     np.round(cat["minutes"][row], 0))
    return frame


def _dates(frame: pd.DataFrame, column: str, index: np.ndarray) -> np.ndarray:
    if column not in frame:
        return np.full(len(index), np.datetime64("NaT"), dtype="datetime64[ns]")
    values = pd.to_datetime(frame[column], errors="coerce").to_numpy(dtype="datetime64[ns]")
    return values[index]


def _categorical(values: pd.Series, index: np.ndarray) -> pd.Categorical:
    codes, uniques = pd.factorize(values.astype("object").fillna(""), sort=False)
    return pd.Categorical.from_codes(codes[index], categories=pd.Index(uniques,
                                                                       dtype=object))


def _dedupe_categories(codes: np.ndarray, labels: list[str]) -> tuple[np.ndarray, list]:
    uniq, remap = np.unique(np.array(labels, dtype=object), return_inverse=True)
    return remap[codes], list(uniq)

