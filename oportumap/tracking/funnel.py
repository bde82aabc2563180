"""Outcomes people read: what became of the referrals, per place, provider, occupation, stage.

Counts (per group; a referral counts once in each column it ever reached)
    ``issued`` referrals recorded; ``contacted`` any of Contactado, Inscrito, Asistió,
    Certificado, Colocado, Emprendimiento iniciado; ``enrolled`` Inscrito, Asistió or
    Certificado; ``certified`` Certificado; ``placed`` Colocado or Emprendimiento
    iniciado; ``no_show`` No se presentó; ``rejected`` Rechazado. Both sides of an
    unresolved conflict count.

Rates (funnel)
    ``contact_rate = contacted / issued``, ``enrolment_rate = enrolled / contacted``,
    ``certification_rate = certified / enrolled``, ``placement_rate = placed / issued``
    (so a provider's placement rate rests on its ``issued`` referrals).
    ``median_days_to_placement``: median days from the day a referral was issued to its
    first Colocado / Emprendimiento iniciado.

Groups
    ``department`` and ``municipality`` are where the person lives; ``provider`` and
    ``occupation`` are the offer's; ``stage`` the pathway stage. ``since``/``until``
    select referrals by the day they were issued.

Sharing
    :func:`outcomes` gives exact counts for the team that holds the data; before sharing,
    :func:`shareable_outcomes` shows counts 1-4 as ``"<5"`` (:mod:`oportumap.privacy`)
    and blanks every rate or median whose denominator is below 5.

The counting runs in the database (``GROUP BY``); only one row per group comes back, plus
one row per placement for the medians.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.i18n import text
from oportumap.privacy import SUPPRESSION_THRESHOLD
from oportumap.tracking.statuses import CONTACTED, ENROLLED, PLACED
from oportumap.tracking.store import using
from oportumap.tracking.timeline import _frame

#: ``by`` values and the referrals column each groups on.
GROUPS: dict[str, str] = {"department": "home_dept_code", "municipality": "home_muni_code",
                          "provider": "provider", "occupation": "occupation",
                          "stage": "stage"}
_SPANISH_BY = {"departamento": "department", "municipio": "municipality",
               "proveedor": "provider", "ocupacion": "occupation", "ocupación": "occupation",
               "etapa": "stage"}
COUNT_COLUMNS = ["issued", "contacted", "enrolled", "certified", "placed", "no_show",
                 "rejected"]
#: Each rate and the count it is divided by.
RATES: dict[str, tuple[str, str]] = {
    "contact_rate": ("contacted", "issued"), "enrolment_rate": ("enrolled", "contacted"),
    "certification_rate": ("certified", "enrolled"), "placement_rate": ("placed", "issued"),
}
OUTCOME_COLUMNS = ["group", "name", *COUNT_COLUMNS, *RATES, "median_days_to_placement"]


def _in(statuses) -> str:
    return "(" + ", ".join(f"'{s}'" for s in statuses) + ")"


def _window(since, until) -> tuple[str, dict]:
    clauses, params = [], {}
    if since is not None:
        clauses.append("r.issued_at >= :since")
        params["since"] = dt.datetime.combine(pd.Timestamp(since).date(), dt.time())
    if until is not None:
        clauses.append("r.issued_at < :until")
        params["until"] = dt.datetime.combine(pd.Timestamp(until).date()
                                              + dt.timedelta(days=1), dt.time())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _names(by: str, groups: pd.Series, country: str) -> pd.Series:
    if by not in ("department", "municipality") or groups.empty:
        return groups.astype("object").fillna("")
    from oportumap.geography import get_country

    munis = get_country(country).municipalities
    if by == "department":
        names = munis.drop_duplicates("dept_code").set_index("dept_code")["dept_name"]
    else:
        names = munis.set_index("muni_code")["muni_name"]
    return groups.map(names).astype("object").fillna("")


def normalise_by(by: str) -> str:
    """The grouping's English name (Spanish words accepted).

    Examples
    --------
    >>> normalise_by("ocupación"), normalise_by("stage")
    ('occupation', 'stage')
    """
    key = _SPANISH_BY.get(str(by).lower(), str(by).lower())
    if key not in GROUPS:
        raise DataError(f"--by '{by}' no es válido; use department/departamento, "
                        "municipality/municipio, provider/proveedor, occupation/ocupación "
                        "o stage/etapa")
    return key


def outcomes(db, by: str = "department", *, since=None, until=None,
             country: str | None = None, total: bool = True) -> pd.DataFrame:
    """What became of the referrals, per group, with funnel rates (exact counts).

    Parameters
    ----------
    db : str, path, Store or None
        The store.
    by : {"department", "municipality", "provider", "occupation", "stage"}
        Grouping (Spanish words work too: departamento, municipio, proveedor, ...).
    since, until : date or str, optional
        Only referrals issued on or after ``since`` and on or before ``until``.
    country : str, optional
        For place names (default: the country of the recorded runs).
    total : bool
        Add a last row ``group = "Total"``.

    Returns
    -------
    pandas.DataFrame
        :data:`OUTCOME_COLUMNS`; ``group`` is the code (or provider, occupation, stage)
        and ``name`` the place name. Use :func:`shareable_outcomes` before sharing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap.tracking.store import open_store
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> open_store(db).close()  # reading never makes a store
    >>> outcomes(db).empty
    True
    """
    by = normalise_by(by)
    column = GROUPS[by]
    where, params = _window(since, until)
    flags = ", ".join(
        f"MAX(CASE WHEN e.status IN {_in(statuses)} THEN 1 ELSE 0 END) AS {name}"
        for name, statuses in [("contacted", CONTACTED), ("enrolled", ENROLLED),
                               ("certified", ("certified",)), ("placed", PLACED),
                               ("no_show", ("no_show",)), ("rejected", ("rejected",))])
    # Per referral first (events are indexed by referral), then per group via the key.
    per_referral = ("SELECT referral_id, " + flags.replace("e.status", "status") +
                    " FROM status_events GROUP BY referral_id")
    reached = ("SELECT r." + column + " AS grp, SUM(x.contacted) AS contacted, "
               "SUM(x.enrolled) AS enrolled, SUM(x.certified) AS certified, "
               "SUM(x.placed) AS placed, SUM(x.no_show) AS no_show, SUM(x.rejected) AS "
               "rejected FROM (" + per_referral + ") x JOIN referrals r ON r.referral_id = "
               "x.referral_id" + where + " GROUP BY r." + column)
    # Placements first (few), then their referrals by key: never a scan of all referrals.
    placements = ("SELECT r." + column + " AS grp, r.issued_at, p.status_date FROM "
                  "(SELECT referral_id, MIN(status_date) AS status_date FROM status_events "
                  f"WHERE status IN {_in(PLACED)} GROUP BY referral_id) p JOIN referrals r "
                  "ON r.referral_id = p.referral_id" + where)
    with using(db) as store, store.read() as conn:
        # issued counts were kept per run and group when the run was recorded
        run_where = where.replace("r.issued_at", "u.issued_at")
        issued = _frame(conn, "SELECT g.grp, SUM(g.issued) AS issued FROM run_groups g LEFT JOIN "
                        "runs u ON u.run_id = g.run_id" + (run_where + " AND " if run_where
                                                           else " WHERE ") +
                        "g.dimension = :dimension GROUP BY g.grp",
                        {**params, "dimension": by})
        counts = _frame(conn, reached, params)
        placed = _frame(conn, placements, params)
        if country is None:
            found = _frame(conn, "SELECT country, COUNT(*) AS n FROM runs GROUP BY country "
                           "ORDER BY n DESC")
            country = found["country"].iloc[0] if len(found) and found["country"].iloc[0] \
                else "GT"
    key = "__none__"  # NULL groups (unknown municipality) form one group
    for frame in (issued, counts, placed):
        frame["grp"] = frame["grp"].astype("object").where(frame["grp"].notna(), key)
    table = issued.merge(counts, on="grp", how="left")
    for name in COUNT_COLUMNS:
        table[name] = pd.to_numeric(table[name]).fillna(0).astype(np.int64)
    if len(placed):
        days = (pd.to_datetime(placed["status_date"]) - pd.to_datetime(
            placed["issued_at"]).dt.normalize()).dt.days
        placed = placed.assign(days=days.to_numpy())
        median = placed.groupby("grp")["days"].median()
    else:
        median = pd.Series(dtype=float)
    table["median_days_to_placement"] = table["grp"].map(median).astype(float)
    table = table.sort_values(["issued", "grp"], ascending=[False, True], kind="stable")
    if total and len(table):
        row = {name: int(table[name].sum()) for name in COUNT_COLUMNS}
        row["grp"] = "Total"
        row["median_days_to_placement"] = float(placed["days"].median()) if len(placed) \
            else np.nan
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    for rate, (numerator, denominator) in RATES.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            table[rate] = np.where(table[denominator] > 0,
                                   table[numerator] / table[denominator].where(
                                       table[denominator] > 0, 1), np.nan)
    groups = table["grp"].where(table["grp"] != key, None)
    table["group"] = groups.where(groups.notna(), "").astype("object")
    is_total = table["group"] == "Total"
    table["name"] = _names(by, groups.where(~is_total), country).where(~is_total, "")
    table = table[OUTCOME_COLUMNS].reset_index(drop=True)
    return table


def shareable_outcomes(table: pd.DataFrame, *,
                       threshold: int = SUPPRESSION_THRESHOLD, by: str | None = None,
                       country: str = "GT", lang: str = "es") -> pd.DataFrame:
    """Outcomes safe to share: no count below ``threshold`` shown or recoverable.

    Counts 1-4 show as ``"<5"`` (primary). The Total row is the sum of the groups, so in
    each count column where exactly one group is protected the smallest other non-zero
    group is protected as well, shown «(protegido)» (secondary; with ``by="municipality"``
    also within each department, whose sum the department table publishes). A rate is
    blanked where its numerator or denominator is protected or its denominator is below
    ``threshold`` (a rate times its base would give the count back); the median days
    where placements are protected.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["01", "02", "Total"], "name": ["x", "y", ""],
    ...     "issued": [40, 60, 100], "contacted": [3, 20, 23], "enrolled": [0, 9, 9],
    ...     "certified": [0, 5, 5], "placed": [3, 6, 9], "no_show": [0, 0, 0],
    ...     "rejected": [0, 0, 0], "contact_rate": [0.075, 1 / 3, 0.23],
    ...     "enrolment_rate": [0.0, 0.45, 9 / 23], "certification_rate": [np.nan, 5 / 9,
    ...     5 / 9], "placement_rate": [0.075, 0.1, 0.09],
    ...     "median_days_to_placement": [12.0, 20.0, 15.0]})
    >>> out = shareable_outcomes(t)
    >>> out["contacted"].tolist(), out["contact_rate"].isna().tolist()
    (['<5', '(protegido)', '23'], [True, True, False])
    """
    from oportumap.privacy.shared import complementary, mark_protected

    out = table.copy()
    is_total = (out["group"].astype(object) == "Total").to_numpy()
    relations = [~is_total]
    if by is not None and normalise_by(by) == "municipality":
        from oportumap.geography import get_country

        munis = get_country(country).municipalities
        dept = out["group"].map(dict(zip(munis["muni_code"], munis["dept_code"],
                                         strict=True))).to_numpy()
        relations.extend((dept == d) & ~is_total for d in pd.unique(dept[~is_total]))
    protected: dict[str, np.ndarray] = {}
    primary: dict[str, np.ndarray] = {}
    for name in COUNT_COLUMNS:
        values = pd.to_numeric(out[name], errors="coerce").to_numpy(dtype=float)
        primary[name] = (values > 0) & (values < threshold)
        protected[name] = complementary(values, primary[name], relations)
    for rate, (numerator, denominator) in RATES.items():
        small = pd.to_numeric(out[denominator]).to_numpy() < threshold
        hide = small | protected[numerator] | protected[denominator]
        out[rate] = out[rate].astype(float).where(~hide)
    out["median_days_to_placement"] = out["median_days_to_placement"].astype(float).where(
        (pd.to_numeric(out["placed"]) >= threshold).to_numpy() & ~protected["placed"])
    for name in COUNT_COLUMNS:
        out[name] = mark_protected(out[name], primary[name], protected[name],
                                   threshold=threshold, lang=lang).to_numpy()
    return out


def outcome_headers(lang: str = "es") -> dict[str, str]:
    """People-facing headers of the outcome table.

    Examples
    --------
    >>> outcome_headers()["placed"]
    'Colocados o emprendimiento iniciado'
    """
    headers = {name: text(f"outcome.{name}", lang) for name in
               [*COUNT_COLUMNS, *RATES, "median_days_to_placement"]}
    headers["group"] = text("outcome.group", lang)
    headers["name"] = text("outcome.name", lang)
    return headers


def placement_by_municipality(db, *, threshold: int = SUPPRESSION_THRESHOLD,
                              since=None, until=None) -> pd.DataFrame:
    """Placement rate per home municipality, blank where fewer than ``threshold`` referrals.

    Returns
    -------
    pandas.DataFrame
        ``muni_code``, ``placement_rate`` (0-1, NaN where suppressed or no referral).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap.tracking.store import open_store
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> open_store(db).close()  # reading never makes a store
    >>> list(placement_by_municipality(db).columns)
    ['muni_code', 'placement_rate', 'issued']
    """
    table = outcomes(db, by="municipality", since=since, until=until, total=False)
    # a rate is shown only when both its numerator and its base are safe to publish
    safe = (table["issued"] >= threshold) & ((table["placed"] == 0)
                                             | (table["placed"] >= threshold))
    rate = table["placement_rate"].where(safe)
    return pd.DataFrame({"muni_code": table["group"].astype("object"),
                         "placement_rate": rate.astype(float),
                         "issued": table["issued"].astype("int64")})


def with_outcomes(profile: pd.DataFrame, db, **kwargs) -> pd.DataFrame:
    """The municipality profile plus a ``placement_rate`` column (map layer).

    Colour the map with it: ``opportunity_map(dataset, profile=with_outcomes(profile,
    db), color_by="placement_rate")``, or ``oportumap map --db``. Municipalities with
    fewer than 5 referrals (or 1 to 4 placements), or none, have no rate ("Sin dato");
    ``issued`` is the rate's base (shown «<5» when small).
    """
    rates = placement_by_municipality(db, **kwargs).set_index("muni_code")
    out = profile.copy()
    out["placement_rate"] = out["muni_code"].map(rates["placement_rate"]).astype(float)
    out["issued"] = out["muni_code"].map(rates["issued"]).fillna(0).astype("int64")
    return out
