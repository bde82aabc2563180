"""Referral lists along the reintegration pathway: stages, ranking and capacity-aware allocation.

For each returnee (with consent) the tool proposes a short ranked list of concrete next
steps near home. Every rule a planner may ask about is here, in this docstring.

Pathway stages (in this order; a returnee gets the stages whose rule holds)
    1. ``psychosocial``: ``needs_psychosocial`` is true -> nearest psychosocial service.
    2. ``id_document``: ``has_id_document`` is false -> nearest identity-document office.
       (Unknown values are not acted on: only recorded needs are referred.)
    3. ``certification``: experience in an occupation that a certification standard covers
       (``geodata/certification_standards.csv``) and no certification in it yet ->
       certification offers of that standard.
    4. ``training``: no recognised occupation, or ``interest`` is ``training`` -> courses
       (courses of the person's occupation score highest, any course scores at least
       :data:`TRAINING_FLOOR`).
    5. ``employment``: unless ``interest`` is ``entrepreneurship`` -> vacancies of the same
       or a related occupation (see :func:`oportumap.skills.similarity`); people with no
       recognised occupation are offered entry-level vacancies (ISCO major group 9 that do
       not require certification) with match :data:`ENTRY_LEVEL_MATCH`.
    6. ``entrepreneurship``: ``interest`` is ``entrepreneurship`` -> entrepreneurship and
       seed-capital programmes.

How many referrals each stage may take (:data:`STAGE_QUOTA`) is filled in stage order
until ``top`` is reached, so services come first and later stages use what is left.

Score of a candidate (0-1, higher is better)
    ``score = match x decay x certification x (1 - CAPACITY_WEIGHT + CAPACITY_WEIGHT x room)``

    - ``match``: occupation similarity (1 same ISCO unit group, 0.5 same minor group) times
      the confidence of both free-text matches; 1 for services and programmes.
    - ``decay = 0.5 ** (km / half_km)`` with ``half_km = max_km / 2`` for the kind: 1 at the
      door, 0.5 at half the maximum distance, 0.25 at the maximum; farther candidates are
      not considered (see :data:`DEFAULT_MAX_KM`). With a travel-time table, minutes replace
      km and ``max_minutes`` replaces ``max_km``.
    - ``certification``: 1, or :data:`CERTIFICATION_MISSING_FACTOR` when the vacancy
      requires a certification the person does not hold (the certification stage already
      proposes how to get it).
    - ``room = min(capacity, 10) / 10``: more places, slightly better odds.

    Ties are broken by distance, then by ``opportunity_id``. Each referral carries a short
    reason (``"Coincide ocupación: Carpintero · 12 km · 3 plazas"``).

Capacity-aware allocation
    No opportunity is referred to more than ``ceil(capacity_factor x capacity)`` people
    (default ``capacity_factor`` :data:`DEFAULT_CAPACITY_FACTOR`). Allocation runs in
    rounds. In each round every person asks, in each of their stages, for their best
    candidate still open; requests are served to people with fewer referrals so far in
    that stage first (so everyone gets a first vacancy before anyone gets a second), then
    best score first, then nearer, then ``opportunity_id``; among people of the same group
    (same origin and occupation) those with more slots left for the stage, then earlier
    ``return_date``, then input order, come first. People whose candidate filled up ask
    for their next one in the following round, until their stage quota is met or their
    candidates run out. Demand that cannot be served is reported per municipality, stage
    and occupation by :func:`unmet_demand`: planning information in itself.

Two occupations
    A person with two recognised occupations (``"albañil; carpintero"``) gets candidates of
    both; the stage quota is shared (the first occupation takes the larger half, and
    either takes over what the other cannot use). For employment the second counts only
    when it is in another ISCO minor group (the first already reaches related vacancies).

Candidates
    For each origin and each occupation (and whether certification is required), the
    :data:`DEFAULT_DEPTH` nearest offers within the maximum distance are candidates; each
    group of people then keeps its best :data:`DEFAULT_DEPTH` by score.

Locations
    Distances are km on the WGS84 ellipsoid (:func:`oportumap.costs.distance_km`) from
    the returnee's home point when known (grouped in
    cells of :data:`HOME_CELL_DEG` degrees, about 5 km, and measured from the mean point of
    the cell), otherwise from the municipal seat. People are grouped by origin, occupation
    and stage, so the work grows with the number of distinct groups, not of people.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oportumap import skills
from oportumap.allocation import (
    allocate,
    join_keys,
    keep_top,
    nearest_by_class,
    ranges,
    unit_xyz,
)
from oportumap.errors import DataError
from oportumap.schema import REACH_KM, REACH_MINUTES
from oportumap.text import normalize_text

#: Pathway stages in order, and the opportunity kind each refers to.
STAGES: tuple[str, ...] = ("psychosocial", "id_document", "certification", "training",
                           "employment", "entrepreneurship")
STAGE_KIND: dict[str, str] = {
    "psychosocial": "service", "id_document": "service", "certification": "certification",
    "training": "training", "employment": "vacancy", "entrepreneurship": "entrepreneurship",
}
#: Most referrals a stage may take in one person's list (filled in stage order up to ``top``).
STAGE_QUOTA: dict[str, int] = {
    "psychosocial": 1, "id_document": 1, "certification": 1, "training": 2,
    "employment": 5, "entrepreneurship": 2,
}
STAGE_QUOTA_MAX = 63  # need is stored in 6 bits of a sort key
#: Maximum great-circle distance (km) considered for each kind of opportunity.
DEFAULT_MAX_KM: dict[str, float] = REACH_KM
#: Maximum travel time (minutes) for each kind when a travel-time table is given.
DEFAULT_MAX_MINUTES: dict[str, float] = REACH_MINUTES
#: Each opportunity is referred to at most ``ceil(capacity_factor x capacity)`` people.
DEFAULT_CAPACITY_FACTOR = 3.0
#: Lowest occupation match of any course for a person in the training stage.
TRAINING_FLOOR = 0.3
#: Match of an entry-level vacancy for a person with no recognised occupation.
ENTRY_LEVEL_MATCH = 0.3
#: Score factor when a vacancy requires a certification the person does not hold.
CERTIFICATION_MISSING_FACTOR = 0.5
#: Weight of the remaining-capacity term in the score.
CAPACITY_WEIGHT = 0.2
#: Size (degrees) of the cells home points are grouped in (0.05 degrees is about 5 km).
HOME_CELL_DEG = 0.05
#: Candidates kept per group and stage (the best ones); deeper ones are never reached.
DEFAULT_DEPTH = 30

REFERRAL_COLUMNS = ["returnee_id", "rank", "stage", "kind", "opportunity_id", "title",
                    "provider", "muni_code", "home_muni_code", "distance_km", "score",
                    "reason"]
UNMET_COLUMNS = ["muni_code", "muni_name", "dept_name", "stage", "isco", "occupation",
                 "returnees", "referred", "unmet", "no_option", "capacity_full", "deferred"]

#: Spanish headers for referral and unmet-demand exports (added to schema.HEADERS_ES).
HEADERS_ES: dict[str, str] = {
    "rank": "Orden", "stage": "Etapa", "home_muni_code": "Código municipio residencia",
    "home_muni_name": "Municipio de residencia", "muni_name": "Municipio oportunidad",
    "distance_km": "Distancia (km)", "minutes": "Tiempo (min)", "score": "Puntaje",
    "reason": "Motivo", "isco": "Código CIUO-08", "occupation": "Ocupación",
    "returnees": "Retornados en la etapa", "referred": "Con referencia",
    "unmet": "Sin referencia", "no_option": "Sin opción al alcance",
    "capacity_full": "Opciones llenas", "deferred": "Sin espacio en la lista",
    "muni_code": "Código municipio",
}
STAGE_LABELS: dict[str, dict[str, str]] = {
    "es": {"psychosocial": "Atención psicosocial", "id_document": "Documento de identidad",
           "certification": "Certificación", "training": "Formación", "employment": "Empleo",
           "entrepreneurship": "Emprendimiento"},
    "en": {"psychosocial": "Psychosocial care", "id_document": "Identity document",
           "certification": "Certification", "training": "Training",
           "employment": "Employment", "entrepreneurship": "Entrepreneurship"},
}
#: Spanish name of one opportunity of each kind (export column ``Tipo``).
KIND_LABELS: dict[str, str] = {
    "vacancy": "Vacante", "training": "Curso", "certification": "Certificación",
    "entrepreneurship": "Programa de emprendimiento", "service": "Servicio",
}
_SERVICE_ALIASES = {
    "psychosocial": "psychosocial", "psicosocial": "psychosocial",
    "atencion psicosocial": "psychosocial", "salud mental": "psychosocial",
    "psicologia": "psychosocial", "apoyo psicosocial": "psychosocial",
    "id document": "id_document", "dpi": "id_document", "documento": "id_document",
    "documentos": "id_document", "documento de identidad": "id_document",
    "renap": "id_document", "identidad": "id_document", "documentacion": "id_document",
}
_TEXT = {
    "es": {
        "same": "Coincide ocupación: {label}", "related": "Ocupación afín: {label}",
        "entry": "Puesto de entrada, sin experiencia requerida",
        "cert": "Certifica su experiencia: {label}", "course_same": "Curso de su oficio: {label}",
        "course_related": "Curso afín: {label}", "course": "Curso: {label}",
        "programme": "Emprendimiento y capital semilla",
        "psychosocial": "Atención psicosocial", "id_document": "Documento de identidad (DPI)",
        "places": "{n} plaza", "places_n": "{n} plazas", "seats": "{n} cupo",
        "seats_n": "{n} cupos", "needs_cert": "requiere certificación",
        "has_cert": "requiere certificación (la tiene)",
    },
    "en": {
        "same": "Occupation matches: {label}", "related": "Related occupation: {label}",
        "entry": "Entry-level job, no experience required",
        "cert": "Certifies your experience: {label}", "course_same": "Course in your trade: "
        "{label}", "course_related": "Related course: {label}", "course": "Course: {label}",
        "programme": "Entrepreneurship and seed capital",
        "psychosocial": "Psychosocial care", "id_document": "Identity document",
        "places": "{n} opening", "places_n": "{n} openings", "seats": "{n} place",
        "seats_n": "{n} places", "needs_cert": "requires certification",
        "has_cert": "requires certification (held)",
    },
}


@dataclass
class ReferralResult:
    """Everything one referral run produces.

    Attributes
    ----------
    referrals : pandas.DataFrame
        One row per referral (:data:`REFERRAL_COLUMNS`, plus ``minutes`` with a
        travel-time table), sorted by ``returnee_id`` order in the input and ``rank``.
    unmet_demand : pandas.DataFrame
        Per home municipality, stage and occupation: people in the stage, how many got
        at least one referral in it, and why the others did not (:data:`UNMET_COLUMNS`).
    excluded_no_consent : int
        Returnees left out because ``consent`` is not true.
    excluded_no_location : int
        Returnees left out because they have neither a municipality nor a home point.
    considered : int
        Returnees considered.
    settings : dict
        ``top``, ``capacity_factor``, ``max_km`` (or ``max_minutes``) used.
    """

    referrals: pd.DataFrame
    unmet_demand: pd.DataFrame
    excluded_no_consent: int
    excluded_no_location: int
    considered: int
    settings: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers



def _bool(series: pd.Series, default: bool) -> np.ndarray:
    return series.astype("boolean").fillna(default).to_numpy(dtype=bool)


def _resolve_limits(kind_values, default: dict[str, float], name: str) -> dict[str, float]:
    if kind_values is None:
        return dict(default)
    if isinstance(kind_values, int | float):
        if kind_values <= 0:
            raise DataError(f"{name} debe ser mayor que cero (recibido {kind_values})")
        return {k: float(kind_values) for k in default}
    unknown = set(kind_values) - set(default)
    if unknown:
        raise DataError(f"{name}: tipos desconocidos {sorted(unknown)}; use "
                        f"{', '.join(default)}")
    return {**default, **{k: float(v) for k, v in kind_values.items()}}


# --------------------------------------------------------------------------- people


def _codes(returnees: pd.DataFrame, column: str, rows: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """Factorised text column restricted to ``rows``: (codes, distinct values as str)."""
    if column not in returnees:
        return np.zeros(len(rows), np.int64), np.array([""], dtype=object)
    codes, uniques = pd.factorize(returnees[column], sort=False, use_na_sentinel=False)
    values = np.array(["" if pd.isna(v) else str(v) for v in uniques], dtype=object)
    return codes[rows].astype(np.int64), values


def _people(returnees: pd.DataFrame, rows: np.ndarray, seats: pd.DataFrame,
            home_points: bool, by_municipality: bool = False) -> dict:
    """Per-person arrays (for ``rows`` of ``returnees``): origin, occupation slots,
    certification bits and stage flags. Text columns are handled once per distinct value."""
    n = len(rows)
    occ_codes, occ_values = _codes(returnees, "occupations", rows)
    u_occ, u_conf = skills.person_codes(pd.Series(occ_values))
    occ, conf = u_occ[occ_codes], u_conf[occ_codes]
    cert_codes, cert_values = _codes(returnees, "certifications", rows)
    held = skills.certified_codes(pd.Series(cert_values))
    held_pairs = {(u, c) for u, codes in enumerate(held) for c in codes}
    certified = np.zeros((n, 2), dtype=bool)
    if held_pairs:
        pair_keys = np.array([u * 10000 + c for u, c in held_pairs], dtype=np.int64)
        for k in range(2):
            certified[:, k] = np.isin(cert_codes * 10000 + occ[:, k], pair_keys)
    covered = skills.certifiable_table()["isco"].unique()
    certifiable = np.isin(occ, covered) & (occ > 0) & ~certified

    int_codes, int_values = _codes(returnees, "interest", rows)
    interest = int_values[int_codes]
    has_occ = occ[:, 0] > 0

    def flag(column: str, default: bool) -> np.ndarray:
        if column not in returnees:
            return np.full(n, default)
        return _bool(returnees[column], default)[rows]

    flags = {
        "psychosocial": flag("needs_psychosocial", False),
        "id_document": ~flag("has_id_document", True),
        "certification": certifiable.any(axis=1),
        "training": ~has_occ | (interest == "training"),
        "employment": interest != "entrepreneurship",
        "entrepreneurship": interest == "entrepreneurship",
    }

    # Origins: home-point cells, else municipal seats.
    muni_idx, muni_values = _codes(returnees, "muni_code", rows)
    seat_pos = pd.Index(seats["muni_code"]).get_indexer(muni_values)[muni_idx]

    def number(column: str) -> np.ndarray:
        if column not in returnees:
            return np.full(n, np.nan)
        return pd.to_numeric(returnees[column], errors="coerce").to_numpy(dtype=float)[rows]

    lat, lon = number("lat"), number("lon")
    has_point = np.isfinite(lat) & np.isfinite(lon) & home_points
    located = has_point | (seat_pos >= 0)
    cell_lat = np.floor(np.where(has_point, lat, 0) / HOME_CELL_DEG).astype(np.int64)
    cell_lon = np.floor(np.where(has_point, lon, 0) / HOME_CELL_DEG).astype(np.int64)
    key = np.where(has_point, (1 << 40) + (cell_lat + 5000) * 20000 + (cell_lon + 10000),
                   seat_pos)
    if by_municipality:  # travel times are per municipality: never mix two in one origin
        key = key * (len(seats) + 1) + (seat_pos + 1)
    origin, origin_keys = pd.factorize(key, sort=False)
    origin_seat = np.full(len(origin_keys), -1, np.int64)
    origin_seat[origin] = seat_pos
    count = np.bincount(origin, minlength=len(origin_keys)).astype(float)
    o_lat = np.bincount(origin, weights=np.where(has_point, lat, 0), minlength=len(count))
    o_lon = np.bincount(origin, weights=np.where(has_point, lon, 0), minlength=len(count))
    is_cell = np.zeros(len(origin_keys), bool)
    is_cell[origin] = has_point
    seat_of = np.clip(origin_seat, 0, max(len(seats) - 1, 0))
    seat_lat = seats["lat"].to_numpy(dtype=float)
    seat_lon = seats["lon"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        origin_lat = np.where(is_cell, o_lat / count, seat_lat[seat_of] if len(seats) else 0)
        origin_lon = np.where(is_cell, o_lon / count, seat_lon[seat_of] if len(seats) else 0)
    return {
        "n": n, "occ": occ, "conf": conf, "certified": certified, "certifiable": certifiable,
        "flags": flags, "origin": origin.astype(np.int64), "origin_lat": origin_lat,
        "origin_lon": origin_lon, "origin_seat": origin_seat, "located": located,
        "muni_idx": muni_idx,
        "muni_values": muni_values,
    }


# --------------------------------------------------------------------------- opportunities


def _opportunities(opps: pd.DataFrame, capacity_factor: float,
                   seats: pd.DataFrame | None = None) -> dict:
    kind = opps["kind"].astype("object").fillna("").to_numpy()
    text = opps["occupation"].astype("object").fillna("")
    text = text.where(text.astype(str).str.strip() != "", opps["title"].astype("object"))
    occ, conf = skills.person_codes(text, slots=1)
    is_service = kind == "service"
    service = np.full(len(opps), "", dtype=object)
    if is_service.any():
        norm = opps.loc[is_service, "occupation"].astype("object").fillna("").map(
            normalize_text).str.replace("_", " ")
        by_title = opps.loc[is_service, "title"].astype("object").fillna("").map(
            normalize_text)
        guess = norm.map(_SERVICE_ALIASES).fillna(by_title.map(
            lambda t: "psychosocial" if "psico" in t else (
                "id_document" if ("dpi" in t or "document" in t) else "")))
        service[is_service] = guess.to_numpy(dtype=object)
    standard = np.full(len(opps), "", dtype=object)
    is_cert = kind == "certification"
    if is_cert.any():
        standard[is_cert] = skills.standard_of(text[is_cert].reset_index(drop=True)).to_numpy()
    capacity = pd.to_numeric(opps["capacity"], errors="coerce").fillna(0).clip(lower=0)
    capacity = capacity.to_numpy(dtype=np.int64)
    limit = np.ceil(capacity_factor * capacity - 1e-9).astype(np.int64)
    requires = _bool(opps["requires_certification"], False) \
        if "requires_certification" in opps else np.zeros(len(opps), dtype=bool)
    order = np.empty(len(opps), np.int64)  # tie-break rank by opportunity_id
    order[np.argsort(opps["opportunity_id"].astype(str).to_numpy(), kind="stable")] = \
        np.arange(len(opps))
    seat = np.full(len(opps), -1, np.int64)
    if seats is not None and "muni_code" in opps:
        codes, values = pd.factorize(opps["muni_code"].astype("object").fillna(""))
        seat = pd.Index(seats["muni_code"]).get_indexer(values)[codes]
    return {
        "seat": seat,
        "kind": kind, "occ": occ[:, 0], "conf": conf[:, 0], "service": service,
        "standard": standard,
        "capacity": capacity, "limit": limit, "requires": requires,
        "lat": pd.to_numeric(opps["lat"], errors="coerce").to_numpy(dtype=float),
        "lon": pd.to_numeric(opps["lon"], errors="coerce").to_numpy(dtype=float),
        "order": order,
    }


# --------------------------------------------------------------------------- candidates



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
             "held": np.zeros(0, bool), "pos": np.zeros(0, np.int64)}
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
        std_idx = pd.Index(std["standard_id"]).get_indexer(opps["standard"][dest])
        covers = [np.array([int(c) for c in codes]) for codes in std["isco_codes"]]
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
        covers = skills.certification_standards()["isco_codes"]
        n_codes = covers.str.len().to_numpy()
        flat = np.array([int(c) for codes in covers for c in codes], np.int64)
        starts = np.cumsum(n_codes) - n_codes
        c_pair = np.repeat(np.arange(len(cls)), n_codes[cls])
        c_code = flat[ranges(starts[cls], n_codes[cls])]
        has = np.flatnonzero(u_occ > 0)
        left, right = join_keys(u_origin[has] * 10000 + u_occ[has],
                            pair_origin[c_pair] * 10000 + c_code)
        rows_u.append(has[left])
        rows_p.append(c_pair[right])
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
        match = units["conf"][unit]
        how[:] = 1
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
    return {"unit": unit[idx], "opp": opp[idx], "km": km[pair][idx],
            "minutes": travel[pair][idx], "score": score[idx], "how": how[idx],
            "held": held[idx], "pos": pos}


# --------------------------------------------------------------------------- allocation



# --------------------------------------------------------------------------- public API


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


def referral_plan(
    dataset,
    *,
    top: int = 5,
    max_km: float | dict[str, float] | None = None,
    capacity_factor: float = DEFAULT_CAPACITY_FACTOR,
    lang: str = "es",
    home_points: bool = True,
    depth: int = DEFAULT_DEPTH,
    travel_times: pd.DataFrame | None = None,
    max_minutes: float | dict[str, float] | None = None,
) -> ReferralResult:
    """Referral lists, unmet demand and exclusion counts in one run.

    Parameters
    ----------
    dataset : Dataset
        Returnees and opportunities in canonical columns (see :mod:`oportumap.schema`).
    top : int
        Most referrals per returnee.
    max_km : float or dict, optional
        Maximum distance (km) for every kind, or per kind (``{"vacancy": 30}``); defaults
        in :data:`DEFAULT_MAX_KM`.
    capacity_factor : float
        Each opportunity is referred to at most ``ceil(capacity_factor x capacity)``
        people.
    lang : {"es", "en"}
        Language of the ``reason`` text.
    home_points : bool
        Measure from home points when known (grouped in :data:`HOME_CELL_DEG` cells);
        ``False`` uses the municipal seat for everyone.
    depth : int
        Candidates kept per group and stage.
    travel_times : DataFrame, optional
        Travel time between municipalities: columns ``from_muni_code``, ``to_muni_code``,
        ``minutes`` (one row per pair; the table is not assumed symmetric). When given,
        minutes replace km in the score's decay, offers farther than ``max_minutes`` (or
        missing from the table) are left out, and the output gains a ``minutes`` column.
        Candidates are still shortlisted within ``max_km`` first.
    max_minutes : float or dict, optional
        Maximum travel time for every kind or per kind (:data:`DEFAULT_MAX_MINUTES`).

    Returns
    -------
    ReferralResult

    Examples
    --------
    >>> from oportumap import load_sample
    >>> result = referral_plan(load_sample(), top=3)
    >>> int(result.referrals.groupby("returnee_id")["rank"].max().max()) <= 3
    True
    """
    if top < 1:
        raise DataError(f"top debe ser al menos 1 (recibido {top})")
    if capacity_factor <= 0:
        raise DataError(f"capacity_factor debe ser mayor que cero (recibido {capacity_factor})")
    if lang not in _TEXT:
        raise DataError(f"lang='{lang}' no es válido; use 'es' o 'en'")
    limits = _resolve_limits(max_km, DEFAULT_MAX_KM, "max_km")
    minute_limits = _resolve_limits(max_minutes, DEFAULT_MAX_MINUTES, "max_minutes")
    from oportumap.geography import get_country

    geo = get_country(getattr(dataset, "country", "GT"))
    seats = pd.DataFrame(geo.municipalities[["muni_code", "muni_name", "dept_name", "lat",
                                              "lon"]])
    returnees = dataset.returnees
    consent = _bool(returnees["consent"], False) if "consent" in returnees else np.ones(
        len(returnees), bool)
    rows = np.flatnonzero(consent)
    minutes = None if travel_times is None else _minutes_matrix(travel_times, seats)
    people = _people(returnees, rows, seats, home_points, by_municipality=minutes is not None)
    located = people["located"]
    n = people["n"]
    opps = _opportunities(dataset.opportunities, capacity_factor, seats)

    dates = pd.to_datetime(returnees["return_date"], errors="coerce") \
        if "return_date" in returnees else pd.Series(pd.NaT, index=returnees.index)
    date_key = dates.to_numpy(dtype="datetime64[s]").astype(np.int64)[rows]
    date_key = np.where(dates.isna().to_numpy()[rows], np.iinfo(np.int64).max, date_key)
    priority = np.empty(n, np.int64)
    priority[np.argsort(date_key, kind="stable")] = np.arange(n)

    budget = np.full(n, top, np.int64)
    stage_blocks = []
    cohorts = []
    unit_offset = cand_offset = member_offset = 0
    for stage_i, stage in enumerate(STAGES):
        quota = np.minimum(np.minimum(budget, STAGE_QUOTA[stage]), STAGE_QUOTA_MAX)
        in_stage = people["flags"][stage] & located
        person, mem_order, unit, units = _units_for_stage(stage, in_stage & (quota > 0),
                                                          people)
        cand = _stage_candidates(stage, units, people, opps, limits, depth, minutes,
                                 minute_limits)
        n_units = len(units["size"])
        cand_len = np.bincount(cand["unit"], minlength=n_units)
        # Share the stage quota between a person's (at most two) memberships.
        length = cand_len[unit]
        len0 = np.zeros(n, np.int64)
        len1 = np.zeros(n, np.int64)
        has1 = np.zeros(n, bool)
        len0[person[mem_order == 0]] = length[mem_order == 0]
        len1[person[mem_order == 1]] = length[mem_order == 1]
        has1[person[mem_order == 1]] = True
        q1 = np.where(has1, np.minimum(quota // 2, len1), 0)
        q0 = np.minimum(quota - q1, len0)
        q1 = np.where(has1, np.minimum(quota - q0, len1), 0)
        need = np.where(mem_order == 0, q0[person], q1[person])
        budget -= q0 + q1
        has_option = np.zeros(n, bool)
        has_option[person[length > 0]] = True
        # Members of each unit: larger need first, then earlier return (priority).
        live = need > 0
        person, unit, need = person[live], unit[live], need[live]
        if len(unit) and unit.max() < (1 << 19) and n < (1 << 38):
            order = np.argsort((unit << 44) | ((STAGE_QUOTA_MAX - need) << 38)
                               | priority[person])
        else:
            order = np.lexsort((priority[person], -need, unit))
        person, unit, need = person[order], unit[order], need[order]
        run = np.r_[True, (unit[1:] != unit[:-1]) | (need[1:] != need[:-1])][:len(unit)]
        run_start = np.flatnonzero(run)
        run_size = np.diff(np.r_[run_start, len(unit)])
        unit_first = np.searchsorted(unit, unit[run_start])  # first member of the unit
        cohorts.append((unit[run_start] + unit_offset, run_start - unit_first,
                        run_size, need[run_start]))
        member_start = np.searchsorted(unit, np.arange(n_units)) + member_offset
        stage_blocks.append({
            "stage": stage, "stage_i": stage_i, "cand": cand, "cand_len": cand_len,
            "members": person, "member_start": member_start, "in_stage": in_stage,
            "quota": quota, "has_option": has_option,
        })
        unit_offset += n_units
        cand_offset += len(cand["opp"])
        member_offset += len(person)

    # One allocation over all stages (each opportunity belongs to one kind).
    cat = {k: np.concatenate([b["cand"][k] for b in stage_blocks]) for k in
           ("opp", "score", "km", "minutes", "how", "held")}
    cand_stage = np.concatenate([np.full(len(b["cand"]["opp"]), b["stage_i"], np.int64)
                                 for b in stage_blocks])
    unit_len = np.concatenate([b["cand_len"] for b in stage_blocks]).astype(np.int64)
    unit_start = np.cumsum(unit_len) - unit_len
    member_start = np.concatenate([b["member_start"] for b in stage_blocks])
    members = np.concatenate([b["members"] for b in stage_blocks])
    c_unit, c_start, c_size, c_need = (np.concatenate([c[i] for c in cohorts])
                                       for i in range(4))
    a_unit, a_start, a_count, a_row = allocate(
        c_unit, c_start, c_size, c_need, unit_start, unit_len, cat["opp"], cat["score"],
        cat["km"], opps["order"][cat["opp"]], opps["limit"])

    # Expand accepted blocks to people; order each list by stage, then score.
    row = np.repeat(a_row, a_count)
    person = members[ranges(member_start[a_unit] + a_start, a_count)]
    stage_of = cand_stage[row]
    opp = cat["opp"][row]
    tie = (np.round(cat["km"][row] * 100).astype(np.int64) << 32) | opps["order"][opp]
    sort = np.argsort(tie, kind="stable")
    main = (person.astype(np.int64) << 24) | (stage_of << 21) | np.round(
        (1 - cat["score"][row]) * 1e6).astype(np.int64)
    sort = sort[np.argsort(main[sort], kind="stable")]
    person, row, stage_of, opp = person[sort], row[sort], stage_of[sort], opp[sort]
    # Two memberships may reach the same opportunity: keep the better (first) one.
    _, unique_idx = np.unique(person.astype(np.int64) * (len(opps["kind"]) + 1) + opp,
                              return_index=True)
    keep = np.zeros(len(person), bool)
    keep[unique_idx] = True
    person, row, stage_of = person[keep], row[keep], stage_of[keep]
    first = np.r_[True, person[1:] != person[:-1]] if len(person) else np.zeros(0, bool)
    starts = np.flatnonzero(first)
    rank = np.arange(len(person)) - np.repeat(starts, np.diff(np.r_[starts, len(person)])) + 1
    keep = rank <= top
    person, row, stage_of, rank = person[keep], row[keep], stage_of[keep], rank[keep]

    frame = _referral_frame(returnees, rows, people, dataset.opportunities, opps, person,
                            row, rank, stage_of, cat, lang, with_minutes=minutes is not None)
    unmet = _unmet(people, seats, stage_blocks, person, stage_of)
    return ReferralResult(
        referrals=frame,
        unmet_demand=unmet,
        excluded_no_consent=int((~consent).sum()),
        excluded_no_location=int((~located).sum()),
        considered=int(located.sum()),
        settings={"top": top, "capacity_factor": capacity_factor, "max_km": limits,
                  **({"max_minutes": minute_limits} if minutes is not None else {})},
    )


def _minutes_matrix(travel_times: pd.DataFrame, seats: pd.DataFrame) -> np.ndarray:
    """Dense [from seat, to seat] matrix of minutes (NaN where the table has no row)."""
    needed = {"from_muni_code", "to_muni_code", "minutes"}
    missing = needed - set(travel_times.columns)
    if missing:
        raise DataError("travel_times: faltan las columnas " + ", ".join(sorted(missing))
                        + "; use from_muni_code, to_muni_code y minutes (minutos)")
    index = pd.Index(seats["muni_code"])

    def code(values: pd.Series) -> np.ndarray:
        text = values.astype("object").map(lambda v: "" if pd.isna(v) else str(v).strip())
        text = text.str.replace(r"\.0$", "", regex=True)
        width = len(str(seats["muni_code"].iloc[0])) if len(seats) else 4
        return index.get_indexer(text.where(~text.str.isdigit(), text.str.zfill(width)))

    a, b = code(travel_times["from_muni_code"]), code(travel_times["to_muni_code"])
    value = pd.to_numeric(travel_times["minutes"], errors="coerce").to_numpy(dtype=float)
    bad = (a < 0) | (b < 0) | ~np.isfinite(value) | (value < 0)
    if bad.any():
        rows = (np.flatnonzero(bad)[:5] + 2).tolist()
        raise DataError(f"travel_times: {int(bad.sum())} filas con municipio desconocido o "
                        f"minutos no válidos (filas {rows}...); corrija o quítelas")
    matrix = np.full((len(seats), len(seats)), np.nan)
    matrix[a, b] = value
    return matrix


def _referral_frame(returnees, rows, people, opp_frame, opps, person, row, rank, stage_of,
                    cat, lang, with_minutes: bool = False) -> pd.DataFrame:
    text = _TEXT[lang]
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
    key = (((((stage_of * 4 + how) * 10000 + shown_occ) * 4096 + km_int + 1) << 20 | cap)
           * 4 + requires * 2 + held)
    if with_minutes:
        key = pd.factorize(key)[0].astype(np.int64) * 100_000 + np.clip(minute_int + 1, 0,
                                                                         99_999)
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
            head = text[stage]
        elif stage == "entrepreneurship":
            head = text["programme"]
        elif stage == "certification":
            head = text["cert"].format(label=lab)
        elif stage == "training":
            head = text["course_same" if h == 1 else "course_related" if h == 2 else
                        "course"].format(label=lab if h in (1, 2) else titles[opp[i]])
        else:
            head = text["same" if h == 1 else "related" if h == 2 else "entry"].format(
                label=lab)
        parts = [head, "<1 km" if k < 0 else f"{k} km"]
        if with_minutes and minute_int[i] >= 0:
            parts.append(f"{minute_int[i]} min")
        if stage == "employment":
            parts.append(text["places" if c == 1 else "places_n"].format(n=c))
        elif stage not in ("psychosocial", "id_document"):
            parts.append(text["seats" if c == 1 else "seats_n"].format(n=c))
        if rq >= 2:
            parts.append(text["has_cert" if rq == 3 else "needs_cert"])
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
        "muni_code": _categorical(opp_frame["muni_code"], opp),
        "home_muni_code": take(returnees, "muni_code", source),
        "distance_km": np.round(km, 1),
        "score": np.round(cat["score"][row], 4),
        "reason": pd.Categorical.from_codes(*_dedupe_categories(codes, reasons)),
    })
    if with_minutes:
        frame.insert(frame.columns.get_loc("distance_km") + 1, "minutes",
                     np.round(cat["minutes"][row], 0))
    return frame


def _categorical(values: pd.Series, index: np.ndarray) -> pd.Categorical:
    codes, uniques = pd.factorize(values.astype("object").fillna(""), sort=False)
    return pd.Categorical.from_codes(codes[index], categories=pd.Index(uniques,
                                                                       dtype=object))


def _dedupe_categories(codes: np.ndarray, labels: list[str]) -> tuple[np.ndarray, list]:
    uniq, remap = np.unique(np.array(labels, dtype=object), return_inverse=True)
    return remap[codes], list(uniq)


def _unmet(people, seats, stage_blocks, person, stage_of) -> pd.DataFrame:
    """People per (home municipality, stage, occupation) with and without a referral."""
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
        return pd.DataFrame(columns=UNMET_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    names = seats.set_index("muni_code")
    table.insert(1, "muni_name", table["muni_code"].map(names["muni_name"]).fillna(""))
    table.insert(2, "dept_name", table["muni_code"].map(names["dept_name"]).fillna(""))
    table.insert(5, "occupation", [skills.label(c) if c else "" for c in table["isco"]])
    table["stage"] = pd.Categorical(table["stage"], categories=list(STAGES))
    table = table.sort_values(["unmet", "muni_code", "stage", "isco"],
                              ascending=[False, True, True, True], kind="stable")
    return table.reset_index(drop=True)[UNMET_COLUMNS]


def referrals(dataset, *, top: int = 5, max_km: float | dict[str, float] | None = None,
              capacity_factor: float = DEFAULT_CAPACITY_FACTOR, lang: str = "es",
              home_points: bool = True, travel_times: pd.DataFrame | None = None,
              max_minutes: float | dict[str, float] | None = None) -> pd.DataFrame:
    """Ranked referral list: one row per (returnee, next step), best first.

    See the module documentation for the pathway rules, score and allocation.

    Parameters
    ----------
    dataset : Dataset
        Returnees and opportunities in canonical columns.
    top : int
        Most referrals per returnee (services first, then certification, training,
        employment or entrepreneurship).
    max_km : float or dict, optional
        Maximum distance in km, for every kind or per kind (:data:`DEFAULT_MAX_KM`).
    capacity_factor : float
        No opportunity is referred to more than ``ceil(capacity_factor x capacity)``
        people (default 3).
    lang : {"es", "en"}
        Language of ``reason``.
    home_points : bool
        Use home points when known (else the municipal seat).
    travel_times, max_minutes : optional
        Municipality-to-municipality travel times and limits (see :func:`referral_plan`);
        adds a ``minutes`` column.

    Returns
    -------
    pandas.DataFrame
        :data:`REFERRAL_COLUMNS`. ``muni_code`` is where the opportunity is,
        ``home_muni_code`` where the returnee lives. ``attrs`` holds
        ``excluded_no_consent``, ``excluded_no_location`` and ``considered``; for the
        unmet-demand table use :func:`unmet_demand` or :func:`referral_plan`.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> table = referrals(load_sample(), top=5)
    >>> list(table.columns[:4])
    ['returnee_id', 'rank', 'stage', 'kind']
    >>> table.attrs["excluded_no_consent"] > 0
    True
    """
    result = referral_plan(dataset, top=top, max_km=max_km, capacity_factor=capacity_factor,
                           lang=lang, home_points=home_points, travel_times=travel_times,
                           max_minutes=max_minutes)
    frame = result.referrals
    frame.attrs.update({"excluded_no_consent": result.excluded_no_consent,
                        "excluded_no_location": result.excluded_no_location,
                        "considered": result.considered})
    return frame


def unmet_demand(dataset, *, top: int = 5, max_km: float | dict[str, float] | None = None,
                 capacity_factor: float = DEFAULT_CAPACITY_FACTOR, home_points: bool = True,
                 travel_times: pd.DataFrame | None = None,
                 max_minutes: float | dict[str, float] | None = None) -> pd.DataFrame:
    """Demand the referral run could not serve, per home municipality, stage and occupation.

    Returns
    -------
    pandas.DataFrame
        :data:`UNMET_COLUMNS`: ``returnees`` in the stage, ``referred`` (at least one
        referral in it), ``unmet``, of which ``no_option`` (nothing of that kind within
        reach), ``capacity_full`` (options existed but were full) and ``deferred`` (no
        room left in the person's ``top`` list after earlier stages), sorted by ``unmet``.
        Counts are exact; apply :func:`oportumap.privacy.suppress_frame` before sharing.

    Examples
    --------
    >>> from oportumap import load_sample
    >>> u = unmet_demand(load_sample())
    >>> bool((u["unmet"] == u["no_option"] + u["capacity_full"] + u["deferred"]).all())
    True
    """
    return referral_plan(dataset, top=top, max_km=max_km, capacity_factor=capacity_factor,
                         home_points=home_points, travel_times=travel_times,
                         max_minutes=max_minutes).unmet_demand


def export_referrals(result: ReferralResult, path, *, country: str = "GT", lang: str = "es",
                     force: bool = False) -> list[str]:
    """Write a referral run for coordinators: ``.xlsx``, ``.csv`` or ``.parquet``.

    Excel: one sheet per department of residence (split at Excel's row limit), plus a
    ``Demanda no cubierta`` sheet with :attr:`ReferralResult.unmet_demand`; Spanish
    headers and stage names by default, frozen header, filters, readable widths. CSV is
    UTF-8 with BOM (Excel shows accents). Parquet keeps canonical names and codes.

    Parameters
    ----------
    result : ReferralResult
        From :func:`referral_plan`.
    path : str or Path
        Output file; the extension chooses the format.
    country : str
        Country of the municipality codes (for names).
    lang : {"es", "en"}
        Headers and stage names.
    force : bool
        Replace an existing file.

    Returns
    -------
    list of str
        Notes for the user (sheets split, people excluded for lack of consent).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "referencias.csv"
    >>> notes = export_referrals(referral_plan(load_sample()), out)
    >>> out.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    from pathlib import Path

    from oportumap.geography import get_country
    from oportumap.io import write_table

    path = Path(path)
    munis = pd.DataFrame(get_country(country).municipalities[["muni_code", "muni_name",
                                                              "dept_name"]])
    names = munis.set_index("muni_code")
    frame = result.referrals
    table = pd.DataFrame({
        "dept_name": frame["home_muni_code"].map(names["dept_name"]).fillna(
            "Sin departamento" if lang == "es" else "No department").astype(object),
        "home_muni_name": frame["home_muni_code"].map(names["muni_name"]).astype(object),
        "returnee_id": frame["returnee_id"],
        "rank": frame["rank"],
        "stage": frame["stage"].astype(object).map(STAGE_LABELS[lang])
        if path.suffix.lower() != ".parquet" else frame["stage"].astype(object),
        "kind": frame["kind"].astype(object),
        "title": frame["title"].astype(object),
        "provider": frame["provider"].astype(object),
        "muni_name": frame["muni_code"].astype(object).map(names["muni_name"]).astype(object),
        "distance_km": frame["distance_km"],
        **({"minutes": frame["minutes"]} if "minutes" in frame else {}),
        "score": frame["score"],
        "reason": frame["reason"].astype(object),
        "opportunity_id": frame["opportunity_id"],
        "muni_code": frame["muni_code"].astype(object),
        "home_muni_code": frame["home_muni_code"],
    })
    if lang == "es" and path.suffix.lower() != ".parquet":
        table["kind"] = table["kind"].map(KIND_LABELS)
    headers: str | dict[str, str] = {**HEADERS_ES, "muni_code": "Código municipio oportunidad",
                                     "title": "Oportunidad"} if lang == "es" else "en"
    unmet = result.unmet_demand.copy()
    unmet["stage"] = unmet["stage"].astype(object)
    if lang == "es":
        unmet["stage"] = unmet["stage"].map(STAGE_LABELS["es"])
    suffix = path.suffix.lower()
    sheets = None
    if suffix == ".xlsx":
        extra = unmet if lang == "en" else unmet.rename(columns={
            k: v for k, v in {**HEADERS_ES, "muni_name": "Municipio",
                              "dept_name": "Departamento"}.items() if k in unmet})
        sheets = {"Demanda no cubierta" if lang == "es" else "Unmet demand": extra}
    notes = write_table(table, path, headers=headers,
                        sheet_by="dept_name" if suffix == ".xlsx" else None, sheets=sheets,
                        force=force)
    if result.excluded_no_consent:
        notes.append(
            f"{result.excluded_no_consent:,} retornados sin consentimiento quedaron fuera."
            if lang == "es" else
            f"{result.excluded_no_consent:,} returnees without consent were left out.")
    if result.excluded_no_location:
        notes.append(
            f"{result.excluded_no_location:,} retornados sin municipio ni coordenadas "
            "quedaron fuera." if lang == "es" else
            f"{result.excluded_no_location:,} returnees without a location were left out.")
    return notes


class _CallableModule(types.ModuleType):
    """``oportumap.referrals`` is both this module and the function :func:`referrals`.

    Importing the submodule (``from oportumap.referrals import ...``) makes Python bind
    ``oportumap.referrals`` to the module, which would hide the public function of the same
    name; calling the module calls the function, so ``oportumap.referrals(ds)`` always works.
    """

    def __call__(self, *args, **kwargs) -> pd.DataFrame:
        return referrals(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
