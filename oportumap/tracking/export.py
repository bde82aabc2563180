"""The whole store as tables (referrals with their current status, history, conflicts,
imports), for :func:`oportumap.exports.store.export_store` to write."""

from __future__ import annotations

import pandas as pd

from oportumap.tracking.statuses import status_label
from oportumap.tracking.store import using
from oportumap.tracking.timeline import _frame, conflicts, current_status_sql

_FLAGS_ES = {"": "", "skipped_step": "etapa saltada"}


def store_tables(db, lang: str = "es") -> dict[str, pd.DataFrame]:
    """The store as tables: referrals with current status, history, conflicts, imports."""
    with using(db) as store, store.read() as conn:
        referrals = _frame(conn, "SELECT r.*, c.status AS current_status, c.status_date AS "
                           f"current_status_date FROM referrals r LEFT JOIN "
                           f"({current_status_sql()}) c ON c.referral_id = r.referral_id "
                           "ORDER BY r.issued_at, r.returnee_id, r.rank")
        events = _frame(conn, "SELECT * FROM status_events ORDER BY status_date, event_id")
        imports = _frame(conn, "SELECT * FROM imports ORDER BY import_id")
        disagreements = conflicts(store)
    if "current_status_date" in referrals:
        referrals["current_status_date"] = pd.to_datetime(
            referrals["current_status_date"]).dt.date
    for frame, column in ((referrals, "current_status"), (events, "status"),
                          (disagreements, "status")):
        frame[column] = frame[column].map(
            lambda s: status_label(s, lang) if isinstance(s, str) else s)
    if lang == "es":
        events["flags"] = events["flags"].map(_FLAGS_ES).fillna(events["flags"])
    return {"referrals": referrals, "history": events, "conflicts": disagreements,
            "imports": imports}
