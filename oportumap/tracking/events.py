"""Writing status events: the stored history an import checks against, the pathway
flags (``skipped_step``) and the bulk insert (``executemany`` on SQLite, ``COPY`` on
PostgreSQL)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from oportumap.tracking.statuses import STEP


def _load_known(conn, dialect: str, ids: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(referrals with their issue dates, existing events) for ``ids``, via a temp table."""
    driver = conn.connection.driver_connection
    if dialect == "sqlite":
        driver.execute("CREATE TEMP TABLE IF NOT EXISTS import_ids (referral_id TEXT "
                       "PRIMARY KEY)")
        driver.execute("DELETE FROM temp.import_ids")
        driver.executemany("INSERT OR IGNORE INTO temp.import_ids VALUES (?)",
                           ((i,) for i in ids))
    else:
        cursor = driver.cursor()
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS import_ids (referral_id TEXT "
                       "PRIMARY KEY) ON COMMIT DROP")
        with cursor.copy("COPY import_ids (referral_id) FROM STDIN") as copy:
            for i in ids:
                copy.write_row((i,))
    from sqlalchemy import text

    def frame(sql: str, columns: list[str]) -> pd.DataFrame:
        # plain tuples: pandas probing SQLAlchemy Row objects costs seconds on 1e5 rows
        rows = [tuple(r) for r in conn.execute(text(sql)).all()]
        return pd.DataFrame.from_records(rows, columns=columns)

    known = frame("SELECT r.referral_id, r.issued_at FROM referrals r JOIN import_ids i "
                  "ON i.referral_id = r.referral_id", ["referral_id", "issued_at"])
    columns = ["event_id", "referral_id", "status", "status_date", "flags", "source_file",
               "sheet", "row"]
    events = frame(f"SELECT {', '.join('e.' + c for c in columns)} FROM status_events e "
                   "JOIN import_ids i ON i.referral_id = e.referral_id ORDER BY e.event_id",
                   columns)
    if dialect == "sqlite":
        driver.execute("DROP TABLE temp.import_ids")
    # SQLite hands back text: make both back-ends give dates and timestamps
    known["issued_at"] = pd.to_datetime(known["issued_at"])
    events["status_date"] = pd.to_datetime(events["status_date"]).dt.date
    return known, events


def _skipped_step(new: pd.DataFrame, events: pd.DataFrame) -> np.ndarray:
    """True for new events of step >= 2 with no earlier-or-same-day event of a lower
    step from 1 up, among stored and new events of the same referral."""
    step = new["status"].map(STEP).fillna(-1).to_numpy()
    candidates = new[step >= 2].assign(step=step[step >= 2], pos=np.flatnonzero(step >= 2))
    if candidates.empty:
        return np.zeros(len(new), dtype=bool)
    every = pd.concat([events[["referral_id", "status", "status_date"]],
                       new[["referral_id", "status", "status_date"]]], ignore_index=True)
    every["other_step"] = every["status"].map(STEP).fillna(-1)
    every = every[every["other_step"] >= 1]
    pairs = candidates.merge(every[["referral_id", "other_step", "status_date"]],
                             on="referral_id", suffixes=("", "_other"))
    ok = pairs[(pairs["other_step"] < pairs["step"])
               & (pairs["status_date_other"] <= pairs["status_date"])]
    flagged = np.zeros(len(new), dtype=bool)
    flagged[candidates["pos"].to_numpy()] = True
    flagged[np.unique(ok["pos"].to_numpy()).astype(np.int64)] = False
    return flagged


def _reflag(conn, events: pd.DataFrame, fresh: pd.DataFrame) -> None:
    """Clear ``skipped_step`` on stored events whose missing step this import supplies."""
    stored = events[events["flags"].astype(str).str.contains("skipped_step")]
    if stored.empty or fresh.empty:
        return
    still = _skipped_step(stored.reset_index(drop=True),
                          pd.concat([events.drop(stored.index), fresh], ignore_index=True))
    cleared = stored["event_id"].to_numpy()[~still]
    if len(cleared):
        from sqlalchemy import bindparam, text

        conn.execute(text("UPDATE status_events SET flags = '' WHERE event_id IN :ids")
                     .bindparams(bindparam("ids", expanding=True)),
                     {"ids": [int(i) for i in cleared]})


def _insert_events(conn, dialect: str, events: pd.DataFrame) -> None:
    columns = ["referral_id", "status", "status_date", "note", "source_file", "sheet", "row",
               "imported_at", "import_id", "flags"]
    if events.empty:
        return
    driver = conn.connection.driver_connection
    if dialect == "sqlite":
        values = [
            events["referral_id"].tolist(), events["status"].tolist(),
            [d.isoformat() for d in events["status_date"]],
            events["note"].tolist(), events["source_file"].tolist(),
            events["sheet"].tolist(), events["row"].astype(int).tolist(),
            [events["imported_at"].iloc[0].strftime("%Y-%m-%d %H:%M:%S.%f")] * len(events),
            events["import_id"].astype(int).tolist(), events["flags"].tolist(),
        ]
        driver.executemany(f"INSERT INTO status_events ({', '.join(columns)}) VALUES "
                           f"({', '.join('?' * len(columns))})", zip(*values, strict=True))
        return
    buffer = io.StringIO()
    events[columns].to_csv(buffer, header=False, index=False,
                           date_format="%Y-%m-%d %H:%M:%S.%f")
    # FORCE_NOT_NULL: an empty flag or sheet is "", as in SQLite (a bare empty is NULL)
    with driver.cursor().copy(f"COPY status_events ({', '.join(columns)}) FROM STDIN "
                              "(FORMAT csv, FORCE_NOT_NULL (flags, sheet))") as copy:
        copy.write(buffer.getvalue())
