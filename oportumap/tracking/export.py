"""The whole store as tables (referrals with their current status, history, conflicts,
imports), for :func:`oportumap.exports.store.export_store` to write. Statuses, stages,
kinds and flags stay codes here; the writer shows them as words."""

from __future__ import annotations

import pandas as pd

from oportumap.tracking.store import using
from oportumap.tracking.timeline import _frame, conflicts, current_status_sql


def store_tables(db) -> dict[str, pd.DataFrame]:
    """The store as tables: referrals with current status, history, conflicts, imports."""
    with using(db) as store, store.read() as conn:
        referrals = _frame(conn, "SELECT r.*, c.status AS current_status, c.status_date AS "
                           f"current_status_date FROM referrals r LEFT JOIN "
                           f"({current_status_sql()}) c ON c.referral_id = r.referral_id "
                           "ORDER BY r.issued_at, r.returnee_id, r.rank")
        events = _frame(conn, "SELECT * FROM status_events ORDER BY status_date, event_id")
        imports = _frame(conn, "SELECT * FROM imports ORDER BY import_id")
        disagreements = conflicts(store)
    for frame in (referrals, events, imports, disagreements):
        for column in ("current_status_date", "status_date", "issued_at", "imported_at",
                       "as_of"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column], errors="coerce")
    return {"referrals": referrals, "history": events, "conflicts": disagreements,
            "imports": imports}
