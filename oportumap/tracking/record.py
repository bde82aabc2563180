"""Record a referral run in the store, each referral under a stable ``referral_id``.

``referral_id``
    12 characters of Crockford base-32 (digits and capital letters without I, L, O, U,
    easy to read aloud and type) from a 60-bit hash of (returnee_id, opportunity_id,
    stage, as-of date). The same referral of the same data date always gets the same ID,
    so recording a run twice adds nothing and the ID printed in the workbook finds its
    referral again whatever a coordinator does to the rows around it.

Speed
    Rows go in with one driver-level ``executemany`` (SQLite) or ``COPY`` (PostgreSQL)
    inside one transaction; already recorded IDs are skipped (``INSERT OR IGNORE`` /
    ``ON CONFLICT DO NOTHING``).
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd

from oportumap.errors import DataError
from oportumap.tracking.store import using

#: Characters of a referral ID (Crockford base 32).
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Length of a referral ID.
ID_LENGTH = 12
# Fixed 16-byte key of pandas' SipHash: IDs must not change between runs or machines.
_HASH_KEY = "oportumap-ref-v1"

#: Columns of the ``referrals`` table written by :func:`record_referrals`, in order.
RECORD_COLUMNS = ["referral_id", "run_id", "returnee_id", "opportunity_id", "kind", "stage",
                  "rank", "score", "provider", "home_muni_code", "home_dept_code",
                  "muni_code", "dept_code", "occupation", "as_of", "issued_at"]


def referral_ids(returnee_id, opportunity_id, stage, as_of) -> np.ndarray:
    """Stable referral IDs (vectorised): same inputs, same 12-character ID.

    Parameters
    ----------
    returnee_id, opportunity_id, stage : array-like
        One value per referral.
    as_of : str or array-like
        Date of the data the run used (ISO ``YYYY-MM-DD``).

    Examples
    --------
    >>> referral_ids(["R-1", "R-1"], ["V-9", "V-9"], ["employment", "training"], "2025-11-30")
    array(['3ZXSS80B6XC4', 'NXE7HAJX6739'], dtype=object)
    """
    n = len(returnee_id)
    frame = pd.DataFrame({
        "r": pd.Series(returnee_id, dtype=object).astype(str).to_numpy(),
        "o": pd.Series(opportunity_id, dtype=object).astype(str).to_numpy(),
        "s": pd.Series(stage, dtype=object).astype(str).to_numpy(),
        "a": np.broadcast_to(np.asarray(as_of, dtype=object), (n,)).astype(str),
    })
    hashed = pd.util.hash_pandas_object(frame, index=False, hash_key=_HASH_KEY).to_numpy()
    hashed = hashed.astype(np.uint64) >> np.uint64(4)  # keep 60 bits = 12 characters
    shifts = np.arange(ID_LENGTH - 1, -1, -1, dtype=np.uint64) * np.uint64(5)
    digits = ((hashed[:, None] >> shifts[None, :]) & np.uint64(31)).astype(np.intp)
    letters = np.frombuffer(ID_ALPHABET.encode("ascii"), dtype=np.uint8)[digits]
    return np.ascontiguousarray(letters).view(f"S{ID_LENGTH}").ravel().astype(str).astype(
        object)


def _text(values, n: int) -> list:
    if values is None:
        return [None] * n
    series = pd.Series(values).astype("object")
    return series.where(series.notna(), None).tolist()


def _record_frame(table: pd.DataFrame, *, as_of: str | None, issued_at: dt.datetime,
                  country: str, occupations: pd.Series | None) -> pd.DataFrame:
    missing = {"returnee_id", "opportunity_id", "stage"} - set(table.columns)
    if missing:
        raise DataError(f"la tabla de referencias no tiene las columnas {sorted(missing)}; "
                        "use la salida de oportumap.referrals()")
    from oportumap.geography import get_country

    munis = get_country(country).municipalities
    dept_of = pd.Series(munis["dept_code"].to_numpy(), index=munis["muni_code"].to_numpy())
    n = len(table)
    stage = table["stage"].astype("object")
    ids = referral_ids(table["returnee_id"].to_numpy(), table["opportunity_id"].to_numpy(),
                       stage.to_numpy(), as_of or "")
    home = table["home_muni_code"].astype("object") if "home_muni_code" in table else \
        pd.Series([None] * n, dtype=object)
    offer = table["muni_code"].astype("object") if "muni_code" in table else \
        pd.Series([None] * n, dtype=object)
    occupation = None
    if occupations is not None:
        occupation = table["opportunity_id"].map(occupations)
    elif "title" in table:
        occupation = table["title"]
    return pd.DataFrame({
        "referral_id": ids,
        "returnee_id": table["returnee_id"].astype(str).to_numpy(),
        "opportunity_id": table["opportunity_id"].astype(str).to_numpy(),
        "kind": table["kind"].astype("object").to_numpy() if "kind" in table else None,
        "stage": stage.to_numpy(),
        "rank": pd.to_numeric(table["rank"], errors="coerce").to_numpy()
        if "rank" in table else np.nan,
        "score": pd.to_numeric(table["score"], errors="coerce").to_numpy()
        if "score" in table else np.nan,
        "provider": table["provider"].astype("object").to_numpy() if "provider" in table
        else None,
        "home_muni_code": home.to_numpy(),
        "home_dept_code": home.map(dept_of).to_numpy(),
        "muni_code": offer.to_numpy(),
        "dept_code": offer.map(dept_of).to_numpy(),
        "occupation": None if occupation is None else pd.Series(occupation).astype(
            "object").to_numpy(),
    })


def record_referrals(db, referrals: pd.DataFrame, *, dataset=None, as_of: str | None = None,
                     issued_at: dt.datetime | None = None, country: str | None = None
                     ) -> pd.DataFrame:
    """Record a referral run; return the table with ``referral_id`` as first column.

    Parameters
    ----------
    db : str, path, Store or None
        The store (see :mod:`oportumap.tracking.store`).
    referrals : pandas.DataFrame
        From :func:`oportumap.referrals` (``returnee_id``, ``opportunity_id``, ``stage``,
        ``kind``, ``rank``, ``score``, ``provider``, ``muni_code``, ``home_muni_code``).
    dataset : Dataset, optional
        Gives the as-of date (``data_date``), the country and the offers' occupations.
    as_of : str, optional
        Date of the data (ISO); overrides ``dataset.data_date``.
    issued_at : datetime, optional
        When the lists were issued (default: now, UTC). Status dates before its day are
        rejected on import.
    country : str, optional
        Country of the municipality codes (default ``dataset.country`` or ``"GT"``).

    Returns
    -------
    pandas.DataFrame
        ``referrals`` with ``referral_id`` inserted first; ``attrs["recorded"]`` is how
        many were new to the store and ``attrs["run_id"]`` the run's number.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from oportumap import load_sample, referrals
    >>> ds = load_sample()
    >>> table = referrals(ds).head(100)
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "seguimiento.db"
    >>> out = record_referrals(db, table, dataset=ds)
    >>> out.attrs["recorded"], record_referrals(db, table, dataset=ds).attrs["recorded"]
    (100, 0)
    """
    if dataset is not None:
        as_of = as_of or dataset.data_date
        country = country or dataset.country
    country = country or "GT"
    issued = (issued_at or dt.datetime.now(dt.timezone.utc)).replace(tzinfo=None)
    occupations = None
    if dataset is not None and "occupation" in dataset.opportunities:
        opps = dataset.opportunities.drop_duplicates("opportunity_id")
        occupations = pd.Series(opps["occupation"].astype("object").to_numpy(),
                                index=opps["opportunity_id"].astype(str).to_numpy())
    frame = _record_frame(referrals, as_of=as_of, issued_at=issued, country=country,
                          occupations=occupations)
    duplicated = frame["referral_id"].duplicated()
    if duplicated.any():  # the same person, offer and stage twice in one table
        first = frame.index[duplicated][0]
        raise DataError(f"la referencia de {frame.at[first, 'returnee_id']} a "
                        f"{frame.at[first, 'opportunity_id']} ({frame.at[first, 'stage']}) "
                        "aparece dos veces en la tabla")
    as_of_date = dt.date.fromisoformat(str(as_of)[:10]) if as_of else None
    from oportumap.tracking.tables import runs

    with using(db) as store, store.write() as conn:
        run_id = conn.execute(runs.insert().values(
            issued_at=issued, as_of=as_of_date, country=country, referrals=len(frame)
        )).inserted_primary_key[0]
        frame.insert(1, "run_id", run_id)
        frame["as_of"] = as_of_date
        frame["issued_at"] = issued
        if store.dialect == "sqlite":
            recorded = _insert_sqlite(conn, frame)
        else:
            recorded = _insert_postgresql(conn, frame)
    out = referrals.copy()
    out.insert(0, "referral_id", frame["referral_id"].to_numpy())
    out.attrs.update(referrals.attrs)
    out.attrs.update({"recorded": int(recorded), "run_id": int(run_id)})
    return out


def _insert_sqlite(conn, frame: pd.DataFrame, chunk: int = 500_000) -> int:
    driver = conn.connection.driver_connection
    before = driver.total_changes
    placeholders = ", ".join("?" * len(RECORD_COLUMNS))
    sql = (f"INSERT OR IGNORE INTO referrals ({', '.join(RECORD_COLUMNS)}) "
           f"VALUES ({placeholders})")
    # Rows in key order fill the primary-key B-tree sequentially, and a large page cache
    # keeps it in memory: random-order inserts of millions of hashed keys are I/O bound.
    order = np.argsort(frame["referral_id"].to_numpy(dtype=object), kind="stable")
    frame = frame.iloc[order]
    driver.execute("PRAGMA cache_size = -262144")  # 256 MB for this connection
    try:
        for start in range(0, len(frame), chunk):  # bounded memory for millions of rows
            driver.executemany(sql, _sqlite_rows(frame.iloc[start:start + chunk]))
    finally:
        driver.execute("PRAGMA cache_size = -2000")
    return driver.total_changes - before


def _sqlite_rows(frame: pd.DataFrame):
    n = len(frame)
    # Dates as SQLAlchemy stores them in SQLite, so Core reads them back as dates.
    as_of = frame["as_of"].iloc[0]
    issued = frame["issued_at"].iloc[0]
    columns = [
        frame["referral_id"].tolist(), [int(frame["run_id"].iloc[0])] * n,
        _text(frame["returnee_id"], n), _text(frame["opportunity_id"], n),
        _text(frame["kind"], n), _text(frame["stage"], n),
        pd.Series(frame["rank"]).astype("Int64").astype(object).where(
            frame["rank"].notna(), None).tolist(),
        pd.Series(frame["score"], dtype=float).astype(object).where(
            frame["score"].notna(), None).tolist(),
        _text(frame["provider"], n), _text(frame["home_muni_code"], n),
        _text(frame["home_dept_code"], n), _text(frame["muni_code"], n),
        _text(frame["dept_code"], n), _text(frame["occupation"], n),
        [as_of.isoformat() if as_of else None] * n,
        [issued.strftime("%Y-%m-%d %H:%M:%S.%f")] * n,
    ]
    return zip(*columns, strict=True)


def _insert_postgresql(conn, frame: pd.DataFrame) -> int:
    cursor = conn.connection.driver_connection.cursor()
    cursor.execute("CREATE TEMP TABLE referrals_in (LIKE referrals) ON COMMIT DROP")
    out = frame[RECORD_COLUMNS].copy()
    out["rank"] = pd.Series(out["rank"]).astype("Int64")
    chunk = 500_000
    with cursor.copy(f"COPY referrals_in ({', '.join(RECORD_COLUMNS)}) FROM STDIN "
                     "(FORMAT csv)") as copy:
        for start in range(0, len(out), chunk):
            buffer = io.StringIO()
            out.iloc[start:start + chunk].to_csv(buffer, header=False, index=False,
                                                 date_format="%Y-%m-%d %H:%M:%S.%f")
            copy.write(buffer.getvalue())
    cursor.execute(f"INSERT INTO referrals ({', '.join(RECORD_COLUMNS)}) SELECT "
                   f"{', '.join(RECORD_COLUMNS)} FROM referrals_in "
                   "ON CONFLICT (referral_id) DO NOTHING")
    return cursor.rowcount
