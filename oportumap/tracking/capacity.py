"""Filled seats feed back into the next referral run.

Which statuses use up a seat of the offer they were referred to
    vacancy: Colocado; training and certification: Inscrito, Asistió or Certificado;
    entrepreneurship: Inscrito or Emprendimiento iniciado. Services are not used up (a
    psychosocial service sees people again and again). A person counts once per offer,
    whatever the number of runs or events, and a seat stays used once reached (a case
    later closed does not reopen a filled vacancy: update the offer file if it reopens).

The next run
    :func:`referral_plan_tracked` reads :func:`seats_used` from the store and gives it to
    the pure :func:`oportumap.referrals.referral_plan`, which shares out
    ``remaining = max(capacity - used, 0)`` seats (a full offer gets no referral, the
    others at most ``ceil(capacity_factor x remaining)``, their reasons say "N plazas
    restantes"). Then it records the run in the store and adds ``referral_id`` to the
    referrals (the workbook's «ID referencia»).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from oportumap.tracking.statuses import SEAT_STATUSES
from oportumap.tracking.store import using
from oportumap.tracking.timeline import _frame


def seats_used(db) -> pd.DataFrame:
    """Seats used per offer: ``opportunity_id``, ``used`` (people placed/enrolled).

    A store that does not exist yet has used none (and is not created by asking).
    """
    from oportumap.tracking.store import exists

    if not exists(db):
        return pd.DataFrame({"opportunity_id": pd.Series(dtype=object),
                             "used": pd.Series(dtype="int64")})
    clauses = " OR ".join(
        f"(r.kind = '{kind}' AND e.status IN ({', '.join(repr(s) for s in statuses)}))"
        for kind, statuses in SEAT_STATUSES.items())
    sql = ("SELECT r.opportunity_id, COUNT(DISTINCT r.returnee_id) AS used FROM referrals r "
           f"JOIN status_events e ON e.referral_id = r.referral_id WHERE {clauses} "
           "GROUP BY r.opportunity_id")
    with using(db) as store, store.read() as conn:
        return _frame(conn, sql)


def plan_for_store(dataset, db, **kwargs):
    """A referral run that respects the seats already used, NOT yet recorded.

    The referrals carry their ``referral_id`` (a deterministic key, see
    :mod:`oportumap.tracking.record`), so the workbooks can be written first and the run
    recorded only once they are in place (:func:`record_plan`): a failure to write leaves
    the store as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> result = plan_for_store(load_sample(), db, top=2)
    >>> result.referrals.columns[0], result.recorded, db.exists()
    ('referral_id', 0, False)
    """
    from oportumap.referrals import referral_plan
    from oportumap.tracking.record import referral_ids

    result = referral_plan(dataset, seats_used=seats_used(db), **kwargs)
    as_of = result.settings.get("as_of") or dataset.data_date
    table = result.referrals.copy()
    table.insert(0, "referral_id", referral_ids(table["returnee_id"], table["opportunity_id"],
                                                table["stage"], as_of))
    return dataclasses.replace(result, referrals=table, recorded=0)


def record_plan(result, db, *, dataset, before_commit=None):
    """Record a run made by :func:`plan_for_store`; ``before_commit`` runs inside the
    store's transaction (a failure there leaves the store unchanged)."""
    from oportumap.tracking.record import record_referrals

    run = record_referrals(db, result.referrals, dataset=dataset,
                           as_of=result.settings.get("as_of"), before_commit=before_commit)
    return dataclasses.replace(result, referrals=run.referrals, recorded=run.recorded)


def referral_plan_tracked(dataset, db, **kwargs):
    """A referral run that respects the seats already used, recorded in the store.

    Same parameters as :func:`oportumap.referrals.referral_plan` (plus ``db``, without
    ``seats_used``: it comes from the store); the result's ``referrals`` gain
    ``referral_id`` first.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> result = referral_plan_tracked(load_sample(), db, top=2)
    >>> result.referrals.columns[0], result.recorded == len(result.referrals)
    ('referral_id', True)
    """
    return record_plan(plan_for_store(dataset, db, **kwargs), db, dataset=dataset)
