"""The referral run's inputs as arrays: people (origins, occupations, stages) and offers.

Text columns are handled once per distinct value; everything after this is numpy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from oportumap import skills
from oportumap.errors import DataError
from oportumap.referrals.pathway import (
    HOME_CELL_DEG,
    classify_services,
    offer_status,
    stage_flags,
)


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
    # Occupations not understood stay visible on every referral of the person.
    unrecognised = skills.unrecognised_occupations(pd.Series(occ_values)).to_numpy(object)
    cert_codes, cert_values = _codes(returnees, "certifications", rows)
    held = skills.certified_codes(pd.Series(cert_values))
    held_pairs = {(u, c) for u, codes in enumerate(held) for c in codes}
    certified = np.zeros((n, 2), dtype=bool)
    if held_pairs:
        pair_keys = np.array([u * 10000 + c for u, c in held_pairs], dtype=np.int64)
        for k in range(2):
            certified[:, k] = np.isin(cert_codes * 10000 + occ[:, k], pair_keys)
    fits = skills.certifiable_table()
    best_fit = fits.groupby("isco")["fit"].min()
    certifiable = np.isin(occ, best_fit.index.to_numpy()) & (occ > 0) & ~certified
    # How well the best standard fits each occupation (1 own trade, 2 related, 0 none):
    # the certification stage starts with the occupation whose own standard exists.
    cert_fit = np.where(certifiable, pd.Series(occ.ravel()).map(best_fit).fillna(0)
                        .to_numpy(np.int64).reshape(occ.shape), 0)

    int_codes, int_values = _codes(returnees, "interest", rows)
    interest = int_values[int_codes]
    all_codes, all_values = _codes(returnees, "interests", rows)  # «Empleo / formación»
    interests = all_values[all_codes]
    has_occ = occ[:, 0] > 0

    def flag(column: str, default: bool) -> np.ndarray:
        if column not in returnees:
            return np.full(n, default)
        return _bool(returnees[column], default)[rows]

    flags = stage_flags(needs_psychosocial=flag("needs_psychosocial", False),
                        has_id_document=flag("has_id_document", True),
                        certifiable=certifiable.any(axis=1), has_occupation=has_occ,
                        interest=interest, interests=interests)

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
        "cert_fit": cert_fit,
        "flags": flags, "origin": origin.astype(np.int64), "origin_lat": origin_lat,
        "origin_lon": origin_lon, "origin_seat": origin_seat, "located": located,
        "muni_idx": muni_idx, "occ_idx": occ_codes, "unrecognised": unrecognised,
        "muni_values": muni_values,
    }


# --------------------------------------------------------------------------- opportunities


def _opportunities(opps: pd.DataFrame, capacity_factor: float,
                   seats: pd.DataFrame | None = None, as_of: pd.Timestamp | None = None
                   ) -> dict:
    """Offer arrays; offers closed on ``as_of`` get a limit of 0 (never referred)."""
    kind = opps["kind"].astype("object").fillna("").to_numpy()
    text = opps["occupation"].astype("object").fillna("")
    text = text.where(text.astype(str).str.strip() != "", opps["title"].astype("object"))
    occ, conf = skills.person_codes(text, slots=1)
    # Service type by the pathway's rules (type column, else keywords in title/provider).
    service = classify_services(opps).to_numpy(dtype=object)
    standard = np.full(len(opps), "", dtype=object)
    is_cert = kind == "certification"
    if is_cert.any():
        standard[is_cert] = skills.standard_of(text[is_cert].reset_index(drop=True)).to_numpy()
    capacity = pd.to_numeric(opps["capacity"], errors="coerce").fillna(0).clip(lower=0)
    capacity = capacity.to_numpy(dtype=np.int64)
    limit = np.ceil(capacity_factor * capacity - 1e-9).astype(np.int64)
    is_open, starts_later = (offer_status(opps, as_of) if as_of is not None else
                             (np.ones(len(opps), bool), np.zeros(len(opps), bool)))
    limit = np.where(is_open, limit, 0)
    start = pd.to_datetime(opps["start_date"], errors="coerce") if "start_date" in opps \
        else pd.Series(pd.NaT, index=opps.index)
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
        "order": order, "open": is_open, "starts_later": starts_later,
        "start": start.to_numpy(dtype="datetime64[ns]"),
        **{key: (opps[column].astype("object").fillna("").to_numpy() if column in opps
                 else np.full(len(opps), "", dtype=object))
           for key, column in (("id", "opportunity_id"), ("title", "title"),
                               ("provider", "provider"), ("muni_code", "muni_code"))},
    }



def _minutes_matrix(travel_times: pd.DataFrame, seats: pd.DataFrame) -> np.ndarray:
    """Dense [from seat, to seat] matrix of minutes (NaN where the table has no row).

    ``travel_times`` is what :func:`oportumap.costs.read_travel_times` returns (``origin``,
    ``destination``, ``minutes``); ``from_muni_code``/``to_muni_code`` are accepted too.
    """
    table = travel_times.rename(columns={"from_muni_code": "origin",
                                         "to_muni_code": "destination"})
    missing = {"origin", "destination", "minutes"} - set(table.columns)
    if missing:
        raise DataError("tiempos de viaje: faltan las columnas " + ", ".join(sorted(missing))
                        + "; lea el archivo con oportumap.costs.read_travel_times (origen, "
                        "destino, minutos)")
    index = pd.Index(seats["muni_code"])

    def code(values: pd.Series) -> np.ndarray:
        text = values.astype("object").map(lambda v: "" if pd.isna(v) else str(v).strip())
        text = text.str.replace(r"\.0$", "", regex=True)
        width = len(str(seats["muni_code"].iloc[0])) if len(seats) else 4
        return index.get_indexer(text.where(~text.str.isdigit(), text.str.zfill(width)))

    a, b = code(table["origin"]), code(table["destination"])
    value = pd.to_numeric(table["minutes"], errors="coerce").to_numpy(dtype=float)
    bad = (a < 0) | (b < 0) | ~np.isfinite(value) | (value < 0)
    if bad.any():
        rows = (np.flatnonzero(bad)[:5] + 2).tolist()
        raise DataError(f"tiempos de viaje: {int(bad.sum())} filas con municipio desconocido "
                        f"o minutos no válidos (filas {rows}...); corrija o quítelas")
    matrix = np.full((len(seats), len(seats)), np.nan)
    matrix[a, b] = value
    return matrix
