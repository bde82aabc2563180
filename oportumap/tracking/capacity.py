"""Filled seats feed back into the next referral run.

Which statuses use up a seat of the offer they were referred to
    vacancy: Colocado; training and certification: Inscrito, Asistió or Certificado;
    entrepreneurship: Inscrito or Emprendimiento iniciado. Services are not used up (a
    psychosocial service sees people again and again). A person counts once per offer,
    whatever the number of runs or events, and a seat stays used once reached (a case
    later closed does not reopen a filled vacancy: update the offer file if it reopens).

The next run
    :func:`referral_plan_tracked` runs :func:`oportumap.referrals.referral_plan` on
    ``remaining = max(capacity - used, 0)`` seats, so a full offer gets no referral and
    the others at most ``ceil(capacity_factor x remaining)``; their reasons say
    "N plazas restantes" / "1 cupo restante". Then it records the run in the store and
    adds ``referral_id`` to the referrals (the workbook's «ID referencia»).
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd

from oportumap.tracking.statuses import SEAT_STATUSES
from oportumap.tracking.store import using
from oportumap.tracking.timeline import _frame

REMAINING_COLUMNS = ["opportunity_id", "capacity", "used", "remaining"]


def seats_used(db) -> pd.DataFrame:
    """Seats used per offer: ``opportunity_id``, ``used`` (people placed/enrolled)."""
    clauses = " OR ".join(
        f"(r.kind = '{kind}' AND e.status IN ({', '.join(repr(s) for s in statuses)}))"
        for kind, statuses in SEAT_STATUSES.items())
    sql = ("SELECT r.opportunity_id, COUNT(DISTINCT r.returnee_id) AS used FROM referrals r "
           f"JOIN status_events e ON e.referral_id = r.referral_id WHERE {clauses} "
           "GROUP BY r.opportunity_id")
    with using(db) as store, store.read() as conn:
        return _frame(conn, sql)


def remaining_capacity(db, opportunities: pd.DataFrame) -> pd.DataFrame:
    """Seats left per offer after the placements and enrolments recorded in the store.

    Parameters
    ----------
    db : str, path, Store or None
        The store.
    opportunities : pandas.DataFrame
        ``opportunity_id`` and ``capacity`` (``Dataset.opportunities``).

    Returns
    -------
    pandas.DataFrame
        :data:`REMAINING_COLUMNS`, one row per opportunity, in input order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> opps = pd.DataFrame({"opportunity_id": ["V-1"], "capacity": [3]})
    >>> remaining_capacity(pathlib.Path(tempfile.mkdtemp()) / "s.db", opps).values.tolist()
    [['V-1', 3, 0, 3]]
    """
    used = seats_used(db)
    by_id = used.set_index("opportunity_id")["used"] if len(used) else pd.Series(dtype=float)
    capacity = pd.to_numeric(opportunities["capacity"], errors="coerce").fillna(0)
    taken = opportunities["opportunity_id"].astype(str).map(by_id).fillna(0).astype(np.int64)
    return pd.DataFrame({
        "opportunity_id": opportunities["opportunity_id"].to_numpy(),
        "capacity": capacity.astype(np.int64).to_numpy(),
        "used": taken.to_numpy(),
        "remaining": np.maximum(capacity.to_numpy() - taken.to_numpy(), 0).astype(np.int64),
    })


def apply_remaining_capacity(dataset, db):
    """The dataset with each offer's ``capacity`` replaced by its remaining seats.

    Returns
    -------
    (Dataset, pandas.DataFrame)
        The new dataset and :func:`remaining_capacity`'s table.
    """
    table = remaining_capacity(db, dataset.opportunities)
    opportunities = dataset.opportunities.copy()
    opportunities["capacity"] = table["remaining"].to_numpy()
    return dataclasses.replace(dataset, opportunities=opportunities), table


_SEATS = re.compile(r"(\d+) (plazas?|cupos?|openings?|places?)(?=$| ·)")


def mark_remaining(referrals: pd.DataFrame, table: pd.DataFrame, lang: str = "es"
                   ) -> pd.DataFrame:
    """Reasons of referrals to offers with seats used say "N plazas restantes".

    Examples
    --------
    >>> refs = pd.DataFrame({"opportunity_id": ["V-1", "V-2"],
    ...                      "reason": ["Coincide · 3 km · 2 plazas",
    ...                                 "Coincide · 3 km · 4 plazas"]})
    >>> t = pd.DataFrame({"opportunity_id": ["V-1", "V-2"], "used": [1, 0]})
    >>> mark_remaining(refs, t)["reason"].tolist()
    ['Coincide · 3 km · 2 plazas restantes', 'Coincide · 3 km · 4 plazas']
    """
    if "reason" not in referrals or referrals.empty:
        return referrals
    used = referrals["opportunity_id"].astype(str).map(
        table.set_index(table["opportunity_id"].astype(str))["used"]).fillna(0).to_numpy() > 0
    if not used.any():
        return referrals
    from oportumap.i18n import text

    one, many = text("tracking.remaining_one", lang), text("tracking.remaining", lang)

    def word(match: re.Match) -> str:
        return f"{match.group(0)} {one if match.group(1) == '1' else many}"

    reason = referrals["reason"].astype("object").astype(str)
    pairs = pd.DataFrame({"reason": reason.to_numpy(), "used": used})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(pairs))
    rewritten = [_SEATS.sub(word, r) if u else r
                 for r, u in uniques]  # distinct (reason, used) pairs only
    out = referrals.copy()
    out["reason"] = pd.Categorical(np.asarray(rewritten, dtype=object)[codes])
    return out


def referral_plan_tracked(dataset, db, **kwargs):
    """A referral run that respects the seats already used, recorded in the store.

    Same parameters as :func:`oportumap.referrals.referral_plan` (plus ``db``); the
    result's ``referrals`` gain ``referral_id`` first, and ``settings["remaining"]`` holds
    :func:`remaining_capacity`'s table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> result = referral_plan_tracked(load_sample(), db, top=2)
    >>> result.referrals.columns[0], result.referrals.attrs["recorded"] == len(result.referrals)
    ('referral_id', True)
    """
    from oportumap.referrals import referral_plan
    from oportumap.tracking.record import record_referrals

    with using(db) as store:
        reduced, table = apply_remaining_capacity(dataset, store)
        result = referral_plan(reduced, **kwargs)
        frame = mark_remaining(result.referrals, table, kwargs.get("lang", "es"))
        result.referrals = record_referrals(store, frame, dataset=dataset,
                                            as_of=result.settings.get("as_of"))
    result.settings["remaining"] = table
    return result
