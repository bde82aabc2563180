"""Referrals waiting for news: the list a coordinator phones from this week.

A referral is pending when it has not ended (placed, business started, no-show, rejected
or closed) and nothing was recorded for it in the last ``days`` days: its last status
change (or, with none yet, the day it was issued) is older than that.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from oportumap.tracking.statuses import STATUSES
from oportumap.tracking.store import using
from oportumap.tracking.timeline import _frame, current_status_sql

#: Statuses after which nobody needs to be called.
ENDED: tuple[str, ...] = ("placed", "business_started", "no_show", "rejected", "closed")

#: Columns of :func:`pending_referrals`.
PENDING_COLUMNS = ["referral_id", "returnee_id", "opportunity_id", "kind", "stage",
                   "provider", "home_muni_code", "home_dept_code", "issued_at",
                   "current_status", "last_change", "days_waiting"]

#: Default days without news before a referral is listed.
DEFAULT_DAYS = 15


def pending_referrals(db, *, days: int = DEFAULT_DAYS, today: dt.date | None = None
                      ) -> pd.DataFrame:
    """Referrals with no status change in ``days`` days that have not ended, oldest first.

    Parameters
    ----------
    db : str, path or Store
        The follow-up store.
    days : int
        Days without news (a referral changed exactly ``days`` days ago is listed).
    today : date, optional
        The day the list is made (default: today).

    Returns
    -------
    pandas.DataFrame
        :data:`PENDING_COLUMNS`; ``current_status`` is ``"referred"`` when nothing was
        recorded yet, ``last_change`` the date of the last change (or of issue) and
        ``days_waiting`` the days since.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap.tracking.store import open_store
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "s.db"
    >>> open_store(db, create=True).close()  # reading never makes a store
    >>> pending_referrals(db).empty
    True
    """
    if days < 0:
        from oportumap.errors import DataError

        raise DataError(f"--dias debe ser 0 o más (recibido {days})")
    today = today or dt.date.today()
    ended = ", ".join(f"'{s}'" for s in ENDED if s in STATUSES)
    sql = ("SELECT r.referral_id, r.returnee_id, r.opportunity_id, r.kind, r.stage, "
           "r.provider, r.home_muni_code, r.home_dept_code, r.issued_at, c.status AS "
           "current_status, c.status_date AS last_event FROM referrals r LEFT JOIN ("
           + current_status_sql() + ") c ON c.referral_id = r.referral_id "
           f"WHERE c.status IS NULL OR c.status NOT IN ({ended})")
    with using(db) as store, store.read() as conn:
        frame = _frame(conn, sql)
    if frame.empty:
        return pd.DataFrame(columns=PENDING_COLUMNS)
    issued = pd.to_datetime(frame["issued_at"]).dt.normalize()
    last = pd.to_datetime(frame["last_event"]).fillna(issued)
    frame["last_change"] = last.dt.date
    frame["days_waiting"] = (pd.Timestamp(today) - last).dt.days.astype("int64")
    frame["current_status"] = frame["current_status"].fillna("referred")
    frame = frame[frame["days_waiting"] >= days]
    frame = frame.sort_values(["days_waiting", "home_dept_code", "returnee_id"],
                              ascending=[False, True, True], kind="stable")
    return frame[PENDING_COLUMNS].reset_index(drop=True)
