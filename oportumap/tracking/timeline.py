"""The status history of referrals: all events, the current status, and conflicts.

Current status
    The event with the latest «Fecha estado». On the same day, the later status in
    :data:`oportumap.tracking.statuses.STATUSES` wins (Colocado over Contactado; Cerrado
    over everything), then the later import. Import order never matters otherwise: an old
    file imported after a new one does not change the current status.

Conflicts
    The same referral with two or more different statuses on the same day, from any
    files (typically two coordinators' copies). Both events stay in the history; the list
    shows each side with its file, sheet and row so someone can decide. A conflict is
    resolved by importing a status with a later date.
"""

from __future__ import annotations

import pandas as pd

from oportumap.tracking.statuses import STATUSES
from oportumap.tracking.store import using

#: SQL expression giving each status its tie order (position in STATUSES).
STATUS_ORDER_SQL = "CASE status " + " ".join(
    f"WHEN '{code}' THEN {i}" for i, code in enumerate(STATUSES)) + " ELSE -1 END"

EVENT_COLUMNS = ["event_id", "referral_id", "status", "status_date", "note", "source_file",
                 "sheet", "row", "imported_at", "import_id", "flags"]


def _frame(conn, sql: str, params: dict | None = None) -> pd.DataFrame:
    from sqlalchemy import text

    result = conn.execute(text(sql), params or {})
    columns = list(result.keys())
    # plain tuples: pandas probing SQLAlchemy Row objects costs seconds on 1e5+ rows
    frame = pd.DataFrame.from_records([tuple(row) for row in result.all()], columns=columns)
    for column in ("status_date", "as_of"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).dt.date
    for column in ("issued_at", "imported_at"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    return frame


def history(db, referral_id: str | None = None) -> pd.DataFrame:
    """Every status event (or one referral's), oldest first.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap.tracking.store import open_store
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> open_store(db).close()  # reading never makes a store
    >>> list(history(db).columns)[:4]
    ['event_id', 'referral_id', 'status', 'status_date']
    """
    where = "WHERE referral_id = :r " if referral_id else ""
    with using(db) as store, store.read() as conn:
        return _frame(conn, f"SELECT {', '.join(EVENT_COLUMNS)} FROM status_events {where}"
                      "ORDER BY status_date, event_id", {"r": referral_id})


def current_status_sql() -> str:
    """SQL selecting, per referral, its current event (see the module rules)."""
    return (f"SELECT referral_id, status, status_date, flags FROM (SELECT referral_id, "
            f"status, status_date, flags, ROW_NUMBER() OVER (PARTITION BY referral_id ORDER "
            f"BY status_date DESC, {STATUS_ORDER_SQL} DESC, event_id DESC) AS position "
            "FROM status_events) ranked WHERE position = 1")


def current_status(db) -> pd.DataFrame:
    """One row per referral that has events: its current status and date.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap.tracking.store import open_store
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> open_store(db).close()  # reading never makes a store
    >>> list(current_status(db).columns)
    ['referral_id', 'status', 'status_date', 'flags']
    """
    with using(db) as store, store.read() as conn:
        return _frame(conn, current_status_sql() + " ORDER BY referral_id")


def conflicts(db) -> pd.DataFrame:
    """Referral-days with different statuses from different rows or files, each side listed.

    Returns
    -------
    pandas.DataFrame
        ``referral_id``, ``status_date``, ``status``, ``source_file``, ``sheet``, ``row``,
        ``imported_at``, ``returnee_id``, ``opportunity_id``; sorted by referral and day.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap.tracking.store import open_store
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> open_store(db).close()  # reading never makes a store
    >>> len(conflicts(db))
    0
    """
    sql = ("SELECT e.referral_id, e.status_date, e.status, e.source_file, e.sheet, e.row, "
           "e.imported_at, r.returnee_id, r.opportunity_id FROM status_events e "
           "JOIN (SELECT referral_id, status_date FROM status_events GROUP BY referral_id, "
           "status_date HAVING COUNT(DISTINCT status) > 1) c ON c.referral_id = "
           "e.referral_id AND c.status_date = e.status_date "
           "LEFT JOIN referrals r ON r.referral_id = e.referral_id "
           "ORDER BY e.referral_id, e.status_date, e.event_id")
    with using(db) as store, store.read() as conn:
        return _frame(conn, sql)
